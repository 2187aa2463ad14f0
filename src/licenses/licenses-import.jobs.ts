import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { newId } from "../platform/ids.js";
import type { Actor } from "./licenses.actor.js";
import { type ImportProgress, type ImportResult, importLicensesCsv } from "./licenses-import.service.js";

/**
 * Imports started from the app run in the background of this process and report real progress
 * (rows processed per batch) to a polling endpoint. Kept in memory: an import belongs to the process
 * that received the file, and its report is only needed while someone looks at it.
 */
export interface ImportJob {
  id: string;
  dryRun: boolean;
  status: "running" | "done" | "failed";
  progress: ImportProgress;
  startedAt: string;
  finishedAt: string | null;
  startedBy: string | null;
  result: ImportResult | undefined;
  error: string | undefined;
  /** Settles when the import ends (for callers that wait). */
  finished: Promise<void>;
}

const KEEP_JOBS = 20;
const KEEP_MS = 60 * 60 * 1000;
const registries = new WeakMap<AppContext, Map<string, ImportJob>>();

function registry(ctx: AppContext): Map<string, ImportJob> {
  let jobs = registries.get(ctx);
  if (!jobs) {
    jobs = new Map();
    registries.set(ctx, jobs);
  }
  return jobs;
}

function prune(jobs: Map<string, ImportJob>, now: number) {
  for (const [id, job] of jobs) {
    if (job.status !== "running" && job.finishedAt && now - Date.parse(job.finishedAt) > KEEP_MS)
      jobs.delete(id);
  }
  const finished = [...jobs.values()].filter((j) => j.status !== "running");
  while (jobs.size > KEEP_JOBS && finished.length > 0) jobs.delete(finished.shift()!.id);
}

export function startImportJob(
  ctx: AppContext,
  text: string,
  options: { dryRun: boolean; actor: Actor },
): ImportJob {
  const jobs = registry(ctx);
  prune(jobs, ctx.clock.now().getTime());
  if (!options.dryRun && [...jobs.values()].some((j) => j.status === "running" && !j.dryRun)) {
    throw new AppError("conflict", "Another import is running; wait for it to finish");
  }
  const id = newId();
  const job: ImportJob = {
    id,
    dryRun: options.dryRun,
    status: "running",
    progress: { phase: "checking", processed: 0, total: 0 },
    startedAt: ctx.clock.now().toISOString(),
    finishedAt: null,
    startedBy: options.actor.userId ?? options.actor.id,
    result: undefined,
    error: undefined,
    finished: Promise.resolve(),
  };
  jobs.set(id, job);
  job.finished = importLicensesCsv(ctx, text, {
    dryRun: options.dryRun,
    actor: options.actor,
    importId: id,
    onProgress: (progress) => {
      job.progress = progress;
    },
  }).then(
    (result) => {
      job.result = result;
      job.status = "done";
      job.finishedAt = ctx.clock.now().toISOString();
    },
    (error: unknown) => {
      ctx.log.error({ err: error, importId: id }, "license import failed");
      job.status = "failed";
      job.error = error instanceof AppError ? error.message : "The import stopped on an internal error";
      job.finishedAt = ctx.clock.now().toISOString();
    },
  );
  return job;
}

export function findImportJob(ctx: AppContext, id: string): ImportJob | undefined {
  return registry(ctx).get(id);
}
