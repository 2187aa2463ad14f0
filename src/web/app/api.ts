/** The agent app's only way to the server: JSON over fetch, cookies included, errors thrown as ApiError. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The server's details, e.g. a validation failure's [{path, message}] per field. */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    credentials: "same-origin",
    // Always JSON: the server accepts the session cookie on writes only with this content type.
    headers:
      method === "GET"
        ? { accept: "application/json" }
        : { "content-type": "application/json", accept: "application/json" },
    body: method === "GET" ? undefined : JSON.stringify(body ?? {}),
  });
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => ({}))) as {
    error?: { code: string; message: string; details?: unknown };
  };
  if (!response.ok)
    throw new ApiError(
      response.status,
      data.error?.code ?? "error",
      data.error?.message ?? response.statusText,
      data.error?.details,
    );
  return data as T;
}

/** The text a screen shows for a failure: the server's message, or the thrown value as text. */
export function errorMessage(e: unknown): string {
  return e instanceof ApiError ? e.message : String(e);
}

/** Whether `e` is the server's refusal with one of these HTTP statuses or error codes. */
export function isApiError(e: unknown, ...statusOrCode: (number | string)[]): e is ApiError {
  return e instanceof ApiError && (statusOrCode.includes(e.status) || statusOrCode.includes(e.code));
}

/** A validation failure's messages per field path ("presales.businessHours.open"); empty for other failures. */
export function fieldErrors(e: unknown): Record<string, string> {
  if (!(e instanceof ApiError) || !Array.isArray(e.details)) return {};
  const errors: Record<string, string> = {};
  for (const d of e.details as { path?: unknown; message?: unknown }[]) {
    if (typeof d.path === "string" && typeof d.message === "string") errors[d.path] ??= d.message;
  }
  return errors;
}
