import type { Language } from "../../settings/settings.schema.js";
import { en } from "./locales/en/index.js";
import { es } from "./locales/es/index.js";

/** English is the reference catalog; every other language must have the same keys (checked by the type). */
export type Catalog = typeof en;
type Leaves<T, P extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
export type MessageKey = Leaves<Catalog>;

export const catalogs: Record<Language, Catalog> = { en, es };

export type Params = Record<string, string | number>;

/** Look up a message and fill {placeholders}. Unknown keys return the key itself, loudly visible. */
export function translate(language: Language, key: MessageKey, params: Params = {}): string {
  const template = lookup(catalogs[language], key) ?? lookup(catalogs.en, key) ?? key;
  return interpolate(template, params);
}

export function interpolate(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}

function lookup(catalog: unknown, key: string): string | undefined {
  let node: unknown = catalog;
  for (const part of key.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string" ? node : undefined;
}

export type Translator = (key: MessageKey, params?: Params) => string;

export function translator(language: Language): Translator {
  return (key, params) => translate(language, key, params);
}

/** Pick a language from ?lang=, then Accept-Language, then the default. */
export function negotiateLanguage(
  queryLang: unknown,
  acceptLanguage: string | undefined,
  fallback: Language,
): Language {
  if (queryLang === "es" || queryLang === "en") return queryLang;
  if (acceptLanguage) {
    const ranked = acceptLanguage
      .split(",")
      .map((part) => {
        const [tag, ...params] = part.trim().split(";");
        const q = params.find((p) => p.trim().startsWith("q="));
        return { tag: (tag ?? "").toLowerCase(), q: q ? Number.parseFloat(q.split("=")[1] ?? "0") : 1 };
      })
      .filter((r) => r.tag && !Number.isNaN(r.q) && r.q > 0)
      .sort((a, b) => b.q - a.q);
    for (const { tag } of ranked) {
      const base = tag.split("-")[0];
      if (base === "es" || base === "en") return base;
    }
  }
  return fallback;
}
