/**
 * Recognises a pre-sales question the catalogue can answer: which product (by name, SKU or alias, or the one
 * the conversation was about), which kind of question (compatibility with an OpenCart or PHP version, the
 * OpenCart flavours, the price, the demo or store link, one of the owner's own Q&A), and how sure it is.
 * Built on the intent classifier's normalisation and signals; pure.
 */
import { classifyIntent, normalise } from "../intent.js";
import { type CatalogueProductNames, matchProducts, type ProductMatch } from "./products-match.js";
import { type AskedVersions, askedVersions } from "./versions.js";

export type CatalogueKind = "compatibility" | "php" | "flavour" | "price" | "link" | "qa";

export interface QaPair {
  question: string;
  answer: string;
  language: "es" | "en";
}

export interface CatalogueProduct extends CatalogueProductNames {
  qa: QaPair[];
}

export interface Recognition {
  /** Every product named, best first. */
  candidates: ProductMatch[];
  /** The one product the question is about, when there is exactly one (or the conversation's). */
  product?: ProductMatch;
  fromContext: boolean;
  kinds: CatalogueKind[];
  versions: AskedVersions;
  /** The owner's Q&A pair that matches, with its overlap score. */
  qa?: QaPair & { score: number };
  /** Something else is asked too ("does it include…", "can I…"): a person answers the whole message. */
  otherQuestion: boolean;
  /** 0–1: how sure the product and the kind are. */
  confidence: number;
}

const FLAVOUR =
  /(?<![a-z])(ocmod|vqmod|multi ?stores?|multi ?tiendas?|varias tiendas|several stores|multiple stores)(?![a-z])/;
const PRICE =
  /(?<![a-z])(precio|price|pricing|costs?|coste|costo|cuesta|cuanto (vale|sale|es|cobran)|how much)(?![a-z])/;
const LINK =
  /(?<![a-z])(demo|trial|prueba|probar|try it|ver(lo|la)? funcionando|link|enlace|url|donde (lo |la )?(compro|puedo comprar|se compra)|where (can i|to|do i) (buy|get|purchase)|buy it|comprarlo|comprarla)(?![a-z])/;
const COMPAT =
  /(?<![a-z])(compatible|compatibilidad|supports?|soporta|works?|funciona|sirve|anda|corre|runs?)(?![a-z])/;
/** Classifier signals of a pre-sales question the catalogue cannot answer. */
const OTHER_SIGNALS = new Set([
  "inclusion",
  "can-i",
  "policy-question",
  "hypothetical-purchase",
  "wants-to-buy",
]);

/** Content words for Q&A overlap: normalised, without the commonest function words. */
const STOP = new Set(
  "a an the it is are do does can with for to of and or el la los las lo un una es son con para de del y o que se su sus".split(
    " ",
  ),
);
function contentWords(text: string): Set<string> {
  return new Set(
    (normalise(text).match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length > 1 && !STOP.has(w)),
  );
}

function bestQa(text: string, pairs: QaPair[]): (QaPair & { score: number }) | undefined {
  const asked = contentWords(text);
  let best: (QaPair & { score: number }) | undefined;
  for (const pair of pairs) {
    const words = contentWords(pair.question);
    if (words.size === 0) continue;
    const shared = [...words].filter((w) => asked.has(w)).length;
    const score = shared / words.size;
    if (score > (best?.score ?? 0)) best = { ...pair, score };
  }
  return best;
}

const PRODUCT_NOUN = new Set(
  "module modules modulo modulos extension extensions extensiones plugin plugins addon addons".split(" "),
);
/** Words that only point at a product already named ("the module", "este módulo"). */
const POINTER = new Set(
  "the this that it its your a an el la este esta ese esa su sus lo un una al del mi my".split(" "),
);

/** The text names a product by a noun of its own ("your shipping module", "el módulo de envíos"). */
function namesAnotherProduct(norm: string): boolean {
  const words = norm.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.some((w, i) => {
    if (!PRODUCT_NOUN.has(w)) return false;
    const before = words[i - 1];
    const after = words[i + 1];
    if (before !== undefined && !POINTER.has(before) && !/^\d/.test(before)) return true;
    return (
      (after === "de" || after === "for" || after === "para" || after === "of") && words[i + 2] !== undefined
    );
  });
}

/** Reads one message; `contextProductId` is the product the conversation was last about. */
export function recognise(
  text: string,
  products: CatalogueProduct[],
  contextProductId?: string,
): Recognition {
  const norm = normalise(text);
  const versions = askedVersions(norm);
  const candidates = matchProducts(text, products);
  const top = candidates[0];
  const tied = candidates.filter((c) => c.score === top?.score);
  let product = tied.length === 1 ? top : undefined;
  let fromContext = false;
  // "your shipping module" names a product of its own: the conversation's product is not assumed for it.
  if (!top && contextProductId && !namesAnotherProduct(norm)) {
    const names = products.find((p) => p.id === contextProductId);
    if (names) {
      product = { productId: names.id, matched: names.name, score: 0.9 };
      fromContext = true;
    }
  }
  const { signals } = classifyIntent(text);
  const isQuestion = norm.includes("?") || signals.includes("question");

  const kinds: CatalogueKind[] = [];
  if (versions.opencart && (COMPAT.test(norm) || isQuestion)) kinds.push("compatibility");
  if (versions.php && (COMPAT.test(norm) || isQuestion)) kinds.push("php");
  if (FLAVOUR.test(norm)) kinds.push("flavour");
  if (PRICE.test(norm)) kinds.push("price");
  if (LINK.test(norm)) kinds.push("link");
  const owner = product ? products.find((p) => p.id === product.productId) : undefined;
  const qa = owner ? bestQa(text, owner.qa) : undefined;
  if (qa && qa.score >= 0.6 && kinds.length === 0) kinds.push("qa");

  const otherQuestion = signals.some((s) => OTHER_SIGNALS.has(s));
  const kindCertainty = kinds.length === 0 ? 0 : kinds.includes("qa") ? Math.min(1, qa?.score ?? 0) : 1;
  const confidence = (product?.score ?? 0) * kindCertainty * (otherQuestion ? 0.5 : 1);
  return { candidates, product, fromContext, kinds, versions, qa, otherQuestion, confidence };
}
