import { z } from "zod";
import type { RouteRecord } from "./route.js";

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: { code: { type: "string" }, message: { type: "string" }, details: {} },
    },
  },
};

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  return rest;
}

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export function buildOpenApi(routes: RouteRecord[], info: { version: string; serverUrl: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    if (!r.url.startsWith("/api/") && !r.url.startsWith("/webhooks/")) continue;
    const path = r.url.replace(/:(\w+)/g, "{$1}");
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ["path", r.params],
      ["query", r.query],
    ] as const) {
      if (!schema) continue;
      const js = jsonSchema(schema, "input") as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, prop] of Object.entries(js.properties ?? {})) {
        parameters.push({
          name,
          in: where,
          required: where === "path" || (js.required ?? []).includes(name),
          schema: prop,
        });
      }
    }
    const operation: Record<string, unknown> = {
      summary: r.summary,
      tags: r.tags,
      security: r.access === "public" ? [] : [{ session: [] }, { apiKey: [] }],
      parameters,
      responses: {
        [String(r.status)]: {
          description: "Success",
          ...(r.response
            ? { content: { "application/json": { schema: jsonSchema(r.response, "output") } } }
            : {}),
        },
        default: {
          description: "Error",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
      },
    };
    if (r.body)
      operation.requestBody = {
        required: true,
        content: { "application/json": { schema: jsonSchema(r.body, "input") } },
      };
    if (r.access === "owner") operation.description = "Owner only.";
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = operation;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "beedesk API",
      version: info.version,
      description: "REST API of beedesk. JSON in camelCase; errors are {error: {code, message}}.",
    },
    servers: [{ url: info.serverUrl }],
    paths,
    components: {
      schemas: { Error: errorSchema },
      securitySchemes: {
        session: {
          type: "apiKey",
          in: "cookie",
          name: "beedesk_session",
          description: "Accepted on unsafe methods only with Content-Type: application/json.",
        },
        apiKey: {
          type: "http",
          scheme: "bearer",
          description: "An API key created by the owner in settings.",
        },
      },
    },
  };
}
