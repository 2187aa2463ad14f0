// Shared by the policy and inbox tests: customers with licenses, and customer messages through the real
// signed webhook route.
import { createCustomer, createLicense, createProduct, SYSTEM_ACTOR } from "../licenses/licenses.service.js";
import type { AppContext } from "../platform/context.js";
import type { BeedeskServer } from "../server.js";
import {
  buildButtonReplyPayload,
  buildListReplyPayload,
  buildTextPayload,
  FIXTURE,
} from "../whatsapp/fixtures.js";
import { postWebhook } from "../whatsapp/test-support.js";

export type Line = "presales" | "premium";

let counter = 0;
/** A wamid no other test message has. */
export function freshWamid(): string {
  counter += 1;
  return `wamid.TEST${Date.now().toString(36)}${counter.toString().padStart(6, "0")}`;
}

function numberOf(line: Line) {
  return {
    phoneNumberId: FIXTURE[line].phoneNumberId,
    displayPhoneNumber: FIXTURE[line].displayPhoneNumber,
  };
}

export interface Sent {
  from: string;
  line?: Line;
  name?: string;
  wamid?: string;
  /** Defaults to the server's clock. */
  at?: Date;
}

async function post(server: BeedeskServer, body: unknown): Promise<void> {
  const res = await postWebhook(server, body);
  if (res.statusCode !== 200) throw new Error(`webhook answered ${res.statusCode}: ${res.body}`);
}

/** The customer writes a text. Returns the wamid (post it again to simulate a duplicate delivery). */
export async function customerSays(server: BeedeskServer, text: string, s: Sent): Promise<string> {
  const wamid = s.wamid ?? freshWamid();
  await post(
    server,
    buildTextPayload({
      ...numberOf(s.line ?? "presales"),
      from: s.from,
      name: s.name,
      wamid,
      text,
      timestamp: s.at ?? server.ctx.clock.now(),
    }),
  );
  return wamid;
}

export async function customerTaps(server: BeedeskServer, button: { id: string; title: string }, s: Sent) {
  const wamid = s.wamid ?? freshWamid();
  await post(
    server,
    buildButtonReplyPayload({
      ...numberOf(s.line ?? "presales"),
      from: s.from,
      name: s.name,
      wamid,
      ...button,
      timestamp: s.at ?? server.ctx.clock.now(),
    }),
  );
  return wamid;
}

export async function customerPicks(server: BeedeskServer, row: { id: string; title: string }, s: Sent) {
  const wamid = s.wamid ?? freshWamid();
  await post(
    server,
    buildListReplyPayload({
      ...numberOf(s.line ?? "premium"),
      from: s.from,
      name: s.name,
      wamid,
      ...row,
      timestamp: s.at ?? server.ctx.clock.now(),
    }),
  );
  return wamid;
}

/** A customer (with that phone) holding licenses for the named products, each with its last day of support. */
export async function customerWithLicenses(
  ctx: AppContext,
  input: {
    email: string;
    name: string;
    phone?: string;
    licenses: { product: string; supportUntil: string; status?: "active" | "revoked" | "refunded" }[];
  },
) {
  const customer = await createCustomer(
    ctx,
    { email: input.email, name: input.name, phones: input.phone ? [input.phone] : [] },
    SYSTEM_ACTOR,
  );
  const keys: string[] = [];
  for (const [i, l] of input.licenses.entries()) {
    counter += 1;
    const sku = `T${counter}`;
    const product = await createProduct(ctx, { sku, name: l.product }, SYSTEM_ACTOR);
    const { license } = await createLicense(
      ctx,
      {
        customerId: customer.id,
        productId: product.id,
        purchaseDate: "2025-01-01",
        supportUntil: l.supportUntil,
        status: l.status ?? "active",
        orderRef: `ORD-${counter}-${i}`,
      },
      SYSTEM_ACTOR,
    );
    keys.push(license.key);
  }
  return { customer, keys };
}
