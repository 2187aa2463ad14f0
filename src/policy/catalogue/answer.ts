/**
 * Turns a recognised pre-sales question into an exact answer from the catalogue, or into a suggestion for
 * a person when anything is missing or uncertain: no product, several without a tie-break, another kind of
 * question alongside, a fact the owner has not filled in, or low confidence. Never invents. Pure.
 */
import { formatMoney } from "../../billing/money.js";
import { translate } from "../../platform/i18n/i18n.js";
import type { Language } from "../../settings/settings.schema.js";
import type { CatalogueKind, CatalogueProduct, Recognition } from "./recognise.js";
import { verdict } from "./versions.js";

export interface CatalogueFacts extends CatalogueProduct {
  platformVersions: string[];
  phpVersions: string[];
  flavours: Array<"ocmod" | "vqmod" | "multistore">;
  priceCents: number | null;
  currency: string;
  storeUrl: string;
  demoUrl: string;
}

/** Below this, the text goes to the agent as a suggestion instead of to the customer. */
export const ANSWER_CONFIDENCE = 0.75;

export type WhyNot =
  | "not_a_catalogue_question"
  | "no_product"
  | "several_products"
  | "other_question"
  | "missing_fact"
  | "low_confidence";

export interface CatalogueAnswer {
  /** Send it to the customer (true), or offer it to the agent (false, with `whyNot`). */
  send: boolean;
  whyNot?: WhyNot;
  /** The composed answer, when the facts allow one (also offered as a suggestion). */
  text?: string;
  productId?: string;
  /** With several_products: the products named, best first. */
  candidates?: string[];
  kinds: CatalogueKind[];
  /** The facts used, for the thread's "source" line: "platformVersions: 4.0", "priceCents: 2900 USD". */
  facts: string[];
  confidence: number;
}

export function list(items: string[], language: Language, word: "and" | "or" = "and"): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${translate(language, `policy.catalogue.${word}`)} ${items.at(-1)}`;
}

/** One kind's sentences and the facts they use; undefined when the product lacks the fact. */
function part(
  kind: CatalogueKind,
  r: Recognition,
  p: CatalogueFacts,
  language: Language,
): { lines: string[]; facts: string[] } | undefined {
  const t = (key: Parameters<typeof translate>[1], params = {}) =>
    translate(language, key, { product: p.name, ...params });
  switch (kind) {
    case "compatibility":
    case "php": {
      const asked = kind === "php" ? r.versions.php : r.versions.opencart;
      const supported = kind === "php" ? p.phpVersions : p.platformVersions;
      if (!asked || supported.length === 0) return undefined;
      const v = verdict(supported, asked);
      const field = kind === "php" ? "phpVersions" : "platformVersions";
      const prefix = kind === "php" ? "php" : "compat";
      const facts = [`${field}: ${supported.join(", ")}`];
      if (v.kind === "yes") {
        const lines = [t(`policy.catalogue.${prefix}Yes`, { version: asked.text })];
        if (kind === "compatibility" && p.demoUrl) lines.push(t("policy.catalogue.demo", { url: p.demoUrl }));
        return { lines, facts };
      }
      if (v.kind === "some") {
        return {
          lines: [
            t(`policy.catalogue.${prefix}Some`, { version: asked.text, listed: list(v.listed, language) }),
          ],
          facts,
        };
      }
      return {
        lines: [
          t(`policy.catalogue.${prefix}No`, { version: asked.text, supported: list(supported, language) }),
        ],
        facts,
      };
    }
    case "flavour": {
      if (p.flavours.length === 0) return undefined;
      const installers = p.flavours
        .filter((f) => f !== "multistore")
        .map((f) => (f === "ocmod" ? "OCMOD" : "vQmod"));
      const lines =
        installers.length > 0
          ? [t("policy.catalogue.flavours", { installers: list(installers, language) })]
          : [];
      lines.push(
        t(
          p.flavours.includes("multistore")
            ? "policy.catalogue.multistoreYes"
            : "policy.catalogue.multistoreNo",
        ),
      );
      return { lines, facts: [`flavours: ${p.flavours.join(", ")}`] };
    }
    case "price": {
      if (p.priceCents === null) return undefined;
      const lines = [t("policy.catalogue.price", { price: formatMoney(p.priceCents, p.currency, language) })];
      if (p.storeUrl) lines.push(t("policy.catalogue.store", { url: p.storeUrl }));
      return { lines, facts: [`priceCents: ${p.priceCents} ${p.currency}`] };
    }
    case "link": {
      if (p.demoUrl) return { lines: [t("policy.catalogue.demo", { url: p.demoUrl })], facts: ["demoUrl"] };
      if (p.storeUrl)
        return { lines: [t("policy.catalogue.noDemo", { url: p.storeUrl })], facts: ["storeUrl"] };
      return undefined;
    }
    case "qa":
      return r.qa ? { lines: [r.qa.answer], facts: [`qa: ${r.qa.question}`] } : undefined;
  }
}

/** The answer to a recognised question, for `language`, from the facts of `catalogue`. */
export function answer(r: Recognition, catalogue: CatalogueFacts[], language: Language): CatalogueAnswer {
  const base = { kinds: r.kinds, facts: [] as string[], confidence: r.confidence };
  if (r.kinds.length === 0) {
    // The product is still kept (a follow-up's context).
    const about = r.product ? { productId: r.product.productId } : {};
    return { ...base, ...about, send: false, whyNot: "not_a_catalogue_question" };
  }
  if (!r.product) {
    return r.candidates.length > 1
      ? { ...base, send: false, whyNot: "several_products", candidates: r.candidates.map((c) => c.productId) }
      : { ...base, send: false, whyNot: "no_product" };
  }
  const product = catalogue.find((p) => p.id === r.product?.productId);
  if (!product) return { ...base, send: false, whyNot: "no_product" };
  const lines: string[] = [];
  const facts: string[] = [];
  for (const kind of r.kinds) {
    const piece = part(kind, r, product, language);
    if (!piece) return { ...base, productId: product.id, send: false, whyNot: "missing_fact" };
    lines.push(...piece.lines);
    facts.push(...piece.facts);
  }
  const text = [...new Set(lines)].join("\n");
  const result = { ...base, productId: product.id, facts, text };
  if (r.otherQuestion) return { ...result, send: false, whyNot: "other_question" };
  if (r.confidence < ANSWER_CONFIDENCE) return { ...result, send: false, whyNot: "low_confidence" };
  return { ...result, send: true, text: `${text}\n\n${translate(language, "policy.catalogue.footer")}` };
}
