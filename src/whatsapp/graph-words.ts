import { translate } from "../platform/i18n/i18n.js";
import type { GraphAnswer } from "./cloud-api.js";
import { parseGraphError } from "./graph-response.js";

// What went wrong with an account call (connection test, subscribe, templates), in words an owner can act
// on, always with Meta's code so it can be looked up.

export interface GraphProblem {
  code: number | null;
  message: string;
}

export function graphProblem(answer: GraphAnswer, lang: "es" | "en", subject = ""): GraphProblem {
  const error = parseGraphError(answer.status, answer.json);
  const code = error.code ?? null;
  const detail = error.details ?? error.message;
  const key =
    code === 190 || code === 0
      ? "whatsapp.errors.token"
      : code === 200 || code === 10 || code === 3 || (code !== null && code >= 200 && code < 300)
        ? "whatsapp.errors.permission"
        : code === 100 &&
            /unknown|does not exist|nonexisting|cannot be loaded|missing permissions/i.test(detail)
          ? "whatsapp.errors.wrongId"
          : code !== null && code >= 132000 && code < 133000
            ? "whatsapp.errors.template"
            : "whatsapp.errors.other";
  const words = translate(lang, key, { id: subject, detail });
  return { code, message: `${words} (${code === null ? `HTTP ${answer.status}` : `Meta ${code}`})` };
}

/** Why a message is held (stored as "held:<reason>"), in the agent's words. */
export function heldReasonText(stored: string | null, lang: "es" | "en"): string {
  const reason = stored?.startsWith("held:") ? stored.slice(5) : "";
  const key =
    reason === "announced"
      ? "whatsapp.held.announced"
      : reason === "closed_at_send"
        ? "whatsapp.held.closedAtSend"
        : "whatsapp.held.noTemplate";
  return translate(lang, key);
}
