import type { CloudApi, GraphAnswer } from "./cloud-api.js";

// The Graph API calls about the account rather than a message: a number's fields, the app's webhook
// subscription on the WABA, and the WABA's message templates. Each returns Meta's answer as it came and,
// when it is a success, the parsed part.

export interface PhoneNumberInfo {
  displayPhoneNumber: string | null;
  verifiedName: string | null;
  qualityRating: string | null;
  messagingLimitTier: string | null;
  nameStatus: string | null;
}

const PHONE_FIELDS =
  "display_phone_number,verified_name,quality_rating,messaging_limit_tier,name_status,throughput";

function str(v: unknown): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}

function ok(answer: GraphAnswer): boolean {
  return answer.status >= 200 && answer.status < 300;
}

/** GET /{phone-number-id}?fields=…: what WhatsApp shows about the number. */
export async function readPhoneNumber(
  api: CloudApi,
  phoneNumberId: string,
): Promise<{ answer: GraphAnswer; info?: PhoneNumberInfo }> {
  const answer = await api.call("GET", `${encodeURIComponent(phoneNumberId)}?fields=${PHONE_FIELDS}`);
  const json = answer.json as Record<string, unknown> | undefined;
  if (!ok(answer) || !json || typeof json !== "object") return { answer };
  return {
    answer,
    info: {
      displayPhoneNumber: str(json.display_phone_number),
      verifiedName: str(json.verified_name),
      qualityRating: str(json.quality_rating),
      messagingLimitTier: str(json.messaging_limit_tier),
      nameStatus: str(json.name_status),
    },
  };
}

/** POST /{waba-id}/subscribed_apps: this app receives the WABA's webhooks. */
export async function subscribeApp(api: CloudApi, wabaId: string): Promise<GraphAnswer> {
  return api.call("POST", `${encodeURIComponent(wabaId)}/subscribed_apps`);
}

/** GET /{waba-id}/subscribed_apps: true when some app (ours, with this token) is subscribed. */
export async function readSubscribed(
  api: CloudApi,
  wabaId: string,
): Promise<{ answer: GraphAnswer; subscribed?: boolean }> {
  const answer = await api.call("GET", `${encodeURIComponent(wabaId)}/subscribed_apps`);
  const data = (answer.json as { data?: unknown } | undefined)?.data;
  if (!ok(answer) || !Array.isArray(data)) return { answer };
  return { answer, subscribed: data.length > 0 };
}

export interface GraphTemplate {
  id: string | null;
  name: string;
  language: string;
  status: string;
  category: string;
  components: unknown[];
  rejectedReason: string | null;
}

const TEMPLATE_FIELDS = "id,name,language,status,category,components,rejected_reason";
const MAX_PAGES = 50;

/** GET /{waba-id}/message_templates, following the cursor pages. */
export async function fetchTemplates(
  api: CloudApi,
  wabaId: string,
): Promise<{ answer: GraphAnswer; templates?: GraphTemplate[] }> {
  const templates: GraphTemplate[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const cursor = after ? `&after=${encodeURIComponent(after)}` : "";
    const answer = await api.call(
      "GET",
      `${encodeURIComponent(wabaId)}/message_templates?fields=${TEMPLATE_FIELDS}&limit=100${cursor}`,
    );
    const json = answer.json as
      | { data?: unknown; paging?: { cursors?: { after?: unknown }; next?: unknown } }
      | undefined;
    if (!ok(answer) || !Array.isArray(json?.data)) return { answer };
    for (const raw of json.data) {
      const t = parseTemplate(raw);
      if (t) templates.push(t);
    }
    const next = json.paging?.cursors?.after;
    if (typeof json.paging?.next !== "string" || typeof next !== "string") return { answer, templates };
    after = next;
  }
  return { answer: { status: 200, json: {} }, templates };
}

function parseTemplate(raw: unknown): GraphTemplate | undefined {
  if (!raw || typeof raw !== "object") return undefined;
  const t = raw as Record<string, unknown>;
  const name = str(t.name);
  const language = str(t.language);
  if (!name || !language) return undefined;
  const reason = str(t.rejected_reason);
  return {
    id: t.id === undefined || t.id === null ? null : String(t.id),
    name,
    language,
    status: str(t.status) ?? "PENDING",
    category: str(t.category) ?? "UTILITY",
    components: Array.isArray(t.components) ? t.components : [],
    rejectedReason: reason === "NONE" ? null : reason,
  };
}

export interface NewTemplate {
  name: string;
  language: string;
  category: string;
  components: unknown[];
}

/** POST /{waba-id}/message_templates: submitted for Meta's review; answers {id, status, category}. */
export async function submitTemplate(
  api: CloudApi,
  wabaId: string,
  template: NewTemplate,
): Promise<{ answer: GraphAnswer; id?: string; status?: string; category?: string }> {
  const answer = await api.call("POST", `${encodeURIComponent(wabaId)}/message_templates`, template);
  const json = answer.json as Record<string, unknown> | undefined;
  if (!ok(answer) || !json) return { answer };
  return {
    answer,
    id: json.id === undefined ? undefined : String(json.id),
    status: str(json.status) ?? "PENDING",
    category: str(json.category) ?? template.category,
  };
}
