import { useT } from "../../i18n.js";
import { BarChart, COLORS, LineChart } from "./charts.js";
import { byDay, Panel, type PanelInput, shortDay } from "./Panel.js";

/** The policy at work: messages, deflected conversations, tickets and first responses. */
export function ActivityPanels(input: PanelInput) {
  return (
    <>
      <MessagesPanel {...input} />
      <ConversationsPanel {...input} />
      <TicketsPanel {...input} />
      <AdLeadsPanel {...input} />
      <CataloguePanel {...input} />
      <FirstResponsePanel {...input} />
    </>
  );
}

function MessagesPanel({ series: s, days, query }: PanelInput) {
  const t = useT();
  return (
    <Panel title={t("reports.messages.title")} csv="messages" range={query}>
      <LineChart
        integer
        label={t("reports.messages.title")}
        labels={days.map(shortDay)}
        series={[
          {
            name: t("reports.messages.presales"),
            color: COLORS[0]!,
            values: byDay(
              days,
              s.messages.filter((m) => m.role === "presales"),
              (m) => m.inbound + m.outbound,
            ),
          },
          // The premium line is shown to those who may see premium conversations (they get its stats).
          ...(s.firstResponse.premium
            ? [
                {
                  name: t("reports.messages.premium"),
                  color: COLORS[1]!,
                  values: byDay(
                    days,
                    s.messages.filter((m) => m.role === "premium"),
                    (m) => m.inbound + m.outbound,
                  ),
                },
              ]
            : []),
        ]}
      />
    </Panel>
  );
}

function ConversationsPanel({ series: s, days, query }: PanelInput) {
  const t = useT();
  const deflected = s.conversations.reduce((n, c) => n + c.redirected, 0);
  const allConversations = s.conversations.reduce((n, c) => n + c.presales + c.redirected, 0);
  return (
    <Panel title={t("reports.conversations.title")} csv="conversations" range={query}>
      <p className="big">
        {t("reports.conversations.deflection", {
          percent: allConversations ? Math.round((deflected / allConversations) * 100) : 0,
        })}
      </p>
      <BarChart
        stacked
        integer
        label={t("reports.conversations.title")}
        labels={days.map(shortDay)}
        series={[
          {
            name: t("reports.conversations.presales"),
            color: COLORS[0]!,
            values: byDay(days, s.conversations, (c) => c.presales),
          },
          {
            name: t("reports.conversations.redirected"),
            color: COLORS[1]!,
            values: byDay(days, s.conversations, (c) => c.redirected),
          },
        ]}
      />
    </Panel>
  );
}

function TicketsPanel({ series: s, days, query }: PanelInput) {
  const t = useT();
  return (
    <Panel title={t("reports.tickets.title")} csv="tickets" range={query}>
      <LineChart
        integer
        label={t("reports.tickets.title")}
        labels={days.map(shortDay)}
        series={[
          {
            name: t("reports.tickets.opened"),
            color: COLORS[2]!,
            values: byDay(days, s.tickets, (x) => x.opened),
          },
          {
            name: t("reports.tickets.resolved"),
            color: COLORS[0]!,
            values: byDay(days, s.tickets, (x) => x.resolved),
          },
        ]}
      />
    </Panel>
  );
}

function FirstResponsePanel({ series: s, query }: PanelInput) {
  const t = useT();
  const minutes = (v: number | null) =>
    v === null
      ? t("reports.firstResponse.none")
      : v >= 120
        ? t("reports.firstResponse.hours", { value: (v / 60).toFixed(1) })
        : t("reports.firstResponse.minutes", { value: Math.round(v) });
  return (
    <Panel title={t("reports.firstResponse.title")} csv="first-response" range={query}>
      <div className="tiles">
        {(["presales", "premium", "tickets"] as const).map((k) => {
          const stats = s.firstResponse[k];
          return stats ? (
            <div key={k} className="tile">
              <span className="muted small">{t(`reports.firstResponse.${k}`)}</span>
              <strong>{minutes(stats.medianMinutes)}</strong>
              <span className="muted small">{t("reports.firstResponse.count", { count: stats.count })}</span>
            </div>
          ) : null;
        })}
      </div>
    </Panel>
  );
}

/** Click-to-WhatsApp ad leads: how many conversations each ad brought. */
function AdLeadsPanel({ series: s, query }: PanelInput) {
  const t = useT();
  return (
    <Panel title={t("reports.adLeads.title")} csv="ad-leads" range={query}>
      {s.adLeads.length === 0 ? (
        <p className="muted">{t("reports.adLeads.none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t("reports.adLeads.ad")}</th>
              <th>{t("reports.adLeads.leads")}</th>
            </tr>
          </thead>
          <tbody>
            {s.adLeads.map((a) => (
              <tr key={`${a.adId}-${a.role}`}>
                <td>
                  {a.headline || a.adId || "—"}
                  {a.adId ? <span className="muted small"> · {a.adId}</span> : null}
                </td>
                <td>{a.leads}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

/** Pre-sales questions answered from the catalogue vs left to agents, per product and kind. */
function CataloguePanel({ series: s, query }: PanelInput) {
  const t = useT();
  const automatic = s.catalogue.reduce((n, c) => n + c.automatic, 0);
  const all = automatic + s.catalogue.reduce((n, c) => n + c.agents, 0);
  return (
    <Panel title={t("reports.catalogue.title")} csv="catalogue" range={query}>
      {all === 0 ? (
        <p className="muted">{t("reports.catalogue.none")}</p>
      ) : (
        <>
          <p>
            {t("reports.catalogue.share", { automatic, all, percent: Math.round((automatic / all) * 100) })}
          </p>
          <table>
            <thead>
              <tr>
                <th>{t("reports.catalogue.product")}</th>
                <th>{t("reports.catalogue.kind")}</th>
                <th>{t("reports.catalogue.automatic")}</th>
                <th>{t("reports.catalogue.agents")}</th>
              </tr>
            </thead>
            <tbody>
              {s.catalogue.map((c) => (
                <tr key={`${c.productId}-${c.kind}`}>
                  <td>{c.product || t("reports.catalogue.noProduct")}</td>
                  <td>{t(`inbox.catalogue.kinds.${c.kind as "price"}`)}</td>
                  <td>{c.automatic}</td>
                  <td>{c.agents}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Panel>
  );
}
