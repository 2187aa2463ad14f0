import type { FastifyInstance } from "fastify";
import { AppError } from "../platform/errors.js";
import { defineRoute, type HttpDeps, idParams, registerRoutes } from "../platform/http/route.js";
import { getSettings } from "../settings/settings.service.js";
import { findCustomerById } from "./customers.repository.js";
import { customerRoutes } from "./customers.routes.js";
import { refundWindowLastDay } from "./entitlement.js";
import { addLicenseDomain, removeLicenseDomain, verifyLicense } from "./license-domains.service.js";
import { actorFromPrincipal } from "./licenses.actor.js";
import { auditWithNames, presentCustomer } from "./licenses.present.js";
import { searchLicenses } from "./licenses.repository.js";
import {
  createLicenseBody,
  domainBody,
  domainParams,
  keyParams,
  licenseDetailView,
  licenseListQuery,
  licenseListView,
  licenseView,
  purchaseBody,
  reasonBody,
  renewBody,
  verifyBody,
  verifyView,
} from "./licenses.schema.js";
import {
  createLicense,
  createLicenseOnPurchase,
  getLicense,
  licenseClock,
  renewLicense,
  setLicenseStatus,
  withSupport,
} from "./licenses.service.js";
import { registerImportRoutes } from "./licenses-import.routes.js";

export function registerLicenseRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { ctx } = deps;
  registerRoutes(app, deps, [
    ...customerRoutes(deps),
    defineRoute({
      method: "GET",
      url: "/api/v1/licenses",
      summary: "Licenses with customer, product and support state; filter by text, status or support",
      tags: ["licenses"],
      access: "agent",
      query: licenseListQuery,
      response: licenseListView,
      handler: async ({ query }) => {
        const clock = await licenseClock(ctx);
        const { items, total } = await searchLicenses(ctx.db.kysely, { ...query, today: clock.today });
        return { data: items.map((l) => withSupport(l, clock)), total };
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/licenses/verify",
      summary: "Public license check for a store: {valid, supportActive, supportUntil} and nothing else",
      tags: ["licenses"],
      access: "public",
      body: verifyBody,
      response: verifyView,
      rateLimit: { bucket: "license-verify", max: 30, windowMs: 60_000 },
      handler: async ({ body }) => {
        const v = await verifyLicense(ctx, body.key, body.domain);
        return { valid: v.valid, supportActive: v.supportActive, supportUntil: v.supportUntil };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/licenses/:key",
      summary: "A license with its customer, support state and audit trail",
      tags: ["licenses"],
      access: "agent",
      params: keyParams,
      response: licenseDetailView,
      handler: async ({ params }) => {
        const license = await getLicense(ctx, params.key);
        const customer = await findCustomerById(ctx.db.kysely, license.customerId);
        if (!customer) throw new AppError("not_found", "No such customer");
        const settings = await getSettings(ctx);
        return {
          ...license,
          customer: presentCustomer(customer),
          audit: await auditWithNames(ctx, "license", license.id),
          refundWindowLastDay: refundWindowLastDay(license.purchaseDate, settings.tickets.refundWindowDays),
        };
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/licenses",
      summary:
        "Shop integration: create a license on purchase (customer created if needed). Idempotent by (orderRef, productSku): 201 when created, 200 with the same license on a repeat",
      tags: ["licenses"],
      access: "owner",
      scope: "licenses",
      body: purchaseBody,
      response: licenseView,
      status: 201,
      handler: async ({ body, principal, reply }) => {
        const { license, created } = await createLicenseOnPurchase(ctx, body, actorFromPrincipal(principal));
        reply.code(created ? 201 : 200);
        return license;
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/customers/:id/licenses",
      summary: "Add a license to a customer by hand (key generated unless given)",
      tags: ["licenses"],
      access: "agent",
      params: idParams,
      body: createLicenseBody.omit({ customerId: true }),
      response: licenseView,
      status: 201,
      handler: async ({ params, body, principal, reply }) => {
        const { license, created } = await createLicense(
          ctx,
          { ...body, customerId: params.id, source: "manual" },
          actorFromPrincipal(principal),
        );
        reply.code(created ? 201 : 200);
        return license;
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/licenses/:key/renew",
      summary:
        "Extend support by {months} from max(today, supportUntil), or to {supportUntil}; an orderRef already applied changes nothing",
      tags: ["licenses"],
      access: "owner",
      scope: "licenses",
      params: keyParams,
      body: renewBody,
      response: licenseView,
      handler: async ({ params, body, principal }) =>
        (await renewLicense(ctx, params.key, body, actorFromPrincipal(principal))).license,
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/licenses/:key/extend",
      summary: "Agents: extend support by {months} or to {supportUntil} (same rules as renew)",
      tags: ["licenses"],
      access: "agent",
      params: keyParams,
      body: renewBody,
      response: licenseView,
      handler: async ({ params, body, principal }) =>
        (await renewLicense(ctx, params.key, body, actorFromPrincipal(principal))).license,
    }),
    ...(["revoke", "refund", "reinstate"] as const).map((action) =>
      defineRoute({
        method: "POST",
        url: `/api/v1/licenses/:key/${action}`,
        summary:
          action === "revoke"
            ? "Revoke a license: support ends and the key no longer verifies"
            : action === "refund"
              ? "Mark a license refunded: support ends and the key no longer verifies"
              : "Make a revoked or refunded license active again (owner)",
        tags: ["licenses"],
        access: action === "reinstate" ? "owner" : "agent",
        params: keyParams,
        body: reasonBody,
        response: licenseView,
        handler: async ({ params, body, principal }) =>
          setLicenseStatus(
            ctx,
            params.key,
            action === "revoke" ? "revoked" : action === "refund" ? "refunded" : "active",
            body.reason,
            actorFromPrincipal(principal),
          ),
      }),
    ),
    defineRoute({
      method: "POST",
      url: "/api/v1/licenses/:key/domains",
      summary: "Activate a domain on a license",
      tags: ["licenses"],
      access: "agent",
      params: keyParams,
      body: domainBody,
      response: licenseView,
      handler: async ({ params, body, principal }) =>
        addLicenseDomain(ctx, params.key, body.domain, actorFromPrincipal(principal)),
    }),
    defineRoute({
      method: "DELETE",
      url: "/api/v1/licenses/:key/domains/:domain",
      summary: "Remove an activated domain",
      tags: ["licenses"],
      access: "agent",
      params: domainParams,
      response: licenseView,
      handler: async ({ params, principal }) =>
        removeLicenseDomain(ctx, params.key, params.domain, actorFromPrincipal(principal)),
    }),
  ]);
  registerImportRoutes(app, deps);
}
