import type { AppContext } from "../platform/context.js";
import { AppError } from "../platform/errors.js";
import type { Settings } from "../settings/settings.schema.js";
import { getSettings } from "../settings/settings.service.js";
import { type BusinessProfile, GraphUnreachableError } from "./cloud-api.js";
import { writeNumber } from "./connect.repository.js";
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

/** The profile fields beedesk writes: the presales "about" and the owner's profile settings. */
export type ProfileFields = Pick<
  BusinessProfile,
  "about" | "address" | "description" | "email" | "websites" | "vertical"
>;

const PROFILE_FIELDS = ["about", "description", "address", "email", "websites", "vertical"] as const;

/** What the settings want WhatsApp to show on a number; empty settings are left as WhatsApp has them. */
export function wantedProfile(settings: Settings, role: NumberRole): ProfileFields {
  const p = settings.channels.profile;
  return {
    ...(role === "presales" && { about: settings.channels.presalesAbout }),
    ...(p.description && { description: p.description }),
    ...(p.address && { address: p.address }),
    ...(p.email && { email: p.email }),
    ...(p.websites.length > 0 && { websites: p.websites }),
    ...(p.vertical && { vertical: p.vertical }),
  };
}

/** The wanted fields WhatsApp shows differently (all of them when it was never read back). */
export function profileMismatch(wanted: ProfileFields, shown: BusinessProfile | null): string[] {
  return PROFILE_FIELDS.filter((field) => {
    const want = wanted[field];
    if (want === undefined) return false;
    const have = shown?.[field];
    return Array.isArray(want)
      ? !Array.isArray(have) || want.length !== have.length || want.some((w, i) => w !== have[i])
      : want !== have;
  });
}

export async function updateBusinessProfile(
  ctx: AppContext,
  role: NumberRole,
  fields: ProfileFields,
): Promise<void> {
  if (fields.about !== undefined) checkAbout(fields.about);
  try {
    const answer = await cloudApi(ctx).updateBusinessProfile(await phoneNumberId(ctx, role), fields);
    if (answer.status < 200 || answer.status >= 300) throw graphFailure(answer.status, answer.json);
  } catch (error) {
    if (error instanceof GraphUnreachableError) throw new AppError("unavailable", error.message);
    throw error;
  }
}

/** Push the presales profile: the "about" naming the premium number, and the owner's profile fields. */
export async function syncPresalesProfile(
  ctx: AppContext,
): Promise<{ phoneNumberId: string; about: string }> {
  const settings = await getSettings(ctx);
  await updateBusinessProfile(ctx, "presales", wantedProfile(settings, "presales"));
  return { phoneNumberId: settings.channels.presales.phoneNumberId, about: settings.channels.presalesAbout };
}

/** The profile as read back from WhatsApp, kept so the status can say whether it matches the settings. */
export async function recordProfile(
  ctx: AppContext,
  phoneNumberId: string,
  profile: BusinessProfile | undefined,
): Promise<void> {
  await writeNumber(ctx.db.kysely, phoneNumberId, {
    about: profile?.about ?? null,
    profile: profile ? JSON.stringify(profile) : null,
    updated_at: ctx.clock.now().toISOString(),
  });
}

/** Push each number's wanted profile (nothing when there is nothing to set) and read it back. */
export async function pushProfiles(ctx: AppContext): Promise<void> {
  const settings = await getSettings(ctx);
  for (const role of ["presales", "premium"] as const) {
    const wanted = wantedProfile(settings, role);
    if (Object.keys(wanted).length === 0) continue;
    await updateBusinessProfile(ctx, role, wanted);
    await recordProfile(ctx, settings.channels[role].phoneNumberId, await getBusinessProfile(ctx, role));
  }
}
