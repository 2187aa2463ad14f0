import { createContext, useContext, useMemo } from "react";
import { type MessageKey, type Params, translate } from "../../platform/i18n/i18n.js";

export type Lang = "es" | "en";

export const LangContext = createContext<Lang>("en");

export type Translate = (key: MessageKey, params?: Params) => string;

/**
 * The translator for the app's language. Its identity changes only when the language does: screens put it in
 * the dependencies of their loaders, and a new function on every render would reload them on every answer
 * (issue 19: the premium list asked for its data hundreds of times a second).
 */
export function useT(): Translate {
  const lang = useContext(LangContext);
  return useMemo(() => (key: MessageKey, params?: Params) => translate(lang, key, params), [lang]);
}

export function initialLang(): Lang {
  const saved = localStorage.getItem("beedesk.lang");
  if (saved === "es" || saved === "en") return saved;
  return navigator.language.toLowerCase().startsWith("es") ? "es" : "en";
}
