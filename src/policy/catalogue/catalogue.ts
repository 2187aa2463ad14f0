/**
 * The catalogue's answer to one pre-sales message: only for a message the intent classifier does not read as
 * post-purchase support or paid help (those follow the policy's redirect), then recognised and answered
 * from the facts. Pure; the policy carries the result out.
 */
import type { Language } from "../../settings/settings.schema.js";
import { classifyIntent } from "../intent.js";
import { answer, type CatalogueAnswer, type CatalogueFacts } from "./answer.js";
import type { CatalogueExample } from "./catalogue.holdout.js";
import { recognise } from "./recognise.js";

export function answerFromCatalogue(
  text: string,
  language: Language,
  catalogue: CatalogueFacts[],
  contextProductId?: string,
): CatalogueAnswer {
  const { intent } = classifyIntent(text);
  if (intent === "support" || intent === "premium") {
    return { send: false, whyNot: "not_a_catalogue_question", kinds: [], facts: [], confidence: 0 };
  }
  return answer(recognise(text, catalogue, contextProductId), catalogue, language);
}

export interface CatalogueAccuracy {
  total: number;
  /** Sent when it should, about the right product and kinds; or held back when it should. */
  correct: number;
  /** Sent when a person should have answered, or about the wrong product or kind: the costly mistake. */
  wrongAnswers: number;
  /** Held back although the catalogue could answer: a question left to a person. */
  missed: number;
  failures: string[];
}

/** How the recogniser does on labelled examples. */
export function measureCatalogue(
  examples: readonly CatalogueExample[],
  catalogue: CatalogueFacts[],
): CatalogueAccuracy {
  const result: CatalogueAccuracy = {
    total: examples.length,
    correct: 0,
    wrongAnswers: 0,
    missed: 0,
    failures: [],
  };
  for (const e of examples) {
    const a = answerFromCatalogue(e.text, e.lang, catalogue, e.context);
    const right =
      a.send === e.send &&
      (!e.send || (a.productId === e.product && JSON.stringify(a.kinds) === JSON.stringify(e.kinds)));
    if (right) result.correct++;
    else {
      if (a.send) result.wrongAnswers++;
      else result.missed++;
      result.failures.push(
        `${e.text} → ${a.send ? `sent ${a.productId} ${a.kinds.join("+")}` : `held (${a.whyNot})`}`,
      );
    }
  }
  return result;
}
