/**
 * What a message carries about the catalogue (messages.automatic, JSON): on a customer's question what was
 * recognised and whether it was answered (or why not, with the suggestion for the agent); on the automatic
 * answer its source; on a correction the answer it corrects. Read back leniently: anything unreadable is no
 * mark at all.
 */
import type { Settings } from "../../settings/settings.schema.js";
import type { CatalogueAnswer, WhyNot } from "./answer.js";
import type { CatalogueKind } from "./recognise.js";

export type MarkKind = "question" | "catalogue" | "correction" | "suggestion";

export interface CatalogueMark {
  kind: MarkKind;
  productId: string | null;
  product: string | null;
  kinds: CatalogueKind[];
  facts: string[];
  confidence: number;
  /** On a question: answered automatically, or left to an agent (whyNot says why). */
  answered?: boolean;
  whyNot?: WhyNot | "turned_off";
  /** On a question left to an agent: the text the agent can send in one click (absent without one). */
  suggestion?: string;
  /** On an answer: when an agent corrected it. */
  correctedAt?: string;
  /** On a correction or a sent suggestion: the message it follows up. */
  of?: string;
}

/** The settings' switch for each kind: PHP versions and flavours are compatibility questions. */
const SWITCH: Record<CatalogueKind, keyof Settings["presales"]["catalogue"]> = {
  compatibility: "compatibility",
  php: "compatibility",
  flavour: "compatibility",
  price: "price",
  link: "link",
  qa: "qa",
};

/** The kinds asked that the owner turned off (those answers go to an agent as a suggestion). */
export function kindsTurnedOff(kinds: CatalogueKind[], settings: Settings): CatalogueKind[] {
  return kinds.filter((k) => !settings.presales.catalogue[SWITCH[k]]);
}

/** The mark of a question: the answer's recognition, and whether it went out. */
export function questionMark(
  a: CatalogueAnswer,
  productName: string | null,
  answered: boolean,
): CatalogueMark {
  return {
    kind: "question",
    productId: a.productId ?? null,
    product: productName,
    kinds: a.kinds,
    facts: a.facts,
    confidence: round(a.confidence),
    answered,
    ...(answered ? {} : { whyNot: a.whyNot ?? "turned_off" }),
    ...(!answered && a.text ? { suggestion: withoutFooter(a.text) } : {}),
  };
}

/** A sendable answer ends with the automatic-answer footer; the agent's suggestion does not. */
function withoutFooter(text: string): string {
  const cut = text.lastIndexOf("\n\n(");
  return cut > 0 ? text.slice(0, cut) : text;
}

export function round(n: number): number {
  return Math.round(n * 100) / 100;
}

const KINDS = new Set(["compatibility", "php", "flavour", "price", "link", "qa"]);

export function parseMark(json: string | null): CatalogueMark | undefined {
  if (!json) return undefined;
  try {
    const v = JSON.parse(json) as Partial<CatalogueMark>;
    if (!v || typeof v !== "object" || typeof v.kind !== "string") return undefined;
    return {
      ...v,
      kind: v.kind,
      productId: typeof v.productId === "string" ? v.productId : null,
      product: typeof v.product === "string" ? v.product : null,
      kinds: Array.isArray(v.kinds) ? v.kinds.filter((k): k is CatalogueKind => KINDS.has(k)) : [],
      facts: Array.isArray(v.facts) ? v.facts.map(String) : [],
      confidence: typeof v.confidence === "number" ? v.confidence : 0,
    };
  } catch {
    return undefined;
  }
}
