import fs from "node:fs";
import path from "node:path";
import {
  agreedEngagement,
  type BillingTest,
  call,
  closeApproved,
  OWNER,
  QUOTE,
} from "../billing/billing.test-support.js";
import { localStorageFor } from "../platform/storage.js";
import { checkUploads, uploadFromBuffer } from "../tickets/attachments.js";
import { replyAsAgent } from "../tickets/ticket-replies.service.js";
import { buildPortalWorld, TINY_PNG } from "../tickets/tickets.factories.js";
import { openTicket } from "../tickets/tickets.service.js";
import { listUsers } from "../users/users.service.js";

// Data of every kind for the backup and data-rights suites: customers and licenses, a ticket with an
// attachment and sealed store credentials, a premium engagement invoiced, WhatsApp media on disk.

export const MEDIA_KEY = "drill/photo.png";

export async function seedEveryKind(t: BillingTest) {
  const ctx = t.server.ctx;
  const world = await buildPortalWorld(ctx);
  const ticket = await openTicket(
    ctx,
    { type: "customer", customerId: world.alice.id },
    {
      customerId: world.alice.id,
      licenseId: world.aliceActive.id,
      category: "installation",
      subject: "The filter does not show",
      description: "Installed and refreshed, the filter block is missing.",
      storeUrl: "https://alice.example.com",
      opencartVersion: "4.0.2.3",
      phpVersion: "8.2",
      language: "en",
      credentials: {
        adminUrl: "https://alice.example.com/admin",
        adminUser: "alice",
        adminPassword: "s3cret-pw",
        ftp: "",
      },
      files: checkUploads([uploadFromBuffer(ctx.config.dataDir, "screen.png", TINY_PNG)]),
    },
  );
  const owner = (await listUsers(ctx.db.kysely)).find((u) => u.email === OWNER.email);
  if (!owner) throw new Error("no owner");
  await replyAsAgent(ctx, owner, ticket.id, { text: "Enable the module under Extensions.", internal: false });
  const made = await agreedEngagement(t, { ...QUOTE, capHours: 10 });
  const entry = await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/time-entries`, {
    minutes: 45,
    note: "Fixed the payment module",
  });
  if (entry.status !== 201) throw new Error(`time entry: ${entry.status}`);
  if ((await closeApproved(t, made.engagement.id)).status !== 200) throw new Error("close failed");
  const invoice = await call(t, "POST", `/api/v1/engagements/${made.engagement.id}/invoice`, {});
  if (invoice.status !== 201 && invoice.status !== 200) throw new Error(`invoice: ${invoice.status}`);
  await localStorageFor(t.config.dataDir, "media").put(MEDIA_KEY, TINY_PNG);
  return { world, ticket, engagement: made, invoiceId: invoice.body.id as string };
}

/** Every file under a folder, by relative path, with its bytes. */
export function filesUnder(dir: string): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else found.set(path.relative(dir, full), fs.readFileSync(full));
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return found;
}
