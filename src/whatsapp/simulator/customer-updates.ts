import { AppError } from "../../platform/errors.js";
import { waIdOf } from "./personas.js";
import type { SimulatorStore } from "./simulator.store.js";
import type { CustomerContent, NumberRole, Persona, UpdateKind } from "./simulator.types.js";

// The WhatsApp updates a persona can send besides plain messages, so a newcomer can see how beedesk shows each:
// a reaction, an edit, a revoke, an ad click, a number change, shared contacts, an order, a named location and a
// message from a username user known only by a business-scoped user id. Defaults make each a single click.

export interface UpdateAction {
  type: "update";
  kind: UpdateKind;
  /** The message a reaction, edit or revoke touches (default: the chat's last fitting one). */
  messageId?: string;
  emoji?: string;
  /** New text of an edit, text of an ad click or user-id message, or the new number of a number change. */
  text?: string;
}

/** The business-scoped user id WhatsApp would give this persona (two letters, a dot, digits). */
export function userIdOf(persona: Pick<Persona, "waId">): string {
  return `ZZ.${persona.waId}`;
}

export function resolveUpdate(
  store: SimulatorStore,
  persona: Persona,
  role: NumberRole,
  action: UpdateAction,
): CustomerContent {
  const chat = store.chat(persona.id, role);
  const own = chat.filter((m) => m.direction === "customer" && m.status !== "failed");
  const target = (candidates: typeof chat, what: string) => {
    const found = action.messageId ? chat.find((m) => m.id === action.messageId) : candidates.at(-1);
    if (!found) throw new AppError("validation_failed", `There is no message to ${what} in this chat`);
    return found;
  };
  const es = persona.language === "es";
  switch (action.kind) {
    case "reaction":
      return { type: "reaction", messageId: target(chat, "react to").id, emoji: action.emoji ?? "👍" };
    case "edit": {
      const texts = own.filter((m) => m.content.type === "text");
      const message = target(texts, "edit");
      if (message.direction !== "customer" || message.content.type !== "text") {
        throw new AppError("validation_failed", "Only your own text messages can be edited");
      }
      const text = action.text?.trim() || `${message.content.text} ${es ? "(corregido)" : "(corrected)"}`;
      return { type: "edit", messageId: message.id, text };
    }
    case "revoke": {
      const message = target(own, "delete");
      if (message.direction !== "customer") throw new AppError("validation_failed", "Only your own messages");
      return { type: "revoke", messageId: message.id };
    }
    case "ad_referral":
      return {
        type: "text",
        text: action.text?.trim() || (es ? "Hola, vi su anuncio" : "Hi from an ad click!"),
        referral: {
          sourceUrl: "https://fb.me/8Rq2LmKvX",
          sourceId: "120213450001",
          headline: es ? "Filtros avanzados para OpenCart" : "Advanced filters for OpenCart",
          body: es ? "Escríbenos por WhatsApp" : "Write to us on WhatsApp",
          ctwaClid: `ARAk${Date.now().toString(36)}`,
        },
      };
    case "number_change":
      return {
        type: "number_change",
        oldWaId: persona.waId,
        newWaId: newNumber(store, persona, action.text),
      };
    case "contacts":
      return {
        type: "contacts",
        contacts: [{ name: "Ana Ruiz", phones: ["+34 600 111 222", "+34 910 000 000"] }],
      };
    case "order":
      return {
        type: "order",
        catalogId: "1234567890",
        text: es ? "Quiero estos" : "I'd like these",
        items: [
          { productRetailerId: "filter-pro", quantity: 2, itemPrice: 49.5, currency: "EUR" },
          { productRetailerId: "one-page-checkout", quantity: 1, itemPrice: 39, currency: "EUR" },
        ],
      };
    case "location":
      return {
        type: "location",
        latitude: 40.4168,
        longitude: -3.7038,
        name: es ? "Oficina central" : "Head office",
        address: "Puerta del Sol, Madrid",
      };
    case "user_id_only":
      return {
        type: "text",
        text: action.text?.trim() || (es ? "Hola" : "Hello"),
        fromUserId: userIdOf(persona),
      };
  }
}

/** The number the persona moves to: the one given, or its own with the last three digits changed. */
function newNumber(store: SimulatorStore, persona: Persona, given: string | undefined): string {
  const wanted = given ? waIdOf(given) : undefined;
  if (wanted !== undefined) {
    if (!/^[1-9]\d{6,14}$/.test(wanted))
      throw new AppError("validation_failed", "Give an international number");
    if (store.personaByWaId(wanted)) throw new AppError("invalid_state", "Another persona has that number");
    return wanted;
  }
  for (let step = 111; step < 1000; step += 111) {
    const tail = (Number(persona.waId.slice(-3)) + step) % 1000;
    const candidate = `${persona.waId.slice(0, -3)}${String(tail).padStart(3, "0")}`;
    if (!store.personaByWaId(candidate)) return candidate;
  }
  throw new AppError("invalid_state", "No free number to move to");
}
