import { rewindLastInbound } from "../../inbox/inbox.public.js";
import { QUIET_HOURS } from "./quiet-hours.js";
import type { Simulator } from "./simulator.service.js";
import type { NumberRole } from "./simulator.types.js";

// "The customer went quiet for a day": a demonstration of the 24-hour window without waiting a day. Both sides
// forget the customer's last message by `hours`: Meta's (the simulator refuses free-form messages again) and
// beedesk's (its conversation sees the window closed, so automatic messages go as templates or wait).

export async function customerGoesQuiet(
  sim: Simulator,
  personaId: string,
  role: NumberRole,
  hours = QUIET_HOURS,
): Promise<{ windowClosed: boolean }> {
  const persona = sim.persona(personaId);
  const ms = hours * 3600_000;
  const last = sim.store.lastInbound(personaId, role);
  if (last) sim.store.setLastInbound(personaId, role, new Date(Date.parse(last) - ms).toISOString());
  const number = await sim.number(role);
  await rewindLastInbound(sim.ctx.db.kysely, { waId: persona.waId, phoneNumberId: number.phoneNumberId, ms });
  return { windowClosed: last !== undefined };
}
