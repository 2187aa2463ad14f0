import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { AppError } from "../platform/errors.js";
import { jsonBodyParser } from "../platform/http/json-body.js";
import { defineRoute, type HttpDeps, idParams, registerRoutes } from "../platform/http/route.js";
import type { Language } from "../settings/settings.schema.js";
import { actorFromPrincipal } from "./licenses.actor.js";
import { importJobView } from "./licenses.schema.js";
import { findImportJob, type ImportJob, startImportJob } from "./licenses-import.jobs.js";
import { importRowText, importText } from "./licenses-import.text.js";

const MAX_CSV_BYTES = 20 * 1024 * 1024;

const importQuery = z.object({
  dryRun: z.enum(["true", "false"]).default("true"),
  // Answer when the import has finished instead of at once (scripts; the app polls).
  wait: z.enum(["true", "false"]).default("false"),
  ...pageFields(),
});

const jobQuery = z.object(pageFields());

function pageFields() {
  return {
    outcome: z.enum(["create", "update", "unchanged", "rejected"]).optional(),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
    // The app's own language choice; otherwise the account's.
    lang: z.enum(["es", "en"]).optional(),
  };
}

function presentJob(
  job: ImportJob,
  page: z.infer<typeof jobQuery>,
  language: Language,
): z.infer<typeof importJobView> {
  const all = job.result?.rows ?? [];
  const matching = page.outcome ? all.filter((r) => r.outcome === page.outcome) : all;
  return {
    id: job.id,
    dryRun: job.dryRun,
    status: job.status,
    phase: job.progress.phase,
    processed: job.progress.processed,
    total: job.progress.total,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    error: job.error ?? null,
    fileError: job.result?.fileError ? importText(language, job.result.fileError) : null,
    delimiter: job.result?.delimiter ?? null,
    ignoredColumns: job.result?.ignoredColumns ?? [],
    summary: job.result?.summary ?? null,
    rows: matching.slice(page.offset, page.offset + page.limit).map((r) => importRowText(language, r)),
    rowsTotal: matching.length,
  };
}

/**
 * The CSV upload: `text/csv` (scripts, API keys) or JSON `{csv}` (the app, whose session cookie is only
 * accepted with JSON). Registered in its own scope so the 20 MB limit applies to this route only.
 */
export function registerImportRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const { ctx } = deps;
  app.register(async (scope) => {
    scope.addContentTypeParser(
      ["text/csv", "text/plain", "application/csv", "application/vnd.ms-excel"],
      { parseAs: "string", bodyLimit: MAX_CSV_BYTES },
      (_req, body, done) => done(null, body),
    );
    scope.removeContentTypeParser("application/json");
    scope.addContentTypeParser(
      "application/json",
      { parseAs: "string", bodyLimit: MAX_CSV_BYTES },
      jsonBodyParser(scope),
    );
    registerRoutes(scope, deps, [
      defineRoute({
        method: "POST",
        url: "/api/v1/licenses/import",
        summary:
          "Import licenses from a CSV export (text/csv body, or JSON {csv}). dryRun=true reports per row what would happen; 202 with a job to poll, or the finished report with wait=true",
        tags: ["licenses"],
        access: "agent",
        scope: "licenses",
        query: importQuery,
        response: importJobView,
        status: 202,
        handler: async ({ req, query, principal, user, reply }) => {
          const text = csvText(req.body);
          const job = startImportJob(ctx, text, {
            dryRun: query.dryRun === "true",
            actor: actorFromPrincipal(principal),
          });
          if (query.wait === "true") {
            await job.finished;
            reply.code(200);
          }
          return presentJob(job, query, query.lang ?? languageOf(user));
        },
      }),
      defineRoute({
        method: "GET",
        url: "/api/v1/licenses/imports/:id",
        summary: "Progress of an import, then its per-row report (paged, filter by outcome)",
        tags: ["licenses"],
        access: "agent",
        scope: "licenses",
        params: idParams,
        query: jobQuery,
        response: importJobView,
        handler: async ({ params, query, user }) => {
          const job = findImportJob(ctx, params.id);
          if (!job) throw new AppError("not_found", "No such import (reports are kept for an hour)");
          return presentJob(job, query, query.lang ?? languageOf(user));
        },
      }),
    ]);
  });
}

/** Reports are worded in the signed-in person's language. */
function languageOf(user: { language: string }): Language {
  return user.language === "es" ? "es" : "en";
}

function csvText(body: unknown): string {
  if (typeof body === "string") return body;
  if (body && typeof body === "object" && typeof (body as { csv?: unknown }).csv === "string") {
    return (body as { csv: string }).csv;
  }
  throw new AppError("validation_failed", 'Send the CSV file as a text/csv body, or JSON {"csv": "…"}');
}
