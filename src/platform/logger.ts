import pino from "pino";
import type { Config } from "./config.js";

export type Logger = pino.Logger;

/** Paths never written to logs: credentials, tokens, signatures, cookies. */
const REDACT_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  "req.headers['x-hub-signature-256']",
  "res.headers['set-cookie']",
  "password",
  "*.password",
  "token",
  "*.token",
  "accessToken",
  "*.accessToken",
  "credentials",
  "*.credentials",
  "secretKey",
  "*.secretKey",
  "webhookSecret",
  "*.webhookSecret",
  "req.headers['stripe-signature']",
];

export function createLogger(config: Pick<Config, "logLevel">, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { service: "beedesk" },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
