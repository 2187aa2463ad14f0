// npm run bench:catalogue: the pre-sales catalogue recogniser on its held-out examples (policy/catalogue),
// printed, never failing. Wrong answers (sent when a person should answer, or about the wrong product) are
// the costly mistake; missed ones only leave a question to a person.

import { CATALOGUE_HOLDOUT } from "../src/policy/catalogue/catalogue.holdout.js";
import { measureCatalogue } from "../src/policy/catalogue/catalogue.js";
import { TEST_CATALOGUE } from "../src/policy/catalogue/catalogue.test-support.js";

const r = measureCatalogue(CATALOGUE_HOLDOUT, TEST_CATALOGUE);
const pct = (n: number) => `${((100 * n) / r.total).toFixed(1)} %`;
console.log(`Catalogue recogniser, ${r.total} held-out questions (es/en):`);
console.log(
  `  right ${r.correct} (${pct(r.correct)}), wrong answers sent ${r.wrongAnswers}, left to a person ${r.missed}`,
);
for (const f of r.failures) console.log(`  - ${f}`);
console.log(`bar catalogue_accuracy: ${pct(r.correct)}`);
