import { randomBytes } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { Config } from "../platform/config.js";
import type { MarkReadBody, MessageBody } from "./outbound.js";

// The Graph API client: one short-timeout request per call, redirects never followed (a redirect could carry
// the bearer token elsewhere), error bodies truncated before anyone stores them.

const TIMEOUT_MS = 10_000;
const MAX_ERROR_BODY = 4096;
/** Graph API answers are small JSON documents; anything longer is cut (and then fails to parse). */
const MAX_BODY = 1024 * 1024;
const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });

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

type WhatsAppConfig = Pick<Config["whatsapp"], "graphUrl" | "apiVersion" | "accessToken">;

export class CloudApi {
  /** `token` gives the bearer token in use (the owner may change it in the app); default: the config's. */
  constructor(
    private readonly config: WhatsAppConfig,
    private readonly token: () => string | Promise<string> = () => config.accessToken,
  ) {}

  private url(path: string): string {
    return `${this.config.graphUrl}/${this.config.apiVersion}/${path}`;
  }

  /**
   * One Graph API call over node:http(s) with a keep-alive agent (much cheaper per call than fetch at Meta's
   * 1,000 messages a second). A deadline covers the whole exchange; a redirect is refused, not followed.
   */
  /** One call with the token in use (for the account calls in graph-account.ts). */
  async call(method: "GET" | "POST", path: string, body?: unknown): Promise<GraphAnswer> {
    return this.request(method, path, await this.token(), body);
  }

  private request(
    method: "GET" | "POST",
    path: string,
    token: string,
    body?: unknown,
    form?: { payload: Buffer; contentType: string; timeoutMs?: number },
  ): Promise<GraphAnswer> {
    const url = new URL(this.url(path));
    const payload = form?.payload ?? (body === undefined ? undefined : Buffer.from(JSON.stringify(body)));
    const contentType = form?.contentType ?? "application/json";
    const secure = url.protocol === "https:";
    return new Promise<GraphAnswer>((resolve, reject) => {
      const fail = (message: string) => {
        clearTimeout(deadline);
        reject(new GraphUnreachableError(message));
      };
      const req = (secure ? https : http).request(
        url,
        {
          method,
          agent: secure ? httpsAgent : httpAgent,
          headers: {
            authorization: `Bearer ${token}`,
            ...(payload ? { "content-type": contentType, "content-length": payload.length } : {}),
          },
        },
        (res) => {
          const status = res.statusCode ?? 0;
          if (status >= 300 && status < 400) {
            res.resume();
            fail(`WhatsApp API answered a redirect (HTTP ${status}); not followed`);
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size <= MAX_BODY) chunks.push(chunk);
          });
          res.on("error", (error) => fail(describeRequestError(error)));
          res.on("end", () => {
            clearTimeout(deadline);
            const text = Buffer.concat(chunks).toString("utf8");
            const ok = status >= 200 && status < 300;
            resolve({ status, json: parseJson(ok ? text : text.slice(0, MAX_ERROR_BODY)) });
          });
        },
      );
      const deadline = setTimeout(() => {
        req.destroy();
        fail("WhatsApp API did not answer in time");
      }, form?.timeoutMs ?? TIMEOUT_MS);
      req.on("error", (error) => fail(describeRequestError(error)));
      req.end(payload);
    });
  }

  /** POST /{phone-number-id}/messages. */
  sendMessage(phoneNumberId: string, body: MessageBody | MarkReadBody): Promise<GraphAnswer> {
    return this.call("POST", `${encodeURIComponent(phoneNumberId)}/messages`, body);
  }

  /**
   * POST /{phone-number-id}/media (multipart: messaging_product, type, file): uploads a file to send by its id.
   * Answers the media id, or the Graph answer when Meta refused the file.
   */
  async uploadMedia(
    phoneNumberId: string,
    file: { bytes: Buffer; mimeType: string; filename: string },
  ): Promise<{ answer: GraphAnswer; id?: string }> {
    const boundary = `beedesk${randomBytes(12).toString("hex")}`;
    const field = (name: string, value: string) =>
      `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const name = file.filename.replace(/["\\\r\n]/g, "_");
    const payload = Buffer.concat([
      Buffer.from(
        field("messaging_product", "whatsapp") +
          field("type", file.mimeType) +
          `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${name}"\r\n` +
          `content-type: ${file.mimeType}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const answer = await this.request(
      "POST",
      `${encodeURIComponent(phoneNumberId)}/media`,
      await this.token(),
      undefined,
      {
        payload,
        contentType: `multipart/form-data; boundary=${boundary}`,
        timeoutMs: 60_000,
      },
    );
    const id = (answer.json as { id?: unknown } | undefined)?.id;
    return answer.status === 200 && typeof id === "string" ? { answer, id } : { answer };
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
    const token = await this.token();
    try {
      res = await fetch(url, {
        headers: { authorization: `Bearer ${token}` },
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
  updateBusinessProfile(
    phoneNumberId: string,
    fields: Omit<BusinessProfile, "profilePictureUrl">,
  ): Promise<GraphAnswer> {
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

function describeRequestError(error: Error): string {
  const code = (error as { code?: string }).code;
  return `WhatsApp API unreachable: ${code ?? error.message}`;
}

function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === "TimeoutError") return "WhatsApp API did not answer in time";
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return `WhatsApp API unreachable: ${cause ?? error.message}`;
  }
  return "WhatsApp API unreachable";
}
