import { type FormEvent, useState } from "react";
import { api, isApiError } from "./api.js";
import type { Session, SessionUser } from "./api-types.js";
import { type Lang, useT } from "./i18n.js";

export function SignIn({
  onSignedIn,
  lang,
  onLang,
}: {
  onSignedIn: (u: SessionUser) => void;
  lang: Lang;
  onLang: (l: Lang) => void;
}) {
  const t = useT();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const session = await api<Session>("POST", "/api/v1/session", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
      });
      onSignedIn(session.user);
    } catch (e) {
      setError(isApiError(e, 429) ? t("app.signIn.rateLimited") : t("app.signIn.failed"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="signin">
      <form onSubmit={submit} className="card stack" aria-labelledby="signin-title">
        <h1 id="signin-title">{t("app.signIn.title")}</h1>
        <label>
          {t("app.signIn.email")}
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          {t("app.signIn.password")}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {t("app.signIn.submit")}
        </button>
        <button type="button" className="link" onClick={() => onLang(lang === "es" ? "en" : "es")}>
          {lang === "es" ? "English" : "Español"}
        </button>
      </form>
    </main>
  );
}
