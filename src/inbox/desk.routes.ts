import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { defineRoute, type HttpDeps, idParams, registerRoutes } from "../platform/http/route.js";
import { languageSchema } from "../settings/settings.schema.js";
import {
  addNote,
  conversationForUser,
  customerPanel,
  linkContact,
  notesFor,
  setLanguage,
  unlinkContact,
} from "./desk.service.js";

const panelView = z.object({
  customer: z
    .object({ id: z.string(), name: z.string(), email: z.string(), phones: z.array(z.string()) })
    .nullable(),
  licenses: z.array(
    z.object({
      key: z.string(),
      product: z.string(),
      supportUntil: z.string(),
      status: z.string(),
      support: z.enum(["active", "expired", "revoked", "refunded"]),
      supportActive: z.boolean(),
      daysLeft: z.number(),
    }),
  ),
  language: languageSchema.nullable(),
});

const noteView = z.object({
  id: z.string(),
  conversationId: z.string(),
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  body: z.string(),
  createdAt: z.string(),
});

const linkBody = z
  .object({
    email: z.string().trim().min(3).max(254).optional(),
    licenseKey: z.string().trim().min(4).max(80).optional(),
  })
  .refine((b) => (b.email === undefined) !== (b.licenseKey === undefined), {
    message: "give exactly one of email or licenseKey",
  });

export function registerDeskRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { ctx } = deps;
  registerRoutes(app, deps, [
    defineRoute({
      method: "GET",
      url: "/api/v1/conversations/:id/customer",
      summary: "The contact's customer and licenses with their support state (or null when not linked)",
      tags: ["inbox"],
      access: "agent",
      params: idParams,
      response: panelView,
      handler: async ({ params, user }) =>
        customerPanel(ctx, await conversationForUser(ctx, user, params.id)),
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/conversations/:id/link",
      summary: "Link the contact to a customer, found by email or by one of their license keys",
      tags: ["inbox"],
      access: "agent",
      params: idParams,
      body: linkBody,
      response: panelView,
      handler: async ({ params, body, user }) => linkContact(ctx, user, params.id, body),
    }),
    defineRoute({
      method: "DELETE",
      url: "/api/v1/conversations/:id/link",
      summary: "Unlink the contact from its customer",
      tags: ["inbox"],
      access: "agent",
      params: idParams,
      response: panelView,
      handler: async ({ params, user }) => unlinkContact(ctx, user, params.id),
    }),
    defineRoute({
      method: "PATCH",
      url: "/api/v1/conversations/:id/contact",
      summary: "Set the contact's language: automatic replies use it from now on",
      tags: ["inbox"],
      access: "agent",
      params: idParams,
      body: z.object({ language: languageSchema }),
      response: z.object({ language: languageSchema }),
      handler: async ({ params, body, user }) => setLanguage(ctx, user, params.id, body.language),
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/conversations/:id/notes",
      summary: "Internal notes on the conversation (never sent to the customer)",
      tags: ["inbox"],
      access: "agent",
      params: idParams,
      response: z.object({ data: z.array(noteView) }),
      handler: async ({ params, user }) => ({ data: await notesFor(ctx, user, params.id) }),
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/conversations/:id/notes",
      summary: "Add an internal note",
      tags: ["inbox"],
      access: "agent",
      params: idParams,
      body: z.object({ body: z.string().max(4000) }),
      response: noteView,
      status: 201,
      handler: async ({ params, body, user }) => addNote(ctx, user, params.id, body.body),
    }),
  ]);
}
