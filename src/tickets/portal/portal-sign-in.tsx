import { FreeSupportNote, PortalFrame, type PortalPage, PremiumSection } from "./portal-shared.js";

/**
 * The request form for a magic link, and the license-key way in; `error` when the address was not an
 * address, `keyError` when no license has the key.
 */
export function SignInPage({
  page,
  csrf,
  error,
  keyError,
}: {
  page: PortalPage;
  csrf: string;
  error?: string;
  keyError?: string;
}) {
  const { t, lang } = page;
  return (
    <PortalFrame page={page} title={t("portal.title")} path="/support">
      <h1>{t("portal.title")}</h1>
      <p className="lead">{t("public.policy.ticketsBody")}</p>
      <SignInForm page={page} csrf={csrf} error={error} />
      <KeySignInForm page={page} csrf={csrf} error={keyError} />
      <FreeSupportNote page={page} />
      <PremiumSection page={page} />
      <p>
        <a href={`/policy?lang=${lang}`}>{t("public.contact.policyLink")}</a>
      </p>
    </PortalFrame>
  );
}

function SignInForm({ page, csrf, error }: { page: PortalPage; csrf: string; error?: string }) {
  const { t, lang } = page;
  return (
    <section className="card" aria-labelledby="sign-in">
      <h2 id="sign-in">{t("portal.signIn.heading")}</h2>
      <p>{t("portal.signIn.body")}</p>
      <form className="stack" method="post" action={`/support/sign-in?lang=${lang}`}>
        <input type="hidden" name="_csrf" value={csrf} />
        <label>
          {t("portal.signIn.email")}
          <input type="email" name="email" required maxLength={254} autoComplete="email" />
        </label>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        <div>
          <button type="submit" className="button">
            {t("portal.signIn.submit")}
          </button>
        </div>
      </form>
    </section>
  );
}

/** Sign-in by license key: the link goes to the address on that license, never to one typed here. */
export function KeySignInForm({ page, csrf, error }: { page: PortalPage; csrf: string; error?: string }) {
  const { t, lang } = page;
  return (
    <section className="card" aria-labelledby="sign-in-key">
      <h2 id="sign-in-key">{t("portal.signIn.keyHeading")}</h2>
      <p>{t("portal.signIn.keyBody")}</p>
      <form className="stack" method="post" action={`/support/sign-in-key?lang=${lang}`}>
        <input type="hidden" name="_csrf" value={csrf} />
        <label>
          {t("portal.signIn.key")}
          <input name="key" required maxLength={100} autoComplete="off" spellCheck={false} />
        </label>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        <div>
          <button type="submit" className="button">
            {t("portal.signIn.keySubmit")}
          </button>
        </div>
      </form>
    </section>
  );
}

/**
 * The same page for a known and an unknown address (nothing tells them apart), so it always shows the way
 * forward for someone we may know under another address: another address, the license key, the store, or
 * the premium line.
 */
export function LinkSentPage({ page, email, csrf }: { page: PortalPage; email: string; csrf: string }) {
  const { t, settings } = page;
  const website = settings.vendor.website;
  return (
    <PortalFrame page={page} title={t("portal.signIn.sentTitle")} path="/support">
      <h1>{t("portal.signIn.sentTitle")}</h1>
      <p className="lead" role="status">
        {t("portal.signIn.sentBody", { email })}
      </p>
      <p>{t("portal.signIn.sentAgain")}</p>
      <SignInForm page={page} csrf={csrf} />
      <section aria-labelledby="way-forward">
        <h2 id="way-forward">{t("portal.signIn.forwardTitle")}</h2>
        <p>{t("portal.signIn.forwardBody")}</p>
        <ul>
          <li>{t("portal.signIn.forwardAnother")}</li>
          <li>
            <a href="#sign-in-key">{t("portal.signIn.forwardKey")}</a>
          </li>
          {website ? (
            <li>
              {t("portal.signIn.forwardBuy")} <a href={website}>{website}</a>
            </li>
          ) : null}
          <li>
            <a href="#premium">{t("portal.signIn.forwardPremium")}</a>
          </li>
        </ul>
      </section>
      <KeySignInForm page={page} csrf={csrf} />
      <PremiumSection page={page} />
    </PortalFrame>
  );
}

export function KeyLinkSentPage({
  page,
  maskedEmail,
  csrf,
}: {
  page: PortalPage;
  maskedEmail: string;
  csrf: string;
}) {
  const { t } = page;
  return (
    <PortalFrame page={page} title={t("portal.signIn.sentTitle")} path="/support">
      <h1>{t("portal.signIn.sentTitle")}</h1>
      <p className="lead" role="status">
        {t("portal.signIn.keySentBody", { email: maskedEmail })}
      </p>
      <p>{t("portal.signIn.sentAgain")}</p>
      <KeySignInForm page={page} csrf={csrf} />
    </PortalFrame>
  );
}

/** The page a magic link opens: one button, so mail scanners that follow links do not use it up. */
export function ConfirmLinkPage({ page, token, csrf }: { page: PortalPage; token: string; csrf: string }) {
  const { t, lang, settings } = page;
  return (
    <PortalFrame
      page={page}
      title={t("portal.signIn.confirmTitle", { vendor: settings.vendor.name })}
      path="/support"
    >
      <h1>{t("portal.signIn.confirmTitle", { vendor: settings.vendor.name })}</h1>
      <p className="lead">{t("portal.signIn.confirmBody")}</p>
      <form method="post" action={`/support/auth?lang=${lang}`}>
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="token" value={token} />
        <button type="submit" className="button">
          {t("portal.signIn.confirm")}
        </button>
      </form>
    </PortalFrame>
  );
}

export function InvalidLinkPage({ page, csrf }: { page: PortalPage; csrf: string }) {
  const { t } = page;
  return (
    <PortalFrame page={page} title={t("portal.signIn.invalidTitle")} path="/support">
      <h1>{t("portal.signIn.invalidTitle")}</h1>
      <p className="lead" role="alert">
        {t("portal.signIn.invalidBody")}
      </p>
      <SignInForm page={page} csrf={csrf} />
    </PortalFrame>
  );
}
