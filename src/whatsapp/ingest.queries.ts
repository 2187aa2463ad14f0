import { statement } from "./ingest.sql.js";

// The statements of the webhook's write program (ingest.repository.ts), in both dialects.

export const Q = {
  contactByWaId: statement("select id, wa_id, user_id, profile_name, username from contacts where wa_id = ?"),
  contactByUserId: statement(
    "select id, wa_id, user_id, profile_name, username from contacts where user_id = ?",
  ),
  insertContact: statement(
    `insert into contacts (id, wa_id, user_id, profile_name, username, language, customer_id, created_at, updated_at)
     values (?, ?, ?, ?, ?, null, null, ?, ?) on conflict do nothing`,
  ),
  updateContact: statement(
    `update contacts set profile_name = coalesce(?, profile_name), username = coalesce(?, username),
       wa_id = coalesce(wa_id, ?), user_id = coalesce(user_id, ?), updated_at = ? where id = ?`,
  ),
  conversation: statement("select id, role from conversations where phone_number_id = ? and contact_id = ?"),
  insertConversation: statement(
    `insert into conversations (id, phone_number_id, contact_id, role, state, assignee_id, last_inbound_at,
       last_inbound_wamid, last_message_at, last_message_preview, unread_count, created_at, updated_at)
     values (?, ?, ?, ?, 'waiting', null, null, null, ?, '', 0, ?, ?) on conflict do nothing`,
  ),
  insertInbound: statement(
    `insert into messages (id, conversation_id, direction, wamid, type, text, raw, status, error_code,
       error_reason, sent_by_user_id, context_wamid, media_id, media_mime, media_size, media_key, media_status,
       created_at, status_at, target_wamid)
     values (?, ?, 'in', ?, ?, ?, ?, 'received', null, null, null, ?, ?, ?, null, null, ?, ?, null, ?)
     on conflict (wamid) do nothing`,
  ),
  // Out-of-order deliveries: only a newer customer message moves the window, preview and last-read target.
  touchConversation: statement(
    `update conversations set
       last_inbound_wamid = case when last_inbound_at is null or last_inbound_at <= ? then ? else last_inbound_wamid end,
       last_inbound_at = case when last_inbound_at is null or last_inbound_at < ? then ? else last_inbound_at end,
       last_message_preview = case when last_message_at <= ? then ? else last_message_preview end,
       last_message_at = case when last_message_at < ? then ? else last_message_at end,
       preview = case when last_inbound_at is null or last_inbound_at <= ? then ? else preview end,
       needs_reply = case when last_inbound_at is null or last_inbound_at <= ? then 1 else needs_reply end,
       unread_count = unread_count + 1,
       state = case when state in ('replied', 'closed') then 'waiting' else state end,
       updated_at = ?
     where id = ?`,
  ),
  // An edit or revoke of the customer's last message changes what the inbox list shows for it.
  touchPreview: statement(
    "update conversations set preview = ?, updated_at = ? where id = ? and last_inbound_wamid = ?",
  ),
  moveContact: statement(
    `update contacts set wa_id = ?, updated_at = ?
     where id = ? and not exists (select 1 from contacts other where other.wa_id = ?)`,
  ),
  insertAdLead: statement(
    `insert into whatsapp_ad_leads (message_id, conversation_id, source_id, source_type, source_url, headline,
       ctwa_clid, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
  ),
  insertJob: statement(
    `insert into jobs (id, type, payload, status, dedupe_key, run_at, attempts, max_attempts, created_at, updated_at)
     values (?, ?, ?, 'pending', null, ?, 0, ?, ?, ?)`,
  ),
  appendJob: statement(
    "update jobs set payload = ?, updated_at = ? where id = ? and status = 'pending' and attempts = 0",
  ),
  // Serialises a status with the send job recording the same wamid (see recordSentWamid).
  lockWamid: statement(null, "select pg_advisory_xact_lock(hashtext(?)) as locked"),
  applyStatus: statement(
    `update messages set status = ?, status_at = ?, error_code = coalesce(?, error_code),
       error_reason = coalesce(?, error_reason)
     where wamid = ? and direction = 'out' and status <> 'failed'
       and (case status when 'sent' then 1 when 'delivered' then 2 when 'read' then 3 when 'played' then 3 else 0 end) < ?
     returning id, conversation_id, (select c.role from conversations c where c.id = messages.conversation_id) as role`,
  ),
  messageByWamid: statement("select id from messages where wamid = ?"),
  insertPendingStatus: statement(
    `insert into whatsapp_pending_statuses (wamid, status, status_at, error_code, error_title, raw, received_at)
     values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
  ),
};

/** Read once per batch (SQLite and PostgreSQL): a change means contacts lost their identity, drop the cache. */
export const contactGeneration = statement(
  "select generation from contact_generation where id = 1",
  // Shared lock: an erasure bumps it first and holds it, so a batch never uses contacts cached before it.
  "select generation from contact_generation where id = 1 for share",
);

