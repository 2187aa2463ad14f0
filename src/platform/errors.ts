/** The one error type services throw. Codes are stable API; one table maps them to HTTP statuses. */
export const ErrorCode = {
  validation_failed: 400,
  bad_request: 400,
  invalid_signature: 401,
  unauthorized: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  window_closed: 409,
  agreement_required: 409,
  cap_reached: 409,
  deposit_unpaid: 409,
  prepaid_exhausted: 409,
  credit_exceeds_invoice: 409,
  review_pending: 409,
  invalid_state: 409,
  template_not_approved: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  whatsapp_rejected: 422,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ErrorCode;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ErrorCode[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
