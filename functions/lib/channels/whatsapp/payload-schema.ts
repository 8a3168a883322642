// zod schemas for WhatsApp Cloud API webhook notifications. Tolerant on purpose: unknown fields pass
// through, unknown message types stay parseable (normalise.ts turns them into `unsupported`), and each
// message/status is checked on its own so one odd item never hides the others of the same POST.
import * as z from "zod/mini";
import "../../core/zod-english.js";
import { lazy } from "../../lazy.js";

function buildSchemas() {
  /**
   * Unix seconds as Meta writes them ("1717000000"). Anything else ("1e300", "-5") makes that one item invalid:
   * it is logged and skipped instead of becoming an Invalid Date that fails the whole notification for 7 days.
   */
  const whatsappTimestampSchema = z.string().check(z.regex(/^\d{1,12}$/, "unix seconds expected"));

  const whatsappTextSchema = z.looseObject({ body: z.string() });

  const whatsappInteractiveSchema = z.looseObject({
    type: z.string(),
    button_reply: z.optional(z.looseObject({ id: z.string(), title: z.optional(z.string()) })),
    list_reply: z.optional(
      z.looseObject({ id: z.string(), title: z.optional(z.string()), description: z.optional(z.string()) }),
    ),
  });

  const whatsappLocationSchema = z.looseObject({
    latitude: z.coerce.number().check(z.minimum(-90), z.maximum(90)),
    longitude: z.coerce.number().check(z.minimum(-180), z.maximum(180)),
    name: z.optional(z.string()),
    address: z.optional(z.string()),
  });

  const whatsappMediaSchema = z.looseObject({
    id: z.string(),
    caption: z.optional(z.string()),
    mime_type: z.optional(z.string()),
  });

  const whatsappSharedContactSchema = z.looseObject({
    name: z.optional(z.looseObject({ formatted_name: z.optional(z.string()) })),
    phones: z.optional(
      z.array(
        z.looseObject({
          phone: z.optional(z.string()),
          wa_id: z.optional(z.string()),
          type: z.optional(z.string()),
        }),
      ),
    ),
  });

  const whatsappMessageSchema = z.looseObject({
    id: z.string().check(z.minLength(1)),
    /** The sender's phone number (wa_id); may be absent for users known only by `from_user_id`. */
    from: z.optional(z.string()),
    from_user_id: z.optional(z.string()),
    timestamp: z.optional(whatsappTimestampSchema),
    type: z.string(),
    text: z.optional(whatsappTextSchema),
    interactive: z.optional(whatsappInteractiveSchema),
    /** A template quick-reply button. */
    button: z.optional(z.looseObject({ text: z.optional(z.string()), payload: z.optional(z.string()) })),
    location: z.optional(whatsappLocationSchema),
    image: z.optional(whatsappMediaSchema),
    contacts: z.optional(z.array(whatsappSharedContactSchema)),
  });

  const whatsappStatusErrorSchema = z.looseObject({
    code: z.coerce.number(),
    title: z.optional(z.string()),
    message: z.optional(z.string()),
  });

  const whatsappStatusSchema = z.looseObject({
    id: z.string().check(z.minLength(1)),
    status: z.string(),
    timestamp: z.optional(whatsappTimestampSchema),
    recipient_id: z.optional(z.string()),
    recipient_user_id: z.optional(z.string()),
    errors: z.optional(z.array(whatsappStatusErrorSchema)),
  });

  const whatsappContactSchema = z.looseObject({
    wa_id: z.optional(z.string()),
    user_id: z.optional(z.string()),
    profile: z.optional(z.looseObject({ name: z.optional(z.string()) })),
  });

  /** The envelope; messages and statuses stay `unknown` here and are parsed one by one. */
  const whatsappValueSchema = z.looseObject({
    messaging_product: z.optional(z.string()),
    metadata: z.optional(z.looseObject({ phone_number_id: z.optional(z.string()) })),
    contacts: z.optional(z.array(z.unknown())),
    messages: z.optional(z.array(z.unknown())),
    statuses: z.optional(z.array(z.unknown())),
  });

  const whatsappNotificationSchema = z.looseObject({
    object: z.string(),
    entry: z.array(
      z.looseObject({
        id: z.optional(z.string()),
        changes: z._default(
          z.array(z.looseObject({ field: z.optional(z.string()), value: z.unknown() })),
          [],
        ),
      }),
    ),
  });
  return {
    whatsappTimestampSchema,
    whatsappTextSchema,
    whatsappInteractiveSchema,
    whatsappLocationSchema,
    whatsappMediaSchema,
    whatsappSharedContactSchema,
    whatsappMessageSchema,
    whatsappStatusErrorSchema,
    whatsappStatusSchema,
    whatsappContactSchema,
    whatsappValueSchema,
    whatsappNotificationSchema,
  };
}

/** Built on first use: the Telegram function bundles this file too and never needs it. */
export const whatsappSchemas = lazy(buildSchemas);

type Schemas = ReturnType<typeof buildSchemas>;
export type WhatsAppMessage = z.infer<Schemas["whatsappMessageSchema"]>;
export type WhatsAppStatus = z.infer<Schemas["whatsappStatusSchema"]>;
export type WhatsAppContact = z.infer<Schemas["whatsappContactSchema"]>;
export type WhatsAppValue = z.infer<Schemas["whatsappValueSchema"]>;
export type WhatsAppNotification = z.infer<Schemas["whatsappNotificationSchema"]>;
