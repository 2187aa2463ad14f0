import { parentPort, workerData } from "node:worker_threads";
import SqliteDatabase from "better-sqlite3";
import { BatchCommitter, configureWriterConnection } from "./ingest.committer.js";
import type { IngestRequest } from "./ingest.repository.js";

// The webhook writer thread: owns its own connection and commits batches, so the fsync of one batch never
// stops the main thread from reading and parsing the next requests.

export interface ThreadBatch {
  id: number;
  requests: IngestRequest[];
  now: string;
}

export type ThreadReply =
  | { id: number; outcomes: Array<{ ok: unknown } | { error: { message: string; code?: string } }> }
  | { id: number; fatal: { message: string; code?: string } };

const CHECKPOINT_MS = 250;
const port = parentPort;
if (port) {
  const { file } = workerData as { file: string };
  // Here waiting for the write lock blocks only this thread (the main thread holds it briefly).
  const handle = new SqliteDatabase(file, { timeout: 5000 });
  configureWriterConnection(handle);
  const committer = new BatchCommitter(handle);
  // Checkpoints (copying the WAL into the database file, with its own fsync) run here, between batches,
  // instead of inside whichever commit crosses the threshold.
  handle.pragma("wal_autocheckpoint = 0");
  const checkpoint = setInterval(() => {
    try {
      handle.pragma("wal_checkpoint(PASSIVE)");
    } catch {}
  }, CHECKPOINT_MS);
  port.on("message", (text: string) => {
    if (text === "close") {
      clearInterval(checkpoint);
      handle.close();
      port.close();
      return;
    }
    const batch = JSON.parse(text) as ThreadBatch;
    let reply: ThreadReply;
    try {
      const outcomes = committer.commit(batch.requests, batch.now);
      reply = {
        id: batch.id,
        outcomes: outcomes.map((o) => ("ok" in o ? { ok: o.ok } : { error: describe(o.error) })),
      };
    } catch (error) {
      reply = { id: batch.id, fatal: describe(error) };
    }
    port.postMessage(JSON.stringify(reply));
  });
}

function describe(error: unknown): { message: string; code?: string } {
  const code = (error as { code?: unknown } | undefined)?.code;
  return {
    message: error instanceof Error ? error.message : String(error),
    ...(typeof code === "string" ? { code } : {}),
  };
}
