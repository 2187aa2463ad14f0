import { type FormEvent, useState } from "react";
import type { MessageKey } from "../../../../platform/i18n/i18n.js";
import { api, errorMessage } from "../../api.js";
import type { AuditEntry, LicenseDetail, SessionUser } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { useData } from "../../use-data.js";
import { go, when } from "./licenses-ui.js";
import { SupportBadge } from "./SupportBadge.js";

/** One license: its facts, extend support, domains, revoke/refund, and the audit trail. */
export function LicensePage({ licenseKey, user }: { licenseKey: string; user: SessionUser }) {
  const t = useT();
  const base = `/api/v1/licenses/${encodeURIComponent(licenseKey)}`;
  const { data: license, error: loadError, reload } = useData<LicenseDetail>(base);
  const [failure, setFailure] = useState("");
  const error = failure || (loadError ? errorMessage(loadError) : "");

  /** Run a change, then reload (the audit trail grows with it). */
  async function change(method: string, url: string, body?: unknown): Promise<boolean> {
    try {
      await api(method, url, body);
      setFailure("");
      await reload();
      return true;
    } catch (e) {
      setFailure(errorMessage(e));
      return false;
    }
  }

  if (!license)
    return error ? <p className="error">{error}</p> : <p className="muted">{t("licenses.common.loading")}</p>;

  return (
    <section aria-labelledby="license-title">
      <p>
        <a href="/app/licenses" onClick={(e) => go(e, "/app/licenses")}>
          ← {t("licenses.licenses.title")}
        </a>
      </p>
      <div className="lic-head">
        <h1 id="license-title" className="lic-key">
          {license.key}
        </h1>
        <SupportBadge support={license.support} />
      </div>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="lic-grid">
        <div className="card">
          <dl className="lic-dl">
            <dt>{t("licenses.licenses.customer")}</dt>
            <dd>
              <a
                href={`/app/customers/${license.customer.id}`}
                onClick={(e) => go(e, `/app/customers/${license.customer.id}`)}
              >
                {license.customer.name}
              </a>{" "}
              <span className="muted">{license.customer.email}</span>
            </dd>
            <dt>{t("licenses.licenses.product")}</dt>
            <dd>
              {license.productName} <span className="muted">({license.productSku})</span>
            </dd>
            <dt>{t("licenses.licenses.status")}</dt>
            <dd>{t(`licenses.status.${license.status}`)}</dd>
            <dt>{t("licenses.licenses.order")}</dt>
            <dd>{license.orderRef ?? "—"}</dd>
            <dt>{t("licenses.licenses.source")}</dt>
            <dd>{license.source}</dd>
            <dt>{t("licenses.licenses.purchased")}</dt>
            <dd>{license.purchaseDate}</dd>
            <dt>{t("licenses.licenses.supportUntil")}</dt>
            <dd>{license.supportUntil}</dd>
            <dt>{t("licenses.licenses.refundWindow")}</dt>
            <dd>{license.refundWindowLastDay}</dd>
          </dl>
          <Domains license={license} base={base} change={change} />
        </div>
        <div className="card">
          {license.status === "active" ? <Extend base={base} change={change} /> : null}
          <StatusActions license={license} base={base} change={change} isOwner={user.role === "owner"} />
          <Audit entries={license.audit} />
        </div>
      </div>
    </section>
  );
}

type Change = (method: string, url: string, body?: unknown) => Promise<boolean>;

