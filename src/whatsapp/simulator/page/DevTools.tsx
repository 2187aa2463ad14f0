import { type FormEvent, useState } from "react";
import type { DeliveryLogEntry, FailureSpec } from "../simulator.types.js";
import { api, type T } from "./api.js";

// Failure injection and the webhook delivery log: what a developer needs to see beedesk's retry and error paths.

const CHOICES = [
  { value: "131047", key: "c131047" },
  { value: "131056", key: "c131056" },
  { value: "130429", key: "c130429" },
  { value: "80007", key: "c80007" },
  { value: "4", key: "c4", httpStatus: 429 },
  { value: "131026", key: "c131026" },
  { value: "131000", key: "c131000" },
  { value: "190", key: "c190" },
  { value: "timeout", key: "timeout" },
] as const;

function describe(failure: FailureSpec, t: T): string {
  const code = failure.timeout
    ? t("simulator.dev.codes.timeout")
    : String(failure.code ?? failure.httpStatus);
  return t("simulator.dev.pending", { count: failure.count, code });
}

export function DevTools({
  failures,
  deliveries,
  webhookTarget,
  lastCustomerMessageId,
  onError,
  t,
}: {
  failures: FailureSpec[];
  deliveries: DeliveryLogEntry[];
  webhookTarget: string;
  lastCustomerMessageId: string | undefined;
  onError: (message: string) => void;
  t: T;
}) {
  const [choice, setChoice] = useState<(typeof CHOICES)[number]["value"]>("131047");
  const [count, setCount] = useState(1);
  const [viaStatus, setViaStatus] = useState(false);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const picked = CHOICES.find((c) => c.value === choice)!;
    const spec: FailureSpec =
      picked.value === "timeout"
        ? { count, timeout: true }
        : {
            count,
            code: Number(picked.value),
            ...("httpStatus" in picked && { httpStatus: picked.httpStatus }),
            ...(viaStatus && { mode: "status" as const }),
          };
    await api.addFailure(spec).catch((err: Error) => onError(err.message));
  };

  return (
    <details className="panel">
      <summary>{t("simulator.dev.heading")}</summary>
      <p className="muted small">{t("simulator.dev.webhookTarget", { target: webhookTarget })}</p>

      <form onSubmit={add} className="stack" aria-labelledby="failures-heading">
        <h3 id="failures-heading">{t("simulator.dev.failures")}</h3>
        <label>
          {t("simulator.dev.code")}
          <select value={choice} onChange={(e) => setChoice(e.target.value as typeof choice)}>
            {CHOICES.map((c) => (
              <option key={c.value} value={c.value}>
                {t(`simulator.dev.codes.${c.key}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("simulator.dev.count")}
          <input
            type="number"
            min={1}
            max={1000}
            value={count}
            onChange={(e) => setCount(Math.max(1, Number(e.target.value) || 1))}
          />
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={viaStatus}
            disabled={choice === "timeout"}
            onChange={(e) => setViaStatus(e.target.checked)}
          />
          {t("simulator.dev.viaStatus")}
        </label>
        <div className="row">
          <button type="submit">{t("simulator.dev.add")}</button>
          <button
            type="button"
            className="secondary"
            onClick={() => api.clearFailures().catch((err: Error) => onError(err.message))}
          >
            {t("simulator.dev.clear")}
          </button>
        </div>
        {failures.length === 0 ? (
          <p className="muted small">{t("simulator.dev.none")}</p>
        ) : (
          <ul className="small">
            {failures.map((f, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a queue shown as it is
              <li key={i}>{describe(f, t)}</li>
            ))}
          </ul>
        )}
      </form>

      {lastCustomerMessageId && (
        <button
          type="button"
          className="secondary"
          onClick={() => api.redeliver(lastCustomerMessageId).catch((err: Error) => onError(err.message))}
        >
          {t("simulator.dev.redeliver")}
        </button>
      )}

      <h3>{t("simulator.dev.deliveries")}</h3>
      {deliveries.length === 0 ? (
        <p className="muted small">{t("simulator.dev.noDeliveries")}</p>
      ) : (
        <ol className="deliveries small">
          {deliveries.slice(0, 30).map((d) => (
            <li key={d.id} className={d.ok ? "ok" : "failed"}>
              <span aria-hidden="true">{d.ok ? "✓" : "✗"}</span> <code>{d.httpStatus ?? "—"}</code>{" "}
              {d.summary}
              {d.attempts > 1 && (
                <span className="muted"> · {t("simulator.dev.attempts", { n: d.attempts })}</span>
              )}
              {d.error && <span className="delivery-error">{d.error}</span>}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