const INSERT_MESSAGES = `insert into messages (id, conversation_id, direction, wamid, type, text, raw, status,
   error_code, error_reason, sent_by_user_id, context_wamid, media_id, media_mime, media_size, media_key,
   media_status, created_at, status_at, target_wamid)
 select u.id, u.conversation_id, 'in', u.wamid, u.type, u.text, u.raw, 'received', null, null, null,
   u.context_wamid, null, null, null, null, null, u.created_at, null, u.target_wamid
 from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
   with ordinality as u(id, conversation_id, wamid, type, text, raw, context_wamid, created_at, target_wamid, n)
 order by u.n
 on conflict (wamid) do nothing
 returning id`;

/** touchConversation's assignments, with the message's fields from `u`. */
const TOUCH_SET = `
   last_inbound_wamid = case when last_inbound_at is null or last_inbound_at <= u.at then u.wamid else last_inbound_wamid end,
   last_inbound_at = case when last_inbound_at is null or last_inbound_at < u.at then u.at else last_inbound_at end,
   last_message_preview = case when last_message_at <= u.at then u.new_preview else last_message_preview end,
   last_message_at = case when last_message_at < u.at then u.at else last_message_at end,
   preview = case when last_inbound_at is null or last_inbound_at <= u.at then u.new_preview else preview end,
   needs_reply = case when last_inbound_at is null or last_inbound_at <= u.at then 1 else needs_reply end,
   unread_count = unread_count + 1,
   state = case when state in ('replied', 'closed') then 'waiting' else state end,
   updated_at = ?`;

/** PostgreSQL: a batch's transaction opens with its contact generation check, in one round trip. */
export const BEGIN_BATCH = "begin; select generation from contact_generation where id = 1 for share";

// PostgreSQL group commit (ingest.batch.ts): one statement per step for a whole batch, rows as arrays.
export const B = {
  contactsByWaIds: statement(
    null,
    "select id, wa_id, user_id, profile_name, username from contacts where wa_id = any(?::text[])",
  ),
  insertContacts: statement(
    null,
    `insert into contacts (id, wa_id, user_id, profile_name, username, language, customer_id, created_at, updated_at)
     select u.id, u.wa_id, u.user_id, u.profile_name, u.username, null, null, ?, ?
     from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) as u(id, wa_id, user_id, profile_name, username)
     order by u.wa_id
     on conflict do nothing`,
  ),
  renameContacts: statement(
    null,
    `update contacts set profile_name = coalesce(u.profile_name, contacts.profile_name),
       username = coalesce(u.username, contacts.username), updated_at = ?
     from unnest(?::text[], ?::text[], ?::text[]) as u(id, profile_name, username)
     where contacts.id = u.id`,
  ),
  conversations: statement(
    null,
    `select c.id, c.role, c.phone_number_id, c.contact_id from conversations c
     join unnest(?::text[], ?::text[]) as u(phone_number_id, contact_id)
       on c.phone_number_id = u.phone_number_id and c.contact_id = u.contact_id`,
  ),
  insertConversations: statement(
    null,
    `insert into conversations (id, phone_number_id, contact_id, role, state, assignee_id, last_inbound_at,
       last_inbound_wamid, last_message_at, last_message_preview, unread_count, created_at, updated_at)
     select u.id, u.phone_number_id, u.contact_id, u.role, 'waiting', null, null, null, u.at, '', 0, ?, ?
     from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) as u(id, phone_number_id, contact_id, role, at)
     order by u.phone_number_id, u.contact_id
     on conflict do nothing`,
  ),
  // The batch's messages, and the first new customer message of each conversation moving it, in one round trip.
  // Conversations are locked in id order first, so two batches touching the same ones never wait crosswise.
  insertMessages: statement(
    null,
    `with ins as (${INSERT_MESSAGES}),
     locked as (select id from conversations where id = any(?::text[]) order by id for no key update),
     touched as (
       update conversations set ${TOUCH_SET}
       from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
         as u(message_id, conversation_id, at, wamid, new_preview)
       where conversations.id = u.conversation_id and u.message_id in (select id from ins)
         and exists (select 1 from locked)
       returning conversations.id
     )
     select id from ins`,
  ),
  // Before later rounds (rare): conversations locked in id order, so two batches never wait on each other crosswise.
  lockConversations: statement(
    null,
    "select id from conversations where id = any(?::text[]) order by id for no key update",
  ),
  // A conversation's second (third…) new message of the batch, once the first has moved it.
  touchConversations: statement(
    null,
    `update conversations set ${TOUCH_SET}
     from unnest(?::text[], ?::text[], ?::text[], ?::text[]) as u(conversation_id, at, wamid, new_preview)
     where conversations.id = u.conversation_id`,
  ),
};
