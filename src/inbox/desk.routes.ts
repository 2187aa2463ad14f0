import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { defineRoute, type HttpDeps, idParams, registerRoutes } from "../platform/http/route.js";
import { languageSchema } from "../settings/settings.schema.js";
import { cannedRepliesForConversation } from "./canned.service.js";
import { unlinkContactFromCustomer } from "./contact-links.service.js";
import {
  addNote,
  assign,
  conversationForUser,
  customerPanel,
  linkContact,
  notesFor,
  sendQuickReply,
  setClosed,
  setLanguage,
  unlinkContact,
} from "./desk.service.js";
import { customerPanelView, filledCannedReplyListView, noteListView, noteView } from "./inbox.schema.js";

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
      url: "/api/v1/conversations/:id/canned-replies",
      summary:
        "The canned replies (shared with the ticket desk), the contact's language first, with this conversation's variables filled",
      tags: ["inbox"],
      access: "agent",
      params: idParams,
      response: filledCannedReplyListView,
      handler: async ({ params, user }) => cannedRepliesForConversation(ctx, user, params.id),
    }),
    defineRoute({
      method: "DELETE",
      url: "/api/v1/customers/:customerId/contacts/:contactId",
      summary: "Undo a link by phone: the WhatsApp contact is no longer that customer's",
      tags: ["inbox"],
      access: "agent",
      params: z.object({ customerId: z.string().min(1).max(64), contactId: z.string().min(1).max(64) }),
      status: 204,
      handler: async ({ params, user }) => {
        await unlinkContactFromCustomer(ctx, user.id, params.contactId, params.customerId);
        return null;
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/conversations/:id/customer",
      summary: "The contact's customer and licenses with their support state (or null when not linked)",
      tags: ["inbox"],
      access: "agent",
      params: idParams,
      response: customerPanelView,
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
      response: customerPanelView,
      handler: async ({ params, body, user }) => linkContact(ctx, user, params.id, body),
    }),
    defineRoute({
      method: "DELETE",
      url: "/api/v1/conversations/:id/link",
      summary: "Unlink the contact from its customer",
      tags: ["inbox"],
      access: "agent",
      params: idParams,
      response: customerPanelView,
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
      response: noteListView,
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
    defineRoute({
      method: "POST",
      url: "/api/v1/conversations/:id/assign",
      summary: "Assign the conversation to an agent (null: nobody)",
      tags: ["inbox"],
      access: "agent",
      params: idParams,
      body: z.object({ assigneeId: z.string().min(1).max(64).nullable() }),
      response: z.object({ assigneeId: z.string().nullable() }),
      handler: async ({ params, body, user }) => assign(ctx, user, params.id, body.assigneeId),
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/conversations/:id/close",
      summary: "Close the conversation (a new customer message reopens it)",
      tags: ["inbox"],
      access: "agent",
      params: idParams,
      response: z.object({ state: z.enum(["closed", "waiting"]) }),
      handler: async ({ params, user }) => setClosed(ctx, user, params.id, true),
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/conversations/:id/reopen",
      summary: "Reopen a closed conversation (back to waiting for an agent)",
      tags: ["inbox"],
      access: "agent",
      params: idParams,
      response: z.object({ state: z.enum(["closed", "waiting"]) }),
      handler: async ({ params, user }) => setClosed(ctx, user, params.id, false),
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/conversations/:id/quick-replies",
      summary:
        "Send a quick action in the contact's language: the ticket portal link, or the premium line's information",
      tags: ["inbox"],
      access: "agent",
      params: idParams,
      body: z.object({ kind: z.enum(["portal_link", "premium_info"]) }),
      response: z.object({ messageId: z.string() }),
      status: 201,
      handler: async ({ params, body, user }) => sendQuickReply(ctx, user, params.id, body.kind),
    }),
  ]);
}