function Domains({ license, base, change }: { license: LicenseDetail; base: string; change: Change }) {
  const t = useT();
  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const domain = String(new FormData(formElement).get("domain") ?? "").trim();
    if (domain && (await change("POST", `${base}/domains`, { domain }))) formElement.reset();
  }
  return (
    <>
      <h2>{t("licenses.licenses.domains")}</h2>
      {license.domains.length === 0 ? (
        <p className="muted">{t("licenses.licenses.noDomains")}</p>
      ) : (
        <ul className="lic-domains">
          {license.domains.map((d) => (
            <li key={d}>
              <span>{d}</span>
              <button
                type="button"
                className="link"
                aria-label={t("licenses.licenses.removeDomain", { domain: d })}
                onClick={() => void change("DELETE", `${base}/domains/${encodeURIComponent(d)}`)}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="lic-form" onSubmit={add}>
        <div className="inline">
          <label>
            {t("licenses.licenses.domain")}
            <input name="domain" required maxLength={300} placeholder="shop.example.com" />
          </label>
          <button type="submit">{t("licenses.licenses.addDomain")}</button>
        </div>
      </form>
    </>
  );
}

function Extend({ base, change }: { base: string; change: Change }) {
  const t = useT();
  const [mode, setMode] = useState<"months" | "date">("months");
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body =
      mode === "months"
        ? { months: Number(form.get("months") ?? 12) }
        : { supportUntil: String(form.get("supportUntil") ?? "") };
    await change("POST", `${base}/extend`, body);
  }
  return (
    <form className="lic-form" onSubmit={submit} aria-labelledby="extend-title">
      <h2 id="extend-title">{t("licenses.licenses.extend")}</h2>
      <div className="inline">
        <label>
          {t("licenses.licenses.extendMonths")}
          <select name="months" defaultValue="12" onFocus={() => setMode("months")}>
            {[1, 3, 6, 12, 24].map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("licenses.licenses.extendTo")}
          <input
            name="supportUntil"
            type="date"
            onChange={(e) => setMode(e.target.value ? "date" : "months")}
          />
        </label>
        <button type="submit" className="primary">
          {t("licenses.licenses.extendButton")}
        </button>
      </div>
      <p className="muted">{t("licenses.licenses.extendHint")}</p>
    </form>
  );
}

function StatusActions({
  license,
  base,
  change,
  isOwner,
}: {
  license: LicenseDetail;
  base: string;
  change: Change;
  isOwner: boolean;
}) {
  const t = useT();
  const [reason, setReason] = useState("");
  async function act(action: "revoke" | "refund" | "reinstate") {
    if (action === "revoke" && !window.confirm(t("licenses.licenses.confirmRevoke"))) return;
    if (action === "refund" && !window.confirm(t("licenses.licenses.confirmRefund"))) return;
    if (await change("POST", `${base}/${action}`, { reason })) setReason("");
  }
  if (license.status !== "active" && !isOwner) return null;
  return (
    <div className="lic-form">
      <label>
        {t("licenses.licenses.reason")}
        <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
      </label>
      <div className="lic-actions">
        {license.status === "active" ? (
          <>
            <button type="button" className="danger" onClick={() => void act("revoke")}>
              {t("licenses.licenses.revoke")}
            </button>
            <button type="button" className="danger" onClick={() => void act("refund")}>
              {t("licenses.licenses.refund")}
            </button>
          </>
        ) : (
          <button type="button" onClick={() => void act("reinstate")}>
            {t("licenses.licenses.reinstate")}
          </button>
        )}
      </div>
    </div>
  );
}

function Audit({ entries }: { entries: AuditEntry[] }) {
  const t = useT();
  const actor = (e: AuditEntry) =>
    e.actorType === "user"
      ? (e.actorName ?? "?")
      : e.actorType === "api_key"
        ? t("licenses.audit.apiKey", { name: e.actorName ?? "" })
        : t("licenses.audit.system");
  return (
    <>
      <h2>{t("licenses.licenses.audit")}</h2>
      {entries.length === 0 ? (
        <p className="muted">{t("licenses.licenses.noAudit")}</p>
      ) : (
        <ol className="lic-audit">
          {[...entries].reverse().map((e) => (
            <li key={e.id}>
              <strong>{t(`licenses.audit.${e.action}` as MessageKey)}</strong> · {actor(e)} ·{" "}
              <span className="muted">{when(e.at)}</span>
              <div className="detail">{describe(e)}</div>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

/** The details worth reading in one line: dates moved, domain, reason, changes. */
function describe(e: AuditEntry): string {
  const d = e.details;
  const parts: string[] = [];
  if (typeof d.from === "string" && typeof d.to === "string") parts.push(`${d.from} → ${d.to}`);
  if (typeof d.domain === "string") parts.push(d.domain);
  if (typeof d.reason === "string" && d.reason) parts.push(`“${d.reason}”`);
  if (typeof d.orderRef === "string" && d.orderRef) parts.push(`#${d.orderRef}`);
  if (e.action === "license.created" && typeof d.supportUntil === "string") {
    parts.push(`${String(d.source ?? "")} · ${String(d.purchaseDate ?? "")} → ${d.supportUntil}`);
  }
  if (Array.isArray(d.changes)) parts.push(d.changes.join("; "));
  return parts.join(" · ");
}
