import type { ReactNode } from "react";
import type { Translator } from "../../platform/i18n/i18n.js";
import type { Language } from "../../settings/settings.schema.js";

export interface LayoutProps {
  lang: Language;
  t: Translator;
  title: string;
  vendor: string;
  current: "policy" | "contact" | "portal" | "none";
  /** Path of this page, for the language switch link. */
  path: string;
  children: ReactNode;
}

/** The frame of every public page: landmarks, skip link, language switch, no script. */
export function Layout({ lang, t, title, vendor, current, path, children }: LayoutProps) {
  const other = t("public.switchLanguageLang");
  const links = [
    { key: "policy", href: `/policy?lang=${lang}`, label: t("public.nav.policy") },
    { key: "contact", href: `/contact?lang=${lang}`, label: t("public.nav.contact") },
    { key: "portal", href: `/support?lang=${lang}`, label: t("public.nav.portal") },
  ] as const;
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${vendor}`}</title>
        <link rel="stylesheet" href="/assets/public.css" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="alternate" hrefLang={other} href={`${path}?lang=${other}`} />
      </head>
      <body>
        <a className="skip" href="#content">
          {t("public.skipToContent")}
        </a>
        <header className="site">
          <div className="inner">
            <a className="brand" href={`/policy?lang=${lang}`}>
              {vendor}
            </a>
            <nav aria-label={vendor}>
              <ul>
                {links.map((l) => (
                  <li key={l.key}>
                    <a href={l.href} aria-current={current === l.key ? "page" : undefined}>
                      {l.label}
                    </a>
                  </li>
                ))}
                <li>
                  <a className="lang" href={`${path}?lang=${other}`} hrefLang={other} lang={other}>
                    {t("public.switchLanguage")}
                  </a>
                </li>
              </ul>
            </nav>
          </div>
        </header>
        <main id="content">{children}</main>
        <footer className="site">
          <div className="inner">{t("public.footer", { vendor })}</div>
        </footer>
      </body>
    </html>
  );
}
