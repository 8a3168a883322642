// zod schemas for WhatsApp Cloud API webhook notifications. Tolerant on purpose: unknown fields pass
// through, unknown message types stay parseable (normalise.ts turns them into `unsupported`), and each
// message/status is checked on its own so one odd item never hides the others of the same POST.
import * as z from "zod";

/**
 * Unix seconds as Meta writes them ("1717000000"). Anything else ("1e300", "-5") makes that one item invalid:
 * it is logged and skipped instead of becoming an Invalid Date that fails the whole notification for 7 days.
 */
export const whatsappTimestampSchema = z.string().regex(/^\d{1,12}$/, "unix seconds expected");

export const whatsappTextSchema = z.looseObject({ body: z.string() });

export const whatsappInteractiveSchema = z.looseObject({
  type: z.string(),
  button_reply: z.looseObject({ id: z.string(), title: z.string().optional() }).optional(),
  list_reply: z
    .looseObject({ id: z.string(), title: z.string().optional(), description: z.string().optional() })
    .optional(),
});

export const whatsappLocationSchema = z.looseObject({
  latitude: z.coerce.number().min(-90).max(90),
  longitude: z.coerce.number().min(-180).max(180),
  name: z.string().optional(),
  address: z.string().optional(),
});

export const whatsappMediaSchema = z.looseObject({
  id: z.string(),
  caption: z.string().optional(),
  mime_type: z.string().optional(),
});

export const whatsappSharedContactSchema = z.looseObject({
  name: z.looseObject({ formatted_name: z.string().optional() }).optional(),
  phones: z
    .array(
      z.looseObject({
        phone: z.string().optional(),
        wa_id: z.string().optional(),
        type: z.string().optional(),
      }),
    )
    .optional(),
});

export const whatsappMessageSchema = z.looseObject({
  id: z.string().min(1),
  /** The sender's phone number (wa_id); may be absent for users known only by `from_user_id`. */
  from: z.string().optional(),
  from_user_id: z.string().optional(),
  timestamp: whatsappTimestampSchema.optional(),
  type: z.string(),
  text: whatsappTextSchema.optional(),
  interactive: whatsappInteractiveSchema.optional(),
  /** A template quick-reply button. */
  button: z.looseObject({ text: z.string().optional(), payload: z.string().optional() }).optional(),
  location: whatsappLocationSchema.optional(),
  image: whatsappMediaSchema.optional(),
  contacts: z.array(whatsappSharedContactSchema).optional(),
});
export type WhatsAppMessage = z.infer<typeof whatsappMessageSchema>;

export const whatsappStatusErrorSchema = z.looseObject({
  code: z.coerce.number(),
  title: z.string().optional(),
  message: z.string().optional(),
});

export const whatsappStatusSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string(),
  timestamp: whatsappTimestampSchema.optional(),
  recipient_id: z.string().optional(),
  recipient_user_id: z.string().optional(),
  errors: z.array(whatsappStatusErrorSchema).optional(),
});
export type WhatsAppStatus = z.infer<typeof whatsappStatusSchema>;

export const whatsappContactSchema = z.looseObject({
  wa_id: z.string().optional(),
  user_id: z.string().optional(),
  profile: z.looseObject({ name: z.string().optional() }).optional(),
});
export type WhatsAppContact = z.infer<typeof whatsappContactSchema>;

/** The envelope; messages and statuses stay `unknown` here and are parsed one by one. */
export const whatsappValueSchema = z.looseObject({
  messaging_product: z.string().optional(),
  metadata: z.looseObject({ phone_number_id: z.string().optional() }).optional(),
  contacts: z.array(z.unknown()).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
});
export type WhatsAppValue = z.infer<typeof whatsappValueSchema>;

export const whatsappNotificationSchema = z.looseObject({
  object: z.string(),
  entry: z.array(
    z.looseObject({
      id: z.string().optional(),
      changes: z.array(z.looseObject({ field: z.string().optional(), value: z.unknown() })).default([]),
    }),
  ),
});
export type WhatsAppNotification = z.infer<typeof whatsappNotificationSchema>;
