// The parts of a Telegram Update the bot reads, checked before grammY sees it: a malformed update is a 400,
// never a crash. Unknown fields pass through (Telegram adds fields over time).
import * as z from "zod/mini";
import "../../core/zod-english.js";
import { lazy } from "../../lazy.js";

/** Built on first use: the WhatsApp function bundles this file too and never needs it. */
export const telegramUpdateSchema = lazy(() => {
  const user = z.looseObject({
    id: z.number().check(z.int()),
    is_bot: z.boolean(),
    first_name: z.string(),
    language_code: z.optional(z.string()),
  });

  const chat = z.looseObject({ id: z.number().check(z.int()), type: z.string() });

  const message = z.looseObject({
    message_id: z.number().check(z.int()),
    date: z.number().check(z.int()),
    chat,
    from: z.optional(user),
    text: z.optional(z.string()),
    caption: z.optional(z.string()),
    contact: z.optional(
      z.looseObject({ phone_number: z.string(), user_id: z.optional(z.number().check(z.int())) }),
    ),
    location: z.optional(z.looseObject({ latitude: z.number(), longitude: z.number() })),
    photo: z.optional(z.array(z.looseObject({ file_id: z.string() }))),
    sticker: z.optional(z.looseObject({})),
    voice: z.optional(z.looseObject({})),
    audio: z.optional(z.looseObject({})),
    video_note: z.optional(z.looseObject({})),
  });

  return z.looseObject({
    update_id: z.number().check(z.int(), z.nonnegative()),
    message: z.optional(message),
    edited_message: z.optional(message),
    callback_query: z.optional(
      z.looseObject({
        id: z.string(),
        from: user,
        data: z.optional(z.string()),
        message: z.optional(z.looseObject({ chat })),
      }),
    ),
  });
});
