import type { Message } from "../api-types.js";
import { useT } from "../i18n.js";

export type CatalogueAction = "correction" | "send-suggestion";

/**
 * What the catalogue did with a message, under its bubble: an automatic answer's source (product, fact,
 * confidence) with a one-click correction; a customer's question it left to an agent, with why and the
 * suggested answer to send in one click.
 */
export function CatalogueNote({
  message,
  onAction,
}: {
  message: Message;
  onAction?: (action: CatalogueAction) => void;
}) {
  const t = useT();
  const a = message.automatic;
  if (!a || a.kind === "automatic") return null;
  const product = a.product ?? t("inbox.catalogue.noProduct");
  if (a.kind === "catalogue") {
    return (
      <div className="catalogue-note small" role="note">
        <p>
          {t("inbox.catalogue.answer", {
            product,
            fact: a.fact ?? "",
            confidence: `${Math.round((a.confidence ?? 0) * 100)} %`,
          })}
        </p>
        {a.correctedAt ? (
          <p className="muted">{t("inbox.catalogue.corrected")}</p>
        ) : onAction ? (
          <button
            type="button"
            className="link"
            title={t("inbox.catalogue.correctHint")}
            onClick={() => onAction("correction")}
          >
            {t("inbox.catalogue.correct")}
          </button>
        ) : null}
      </div>
    );
  }
  if (a.kind === "correction" || a.kind === "suggestion") {
    return (
      <p className="catalogue-note small muted" role="note">
        {t(a.kind === "correction" ? "inbox.catalogue.correction" : "inbox.catalogue.sentSuggestion", {
          product,
        })}
      </p>
    );
  }
  // A customer's question: only one the catalogue could read as a catalogue question is worth a note.
  if (a.kinds.length === 0) return null;
  const kinds = a.kinds.map((k) => t(`inbox.catalogue.kinds.${k as "price"}`)).join(", ");
  return (
    <div className="catalogue-note small" role="note">
      <p>
        {t("inbox.catalogue.question", { product, kinds })}{" "}
        {a.answered
          ? t("inbox.catalogue.answered")
          : t("inbox.catalogue.held", {
              why: t(`inbox.catalogue.why.${(a.whyNot ?? "low_confidence") as "no_product"}`),
            })}
      </p>
      {a.suggestion ? (
        <div className="catalogue-suggestion">
          <span className="muted">{t("inbox.catalogue.suggestion")}</span>
          <p className="wa-text">{a.suggestion}</p>
          {onAction ? (
            <button type="button" onClick={() => onAction("send-suggestion")}>
              {t("inbox.catalogue.send")}
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
