export interface AuditLogTable {
  id: string;
  actor_type: "user" | "customer" | "system" | "api_key";
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  details: string;
  created_at: string;
}

export interface AuditTables {
  audit_log: AuditLogTable;
}
