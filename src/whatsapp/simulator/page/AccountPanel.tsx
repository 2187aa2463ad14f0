import { useCallback, useEffect, useState } from "react";
import type { SimAccountView } from "../sim-account.js";
import { api, type QualityEvent, type T } from "./api.js";

// Meta's side of the account, by hand: review the templates beedesk submitted (approve, reject, pause), decide
// how the next review ends, and change a number's quality. Each change reaches beedesk as Meta's webhook.

const EVENTS: QualityEvent[] = ["FLAGGED", "UNFLAGGED", "UPGRADE", "DOWNGRADE"];

export function AccountPanel({
  version,
  onError,
  t,
}: {
  /** Bumped by the page's event stream whenever Meta's side changes: the open panel reloads. */
  version: number;
  onError: (message: string) => void;
  t: T;
}) {
  const [open, setOpen] = useState(false);
  const [view, setView] = useState<SimAccountView | null>(null);
  const [next, setNext] = useState<"APPROVED" | "REJECTED">("REJECTED");
  const [event, setEvent] = useState<Record<string, QualityEvent>>({});

  const load = useCallback(
    () =>
      api
        .account()
        .then(setView)
        .catch((e: Error) => onError(e.message)),
    [onError],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the reload signal, not an input.
  useEffect(() => {
    if (open) void load();
  }, [open, version, load]);

  const act = (work: Promise<unknown>) => void work.then(load).catch((e: Error) => onError(e.message));
  const statusLabel = (status: string) =>
    ["APPROVED", "PENDING", "REJECTED", "PAUSED", "DISABLED"].includes(status)
      ? t(`simulator.account.status.${status as "APPROVED"}`)
      : status;

  return (
    <details className="panel" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>{t("simulator.account.heading")}</summary>
      <p className="muted small">{t("simulator.account.intro")}</p>
      <h3>{t("simulator.account.templates")}</h3>
      {view && view.templates.length === 0 && (
        <p className="muted small">{t("simulator.account.noTemplates")}</p>
      )}
      <ul className="account-templates">
        {view?.templates.map((x) => (
          <li key={`${x.name}:${x.language}`} data-template={`${x.name}:${x.language}`}>
            <span>
              <code>{x.name}</code> · {x.language} ·{" "}
              <strong data-status={x.status}>{statusLabel(x.status)}</strong>
              {x.rejectedReason && <span className="muted"> ({x.rejectedReason})</span>}
            </span>
            <span className="row">
              {x.status !== "APPROVED" && (
                <button type="button" onClick={() => act(api.review(x.name, x.language, "APPROVED"))}>
                  {t("simulator.account.approve")}
                </button>
              )}
              {x.status !== "REJECTED" && (
                <button
                  type="button"
                  onClick={() =>
                    act(api.review(x.name, x.language, "REJECTED", t("simulator.account.rejectReason")))
                  }
                >
                  {t("simulator.account.reject")}
                </button>
              )}
              {x.status === "APPROVED" && (
                <button type="button" onClick={() => act(api.review(x.name, x.language, "PAUSED"))}>
                  {t("simulator.account.pause")}
                </button>
              )}
            </span>
          </li>
        ))}
      </ul>
      <div className="row">
        <label>
          {t("simulator.account.nextReview")}
          <select value={next} onChange={(e) => setNext(e.target.value as typeof next)}>
            <option value="APPROVED">{t("simulator.account.nextApprove")}</option>
            <option value="REJECTED">{t("simulator.account.nextReject")}</option>
          </select>
        </label>
        <button type="button" onClick={() => act(api.decideNext(next))}>
          {t("simulator.account.decide")}
        </button>
      </div>
      {view && view.nextReviews.length > 0 && (
        <p className="muted small">
          {t("simulator.account.nextQueued", { list: view.nextReviews.map(statusLabel).join(", ") })}
        </p>
      )}
      <h3>{t("simulator.account.quality")}</h3>
      {view?.numbers.map((n) => (
        <div key={n.role} className="stack" data-number={n.role}>
          <p className="small">
            {t("simulator.account.qualityLine", {
              number: n.displayNumber,
              quality: n.quality,
              tier: n.tier,
            })}
          </p>
          <div className="row">
            <select
              aria-label={`${t("simulator.account.quality")} ${n.displayNumber}`}
              value={event[n.role] ?? "FLAGGED"}
              onChange={(e) => setEvent({ ...event, [n.role]: e.target.value as QualityEvent })}
            >
              {EVENTS.map((ev) => (
                <option key={ev} value={ev}>
                  {t(`simulator.account.events.${ev}`)}
                </option>
              ))}
            </select>
            <button type="button" onClick={() => act(api.quality(n.role, event[n.role] ?? "FLAGGED"))}>
              {t("simulator.account.sendEvent")}
            </button>
          </div>
        </div>
      ))}
    </details>
  );
}
