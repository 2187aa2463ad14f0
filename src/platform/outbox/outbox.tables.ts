export type JobStatus = "pending" | "running" | "done" | "dead";

export interface JobsTable {
  id: string;
  type: string;
  payload: string;
  status: JobStatus;
  dedupe_key: string | null;
  run_at: string;
  /** Claim order before run_at: lower first (outbox.repository.ts, PRIORITY). */
  priority: number;
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  result: string | null;
  created_at: string;
  updated_at: string;
}

export interface JobAttemptsTable {
  id: string;
  job_id: string;
  attempt: number;
  worker: string;
  started_at: string;
  finished_at: string;
  outcome: "ok" | "retry" | "dead";
  error: string | null;
}

export interface JobsTables {
  jobs: JobsTable;
  job_attempts: JobAttemptsTable;
}
