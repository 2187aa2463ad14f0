import type { Config } from "../platform/config.js";
import type { MarkReadBody, MessageBody } from "./outbound.js";

// The Graph API client: one short-timeout request per call, redirects never followed (a redirect could carry
// the bearer token elsewhere), error bodies truncated before anyone stores them.

const TIMEOUT_MS = 10_000;
const MAX_ERROR_BODY = 4096;

export interface GraphAnswer {
  status: number;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  json: unknown;
}

/** The request never got an answer (network failure, timeout, redirect): worth retrying later. */
export class GraphUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GraphUnreachableError";
  }
}

export interface BusinessProfile {
  about?: string;
  address?: string;
  description?: string;
  email?: string;
  websites?: string[];
  vertical?: string;
  profilePictureUrl?: string;
}

export interface MediaInfo {
  url: string;
  mimeType?: string;
  fileSize?: number;
  sha256?: string;
}

type WhatsAppConfig = Config["whatsapp"];

export class CloudApi {
  constructor(private readonly config: WhatsAppConfig) {}

  private url(path: string): string {
    return `${this.config.graphUrl}/${this.config.apiVersion}/${path}`;
  }

  private async call(method: "GET" | "POST", path: string, body?: unknown): Promise<GraphAnswer> {
    let res: Response;
    try {
      res = await fetch(this.url(path), {
        method,
        headers: {
          authorization: `Bearer ${this.config.accessToken}`,
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: "manual",
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new GraphUnreachableError(describeFetchError(error));
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel();
      throw new GraphUnreachableError(`WhatsApp API answered a redirect (HTTP ${res.status}); not followed`);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (error) {
      throw new GraphUnreachableError(describeFetchError(error));
    }
    return { status: res.status, json: parseJson(res.ok ? text : text.slice(0, MAX_ERROR_BODY)) };
  }

  /** POST /{phone-number-id}/messages. */
  sendMessage(phoneNumberId: string, body: MessageBody | MarkReadBody): Promise<GraphAnswer> {
    return this.call("POST", `${encodeURIComponent(phoneNumberId)}/messages`, body);
  }

  /** GET /{media-id}: a short-lived download URL and the file's type and size. */
  async getMedia(mediaId: string): Promise<{ answer: GraphAnswer; info?: MediaInfo }> {
    const answer = await this.call("GET", encodeURIComponent(mediaId));
    const json = answer.json as Record<string, unknown> | undefined;
    if (answer.status !== 200 || typeof json?.url !== "string") return { answer };
    return {
      answer,
      info: {
        url: json.url,
        mimeType: typeof json.mime_type === "string" ? json.mime_type : undefined,
        fileSize: typeof json.file_size === "number" ? json.file_size : Number(json.file_size) || undefined,
        sha256: typeof json.sha256 === "string" ? json.sha256 : undefined,
      },
    };
  }

  /** GET the media URL with the bearer token; the caller reads (and limits) the body stream. */
  async download(url: string): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(url, {
        headers: { authorization: `Bearer ${this.config.accessToken}` },
        redirect: "manual",
        signal: AbortSignal.timeout(60_000),
      });
    } catch (error) {
      throw new GraphUnreachableError(describeFetchError(error));
    }
    return res;
  }

  /** GET /{phone-number-id}/whatsapp_business_profile. */
  async getBusinessProfile(
    phoneNumberId: string,
  ): Promise<{ answer: GraphAnswer; profile?: BusinessProfile }> {
    const fields = "about,address,description,email,websites,vertical,profile_picture_url";
    const answer = await this.call(
      "GET",
      `${encodeURIComponent(phoneNumberId)}/whatsapp_business_profile?fields=${fields}`,
    );
    const data = (answer.json as { data?: Record<string, unknown>[] } | undefined)?.data?.[0];
    if (answer.status !== 200 || !data) return { answer };
    const str = (v: unknown) => (typeof v === "string" ? v : undefined);
    return {
      answer,
      profile: {
        about: str(data.about),
        address: str(data.address),
        description: str(data.description),
        email: str(data.email),
        websites: Array.isArray(data.websites)
          ? data.websites.filter((w) => typeof w === "string")
          : undefined,
        vertical: str(data.vertical),
        profilePictureUrl: str(data.profile_picture_url),
      },
    };
  }

  /** POST /{phone-number-id}/whatsapp_business_profile. */
  updateBusinessProfile(phoneNumberId: string, fields: { about: string }): Promise<GraphAnswer> {
    return this.call("POST", `${encodeURIComponent(phoneNumberId)}/whatsapp_business_profile`, {
      messaging_product: "whatsapp",
      ...fields,
    });
  }
}

function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === "TimeoutError") return "WhatsApp API did not answer in time";
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return `WhatsApp API unreachable: ${cause ?? error.message}`;
  }
  return "WhatsApp API unreachable";
}
