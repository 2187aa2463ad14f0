// The inbox's front door for other domains (the WhatsApp channel, the policy, billing): the conversation,
// contact and message records they read and the few updates they make. Nothing outside inbox/ imports
// inbox.repository.ts itself.
export {
  type Contact,
  type Conversation,
  clearNeedsReply,
  findContact,
  findConversation,
  linkContactToCustomer,
  markNeedsReply,
  rewindLastInbound,
  setContactLanguage,
  setConversationState,
  touchConversationOutbound,
} from "./inbox.repository.js";
export { findMessage, type Message } from "./messages.repository.js";
