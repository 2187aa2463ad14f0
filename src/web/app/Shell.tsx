import { type MouseEvent, useEffect, useRef, useState } from "react";
import { api } from "./api.js";
import type { SessionUser } from "./api-types.js";
import { type Lang, useT } from "./i18n.js";
import { navigate, usePath } from "./router.js";
import { type Screen, screens } from "./screens.js";

export function Shell({
  user,
  onSignOut,
  lang,
  onLang,
  onUser,
}: {
  user: SessionUser;
  onSignOut: () => void;
  /** One's own account changed (first sign-in's name): the top bar and Home show the new one at once. */
  onUser: (user: SessionUser) => void;
  lang: Lang;
  onLang: (l: Lang) => void;
}) {
  const t = useT();
  const path = usePath();
  // Screens listed only when their probe says so (premium, the dev mail viewer): until it answers, a link
  // straight to one shows nothing rather than the home screen's data.
  const [available, setAvailable] = useState<ReadonlySet<string>>(new Set());
  const [probed, setProbed] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    for (const s of screens) {
      s.available?.().then(
        (ok) => {
          if (ok) setAvailable((prev) => new Set(prev).add(s.path));
          setProbed((prev) => new Set(prev).add(s.path));
        },
        () => setProbed((prev) => new Set(prev).add(s.path)),
      );
    }
  }, []);
  const allowed = screens.filter((s) => !s.ownerOnly || user.role === "owner");
  const visible = allowed.filter((s) => !s.available || available.has(s.path));
  const matching = (list: Screen[]) =>
    [...list]
      .sort((a, b) => b.path.length - a.path.length)
      .find((s) => path === s.path || path.startsWith(`${s.path}/`));
  const asked = matching(allowed);
  const waiting = asked?.available !== undefined && !probed.has(asked.path);
  const current = matching(visible) ?? visible[0]!;
  const Current = current.component;

  // On a phone the navigation folds behind a menu button (app.css hides the button on wider screens).
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const navList = useRef<HTMLUListElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: any change of page (links, back, forward) folds it.
  useEffect(() => setMenuOpen(false), [path]);
  useEffect(() => {
    if (!menuOpen) return;
    navList.current?.querySelector("a")?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setMenuOpen(false);
      menuButton.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [menuOpen]);

  function go(event: MouseEvent<HTMLAnchorElement>, to: string) {
    event.preventDefault();
    setMenuOpen(false);
    navigate(to);
  }

  async function signOut() {
    await api("DELETE", "/api/v1/session").catch(() => undefined);
    onSignOut();
  }

  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">{t("app.title")}</span>
        <button
          ref={menuButton}
          type="button"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls="app-nav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          <span aria-hidden="true">☰ </span>
          {t("app.nav.menu")}
        </button>
        <nav id="app-nav" aria-label={t("app.title")} className={menuOpen ? "open" : undefined}>
          <ul ref={navList}>
            {visible.map((s) => (
              <li key={s.path}>
                <a
                  href={s.path}
                  onClick={(e) => go(e, s.path)}
                  aria-current={s === current ? "page" : undefined}
                >
                  {t(s.label)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account">
          <button type="button" className="link" onClick={() => onLang(lang === "es" ? "en" : "es")}>
            {lang === "es" ? "EN" : "ES"}
          </button>
          <span className="who" title={user.email}>
            {user.name}
          </span>
          <button type="button" onClick={signOut}>
            {t("app.nav.signOut")}
          </button>
        </div>
      </header>
      <main className="content">{waiting ? null : <Current user={user} path={path} onUser={onUser} />}</main>
    </div>
  );
}
