// What the domains read of the outbox besides ctx.outbox: a job's state (tests follow a job through its
// retries) and the latest job of a type (the backup schedule).
export { findJob, latestJobOfType } from "./outbox.repository.js";
