import { randomBytes } from "node:crypto";
import type { FailureSpec } from "./simulator.types.js";

// The fake Graph API answers errors exactly as Meta does: {error:{message, type, code, error_data, fbtrace_id}},
// with the HTTP status Meta's error-code table gives for each code.

interface ErrorInfo {
  status: number;
  title: string;
  details: string;
  transient?: boolean;
}

const CATALOG: Record<number, ErrorInfo> = {
  0: { status: 401, title: "AuthException", details: "Unable to authenticate the app user." },
  1: { status: 400, title: "API Unknown", details: "An unknown error occurred.", transient: true },
  2: {
    status: 503,
    title: "API Service",
    details: "Temporary due to downtime or overload.",
    transient: true,
  },
  3: { status: 500, title: "API Method", details: "Capability or permissions issue." },
  4: {
    status: 400,
    title: "API Too Many Calls",
    details: "The app has reached its API call rate limit.",
    transient: true,
  },
  10: { status: 403, title: "Permission Denied", details: "Permission is either not granted or removed." },
  100: { status: 400, title: "Invalid parameter", details: "The request included invalid parameters." },
  190: { status: 401, title: "Access token has expired", details: "Invalid OAuth access token." },
  200: { status: 403, title: "API Permission", details: "Permission is either not granted or removed." },
  368: {
    status: 403,
    title: "Temporarily blocked for policies violations",
    details: "The WhatsApp Business Account is restricted for violating a platform policy.",
  },
  2500: { status: 400, title: "Unknown path components", details: "Unknown path components." },
  80007: {
    status: 400,
    title: "Rate limit issues",
    details: "The WhatsApp Business Account has reached its rate limit.",
    transient: true,
  },
  130429: {
    status: 400,
    title: "Rate limit hit",
    details: "Cloud API message throughput has been reached.",
    transient: true,
  },
  131000: { status: 500, title: "Something went wrong", details: "Message failed to send.", transient: true },
  131005: { status: 403, title: "Access denied", details: "Permission is either not granted or removed." },
  131008: {
    status: 400,
    title: "Required parameter is missing",
    details: "A required parameter is missing.",
  },
  131009: { status: 400, title: "Parameter value is not valid", details: "A parameter value is not valid." },
  131016: { status: 503, title: "Service unavailable", details: "A service is temporarily unavailable." },
  131021: {
    status: 400,
    title: "Recipient cannot be sender",
    details: "Sender and recipient phone number is the same.",
  },
  131026: {
    status: 400,
    title: "Message Undeliverable",
    details: "Unable to deliver message. The recipient may not be a WhatsApp user.",
  },
  131031: { status: 403, title: "Account has been locked", details: "The account has been locked." },
  131042: {
    status: 400,
    title: "Business eligibility payment issue",
    details: "There were errors related to your payment method.",
  },
  131047: {
    status: 400,
    title: "Re-engagement message",
    details:
      "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
  },
  131048: {
    status: 400,
    title: "Spam rate limit hit",
    details: "Message failed to send because there are restrictions on how many messages can be sent.",
  },
  131056: {
    status: 400,
    title: "(Business Account, Consumer Account) pair rate limit hit",
    details: "Too many messages sent from the sender phone number to the same recipient phone number.",
    transient: true,
  },
  131057: {
    status: 500,
    title: "Account in maintenance mode",
    details: "Business Account is in maintenance mode.",
  },
  132000: {
    status: 400,
    title: "Number of parameters does not match the expected number of params",
    details:
      "The number of variable parameter values does not match the number of variables in the template.",
  },
  132001: {
    status: 404,
    title: "Template name does not exist in the translation",
    details: "The template does not exist in the specified language or has not been approved.",
  },
  132005: {
    status: 400,
    title: "Translated text too long",
    details: "Translated text is too long once the parameters are filled in.",
  },
  132007: {
    status: 400,
    title: "Format character policy violated",
    details: "Template content violates a WhatsApp policy.",
  },
  132012: {
    status: 400,
    title: "Parameter format does not match format in the created template",
    details: "Variable parameter values are formatted incorrectly.",
  },
  132015: { status: 400, title: "Template is Paused", details: "The template is paused due to low quality." },
  132016: {
    status: 400,
    title: "Template is Disabled",
    details:
      "The template has been paused too many times due to low quality and is now permanently disabled.",
  },
  133004: {
    status: 503,
    title: "Server temporarily unavailable",
    details: "Server is temporarily unavailable.",
    transient: true,
  },
};

/** A Graph API error answer: the HTTP status and the body Meta would send. */
export class GraphApiError extends Error {
  readonly status: number;
  readonly code: number;
  readonly title: string;
  readonly details: string;
  readonly subcode: number | undefined;
  readonly transient: boolean;
  readonly type: string;

  constructor(
    code: number,
    options: { details?: string; status?: number; message?: string; subcode?: number; type?: string } = {},
  ) {
    const info = CATALOG[code];
    const title = info?.title ?? "Simulated error";
    super(options.message ?? `(#${code}) ${title}`);
    this.name = "GraphApiError";
    this.code = code;
    this.title = title;
    this.status = options.status ?? info?.status ?? 400;
    this.details = options.details ?? info?.details ?? "Error injected by the beedesk simulator.";
    this.subcode = options.subcode;
    this.transient = info?.transient ?? false;
    this.type = options.type ?? "OAuthException";
  }

  toJSON(): { error: Record<string, unknown> } {
    return {
      error: {
        message: this.message,
        type: this.type,
        code: this.code,
        ...(this.subcode !== undefined && { error_subcode: this.subcode }),
        ...(this.transient && { is_transient: true }),
        error_data: { messaging_product: "whatsapp", details: this.details },
        error_user_title: this.title,
        error_user_msg: this.details,
        fbtrace_id: `A${randomBytes(12).toString("base64url")}`,
      },
    };
  }
}

/** The title and details Meta puts in a failed status webhook for this code. */
export function errorDescription(code: number): { title: string; details: string } {
  const info = CATALOG[code];
  return {
    title: info?.title ?? "Simulated error",
    details: info?.details ?? "Error injected by the simulator.",
  };
}

export function invalidParameter(details: string): GraphApiError {
  return new GraphApiError(100, { details, message: "(#100) Invalid parameter" });
}

export function invalidToken(): GraphApiError {
  return new GraphApiError(190, {
    message: "Invalid OAuth access token - Cannot parse access token",
    details: "Invalid OAuth access token - Cannot parse access token",
  });
}

export function unknownObject(id: string): GraphApiError {
  return new GraphApiError(100, {
    subcode: 33,
    message: `Unsupported post request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
    details: `Object with ID '${id}' does not exist.`,
    type: "GraphMethodException",
  });
}

/** The Graph error an injected failure answers. */
export function failureError(failure: FailureSpec): GraphApiError {
  const status = failure.httpStatus;
  const code = failure.code ?? (status !== undefined && status >= 500 ? 131000 : 100);
  return new GraphApiError(code, status === undefined ? {} : { status });
}
