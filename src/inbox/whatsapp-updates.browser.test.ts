import { expect, it } from "vitest";
import { browserSuite, describeBrowser, signInWithForm } from "../test/browser.js";
import {
  businessMessagesTo,
  personaDoes,
  personaSends,
  startSimulatorServer,
  waitForBusinessMessage,
} from "../whatsapp/simulator/simulator.testing.js";

// What WhatsApp shows, shown to the agent: a persona on the simulator reacts, edits, deletes, shares a contact,
// an order and a location, and writes from an ad; the agent sees each on the right bubble and reacts back.

describeBrowser("WhatsApp updates in the agent app", () => {
  const suite = browserSuite(() => startSimulatorServer("sqlite", { demo: true }));

  it("shows reactions, edits, deletions and rich content on the bubbles, and lets the agent react", async () => {
    const { message: question } = await personaSends(
      suite.t.server,
      "john",
      "Does the filter module support OpenCart 4?",
    );
    await waitForBusinessMessage(suite.t.server, "john", { timeoutMs: 15_000 });
    const update = (kind: string, extra: Record<string, string> = {}) =>
      personaDoes(suite.t.server, "john", { type: "update", kind, ...extra } as never);
    await update("reaction", { messageId: question.id, emoji: "👍" });
    await update("edit", { messageId: question.id, text: "Does the filter module support OpenCart 4.1?" });
    for (const kind of ["contacts", "order", "location", "ad_referral"]) await update(kind);
    const { message: oops } = await personaSends(suite.t.server, "john", "my card number is 4111 1111");
    await update("revoke", { messageId: oops.id });

    const page = await suite.browser.newPage({ locale: "en-US" });
    page.setDefaultTimeout(10_000);
    await signInWithForm(page, `${suite.t.url}/app/inbox`);
    await page.getByRole("link", { name: /John Carter/ }).click();
    const thread = page.getByRole("article", { name: "John Carter" });

    // The edit replaced the text; the earlier one is kept behind "edited"; the reaction sits on that bubble.
    const edited = thread.locator(".wa-bubble", { hasText: "support OpenCart 4.1?" });
    await edited.waitFor();
    expect(await edited.locator(".reactions").textContent()).toBe("👍");
    await edited.getByText("edited", { exact: true }).click();
    await edited.getByText("Does the filter module support OpenCart 4?", { exact: true }).waitFor();
    expect(await thread.locator(".wa-bubble", { hasText: "👍" }).count()).toBe(1); // not a bubble of its own

    // Rich content.
    const chat = thread.getByRole("link", { name: "Chat on WhatsApp" }).first();
    expect(await chat.getAttribute("href")).toBe("https://wa.me/34600111222");
    await thread.getByText("Total: €138.00").waitFor();
    await thread.getByText("Head office").waitFor();
    expect(await thread.getByRole("link", { name: "Open the map" }).getAttribute("href")).toContain(
      "mlat=40.4168",
    );
    await thread.getByText("Came from an ad").waitFor();
    await thread.getByText("Advanced filters for OpenCart").waitFor();

    // Deleted by the customer: the owner still sees the original, marked.
    const deleted = thread.locator(".wa-bubble", { hasText: "4111" });
    await deleted.getByText("Deleted by the customer; only the owner sees the original below.").waitFor();

    // The agent reacts back: the emoji shows on the bubble and reaches the customer's phone.
    await edited.getByRole("button", { name: /React/ }).click();
    await edited.getByRole("button", { name: "React with ❤️" }).click();
    await expect.poll(() => edited.locator(".reactions").textContent()).toBe("👍❤️");
    await expect
      .poll(() => businessMessagesTo(suite.t.server, "john").some((m) => m.content.type === "reaction"))
      .toBe(true);
    await page.close();
  });
});
