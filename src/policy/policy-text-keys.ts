/**
 * The automatic replies the owner may reword (settings.texts.overrides), one per key of the `policy.replies`
 * catalog. A leaf module so the settings schema can name them without importing the policy.
 */
export const POLICY_TEXT_KEYS = [
  "greeting",
  "buttonPresales",
  "buttonPurchase",
  "buttonPremium",
  "ackOpen",
  "ackClosed",
  "redirect",
  "redirectPersonal",
  "licenseActive",
  "licenseExpired",
  "licenseInactive",
  "premiumInfo",
  "rateCard",
  "rateCardButton",
  "serviceRequested",
  "portalLink",
] as const;

export type PolicyTextKey = (typeof POLICY_TEXT_KEYS)[number];
