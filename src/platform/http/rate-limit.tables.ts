export interface RateLimitTable {
  /** bucket:key, e.g. "sign-in:203.0.113.7". */
  id: string;
  hits: number;
  /** When the current window ends (UTC ISO-8601). */
  reset_at: string;
}

export interface RateLimitTables {
  rate_limits: RateLimitTable;
}
