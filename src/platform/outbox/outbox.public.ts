// What the domains read of the outbox besides ctx.outbox: a job's state (tests follow a job through its
// retries), the latest job of a type (the backup schedule), and the claim priorities a job may ask for.
export { findJob, latestJobOfType, PRIORITY } from "./outbox.repository.js";
