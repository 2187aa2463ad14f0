import type { ComponentType } from "react";
import type { MessageKey } from "../../platform/i18n/i18n.js";
import { HomeScreen } from "./screens/HomeScreen.js";
import { SettingsScreen } from "./screens/SettingsScreen.js";
import type { SessionUser } from "./types.js";

export interface Screen {
  path: string;
  label: MessageKey;
  ownerOnly?: boolean;
  component: ComponentType<{ user: SessionUser; path: string }>;
}

/** The navigation: one entry per working screen (no placeholders). */
export const screens: Screen[] = [
  { path: "/app", label: "app.nav.home", component: HomeScreen },
  { path: "/app/settings", label: "app.nav.settings", ownerOnly: true, component: SettingsScreen },
];
