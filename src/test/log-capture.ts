import { Writable } from "node:stream";
import { createLogger, type Logger } from "../platform/logger.js";

export interface LoggedLine {
  level: number;
  msg: string;
  err?: { code?: string; message?: string };
  [key: string]: unknown;
}

/** A real logger whose lines at warn level and above are kept for the test to read. */
export function capturingLog(): { log: Logger; lines: LoggedLine[] } {
  const lines: LoggedLine[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) {
        const parsed = JSON.parse(line) as LoggedLine;
        if (parsed.level >= 40) lines.push(parsed);
      }
      done();
    },
  });
  return { log: createLogger({ logLevel: "info" }, sink), lines };
}
