// The audit trail as every domain uses it: record an entry in the caller's transaction, list a subject's,
// scrub the details of erased subjects.
export {
  type AuditEntry,
  listAudit,
  listRecentAudit,
  recordAudit,
  scrubAuditDetails,
} from "./audit.repository.js";
