import { useCallback, useEffect, useState } from "react";
import { api } from "./api.js";
import type { Session, SessionUser } from "./api-types.js";
import { initialLang, type Lang, LangContext } from "./i18n.js";
import { Shell } from "./Shell.js";
import { SignIn } from "./SignIn.js";

export function App() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);

  useEffect(() => {
    api<Session>("GET", "/api/v1/session")
      .then((s) => setUser(s.user))
      .catch(() => setUser(null));
  }, []);

  const changeLang = useCallback((next: Lang) => {
    localStorage.setItem("beedesk.lang", next);
    document.documentElement.lang = next;
    setLang(next);
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  if (user === undefined) return null;
  return (
    <LangContext.Provider value={lang}>
      {user ? (
        <Shell user={user} onSignOut={() => setUser(null)} lang={lang} onLang={changeLang} onUser={setUser} />
      ) : (
        <SignIn onSignedIn={setUser} lang={lang} onLang={changeLang} />
      )}
    </LangContext.Provider>
  );
}
