import { listAudit } from "../platform/audit/audit.service.js";
import type { AppContext } from "../platform/context.js";
import { listApiKeys, listUsers } from "../users/users.service.js";
import { formatPhone } from "./contact-normalize.js";
import type { Customer, CustomerListItem } from "./customers.repository.js";

/** Customers as the API shows them: phones back in "+digits" form. */
export function presentCustomer<C extends Customer | CustomerListItem>(customer: C): C {
  return { ...customer, phones: customer.phones.map(formatPhone) };
}

/** A subject's audit trail with the actor's name (user or API key) resolved for people to read. */
export async function auditWithNames(ctx: AppContext, subjectType: string, subjectId: string) {
  const entries = await listAudit(ctx.db.kysely, subjectType, subjectId);
  const needUsers = entries.some((e) => e.actorType === "user");
  const needKeys = entries.some((e) => e.actorType === "api_key");
  const users = needUsers ? new Map((await listUsers(ctx.db.kysely)).map((u) => [u.id, u.name])) : new Map();
  const keys = needKeys ? new Map((await listApiKeys(ctx.db.kysely)).map((k) => [k.id, k.name])) : new Map();
  return entries.map((e) => ({
    ...e,
    actorName:
      e.actorType === "user"
        ? (users.get(e.actorId ?? "") ?? null)
        : e.actorType === "api_key"
          ? (keys.get(e.actorId ?? "") ?? null)
          : null,
  }));
}
