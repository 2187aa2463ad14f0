import { translate } from "../platform/i18n/i18n.js";
import type { TxContext } from "../platform/transaction.js";
import { queueAutomatic } from "../whatsapp/automatic.service.js";
import type { Ticket } from "./tickets.repository.js";

// A ticket opened from a WhatsApp conversation also tells the customer there when an agent answers, through
// the channel's window-aware path: inside the 24-hour window as a message; outside it as the approved
// "ticket answered" template, or held with the reason in the thread until the customer writes.

export async function queueTicketAnsweredOnWhatsApp(
  tx: TxContext,
  input: { ticket: Ticket; customerName: string; agent: { id: string; name: string } },
): Promise<void> {
  const { ticket } = input;
  if (!ticket.conversationId) return;
  const lang = ticket.language;
  const link = `${tx.config.publicUrl}/support/tickets/${ticket.id}?lang=${lang}`;
  const text = translate(lang, "tickets.whatsapp.answered", {
    agent: input.agent.name,
    number: ticket.number,
    subject: ticket.subject,
    link,
  });
  await queueAutomatic(tx, {
    purpose: "ticket_answered",
    language: lang,
    message: { kind: "text", conversationId: ticket.conversationId, text, sentByUserId: input.agent.id },
    variables: {
      name: input.customerName.split(/\s+/)[0] ?? "",
      ticket: `#${ticket.number}`,
      link,
      topic: `#${ticket.number}`,
    },
  });
}
