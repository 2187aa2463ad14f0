import { useCallback, useEffect, useState } from "react";
import { api } from "../../api.js";
import type { EngagementDetail, EngagementSummary, ListOf, LiveMessage } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { navigate } from "../../router.js";
import { useLoader } from "../../use-data.js";
import { useLiveEvents } from "../live.js";
import { duration } from "./premium-ui.js";
import "./premium.css";

/** Whole seconds since `startedAt`, ticking once a second while a timer runs. */
function useSeconds(startedAt: string | undefined): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!startedAt) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [startedAt]);
  return startedAt ? Math.max(0, Math.floor((now - Date.parse(startedAt)) / 1000)) : 0;
}

/**
 * The running meter of a premium conversation's engagement, for the inbox: state, time against the cap
 * (live while a timer runs) and a link to the engagement. Renders nothing for agents without premium
 * access or conversations without an engagement.
 */
export function ConversationMeter({ conversationId }: { conversationId: string }) {
  const t = useT();
  const load = useCallback(async () => {
    const res = await api<ListOf<EngagementSummary>>(
      "GET",
      `/api/v1/engagements?conversationId=${encodeURIComponent(conversationId)}&limit=1`,
    );
    return res.data[0] ? api<EngagementDetail>("GET", `/api/v1/engagements/${res.data[0].id}`) : null;
  }, [conversationId]);
  const meter = useLoader(load);
  const detail = meter.error ? null : meter.data;
  useLiveEvents((event: LiveMessage) => {
    if (event.type.startsWith("engagement.")) void meter.reload();
  }, meter.reload);

  const running = detail?.runningTimers[0];
  const seconds = useSeconds(running?.startedAt);
  if (!detail) return null;
  const used = (detail.cap?.usedMinutes ?? 0) + Math.ceil(seconds / 60);
  const cap = detail.cap?.capMinutes;
  const warn = cap !== undefined && used * 5 >= cap * 4;
  return (
    <a
      className={`conversation-meter${warn ? " warn" : ""}`}
      href={`/app/premium/${detail.id}`}
      onClick={(e) => {
        e.preventDefault();
        navigate(`/app/premium/${detail.id}`);
      }}
    >
      <span className={`badge state-${detail.state}`}>{t(`billing.app.state.${detail.state}`)}</span>
      {cap !== undefined ? (
        <span>{t("billing.app.time.cap", { used: duration(used), cap: duration(cap) })}</span>
      ) : null}
      {running ? (
        <span className="meter-live">
          <span className="dot" aria-hidden="true" /> {Math.floor(seconds / 60)}:
          {String(seconds % 60).padStart(2, "0")}
        </span>
      ) : null}
    </a>
  );
}
