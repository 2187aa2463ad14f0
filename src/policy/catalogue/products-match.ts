/**
 * Which catalogue product a message names: by name, SKU or alias, over normalised text (accents and case
 * ignored), forgiving a small typo in a longer word. Pure.
 */
import { normalise } from "../intent.js";

export interface CatalogueProductNames {
  id: string;
  sku: string;
  name: string;
  aliases: string[];
}

export interface ProductMatch {
  productId: string;
  /** The name, SKU or alias that matched, as the owner wrote it. */
  matched: string;
  /** 1 for an exact phrase, less for a typo. */
  score: number;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Small words customers put in a product's name or leave out ("módulo de SEO" is "módulo SEO"). */
const FILLER = new Set(["de", "del", "el", "la", "the", "of"]);

function words(text: string): string[] {
  return (normalise(text).match(WORD) ?? []).filter((w) => !FILLER.has(w));
}

/** Edit distance with transpositions, stopping early past `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** How well `phrase` (words) occurs in `text` (words): 1 exact, 0.8 with one small typo, 0 not at all. */
function phraseScore(text: string[], phrase: string[]): number {
  if (phrase.length === 0 || phrase.length > text.length) return 0;
  let best = 0;
  for (let start = 0; start + phrase.length <= text.length; start++) {
    let typos = 0;
    let ok = true;
    for (let k = 0; k < phrase.length && ok; k++) {
      const want = phrase[k]!;
      const got = text[start + k]!;
      if (want === got) continue;
      // Only words of five letters or more may carry a typo, one per phrase: "facturs" is "facturas",
      // but "pdf" is never "php".
      if (want.length >= 5 && typos === 0 && distance(want, got, 1) <= 1) typos++;
      else ok = false;
    }
    if (ok) best = Math.max(best, typos === 0 ? 1 : 0.8);
    if (best === 1) break;
  }
  return best;
}

/** Generic words that alone never name a product ("module", "extension"…). */
const GENERIC = new Set(
  "module modulo extension extension plugin addon app the el la de del for para pro".split(" "),
);

/** Every product the text names, best first; one entry per product. */
export function matchProducts(text: string, products: CatalogueProductNames[]): ProductMatch[] {
  const tokens = words(text);
  const matches: ProductMatch[] = [];
  for (const product of products) {
    let best: ProductMatch | undefined;
    for (const candidate of [product.name, product.sku, ...product.aliases]) {
      const phrase = words(candidate);
      if (phrase.length === 0 || phrase.every((w) => GENERIC.has(w))) continue;
      const score = phraseScore(tokens, phrase);
      if (score > (best?.score ?? 0)) best = { productId: product.id, matched: candidate, score };
    }
    if (best) matches.push(best);
  }
  return matches.sort((a, b) => b.score - a.score);
}
