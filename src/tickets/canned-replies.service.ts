import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { newId } from "../platform/ids.js";
import {
  type CannedReply,
  deleteCannedReply,
  findCannedReply,
  insertCannedReply,
  listCannedReplies,
} from "./canned-replies.repository.js";

export { listCannedReplies };

export async function createCannedReply(
  ctx: AppContext,
  user: { id: string } | null,
  input: { title: string; body: string; language: "es" | "en" },
): Promise<CannedReply> {
  const at = ctx.clock.now().toISOString();
  const id = newId();
  await insertCannedReply(ctx.db.kysely, {
    id,
    title: input.title,
    body: input.body,
    language: input.language,
    created_by: user?.id ?? null,
    created_at: at,
    updated_at: at,
  });
  return (await findCannedReply(ctx.db.kysely, id))!;
}

export async function removeCannedReply(ctx: AppContext, id: string): Promise<void> {
  if (!(await deleteCannedReply(ctx.db.kysely, id))) throw new AppError("not_found", "No such canned reply");
}

/** A few answers to start with on a fresh install, in both languages. */
export async function seedCannedReplies(ctx: AppContext, ownerId: string | null): Promise<void> {
  if ((await listCannedReplies(ctx.db.kysely)).length > 0) return;
  const samples = [
    {
      language: "en" as const,
      title: "Ask for store access",
      body: "To look into this we need access to your store's admin. Please add the admin URL, a user and its password in the access section of this ticket: only our support staff can read it, and it is erased when the ticket closes.",
    },
    {
      language: "es" as const,
      title: "Pedir acceso a la tienda",
      body: "Para revisarlo necesitamos acceso a la administración de su tienda. Añada la URL de administración, un usuario y su contraseña en la sección de acceso de este ticket: solo nuestro equipo de soporte puede leerlo y se borra al cerrar el ticket.",
    },
    {
      language: "en" as const,
      title: "Clear the modification cache",
      body: "Please go to Extensions > Modifications in your OpenCart admin and press Refresh (top right), then clear the theme cache in the dashboard. Let us know if the problem remains.",
    },
    {
      language: "es" as const,
      title: "Refrescar la caché de modificaciones",
      body: "Vaya a Extensiones > Modificaciones en la administración de OpenCart y pulse Refrescar (arriba a la derecha); después vacíe la caché del tema en el panel. Díganos si el problema continúa.",
    },
  ];
  for (const s of samples) await createCannedReply(ctx, ownerId ? { id: ownerId } : null, s);
}
