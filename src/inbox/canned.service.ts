/**
 * Canned replies in the WhatsApp composer: the ticket desk's saved answers (one list for both), the
 * contact's language first, with their variables filled for this conversation ({name}, {portalUrl},
 * {rates} and every value the policy's texts may use).
 */
import { findCustomerById } from "../licenses/licenses.service.js";
import type { AppContext } from "../platform/context.js";
import type { Language } from "../settings/settings.schema.js";
import { getSettings } from "../settings/settings.service.js";
import { filledCannedReplies } from "../tickets/canned-replies.service.js";
import type { User } from "../users/users.service.js";
import type { FilledCannedReplyView } from "./inbox.schema.js";
import { visibleConversation } from "./inbox.service.js";

export async function cannedRepliesForConversation(
  ctx: AppContext,
  user: User,
  conversationId: string,
): Promise<{ data: FilledCannedReplyView[]; language: Language }> {
  const conversation = await visibleConversation(ctx, user, conversationId);
  const settings = await getSettings(ctx);
  const own = conversation.contact.language;
  const language: Language = own === "es" || own === "en" ? own : settings.vendor.defaultLanguage;
  const customer = conversation.contact.customerId
    ? await findCustomerById(ctx.db.kysely, conversation.contact.customerId)
    : undefined;
  const fullName = customer?.name || conversation.contact.profileName || "";
  return filledCannedReplies(ctx, { language, fullName, agent: user.name });
}
