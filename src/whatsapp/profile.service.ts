import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import { getSettings } from "../settings/settings.service.js";
import { type BusinessProfile, GraphUnreachableError } from "./cloud-api.js";
import { parseGraphError } from "./graph-response.js";
import { cloudApi } from "./send.jobs.js";

export type NumberRole = "presales" | "premium";

/** WhatsApp shows "about" under the business name: 1 to 139 characters, plain text. */
export function checkAbout(about: string): string {
  const length = Array.from(about).length;
  if (about.trim() === "" || length > 139) {
    throw new AppError(
      "validation_failed",
      `The profile "about" text must be 1 to 139 characters (got ${length})`,
    );
  }
  return about;
}

async function phoneNumberId(ctx: AppContext, role: NumberRole): Promise<string> {
  return (await getSettings(ctx)).channels[role].phoneNumberId;
}

function graphFailure(status: number, json: unknown): AppError {
  const error = parseGraphError(status, json);
  return new AppError("unavailable", `WhatsApp refused the profile request: ${error.message}`, {
    code: error.code ?? null,
  });
}

export async function getBusinessProfile(ctx: AppContext, role: NumberRole): Promise<BusinessProfile> {
  try {
    const { answer, profile } = await cloudApi(ctx).getBusinessProfile(await phoneNumberId(ctx, role));
    if (!profile) throw graphFailure(answer.status, answer.json);
    return profile;
  } catch (error) {
    if (error instanceof GraphUnreachableError) throw new AppError("unavailable", error.message);
    throw error;
  }
}

export async function updateBusinessProfile(ctx: AppContext, role: NumberRole, about: string): Promise<void> {
  checkAbout(about);
  try {
    const answer = await cloudApi(ctx).updateBusinessProfile(await phoneNumberId(ctx, role), { about });
    if (answer.status < 200 || answer.status >= 300) throw graphFailure(answer.status, answer.json);
  } catch (error) {
    if (error instanceof GraphUnreachableError) throw new AppError("unavailable", error.message);
    throw error;
  }
}

/** Push settings.channels.presalesAbout (which names the premium number) to the presales number's profile. */
export async function syncPresalesProfile(
  ctx: AppContext,
): Promise<{ phoneNumberId: string; about: string }> {
  const settings = await getSettings(ctx);
  const about = settings.channels.presalesAbout;
  await updateBusinessProfile(ctx, "presales", about);
  return { phoneNumberId: settings.channels.presales.phoneNumberId, about };
}
