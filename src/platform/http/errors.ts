import type { FastifyError, FastifyInstance } from "fastify";
import { isStorageUnavailable } from "../db/unavailable.js";
import { AppError, ErrorCode } from "../errors.js";

/** The one place where errors become HTTP responses: {error: {code, message, details?}}. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, req, reply) => {
    if (error instanceof AppError) {
      if (error.code === "rate_limited") {
        const retry = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
        if (retry) reply.header("retry-after", String(retry));
      }
      return reply.code(error.status).send({
        error: {
          code: error.code,
          message: error.message,
          ...(error.details ? { details: error.details } : {}),
        },
      });
    }
    const fastifyError = error as FastifyError;
    const status = fastifyError.statusCode ?? 500;
    if (status < 500) {
      const code = fastifyErrorCode(fastifyError.code, status);
      return reply.code(status).send({ error: { code, message: error.message } });
    }
    if (isStorageUnavailable(error)) {
      // Disk full, read-only, database unreachable: nothing was kept, and the same request can succeed later.
      req.log.error({ err: error }, "storage unavailable");
      return reply
        .code(503)
        .header("retry-after", "30")
        .send({ error: { code: "unavailable", message: "Storage is unavailable; try again later" } });
    }
    req.log.error({ err: error }, "unhandled error");
    return reply.code(500).send({ error: { code: "internal", message: "Internal error" } });
  });
  app.setNotFoundHandler((req, reply) => {
    reply
      .code(404)
      .send({ error: { code: "not_found", message: `No route for ${req.method} ${req.url.split("?")[0]}` } });
  });
}

function fastifyErrorCode(code: string | undefined, status: number): ErrorCode {
  switch (code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return "payload_too_large";
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return "unsupported_media_type";
    default:
      break;
  }
  const byStatus = Object.entries(ErrorCode).find(([, s]) => s === status);
  return (byStatus?.[0] as ErrorCode | undefined) ?? "bad_request";
}
