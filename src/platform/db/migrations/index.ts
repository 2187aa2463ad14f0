import type { Migration } from "kysely";
import * as m20261125T1200 from "./20261125T1200_foundation.js";
import * as m20261125T1300 from "./20261125T1300_customers_licenses.js";
import * as m20261125T1400 from "./20261125T1400_whatsapp.js";
import * as m20261125T1420 from "./20261125T1420_licenses_extra.js";
import * as m20261125T1430 from "./20261125T1430_tickets.js";
import * as m20261125T1440 from "./20261125T1440_billing.js";
import * as m20261125T1441 from "./20261125T1441_billing_inbound.js";
import * as m20261125T1600 from "./20261125T1600_policy_inbox.js";
import * as m20261125T1700 from "./20261125T1700_search_index_deferred.js";
import * as m20261203T0700 from "./20261203T0700_mail_headers.js";
import * as m20261203T0710 from "./20261203T0710_mail_in.js";
import * as m20261203T0720 from "./20261203T0720_rate_limits.js";
import * as m20261203T0740 from "./20261203T0740_erasure.js";
import * as m20261203T0900 from "./20261203T0900_retention.js";
import * as m20261203T1030 from "./20261203T1030_catalogue.js";
import * as m20261203T1100 from "./20261203T1100_whatsapp_fidelity.js";
import * as m20261203T1130 from "./20261203T1130_whatsapp_connect.js";
import * as m20261203T1140 from "./20261203T1140_billing_deposits.js";
import * as m20261203T1310 from "./20261203T1310_whatsapp_profile.js";
import * as m20261203T1317 from "./20261203T1317_scale_out.js";
import * as m20261203T1320 from "./20261203T1320_catalogue_answers.js";
import * as m20261203T1330 from "./20261203T1330_billing_reviews.js";
import * as m20261203T1335 from "./20261203T1335_stripe_checkout.js";
import * as m20261203T1340 from "./20261203T1340_onboarding.js";
import * as m20261203T1510 from "./20261203T1510_search_by_conversation.js";
import * as m20261203T1620 from "./20261203T1620_job_priority.js";
import * as m20261203T1640 from "./20261203T1640_search_accents.js";
import * as m20261203T1700 from "./20261203T1700_customer_currency.js";
import * as m20261203T1705 from "./20261203T1705_customer_credits.js";

/** Every migration, by timestamped name. Append only; never edit one that has landed. */
export const migrations: Record<string, Migration> = {
  "20261125T1200_foundation": m20261125T1200,
  "20261125T1300_customers_licenses": m20261125T1300,
  "20261125T1400_whatsapp": m20261125T1400,
  "20261125T1420_licenses_extra": m20261125T1420,
  "20261125T1430_tickets": m20261125T1430,
  "20261125T1440_billing": m20261125T1440,
  "20261125T1441_billing_inbound": m20261125T1441,
  "20261125T1600_policy_inbox": m20261125T1600,
  "20261125T1700_search_index_deferred": m20261125T1700,
  "20261203T0700_mail_headers": m20261203T0700,
  "20261203T0710_mail_in": m20261203T0710,
  "20261203T0720_rate_limits": m20261203T0720,
  "20261203T0740_erasure": m20261203T0740,
  "20261203T0900_retention": m20261203T0900,
  "20261203T1030_catalogue": m20261203T1030,
  "20261203T1100_whatsapp_fidelity": m20261203T1100,
  "20261203T1130_whatsapp_connect": m20261203T1130,
  "20261203T1140_billing_deposits": m20261203T1140,
  "20261203T1310_whatsapp_profile": m20261203T1310,
  "20261203T1317_scale_out": m20261203T1317,
  "20261203T1320_catalogue_answers": m20261203T1320,
  "20261203T1330_billing_reviews": m20261203T1330,
  "20261203T1335_stripe_checkout": m20261203T1335,
  "20261203T1340_onboarding": m20261203T1340,
  "20261203T1510_search_by_conversation": m20261203T1510,
  "20261203T1620_job_priority": m20261203T1620,
  "20261203T1640_search_accents": m20261203T1640,
  "20261203T1700_customer_currency": m20261203T1700,
  "20261203T1705_customer_credits": m20261203T1705,
};
