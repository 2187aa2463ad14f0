import type { FastifyInstance, FastifyRequest } from "fastify";

type Done = (err: Error | null, body?: unknown) => void;

/**
 * Fastify's JSON parser (which refuses __proto__ and constructor keys), except that an empty body is no
 * body: `DELETE` with `Content-Type: application/json` and nothing after it is what many clients send.
 * Routes that need a body still refuse a missing one when they validate it.
 */
export function jsonBodyParser(app: FastifyInstance) {
  const parse = app.getDefaultJsonParser("error", "error");
  return (req: FastifyRequest, body: string, done: Done) => {
    if (body.length === 0) return done(null, undefined);
    return parse(req, body, done);
  };
}
