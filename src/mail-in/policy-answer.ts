import type { MailContent } from "../mail/mail-render.js";
import { translate } from "../platform/i18n/i18n.js";
import type { Language, Settings } from "../settings/settings.schema.js";
import { policyModel } from "../web/public/policy-model.js";

/** Who wrote, as far as the policy is concerned: unknown, or a customer whose support has ended. */
export type Sender = { kind: "unknown"; email: string } | { kind: "ended"; email: string; canRenew: boolean };

/**
 * The policy's answer to a mail that opens nothing: the portal's own texts — who gets free support, the
 * official WhatsApp number for pre-sales, renewal for a customer whose support ended, the premium line.
 */
export function policyAnswerContent(
  settings: Settings,
  publicUrl: string,
  lang: Language,
  sender: Sender,
  subject: string,
): MailContent {
  const t = (key: Parameters<typeof translate>[1], params = {}) => translate(lang, key, params);
  const m = policyModel(settings, lang, publicUrl);
  const paragraphs = [
    sender.kind === "ended" ? t("mailIn.answer.ended") : t("mailIn.answer.notFound", { email: sender.email }),
    t("public.policy.ticketsBody"),
  ];
  if (sender.kind === "ended" && sender.canRenew && settings.vendor.renewalUrl)
    paragraphs.push(t("mailIn.answer.renew", { url: settings.vendor.renewalUrl }));
  paragraphs.push(t("mailIn.answer.official", { number: m.officialNumber, url: m.officialChatUrl }));
  paragraphs.push(
    m.premiumNumber
      ? t("mailIn.answer.premiumPublished", { platform: m.platform, number: m.premiumNumber })
      : t("public.policy.howPremium", { platform: m.platform }),
  );
  paragraphs.push(t("public.policy.refund", { days: m.refundWindowDays }));
  const cleanSubject = subject.replace(/^((re|fwd?|rv|res)\s*:\s*)+/i, "").trim();
  return {
    lang,
    subject: cleanSubject
      ? t("mailIn.answer.subject", { subject: cleanSubject })
      : t("mailIn.answer.subjectNone", { vendor: m.vendor }),
    heading: t("mailIn.answer.heading", { vendor: m.vendor }),
    paragraphs,
    action: { label: t("mailIn.answer.action"), url: m.portalUrl },
    notes: [t("mailIn.answer.automatic")],
    footer: t("mailIn.answer.footer", { vendor: m.vendor, url: `${publicUrl}/policy?lang=${lang}` }),
  };
}
