import { createContext, useContext } from "react";
import { type MessageKey, type Params, translate } from "../../platform/i18n/i18n.js";

export type Lang = "es" | "en";

export const LangContext = createContext<Lang>("en");

export function useT() {
  const lang = useContext(LangContext);
  return (key: MessageKey, params?: Params) => translate(lang, key, params);
}

export function initialLang(): Lang {
  const saved = localStorage.getItem("beedesk.lang");
  if (saved === "es" || saved === "en") return saved;
  return navigator.language.toLowerCase().startsWith("es") ? "es" : "en";
}
