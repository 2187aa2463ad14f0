// The shapes of the billing API as the agent app reads them (billing.schema.ts is the source).

export type EngagementState =
  | "requested"
  | "quoted"
  | "agreed"
  | "in_progress"
  | "closed"
  | "invoiced"
  | "paid"
  | "declined"
  | "cancelled";

export const ENGAGEMENT_STATES: EngagementState[] = [
  "requested",
  "quoted",
  "agreed",
  "in_progress",
  "closed",
  "invoiced",
  "paid",
  "declined",
  "cancelled",
];

export type ServiceType = "consultation" | "technical_support" | "urgent_critical";
export const SERVICE_TYPES: ServiceType[] = ["consultation", "technical_support", "urgent_critical"];

export interface EngagementSummary {
  id: string;
  state: EngagementState;
  serviceType: ServiceType;
  language: "es" | "en";
  conversationId: string;
  contact: { id: string; name: string; waId: string | null; language: string | null };
  customer: { id: string; name: string; email: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface Quote {
  id: string;
  code: string;
  kind: "initial" | "extension";
  status: "open" | "accepted" | "declined" | "superseded" | "cancelled";
  serviceType: ServiceType;
  hourlyRateCents: number;
  cardRateCents: number;
  rateOverridden: boolean;
  currency: string;
  incrementMinutes: number;
  minimumMinutes: number;
  estimateMinutes: number;
  capMinutes: number;
  termsText: string;
  termsSha256: string;
  createdAt: string;
}

export interface Agreement {
  id: string;
  quoteId: string;
  quoteCode: string;
  termsText: string;
  termsSha256: string;
  rateCardVersion: string;
  serviceType: ServiceType;
  hourlyRateCents: number;
  currency: string;
  incrementMinutes: number;
  minimumMinutes: number;
  capMinutes: number;
  acceptedWamid: string;
  acceptedAt: string;
  senderWaId: string;
  via: "button" | "text";
  hashVerified: boolean;
}

export interface TimeEntry {
  id: string;
  userId: string;
  userName: string;
  minutes: number;
  note: string;
  source: "manual" | "timer";
  startedAt: string | null;
  locked: boolean;
  createdAt: string;
}

export interface RunningTimer {
  userId: string;
  userName: string;
  engagementId: string;
  startedAt: string;
  elapsedMinutes: number;
}

export interface Cap {
  capMinutes: number;
  usedMinutes: number;
  remainingMinutes: number;
  ratio: number;
  warn: boolean;
  reached: boolean;
}

export interface Invoice {
  id: string;
  kind: "invoice" | "credit_note";
  number: string;
  status: "unpaid" | "paid" | "credited";
  totalCents: number;
  currency: string;
  paymentUrl: string;
  issuedAt: string;
  paidAt: string | null;
  reason: string;
  pdfUrl: string;
}

export interface EngagementEvent {
  id: string;
  action: string;
  fromState: string | null;
  toState: string;
  actorType: string;
  at: string;
}

export interface EngagementDetail extends EngagementSummary {
  quotes: Quote[];
  currentQuote: Quote | null;
  agreement: Agreement | null;
  agreements: Agreement[];
  timeEntries: TimeEntry[];
  runningTimers: RunningTimer[];
  cap: Cap | null;
  invoice: Invoice | null;
  invoices: Invoice[];
  events: EngagementEvent[];
  allowedActions: string[];
  rateCard: {
    currency: string;
    hourly: Record<ServiceType, number>;
    incrementMinutes: number;
    minimumMinutes: number;
  };
}

/** "1 h 15 min", "40 min". */
export function duration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

export function dateTime(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}
