import { afterAll, beforeAll, expect, it } from "vitest";
import { customerSays } from "../policy/policy.test-support.js";
import { describeEachDatabase, signInCookie, startTestServer, type TestServer } from "../test/harness.js";
import { testHttp } from "../test/http.js";
import { whatsappEnv } from "../whatsapp/test-support.js";

// Issue 14, linking: a customer saved with a phone links the WhatsApp contact on that number (with an undo),
// and a contact linked to a customer adds its number to the customer's phones; both databases.

describeEachDatabase("customers and WhatsApp contacts linked by phone", (dialect) => {
  let t: TestServer;
  let owner: string;
  const http = testHttp(() => t.server);

  beforeAll(async () => {
    t = await startTestServer(dialect, { env: whatsappEnv(), worker: false });
    owner = await signInCookie(t.server);
  });
  afterAll(async () => t?.close());

  async function conversationOf(waId: string) {
    const list = await http.get("/api/v1/conversations", owner);
    const c = (list.json().data as { id: string; contact: { id: string; waId: string } }[]).find(
      (x) => x.contact.waId === waId,
    );
    if (!c) throw new Error("no conversation");
    return c;
  }
  const panel = async (id: string) => (await http.get(`/api/v1/conversations/${id}/customer`, owner)).json();

  it("links the contact on a new customer's phone, undoes it, and links again when the phone is saved", async () => {
    await customerSays(t.server, "Hola, compré el filtro", { from: "34611222333" });
    const conversation = await conversationOf("34611222333");
    expect((await panel(conversation.id)).customer).toBeNull();

    const made = await http.post("/api/v1/customers", owner, {
      email: "rosa@example.com",
      name: "Rosa Díaz",
      phones: ["+34 611 222 333"],
    });
    expect(made.statusCode).toBe(201);
    const customer = made.json() as { id: string; linkedContacts: { id: string; waId: string }[] };
    expect(customer.linkedContacts).toEqual([
      expect.objectContaining({ id: conversation.contact.id, waId: "34611222333" }),
    ]);
    expect((await panel(conversation.id)).customer).toMatchObject({ id: customer.id, name: "Rosa Díaz" });

    const undo = await http.delete(
      `/api/v1/customers/${customer.id}/contacts/${conversation.contact.id}`,
      owner,
    );
    expect(undo.statusCode).toBe(204);
    expect((await panel(conversation.id)).customer).toBeNull();
    expect((await http.delete(`/api/v1/customers/${customer.id}/contacts/nope`, owner)).statusCode).toBe(404);

    // Saving the customer's phones again links it again; saving other details does not.
    const notes = await http.patch(`/api/v1/customers/${customer.id}`, owner, { notes: "VIP" });
    expect(notes.json().linkedContacts).toEqual([]);
    expect((await panel(conversation.id)).customer).toBeNull();
    const phones = await http.patch(`/api/v1/customers/${customer.id}`, owner, { phones: ["+34611222333"] });
    expect(phones.statusCode).toBe(200);
    expect(phones.json().linkedContacts).toHaveLength(1);
    expect((await panel(conversation.id)).customer).toMatchObject({ id: customer.id });
  });

  it("never takes a contact another customer has", async () => {
    await customerSays(t.server, "Hello", { from: "447700900777" });
    const conversation = await conversationOf("447700900777");
    const first = (
      await http.post("/api/v1/customers", owner, { email: "first@example.com", name: "First" })
    ).json();
    expect(
      (
        await http.post(`/api/v1/conversations/${conversation.id}/link`, owner, {
          email: "first@example.com",
        })
      ).statusCode,
    ).toBe(200);
    // The link added the number to First's phones, so a second customer cannot have it (409)...
    const second = await http.post("/api/v1/customers", owner, {
      email: "second@example.com",
      name: "Second",
      phones: ["+44 7700 900777"],
    });
    expect(second.statusCode).toBe(409);
    expect((await panel(conversation.id)).customer).toMatchObject({ id: first.id });
  });

  it("adds a linked contact's number to the customer's phones, once", async () => {
    await customerSays(t.server, "Hi there", { from: "447700900888" });
    const conversation = await conversationOf("447700900888");
    const c = (
      await http.post("/api/v1/customers", owner, { email: "liam@example.com", name: "Liam" })
    ).json();
    const linked = await http.post(`/api/v1/conversations/${conversation.id}/link`, owner, {
      email: "liam@example.com",
    });
    expect(linked.statusCode).toBe(200);
    expect(linked.json().phoneAdded).toBe("+447700900888");
    const customer = (await http.get(`/api/v1/customers/${c.id}`, owner)).json() as { phones: string[] };
    expect(customer.phones.map((p) => p.replace(/\D/g, ""))).toEqual(["447700900888"]);
    const again = await http.post(`/api/v1/conversations/${conversation.id}/link`, owner, {
      email: "liam@example.com",
    });
    expect(again.json().phoneAdded).toBeNull();
  });
});
