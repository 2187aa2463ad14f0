import type { ComponentType } from "react";
import type { MessageKey } from "../../platform/i18n/i18n.js";
import type { SessionUser } from "./api-types.js";
import { HomeScreen } from "./screens/HomeScreen.js";
import { InboxScreen } from "./screens/InboxScreen.js";
import { CustomersScreen } from "./screens/licenses/CustomersScreen.js";
import { LicensesScreen } from "./screens/licenses/LicensesScreen.js";
import { ProductsScreen } from "./screens/licenses/ProductsScreen.js";
import { PremiumScreen, premiumAvailable } from "./screens/premium/PremiumScreen.js";
import { ReportsScreen } from "./screens/reports/ReportsScreen.js";
import { SettingsScreen } from "./screens/SettingsScreen.js";
import { DevMailScreen, devMailAvailable } from "./screens/tickets/DevMailScreen.js";
import { TicketsScreen } from "./screens/tickets/TicketsScreen.js";

export interface Screen {
  path: string;
  label: MessageKey;
  ownerOnly?: boolean;
  component: ComponentType<{ user: SessionUser; path: string; onUser?: (user: SessionUser) => void }>;
  /** Asked once after sign-in; the screen is listed only when it resolves true (e.g. the dev mail viewer). */
  available?: () => Promise<boolean>;
}

/** The navigation: one entry per working screen (no placeholders). */
export const screens: Screen[] = [
  { path: "/app", label: "app.nav.home", component: HomeScreen },
  { path: "/app/inbox", label: "inbox.nav", component: InboxScreen },
  { path: "/app/tickets", label: "tickets.nav.tickets", component: TicketsScreen },
  { path: "/app/premium", label: "billing.app.nav", component: PremiumScreen, available: premiumAvailable },
  { path: "/app/customers", label: "licenses.nav.customers", component: CustomersScreen },
  { path: "/app/licenses", label: "licenses.nav.licenses", component: LicensesScreen },
  { path: "/app/products", label: "licenses.nav.products", component: ProductsScreen },
  { path: "/app/reports", label: "reports.nav", component: ReportsScreen },
  { path: "/app/mail", label: "tickets.nav.devMail", component: DevMailScreen, available: devMailAvailable },
  { path: "/app/settings", label: "app.nav.settings", ownerOnly: true, component: SettingsScreen },
];
