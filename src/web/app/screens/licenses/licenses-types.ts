import type { MouseEvent } from "react";
import { navigate } from "../../router.js";

export type {
  AuditEntry,
  Customer,
  CustomerListItem,
  License,
  LicenseDetail,
  LicenseListItem,
  Product,
  Support,
} from "../../api-types.js";

/** An in-app link: the router handles it, a middle click still opens a tab. */
export function go(event: MouseEvent<HTMLAnchorElement>, to: string): void {
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  navigate(to);
}

export function when(iso: string): string {
  return new Date(iso).toLocaleString(document.documentElement.lang || undefined, {
    dateStyle: "medium",
    timeStyle: "short",
  });
}
