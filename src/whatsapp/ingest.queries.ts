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

/**
 * PostgreSQL: a batch's messages in ONE statement. It stores them only while the contact generation is still
 * `$10` (the one the caller's cached contacts and conversations belong to; erasure and retention bump it), moves
 * every conversation once by its new customer messages, and writes the batch's whatsapp.inbound job when `$14`
 * names one. A conversation's several messages move it as they would one after another: the unread count grows
 * by their number, and the latest of them (the last given, among equal times) sets the window and preview if it
 * is newer than what the conversation shows. Conversations are locked in id order first, so two batches
 * touching the same ones never wait crosswise. Answers the generation it checked and the ids it stored.
 * $1-$9 the messages (id, conversation, wamid, type, text, raw, context, time, target), $10 generation,
 * $11 previews, $12 listened (a customer message: moves its conversation, joins the job), $13 now, $14 job id.
 */
const WRITE_MESSAGES = `with gen as (select generation from contact_generation where id = 1 for share),
 ins as (
   insert into messages (id, conversation_id, direction, wamid, type, text, raw, status, error_code, error_reason,
     sent_by_user_id, context_wamid, media_id, media_mime, media_size, media_key, media_status, created_at,
     status_at, target_wamid)
   select u.id, u.conversation_id, 'in', u.wamid, u.type, u.text, u.raw, 'received', null, null, null,
     u.context_wamid, null, null, null, null, null, u.created_at, null, u.target_wamid
   from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
       $9::text[]) with ordinality
     as u(id, conversation_id, wamid, type, text, raw, context_wamid, created_at, target_wamid, n)
   where (select generation from gen) is not distinct from $10::integer
   order by u.n
   on conflict (wamid) do nothing
   returning id, conversation_id
 ),
 new as (
   select ins.id, ins.conversation_id, v.n, v.at, v.wamid, v.preview, v.listened
   from ins join unnest($1::text[], $8::text[], $3::text[], $11::text[], $12::boolean[]) with ordinality
     as v(id, at, wamid, preview, listened, n) on v.id = ins.id
 ),
 moves as (
   select conversation_id, count(*)::integer as k, max(at) as at,
     (array_agg(wamid order by at desc, n desc))[1] as wamid,
     (array_agg(preview order by at desc, n desc))[1] as new_preview
   from new where listened group by conversation_id
 ),
 locked as (
   select id from conversations where id in (select conversation_id from moves) order by id for no key update
 ),
 touched as (
   update conversations set
     last_inbound_wamid = case when last_inbound_at is null or last_inbound_at <= u.at then u.wamid else last_inbound_wamid end,
     last_inbound_at = case when last_inbound_at is null or last_inbound_at < u.at then u.at else last_inbound_at end,
     last_message_preview = case when last_message_at <= u.at then u.new_preview else last_message_preview end,
     last_message_at = case when last_message_at < u.at then u.at else last_message_at end,
     preview = case when last_inbound_at is null or last_inbound_at <= u.at then u.new_preview else preview end,
     needs_reply = case when last_inbound_at is null or last_inbound_at <= u.at then 1 else needs_reply end,
     unread_count = unread_count + u.k,
     state = case when state in ('replied', 'closed') then 'waiting' else state end,
     updated_at = $13
   from moves as u
   where conversations.id = u.conversation_id and (select count(*) from locked) >= 0
   returning conversations.id
 ),
 job as (
   insert into jobs (id, type, payload, status, dedupe_key, run_at, attempts, max_attempts, created_at, updated_at)
   select $14::text, 'whatsapp.inbound',
     '{"messages":[' || string_agg('{"messageId":' || to_json(id)::text || ',"conversationId":'
       || to_json(conversation_id)::text || '}', ',' order by n) || ']}',
     'pending', null, $13, 0, 8, $13, $13
   from new where listened and $14::text is not null
   having count(*) > 0
   returning id
 )
 select (select generation from gen) as generation, array(select id from ins) as ids,
   (select count(*) from touched)::integer as touched, (select count(*) from job)::integer as jobs`;

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
  writeMessages: statement(null, WRITE_MESSAGES),
};
