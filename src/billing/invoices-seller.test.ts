import { afterEach, beforeEach, expect, it } from "vitest";
import { getSettings } from "../settings/settings.service.js";
import { describeEachDatabase, TestClock } from "../test/harness.js";
import {
  agreedEngagement,
  type BillingTest,
  call,
  closeApproved,
  startBillingServer,
} from "./billing.test-support.js";
import { pdfText } from "./pdf-text.test-support.js";

// Invoices a tax office accepts: the seller's legal name, address and tax id (settings) on the invoice and its
// PDF, as they were when it was issued.

describeEachDatabase("invoices carry the seller's legal details", (dialect) => {
  let t: BillingTest;
  beforeEach(async () => {
    t = await startBillingServer(dialect, new TestClock(new Date("2026-11-25T10:00:00Z")));
  });
  afterEach(async () => t.stop());

  async function setSeller(legalName: string, address: string, taxId: string) {
    const vendor = (await getSettings(t.server.ctx)).vendor;
    const res = await call(t, "PUT", "/api/v1/settings/vendor", { ...vendor, legalName, address, taxId });
    expect(res.status).toBe(200);
  }

  async function invoiced() {
    const { engagement } = await agreedEngagement(t);
    await call(t, "POST", `/api/v1/engagements/${engagement.id}/time-entries`, { minutes: 30, note: "Fix" });
    await closeApproved(t, engagement.id);
    const invoice = await call(t, "POST", `/api/v1/engagements/${engagement.id}/invoice`, {});
    expect(invoice.status).toBe(201);
    return invoice.body;
  }

  it("prints the seller's details, and an issued invoice keeps the ones it was issued with", async () => {
    await setSeller(
      "HuntBee Software Pvt. Ltd.",
      "12 MG Road, Kolkata 700001, India",
      "GSTIN 19ABCDE1234F1Z5",
    );
    const first = await invoiced();
    expect(first.vendor).toMatchObject({
      name: "HuntBee",
      legalName: "HuntBee Software Pvt. Ltd.",
      address: "12 MG Road, Kolkata 700001, India",
      taxId: "GSTIN 19ABCDE1234F1Z5",
    });
    const pdf = async (id: string) =>
      pdfText((await call(t, "GET", `/api/v1/invoices/${id}/pdf`)).raw.rawPayload);
    const text = await pdf(first.id);
    expect(text).toContain("HuntBee Software Pvt. Ltd.");
    expect(text).toContain("12 MG Road, Kolkata 700001, India");
    expect(text).toContain("Tax ID: GSTIN 19ABCDE1234F1Z5");

    await setSeller("HuntBee Global S.L.", "Calle Mayor 1, Madrid", "B12345678");
    const second = await invoiced();
    expect(second.vendor.legalName).toBe("HuntBee Global S.L.");
    expect(await pdf(second.id)).toContain("Tax ID: B12345678");
    const again = await pdf(first.id);
    expect(again).toContain("HuntBee Software Pvt. Ltd.");
    expect(again).not.toContain("HuntBee Global");
  });

  it("refuses over-long details, changing nothing", async () => {
    const vendor = (await getSettings(t.server.ctx)).vendor;
    const res = await call(t, "PUT", "/api/v1/settings/vendor", { ...vendor, taxId: "x".repeat(41) });
    expect(res.status).toBe(400);
    expect((await getSettings(t.server.ctx)).vendor.taxId).toBe("");
  });
});
