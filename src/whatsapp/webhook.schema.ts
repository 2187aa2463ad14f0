import { z } from "zod";
import { AppError } from "../platform/errors.js";

// Meta adds fields and message types without notice, so every object is loose and `type` is any string:
// what we do not understand is kept in `raw` rather than refused.

/** The body is not a WhatsApp Cloud API webhook at all (as opposed to one bad element inside it). */
export class WebhookPayloadError extends AppError {
  constructor(message: string) {
    super("bad_request", message);
    this.name = "WebhookPayloadError";
  }
}

/** Unix seconds as a string (Meta) or a number (tolerated) → ISO 8601. */
export const TimestampSchema = z
  .union([z.string().regex(/^\d{1,12}$/), z.number().int().min(0).max(999_999_999_999)])
  .transform((value) => new Date(Number(value) * 1000).toISOString());

export const WebhookErrorSchema = z.looseObject({
  code: z.union([
    z.number().int(),
    z
      .string()
      .regex(/^-?\d{1,9}$/)
      .transform(Number),
  ]),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).optional(),
  href: z.string().optional(),
});

export const WebhookContactSchema = z.looseObject({
  wa_id: z.string().min(1).optional(),
  user_id: z.string().min(1).optional(),
  parent_user_id: z.string().optional(),
  profile: z.looseObject({ name: z.string().optional(), username: z.string().optional() }).optional(),
});

/** The fields every message has; the per-type parts are parsed separately so one odd part loses only itself. */
export const MessageCoreSchema = z
  .looseObject({
    id: z.string().min(1),
    from: z.string().min(1).optional(),
    from_user_id: z.string().min(1).optional(),
    timestamp: TimestampSchema,
    type: z.string().min(1),
  })
  .refine((m) => m.from !== undefined || m.from_user_id !== undefined, {
    message: "message has neither from nor from_user_id",
  });

const optionalString = z.string().optional();

export const MessagePartSchemas = {
  text: z.looseObject({ body: z.string() }),
  media: z.looseObject({
    id: z.string().min(1),
    mime_type: optionalString,
    sha256: optionalString,
    filename: optionalString,
    caption: optionalString,
    voice: z.boolean().optional(),
    animated: z.boolean().optional(),
  }),
  button: z.looseObject({ text: z.string(), payload: optionalString }),
  interactive: z.looseObject({
    type: z.string(),
    button_reply: z.looseObject({ id: z.string(), title: z.string() }).optional(),
    list_reply: z.looseObject({ id: z.string(), title: z.string(), description: optionalString }).optional(),
    nfm_reply: z
      .looseObject({ name: optionalString, body: optionalString, response_json: optionalString })
      .optional(),
  }),
  location: z.looseObject({
    latitude: z.number(),
    longitude: z.number(),
    name: optionalString,
    address: optionalString,
    url: optionalString,
  }),
  contacts: z.array(
    z.looseObject({
      name: z
        .looseObject({
          formatted_name: optionalString,
          first_name: optionalString,
          last_name: optionalString,
        })
        .optional(),
      phones: z
        .array(z.looseObject({ phone: optionalString, wa_id: optionalString, type: optionalString }))
        .optional(),
      emails: z.array(z.looseObject({ email: optionalString, type: optionalString })).optional(),
      org: z.looseObject({ company: optionalString }).optional(),
    }),
  ),
  reaction: z.looseObject({ message_id: z.string().min(1), emoji: optionalString }),
  system: z.looseObject({
    body: optionalString,
    type: optionalString,
    wa_id: optionalString,
    new_wa_id: optionalString,
  }),
  context: z.looseObject({ id: optionalString, from: optionalString, forwarded: z.boolean().optional() }),
  referral: z.looseObject({
    source_url: optionalString,
    source_id: optionalString,
    source_type: optionalString,
    headline: optionalString,
    body: optionalString,
    media_type: optionalString,
    ctwa_clid: optionalString,
  }),
  errors: z.array(WebhookErrorSchema),
  /** A customer edited an earlier message: the new content is a message of its own inside. */
  edit: z.looseObject({
    original_message_id: z.string().min(1),
    message: z.looseObject({ type: optionalString }).optional(),
  }),
  /** A customer deleted ("revoked") an earlier message. */
  revoke: z.looseObject({ original_message_id: z.string().min(1) }),
  /** A cart sent from the business's catalogue; item_price is in the currency's units (e.g. 12.5). */
  order: z.looseObject({
    catalog_id: optionalString,
    text: optionalString,
    product_items: z
      .array(
        z.looseObject({
          product_retailer_id: z.string(),
          quantity: z
            .union([
              z.number(),
              z
                .string()
                .regex(/^\d{1,6}$/)
                .transform(Number),
            ])
            .optional(),
          item_price: z
            .union([
              z.number(),
              z
                .string()
                .regex(/^\d{1,9}(\.\d{1,4})?$/)
                .transform(Number),
            ])
            .optional(),
          currency: optionalString,
        }),
      )
      .default([]),
  }),
} as const;

export const StatusCoreSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string().min(1),
  timestamp: TimestampSchema,
  recipient_id: optionalString,
  recipient_user_id: optionalString,
  biz_opaque_callback_data: optionalString,
});

export const PricingSchema = z.looseObject({
  billable: z.boolean().optional(),
  pricing_model: optionalString,
  category: optionalString,
  type: optionalString,
});

export const MetadataSchema = z.looseObject({
  display_phone_number: z.string().optional(),
  phone_number_id: z.string().min(1),
});

export const ChangeValueSchema = z.looseObject({
  messaging_product: z.string().optional(),
  metadata: MetadataSchema,
  contacts: z.array(z.unknown()).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
  errors: z.array(z.unknown()).optional(),
});

export const ChangeSchema = z.looseObject({ field: z.string().optional(), value: ChangeValueSchema });
export const EntrySchema = z.looseObject({ id: z.string().optional(), changes: z.array(z.unknown()) });

/** The envelope down to the element arrays; elements are checked one by one in `extractEvents`. */
export const WebhookEnvelopeSchema = z.looseObject({
  object: z.literal("whatsapp_business_account"),
  entry: z.array(z.unknown()),
});
