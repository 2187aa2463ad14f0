import { type FormEvent, type MouseEvent, useState } from "react";
import type { ListOf, SessionUser, TicketListItem, UserView } from "../../api-types.js";
import { useT } from "../../i18n.js";
import { navigate } from "../../router.js";
import { useData } from "../../use-data.js";
import { ProductFilter } from "../ProductFilter.js";
import { CannedRepliesPanel } from "./CannedRepliesPanel.js";
import { NewTicketForm } from "./NewTicketForm.js";
import { TicketView } from "./TicketView.js";
import { STATUSES, when } from "./tickets-ui.js";
import "./tickets.css";

/** /app/tickets (list), /app/tickets/new, /app/tickets/:id. */
export function TicketsScreen({ user, path }: { user: SessionUser; path: string }) {
  const rest = path.replace(/^\/app\/tickets\/?/, "");
  if (rest === "new") return <NewTicketForm />;
  if (rest) return <TicketView id={rest} user={user} />;
  return <TicketList />;
}

interface Filters {
  status: string;
  productId: string;
  assignee: string;
  overdue: boolean;
  q: string;
}

function ticketQuery(f: Filters): URLSearchParams {
  const params = new URLSearchParams({ limit: "100" });
  if (f.status) params.set("status", f.status);
  if (f.productId) params.set("productId", f.productId);
  if (f.assignee) params.set("assignee", f.assignee);
  if (f.overdue) params.set("overdue", "true");
  if (f.q.trim()) params.set("q", f.q.trim());
  return params;
}

function TicketList() {
  const t = useT();
  const [filters, setFilters] = useState<Filters>({
    status: "open,pending_customer",
    productId: "",
    assignee: "",
    overdue: false,
    q: "",
  });
  const users = useData<ListOf<UserView>>("/api/v1/users").data?.data ?? [];
  const items = useData<ListOf<TicketListItem>>(`/api/v1/tickets?${ticketQuery(filters)}`).data?.data ?? null;

  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  const open = (event: MouseEvent<HTMLAnchorElement>, to: string) => {
    event.preventDefault();
    navigate(to);
  };

  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    set({ q: String(new FormData(event.currentTarget).get("q") ?? "") });
  }

  return (
    <section aria-labelledby="tickets-title">
      <div className="row">
        <h1 id="tickets-title">{t("tickets.desk.title")}</h1>
        <a className="button-link" href="/app/tickets/new" onClick={(e) => open(e, "/app/tickets/new")}>
          {t("tickets.desk.newTicket")}
        </a>
      </div>
      <form className="tickets-filters" onSubmit={search} aria-label={t("tickets.desk.filters")}>
        <label>
          {t("tickets.desk.status")}
          <select value={filters.status} onChange={(e) => set({ status: e.target.value })}>
            <option value="open,pending_customer">{t("tickets.desk.allOpen")}</option>
            <option value="">{t("tickets.desk.any")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`tickets.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <ProductFilter
          label={t("tickets.desk.product")}
          anyLabel={t("tickets.desk.any")}
          value={filters.productId}
          onChange={(productId) => set({ productId })}
        />
        <label>
          {t("tickets.desk.assignee")}
          <select value={filters.assignee} onChange={(e) => set({ assignee: e.target.value })}>
            <option value="">{t("tickets.desk.any")}</option>
            <option value="me">{t("tickets.desk.me")}</option>
            <option value="none">{t("tickets.desk.unassigned")}</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={filters.overdue}
            onChange={(e) => set({ overdue: e.target.checked })}
          />
          {t("tickets.desk.overdueOnly")}
        </label>
        <label>
          {t("tickets.desk.search")}
          <input
            type="search"
            name="q"
            placeholder={t("tickets.desk.searchPlaceholder")}
            defaultValue={filters.q}
          />
        </label>
        <button type="submit">{t("tickets.desk.search")}</button>
      </form>
      {items === null ? null : items.length === 0 ? (
        <p className="muted">{t("tickets.desk.empty")}</p>
      ) : (
        <ul className="ticket-list">
          {items.map((ticket) => (
            <li key={ticket.id}>
              <a href={`/app/tickets/${ticket.id}`} onClick={(e) => open(e, `/app/tickets/${ticket.id}`)}>
                <span className="num">#{ticket.number}</span>
                <span className="subject">{ticket.subject}</span>
                <span className="row">
                  {ticket.overdue ? <span className="pill overdue">{t("tickets.desk.overdue")}</span> : null}
                  {ticket.courtesy ? <span className="pill">{t("tickets.desk.courtesy")}</span> : null}
                  <span className={`pill ${ticket.status}`}>{t(`tickets.status.${ticket.status}`)}</span>
                </span>
                <span className="meta">
                  {ticket.customer.name || ticket.customer.email} · {ticket.product.name}
                  {ticket.assignee ? ` · ${ticket.assignee.name}` : ""} · {when(ticket.updatedAt)}
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
      <CannedRepliesPanel />
    </section>
  );
}
