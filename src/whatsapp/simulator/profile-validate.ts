import { PROFILE_VERTICALS as SETTABLE_VERTICALS } from "../../settings/profile-verticals.js";
import { invalidParameter } from "./graph-errors.js";
import { array, isObject, missing, text } from "./graph-validate.js";

// POST /{phone-number-id}/whatsapp_business_profile: the fields the Cloud API accepts, with its limits.

// Meta also accepts UNDEFINED (no category chosen); the owner picks from the rest in Settings.
const PROFILE_VERTICALS = new Set<string>(["UNDEFINED", ...SETTABLE_VERTICALS]);

export interface BusinessProfile {
  about?: string;
  address?: string;
  description?: string;
  email?: string;
  websites?: string[];
  vertical?: string;
}

export function validateProfileUpdate(body: unknown): BusinessProfile {
  if (!isObject(body)) throw invalidParameter("The request body must be a JSON object.");
  if (body.messaging_product === undefined) throw missing("messaging_product");
  if (body.messaging_product !== "whatsapp")
    throw invalidParameter('Param messaging_product must be "whatsapp".');
  const update: BusinessProfile = {};
  const about = text(body, "about", "about", 139, { optional: true });
  if (about !== undefined) update.about = about;
  const address = text(body, "address", "address", 256, { optional: true, min: 0 });
  if (address !== undefined) update.address = address;
  const description = text(body, "description", "description", 512, { optional: true, min: 0 });
  if (description !== undefined) update.description = description;
  const email = text(body, "email", "email", 128, { optional: true, min: 0 });
  if (email !== undefined) {
    if (email !== "" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      throw invalidParameter("Param email must be an email address.");
    update.email = email;
  }
  if (body.websites !== undefined) {
    const websites = array(body, "websites", "websites");
    if (websites.length > 2) throw invalidParameter("Param websites can have at most 2 elements.");
    update.websites = websites.map((w, i) => {
      if (typeof w !== "string" || !/^https?:\/\/\S+$/.test(w) || w.length > 256) {
        throw invalidParameter(`Param websites[${i}] must be an http(s) URL of at most 256 characters.`);
      }
      return w;
    });
  }
  if (body.vertical !== undefined) {
    if (typeof body.vertical !== "string" || !PROFILE_VERTICALS.has(body.vertical)) {
      throw invalidParameter("Param vertical is not a valid business category.");
    }
    update.vertical = body.vertical;
  }
  return update;
}
