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

  // What the server writes for this person (mails, WhatsApp health, template reviews) follows the language
  // they see the app in: a Spanish app never shows an English problem from the server. The app waits for that
  // one request after signing in, so no screen loads in the other language first.
  const [syncFailed, setSyncFailed] = useState(false);
  const unsynced = Boolean(user) && user?.language !== lang && !syncFailed;
  useEffect(() => {
    if (!unsynced) return;
    api<Session>("PATCH", "/api/v1/session", { language: lang })
      .then((s) => setUser(s.user))
      .catch(() => setSyncFailed(true));
  }, [unsynced, lang]);

  const changeLang = useCallback(
    (next: Lang) => {
      localStorage.setItem("beedesk.lang", next);
      const apply = (updated?: SessionUser) => {
        if (updated) setUser(updated);
        document.documentElement.lang = next;
        setLang(next);
      };
      if (!user) return apply();
      api<Session>("PATCH", "/api/v1/session", { language: next }).then(
        (s) => apply(s.user),
        () => apply(),
      );
    },
    [user],
  );

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  if (user === undefined || unsynced) return null;
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
