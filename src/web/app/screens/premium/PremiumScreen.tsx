import { type FormEvent, type MouseEvent, useContext, useEffect, useState } from "react";
import { api, errorMessage, isApiError } from "../../api.js";
import type {
  EngagementDetail,
  EngagementState,
  EngagementSummary,
  ListOf,
  LiveMessage,
  ServiceType,
  SessionUser,
} from "../../api-types.js";
import { LangContext, useT } from "../../i18n.js";
import { navigate } from "../../router.js";
import { useData } from "../../use-data.js";
import { useLiveEvents } from "../live.js";
import { EngagementView } from "./EngagementView.js";
import { dateTime, ENGAGEMENT_STATES, SERVICE_TYPES } from "./premium-ui.js";
import "./premium.css";

const PREMIUM_BASE = "/app/premium";

/** Premium work is the owner's: the screen is listed for the owner and the agents they opened it to. */
export async function premiumAvailable(): Promise<boolean> {
  try {
    await api("GET", "/api/v1/engagements?limit=1");
    return true;
  } catch {
    return false;
  }
}

/**
 * Premium engagements: the list by state, and one engagement (quote, agreement, time, invoice) at
 * /app/premium/<id>. The inbox links here with ?conversation=<id> to open that conversation's engagement.
 */
export function PremiumScreen({ user, path }: { user: SessionUser; path: string }) {
  const selected = path.startsWith(`${PREMIUM_BASE}/`)
    ? decodeURIComponent(path.slice(PREMIUM_BASE.length + 1))
    : null;
  const conversation = new URLSearchParams(location.search).get("conversation");

  const [missing, setMissing] = useState(false);
  useEffect(() => {
    setMissing(false);
    if (selected || !conversation) return;
    api<ListOf<EngagementSummary>>(
      "GET",
      `/api/v1/engagements?conversationId=${encodeURIComponent(conversation)}`,
    )
      .then((res) => {
        const first = res.data[0];
        if (first) navigate(`${PREMIUM_BASE}/${first.id}`);
        else setMissing(true);
      })
      .catch(() => undefined);
  }, [selected, conversation]);

  if (selected) return <EngagementView id={selected} user={user} />;
  return (
    <>
      {missing && conversation ? <StartEngagement conversationId={conversation} /> : null}
      <EngagementList />
    </>
  );
}

/** A premium conversation without an engagement: the owner starts one to quote. */
function StartEngagement({ conversationId }: { conversationId: string }) {
  const t = useT();
  const [service, setService] = useState<ServiceType>("technical_support");
  const [error, setError] = useState<string | null>(null);
  async function start(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    try {
      const created = await api<EngagementDetail>("POST", "/api/v1/engagements", {
        conversationId,
        serviceType: service,
      });
      navigate(`${PREMIUM_BASE}/${created.id}`);
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  return (
    <form className="card stack wide premium-start" onSubmit={start}>
      <h2>{t("billing.app.start.title")}</h2>
      <p className="muted">{t("billing.app.start.hint")}</p>
      <label>
        {t("billing.app.quote.service")}
        <select value={service} onChange={(e) => setService(e.target.value as ServiceType)}>
          {SERVICE_TYPES.map((s) => (
            <option key={s} value={s}>
              {t(`common.serviceTypes.${s}`)}
            </option>
          ))}
        </select>
      </label>
      {error ? <p className="error">{error}</p> : null}
      <button type="submit" className="primary">
        {t("billing.app.start.button")}
      </button>
    </form>
  );
}

function EngagementList() {
  const t = useT();
  const lang = useContext(LangContext);
  const [state, setState] = useState<EngagementState | "">("");
  const list = useData<ListOf<EngagementSummary>>(`/api/v1/engagements${state ? `?state=${state}` : ""}`);
  const items = list.error ? [] : (list.data?.data ?? null);
  const error = list.error
    ? isApiError(list.error, 403)
      ? t("billing.app.ownerOnly")
      : errorMessage(list.error)
    : null;
  useLiveEvents((event: LiveMessage) => {
    if (event.type.startsWith("engagement.")) void list.reload();
  }, list.reload);

  function open(event: MouseEvent<HTMLAnchorElement>, id: string) {
    event.preventDefault();
    navigate(`${PREMIUM_BASE}/${id}`);
  }

  return (
    <section aria-labelledby="premium-title" className="premium">
      <h1 id="premium-title">{t("billing.app.title")}</h1>
      <fieldset className="state-tabs">
        <legend className="visually-hidden">{t("billing.app.title")}</legend>
        <button type="button" aria-pressed={state === ""} onClick={() => setState("")}>
          {t("billing.app.allStates")}
        </button>
        {ENGAGEMENT_STATES.map((s) => (
          <button key={s} type="button" aria-pressed={state === s} onClick={() => setState(s)}>
            {t(`billing.app.state.${s}`)}
          </button>
        ))}
      </fieldset>
      {error ? <p className="error">{error}</p> : null}
      {items && items.length === 0 && !error ? <p className="muted">{t("billing.app.empty")}</p> : null}
      <ul className="engagements">
        {(items ?? []).map((e) => (
          <li key={e.id}>
            <a href={`${PREMIUM_BASE}/${e.id}`} onClick={(ev) => open(ev, e.id)} className="engagement-item">
              <span className="who">
                <strong>{e.contact.name || (e.contact.waId ? `+${e.contact.waId}` : e.contact.id)}</strong>
                {e.customer ? <span className="muted"> · {e.customer.name}</span> : null}
              </span>
              <span className={`badge state-${e.state}`}>{t(`billing.app.state.${e.state}`)}</span>
              <span className="muted small">
                {t(`common.serviceTypes.${e.serviceType}`)} · {dateTime(e.updatedAt, lang)}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
