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
