import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { AppError } from "../platform/errors.js";
import { SESSION_COOKIE } from "../platform/http/auth.js";
import { defineRoute, type HttpDeps, idParams, registerRoutes } from "../platform/http/route.js";
import { listUsers, type User } from "./users.repository.js";
import {
  apiKeyCreatedView,
  apiKeyView,
  createApiKeyBody,
  createUserBody,
  listUsersQuery,
  sessionView,
  signInBody,
  updateOwnAccountBody,
  updateUserBody,
  userView,
} from "./users.schema.js";
import {
  createApiKey,
  createUser,
  listApiKeys,
  revokeKey,
  SESSION_DAYS,
  signIn,
  signOut,
  updateOwnAccount,
  updateUser,
} from "./users.service.js";

function presentUser(user: User) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    language: user.language,
    active: !user.disabled,
    onboarded: user.onboarded,
  };
}

export function registerUserRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { ctx } = deps;
  registerRoutes(app, deps, [
    defineRoute({
      method: "POST",
      url: "/api/v1/session",
      summary: "Sign in; sets the session cookie",
      tags: ["session"],
      access: "public",
      body: signInBody,
      response: sessionView,
      // Ten tries per minute per address and per account.
      rateLimit: { bucket: "sign-in", max: 10, windowMs: 60_000 },
      handler: async ({ body, reply }) => {
        await deps.limiter.hit(
          { bucket: "sign-in-email", max: 10, windowMs: 60_000 },
          body.email.toLowerCase(),
        );
        const session = await signIn(ctx, body.email, body.password);
        reply.setCookie(SESSION_COOKIE, session.token, {
          path: "/",
          httpOnly: true,
          sameSite: "lax",
          secure: ctx.config.secureCookies,
          maxAge: SESSION_DAYS * 86_400,
        });
        return { user: presentUser(session.user), csrfToken: session.csrfToken };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/session",
      summary: "The signed-in user",
      tags: ["session"],
      access: "agent",
      response: sessionView,
      handler: async ({ principal }) => ({
        user: presentUser(principal!.user),
        csrfToken: principal!.csrfToken,
      }),
    }),
    defineRoute({
      method: "PATCH",
      url: "/api/v1/session",
      summary: "Change one's own display name or language, or mark the first sign-in's questions done",
      tags: ["session"],
      access: "agent",
      body: updateOwnAccountBody,
      response: sessionView,
      handler: async ({ body, user, principal }) => {
        if (!principal?.sessionToken)
          throw new AppError("forbidden", "Only a signed-in person changes their account");
        return { user: presentUser(await updateOwnAccount(ctx, user, body)) };
      },
    }),
    defineRoute({
      method: "DELETE",
      url: "/api/v1/session",
      summary: "Sign out",
      tags: ["session"],
      access: "agent",
      status: 204,
      handler: async ({ principal, reply }) => {
        if (principal?.sessionToken) await signOut(ctx, principal.sessionToken);
        reply.clearCookie(SESSION_COOKIE, { path: "/" });
        return null;
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/users",
      summary: "Agents and owners",
      tags: ["users"],
      access: "agent",
      query: listUsersQuery,
      response: z.object({ data: z.array(userView) }),
      handler: async ({ query }) => ({
        data: (await listUsers(ctx.db.kysely))
          .filter((u) => query.includeInactive === "true" || !u.disabled)
          .map(presentUser),
      }),
    }),
    defineRoute({
      method: "PATCH",
      url: "/api/v1/users/:id",
      summary: "Change another account's role, or deactivate/reactivate it (owner only)",
      tags: ["users"],
      access: "owner",
      params: idParams,
      body: updateUserBody,
      response: userView,
      handler: async ({ params, body, user }) => presentUser(await updateUser(ctx, user, params.id, body)),
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/users",
      summary: "Create an agent or owner account",
      tags: ["users"],
      access: "owner",
      body: createUserBody,
      response: userView,
      status: 201,
      handler: async ({ body }) => presentUser(await createUser(ctx, body)),
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/api-keys",
      summary: "API keys (secrets are never shown again)",
      tags: ["api-keys"],
      access: "owner",
      response: z.object({ data: z.array(apiKeyView) }),
      handler: async () => ({ data: await listApiKeys(ctx.db.kysely) }),
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/api-keys",
      summary: "Create an API key; the secret is in this response only",
      tags: ["api-keys"],
      access: "owner",
      body: createApiKeyBody,
      status: 201,
      response: apiKeyCreatedView,
      handler: async ({ body, user }) => createApiKey(ctx, user, body.name, body.scopes),
    }),
    defineRoute({
      method: "DELETE",
      url: "/api/v1/api-keys/:id",
      summary: "Revoke an API key",
      tags: ["api-keys"],
      access: "owner",
      params: idParams,
      status: 204,
      handler: async ({ params, user }) => {
        await revokeKey(ctx, user, params.id);
        return null;
      },
    }),
  ]);
}
