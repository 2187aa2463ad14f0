import type { Translator } from "../../platform/i18n/i18n.js";
import { formatZonedDateTime } from "../../platform/i18n/zoned-time.js";
import { Layout } from "../../web/public/Layout.js";
import { formatMoney } from "../money.js";
import { formatShortDuration } from "../terms.js";
import type { ReviewPageModel } from "./review-page.service.js";

// The customer's review of closed work, server-rendered in their language, with no script: the entries
// with their notes, the rounding and the agreement, the total; Approve, or Dispute with a reason.

interface Props {
  lang: "es" | "en";
  t: Translator;
  m: ReviewPageModel;
  /** The page's path (with the token), for the forms and the language switch. */
  path: string;
  error?: string;
}

export function ReviewPage({ lang, t, m, path, error }: Props) {
  const { review, agreement, computation: c, settings } = m;
  const money = (cents: number) => formatMoney(cents, agreement.currency, lang);
  const zone = settings.vendor.timeZone;
  const when = (iso: string, time = false) =>
    time
      ? formatZonedDateTime(lang, iso, zone)
      : new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeZone: zone }).format(new Date(iso));
  const open = review.status === "pending" && !m.approvedBySilence;
  return (
    <Layout
      lang={lang}
      t={t}
      title={t("billing.review.title")}
      vendor={settings.vendor.name}
      current="none"
      path={path}
    >
      <h1>{t("billing.review.title")}</h1>
      <p className="lead">{t("billing.review.intro", { vendor: settings.vendor.name })}</p>
      <Outcome t={t} m={m} />
      <h2>{t("billing.review.agreement")}</h2>
      <p>
        {t("billing.review.agreementLine", {
          code: agreement.quoteCode,
          at: when(agreement.acceptedAt),
          rate: money(agreement.hourlyRateCents),
          increment: agreement.incrementMinutes,
          cap: formatShortDuration(agreement.capMinutes, lang),
        })}
        {agreement.minimumMinutes > 0
          ? ` ${t("billing.review.minimumLine", { minimum: formatShortDuration(agreement.minimumMinutes, lang) })}`
          : null}
      </p>
      <h2>{t("billing.review.entries")}</h2>
      <table className="rates review-entries">
        <thead>
          <tr>
            <th scope="col">{t("billing.review.date")}</th>
            <th scope="col">{t("billing.review.work")}</th>
            <th scope="col">{t("billing.review.time")}</th>
          </tr>
        </thead>
        <tbody>
          {m.entries.map((e, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: entries have no other stable key on this page.
            <tr key={i}>
              <td>{when(e.date)}</td>
              <td>{e.note}</td>
              <td className="amount">{formatShortDuration(e.minutes, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="rates review-total">
        <tbody>
          {c.lines.map((line) => (
            <tr key={line.kind}>
              <th scope="row">
                {line.kind === "rounding"
                  ? t("billing.review.rounding", { increment: c.incrementMinutes })
                  : line.kind === "minimum"
                    ? t("billing.review.minimum")
                    : line.kind === "cap"
                      ? t("billing.review.cap")
                      : t("billing.review.worked")}
                {line.minutes ? ` (${formatShortDuration(Math.abs(line.minutes), lang)})` : ""}
              </th>
              <td className="amount">{money(line.amountCents)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">{t("billing.review.total")}</th>
            <td className="amount" data-testid="review-total">
              {money(c.amountCents)}
            </td>
          </tr>
          {m.paidCents > 0 ? (
            <>
              <tr>
                <th scope="row">{t("billing.review.prepaid")}</th>
                <td className="amount">{money(-m.paidCents)}</td>
              </tr>
              <tr>
                <th scope="row">{t("billing.review.due")}</th>
                <td className="amount">{money(m.dueCents)}</td>
              </tr>
            </>
          ) : null}
        </tbody>
      </table>
      {open ? (
        <div className="card">
          <p>{t("billing.review.deadline", { deadline: when(review.expiresAt, true) })}</p>
          <form method="post" action={`${path}/approve?lang=${lang}`} className="stack">
            <button type="submit" className="button">
              {t("billing.review.approve")}
            </button>
          </form>
          <form method="post" action={`${path}/dispute?lang=${lang}`} className="stack">
            <label>
              {t("billing.review.reasonLabel")}
              <textarea name="reason" rows={4} maxLength={2000} required />
            </label>
            {error ? (
              <p className="error" role="alert">
                {error}
              </p>
            ) : null}
            <button type="submit" className="button">
              {t("billing.review.dispute")}
            </button>
          </form>
        </div>
      ) : null}
    </Layout>
  );
}

function Outcome({ t, m }: { t: Translator; m: ReviewPageModel }) {
  const { review } = m;
  const text =
    m.approvedBySilence && (review.status === "pending" || review.status === "approved")
      ? t("billing.review.approvedBySilence")
      : review.status === "approved"
        ? t("billing.review.approved")
        : review.status === "disputed"
          ? t("billing.review.disputed")
          : review.status === "superseded"
            ? t("billing.review.replaced")
            : review.status === "overridden"
              ? t("billing.review.overridden")
              : "";
  if (!text) return null;
  return (
    <div className="card" role="status">
      <p className="ok">{text}</p>
      {review.reason ? <p>{t("billing.review.yourReason", { reason: review.reason })}</p> : null}
    </div>
  );
}
