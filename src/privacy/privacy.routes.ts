import type { FastifyInstance } from "fastify";
import { defineRoute, type HttpDeps, idParams, registerRoutes } from "../platform/http/route.js";
import { confirmBody, erasureView, retentionStatusView } from "./privacy.schema.js";
import { eraseContactData, eraseCustomer, exportCustomer } from "./privacy.service.js";
import { requestRetentionRun } from "./retention.jobs.js";
import { retentionStatus } from "./retention.service.js";

const TAGS = ["data rights"];

export function registerPrivacyRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { ctx } = deps;
  registerRoutes(app, deps, [
    defineRoute({
      method: "GET",
      url: "/api/v1/customers/:id/export",
      summary: "Everything held about a customer and their WhatsApp contacts, as a zip of JSON and files",
      tags: TAGS,
      access: "owner",
      params: idParams,
      handler: async ({ params, user, reply }) => {
        const { fileName, zip } = await exportCustomer(ctx, user, params.id);
        reply.header("content-type", "application/zip");
        reply.header("content-disposition", `attachment; filename="${fileName}"`);
        reply.header("cache-control", "no-store");
        return Buffer.from(zip);
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/customers/:id/erase",
      summary: "Erase a customer's personal data everywhere (invoices keep what the law requires); audited",
      tags: TAGS,
      access: "owner",
      params: idParams,
      body: confirmBody,
      response: erasureView,
      handler: async ({ params, user }) => ({
        erased: true as const,
        ...(await eraseCustomer(ctx, user, params.id)),
      }),
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/contacts/:id/erase",
      summary: "Erase a WhatsApp contact's personal data everywhere; audited",
      tags: TAGS,
      access: "owner",
      params: idParams,
      body: confirmBody,
      response: erasureView,
      handler: async ({ params, user }) => ({
        erased: true as const,
        ...(await eraseContactData(ctx, user, params.id)),
      }),
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/retention",
      summary: "Retention: the periods in force and the last runs (each run's counts), newest first",
      tags: TAGS,
      access: "owner",
      response: retentionStatusView,
      handler: async () => retentionStatus(ctx),
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/retention/run",
      summary:
        "Run retention now with the periods in force (queued for the worker; see GET /api/v1/retention)",
      tags: TAGS,
      access: "owner",
      response: retentionStatusView,
      handler: async ({ user, reply }) => {
        await requestRetentionRun(ctx, user.id);
        reply.status(202);
        return retentionStatus(ctx);
      },
    }),
  ]);
}
