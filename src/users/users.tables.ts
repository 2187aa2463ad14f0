export type Role = "owner" | "agent";

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  language: string;
  created_at: string;
  disabled_at: string | null;
  /** When the account finished (or skipped) the first sign-in's questions; null = still to ask. */
  onboarded_at: string | null;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  prefix: string;
  key_hash: string;
  scopes: string;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface UsersTables {
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
}
