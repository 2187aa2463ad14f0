import type { MouseEvent } from "react";
import { navigate } from "../../router.js";

export type LicenseStatus = "active" | "revoked" | "refunded";

export interface Support {
  active: boolean;
  reason: "active" | "expired" | "revoked" | "refunded";
  supportUntil: string;
  daysLeft: number;
}

export interface License {
  id: string;
  key: string;
  customerId: string;
  productId: string;
  productSku: string;
  productName: string;
  orderRef: string | null;
  source: string;
  purchaseDate: string;
  supportUntil: string;
  status: LicenseStatus;
  domains: string[];
  support: Support;
  createdAt: string;
  updatedAt: string;
}

export interface LicenseListItem extends License {
  customerName: string;
  customerEmail: string;
}

export interface Customer {
  id: string;
  email: string;
  name: string;
  language: string;
  notes: string;
  phones: string[];
  createdAt: string;
  updatedAt: string;
}

export interface CustomerListItem extends Customer {
  licenseCount: number;
  activeLicenseCount: number;
}

export interface Product {
  id: string;
  sku: string;
  name: string;
  platformVersions: string[];
  supportMonths: number;
  storeUrl: string;
  demoUrl: string;
}

export interface AuditEntry {
  id: string;
  actorType: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  details: Record<string, unknown>;
  at: string;
}

export interface LicenseDetail extends License {
  customer: Customer;
  audit: AuditEntry[];
  refundWindowLastDay: string;
}

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
