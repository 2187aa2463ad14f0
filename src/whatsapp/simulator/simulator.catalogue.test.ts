import { afterAll, beforeAll, expect, it } from "vitest";
import { seedLicensesDemo } from "../../licenses/licenses.demo.js";
import { describeEachDatabase, signInCookie, type TestServer } from "../../test/harness.js";
import { testHttp } from "../../test/http.js";
import { CATALOGUE_QUESTIONS } from "./catalogue-questions.js";
import {
  businessMessagesTo,
  nextBusinessMessage,
  personaSends,
  startSimulatorServer,
  textOf,
} from "./simulator.testing.js";

// The issue's "done when", in the simulator with the demo catalogue: the pre-sales personas' questions, sent
// over HTTP as signed webhooks, answered (or left to an agent) through the fake Graph API.

describeEachDatabase("the simulator's pre-sales personas ask the catalogue", (dialect) => {
  let t: TestServer & { url: string };
  const http = testHttp(() => t.server);
  beforeAll(async () => {
    t = await startSimulatorServer(dialect);
    await seedLicensesDemo(t.server.ctx);
  });
  afterAll(async () => t?.close());

  const answerTo = async (persona: string, text: string, expected: string) => {
    const reply = nextBusinessMessage(t.server, persona, {
      timeoutMs: 15_000,
      match: (m) => textOf(m).includes(expected),
    });
    await personaSends(t.server, persona, text);
    return textOf(await reply);
  };

  it("answers yes with the demo link in Spanish, then no with the supported versions for a follow-up in English", async () => {
    const [yes] = CATALOGUE_QUESTIONS.es;
    const es = await answerTo("carlos", yes!, "Sí: PDF Invoice Pro funciona con OpenCart 4.0.2.3.");
    expect(es).toContain("Prueba la demo: https://demo.huntbee.com/pdf-invoice-pro");

    await answerTo("john", CATALOGUE_QUESTIONS.en[0]!, "Yes: PDF Invoice Pro works with OpenCart 4.0.2.3.");
    const no = await answerTo(
      "john",
      "Does it work with 1.5.6.4?",
      "OpenCart 1.5.6.4 is not among the versions PDF Invoice Pro is listed for",
    );
    expect(no).toContain("Supported versions: 3.0 and 4.0.");
    expect(no).not.toMatch(/\bYes\b/);
  });

  it("leaves a question about a product the vendor does not sell to an agent, with a suggestion", async () => {
    const question = CATALOGUE_QUESTIONS.en.at(-1)!;
    const before = businessMessagesTo(t.server, "john").length;
    await personaSends(t.server, "john", question);
    const owner = await signInCookie(t.server);
    const find = async () => {
      const list = await http.get("/api/v1/conversations?needsReply=true", owner);
      const c = (list.json().data as { id: string; contact: { waId: string } }[]).find(
        (x) => x.contact.waId === "447700900123",
      );
      if (!c) return undefined;
      const thread = await http.get(`/api/v1/conversations/${c.id}/messages`, owner);
      return (thread.json().data as { text: string; automatic: { suggestion: string | null } | null }[]).find(
        (m) => m.text === question,
      )?.automatic;
    };
    await expect.poll(find, { timeout: 15_000 }).toMatchObject({ answered: false, whyNot: "no_product" });
    expect((await find())?.suggestion).toContain("Which of our extensions do you mean");
    // Nothing automatic answered it (the greeting went out earlier, within the cooldown).
    expect(businessMessagesTo(t.server, "john").length).toBe(before);
  });
});
