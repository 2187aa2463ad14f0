import { useContext, useState } from "react";
import { api } from "../../api.js";
import type { EngagementDetail } from "../../api-types.js";
import { LangContext, useT } from "../../i18n.js";
import { type Act, dateTime } from "./premium-ui.js";

/** The customer's review of the closed work: its state, and for a dispute the owner's two answers. */
export function ReviewPanel({ detail, act }: { detail: EngagementDetail; act: Act }) {
  const t = useT();
  const lang = useContext(LangContext);
  const [answer, setAnswer] = useState("");
  const review = detail.review;
  if (!review) return null;
  const base = `/api/v1/engagements/${detail.id}`;
  return (
    <section className="card" aria-labelledby="review-title">
      <h2 id="review-title">{t("billing.app.review.title")}</h2>
      <p>
        {t(`billing.app.review.status.${review.status}`)}
        {review.status === "pending"
          ? ` ${t("billing.app.review.until", { date: dateTime(review.expiresAt, lang, true) })}`
          : review.decidedAt
            ? ` (${dateTime(review.decidedAt, lang)})`
            : ""}
      </p>
      {review.reason ? <blockquote>{review.reason}</blockquote> : null}
      {review.answer ? <p>{t("billing.app.review.answered", { answer: review.answer })}</p> : null}
      {detail.state === "disputed" ? (
        <div className="actions">
          <button
            type="button"
            className="primary"
            onClick={() => void act(() => api("POST", `${base}/review`))}
          >
            {t("billing.app.review.again")}
          </button>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void act(() => api("POST", `${base}/review/override`, { answer }));
            }}
          >
            <label>
              {t("billing.app.review.answerLabel")}
              <textarea
                value={answer}
                maxLength={1000}
                required
                onChange={(e) => setAnswer(e.target.value)}
              />
            </label>
            <button type="submit">{t("billing.app.review.override")}</button>
          </form>
        </div>
      ) : null}
    </section>
  );
}
