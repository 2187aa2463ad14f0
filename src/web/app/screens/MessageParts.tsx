import { useState } from "react";
import type { InboundParts, Message } from "../api-types.js";
import { useT } from "../i18n.js";

// What WhatsApp shows on and around a customer's message: shared contacts, orders, locations, documents, the
// ad it came from, the reactions on it, its edits and its deletion. Content is the message as Meta sent it.

const QUICK_REACTIONS = ["👍", "❤️", "😂", "😮", "🙏", "✅"];

/** A message's rich part (contacts, order, location, document, ad referral), or nothing for plain text. */
export function RichContent({ message }: { message: Message }) {
  const c = message.content as Partial<InboundParts> & { document?: InboundParts["media"] };
  return (
    <>
      {message.referral ? <AdCard referral={message.referral} /> : null}
      {message.type === "contacts" && Array.isArray(c.contacts) ? <Contacts cards={c.contacts} /> : null}
      {message.type === "order" && c.order ? <Order order={c.order} /> : null}
      {message.type === "location" && c.location ? <Location location={c.location} /> : null}
      {message.type === "document" && c.document ? <DocumentName message={message} /> : null}
    </>
  );
}

function AdCard({ referral }: { referral: NonNullable<Message["referral"]> }) {
  const t = useT();
  return (
    <aside className="wa-card ad" aria-label={t("inbox.wa.ad")}>
      <span className="small muted">{t("inbox.wa.ad")}</span>
      {referral.headline ? <strong>{referral.headline}</strong> : null}
      {referral.body ? <span>{referral.body}</span> : null}
      {referral.sourceUrl && /^https?:\/\//.test(referral.sourceUrl) ? (
        <a href={referral.sourceUrl} target="_blank" rel="noreferrer noopener">
          {t("inbox.wa.adSource")}
        </a>
      ) : null}
      {referral.ctwaClid ? (
        <span className="small muted">{t("inbox.wa.adClick", { id: referral.ctwaClid })}</span>
      ) : null}
    </aside>
  );
}

function Contacts({ cards }: { cards: InboundParts["contacts"] }) {
  const t = useT();
  return (
    <ul className="wa-card contacts">
      {cards.map((card, i) => {
        const name = card.name?.formatted_name ?? [card.name?.first_name, card.name?.last_name].join(" ");
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: shared cards have no id; their order is fixed.
          <li key={i}>
            <strong>👤 {name}</strong>
            <ul>
              {(card.phones ?? []).map((p, j) => {
                const digits = (p.wa_id ?? p.phone ?? "").replace(/\D/g, "");
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: as above.
                  <li key={j}>
                    {p.phone}
                    {p.type ? <span className="muted small"> · {p.type}</span> : null}
                    {digits ? (
                      <>
                        {" "}
                        <a href={`https://wa.me/${digits}`} target="_blank" rel="noreferrer noopener">
                          {t("inbox.wa.chat")}
                        </a>
                      </>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </li>
        );
      })}
    </ul>
  );
}

function Order({ order }: { order: InboundParts["order"] }) {
  const t = useT();
  const items = order.product_items ?? [];
  const currency = items.find((i) => i.currency)?.currency;
  // Meta sends prices in the currency's units; the total is summed in minor units to stay exact.
  const digits = currency ? fractionDigits(currency) : 2;
  const minor = items.reduce(
    (sum, i) => sum + Math.round(Number(i.item_price ?? 0) * 10 ** digits) * Number(i.quantity ?? 1),
    0,
  );
  return (
    <div className="wa-card order">
      <strong>🛒 {t("inbox.wa.order")}</strong>
      <ul>
        {items.map((i) => (
          <li key={i.product_retailer_id}>
            {t("inbox.wa.orderLine", { quantity: String(i.quantity ?? 1), product: i.product_retailer_id })}
            {currency && i.item_price !== undefined ? (
              <span className="muted"> · {money(Number(i.item_price), currency)}</span>
            ) : null}
          </li>
        ))}
      </ul>
      {currency ? (
        <strong>{t("inbox.wa.total", { amount: money(minor / 10 ** digits, currency) })}</strong>
      ) : null}
    </div>
  );
}

function fractionDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

function money(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

function Location({ location }: { location: InboundParts["location"] }) {
  const t = useT();
  const { latitude, longitude } = location;
  const map = `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=17/${latitude}/${longitude}`;
  return (
    <div className="wa-card location">
      {location.name ? <strong>📍 {location.name}</strong> : <span>📍</span>}
      {location.address ? <span>{location.address}</span> : null}
      <span className="small muted">
        {latitude}, {longitude}
      </span>
      <a href={map} target="_blank" rel="noreferrer noopener">
        {t("inbox.wa.map")}
      </a>
    </div>
  );
}

function DocumentName({ message }: { message: Message }) {
  const t = useT();
  const document = message.content.document as InboundParts["media"] | undefined;
  const filename = document?.filename ?? t("inbox.wa.document");
  return (
    <div className="wa-card document">
      📄{" "}
      {message.media ? (
        <a href={message.media.url} target="_blank" rel="noreferrer">
          {filename}
        </a>
      ) : (
        filename
      )}
    </div>
  );
}

/** The reactions on a message, "edited" with the earlier texts, and the agent's react button. */
export function MessageUpdates({
  message,
  onReact,
}: {
  message: Message;
  onReact?: (emoji: string) => void;
}) {
  const t = useT();
  const [picking, setPicking] = useState(false);
  const mine = message.reactions.find((r) => r.by === "agent");
  return (
    <div className="wa-updates">
      {message.editedAt ? (
        <details className="edited small">
          <summary>{t("inbox.wa.edited")}</summary>
          <span className="muted">{t("inbox.wa.earlier")}</span>
          <ol>
            {message.edits.map((e) => (
              <li key={e.at}>{e.text ?? `[${message.type}]`}</li>
            ))}
          </ol>
        </details>
      ) : null}
      {message.reactions.length > 0 ? (
        <ul className="reactions">
          {message.reactions.map((r) => (
            <li key={r.by} title={t("inbox.wa.reaction", { emoji: r.emoji, who: t(`inbox.wa.by.${r.by}`) })}>
              {r.emoji}
            </li>
          ))}
        </ul>
      ) : null}
      {onReact && message.wamid && !message.deletedAt ? (
        <span className="react">
          <button
            type="button"
            className="link small"
            aria-expanded={picking}
            onClick={() => setPicking(!picking)}
          >
            ☺ {t("inbox.wa.react")}
          </button>
          {picking ? (
            <span className="react-picker">
              {QUICK_REACTIONS.map((emoji) => (
                <button
                  key={emoji}
                  type="button"
                  aria-label={t("inbox.wa.reactWith", { emoji })}
                  onClick={() => {
                    setPicking(false);
                    onReact(emoji);
                  }}
                >
                  {emoji}
                </button>
              ))}
              {mine ? (
                <button
                  type="button"
                  className="link small"
                  onClick={() => {
                    setPicking(false);
                    onReact("");
                  }}
                >
                  {t("inbox.wa.removeReaction")}
                </button>
              ) : null}
            </span>
          ) : null}
        </span>
      ) : null}
    </div>
  );
}
