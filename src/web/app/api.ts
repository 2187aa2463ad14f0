/** The agent app's only way to the server: JSON over fetch, cookies included, errors thrown as ApiError. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
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
  const data = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string } };
  if (!response.ok)
    throw new ApiError(
      response.status,
      data.error?.code ?? "error",
      data.error?.message ?? response.statusText,
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
