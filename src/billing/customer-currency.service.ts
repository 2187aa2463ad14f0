import type { Kysely } from "kysely";
import { findCustomerById } from "../licenses/licenses.service.js";
import type { Database } from "../platform/db/schema.js";
import type { Settings } from "../settings/settings.schema.js";
import { type CurrencySource, chooseCurrency } from "./customer-currency.js";
import type { Engagement } from "./engagements.repository.js";
import { findPremiumContact } from "./premium-channel.js";

/**
 * The currency an engagement's quote is offered in unless the agent picks another: the customer's own (the
 * engagement's customer, else the contact's), else by the WhatsApp number's country, else the default card.
 */
export async function engagementCurrency(
  db: Kysely<Database>,
  settings: Settings,
  engagement: Engagement,
): Promise<{ currency: string; source: CurrencySource }> {
  const contact = await findPremiumContact(db, engagement.contactId);
  const customerId = engagement.customerId ?? contact?.customerId ?? null;
  const customer = customerId ? await findCustomerById(db, customerId) : undefined;
  return chooseCurrency({
    customerCurrency: customer?.currency,
    phone: contact?.waId ?? engagement.contactWaId,
    defaultCurrency: settings.rates.currency,
    cardCurrencies: settings.rates.cards.map((c) => c.currency),
  });
}
