// The parts of a Telegram Update the bot reads, checked before grammY sees it: a malformed update is a 400,
// never a crash. Unknown fields pass through (Telegram adds fields over time).
import * as z from "zod";

const user = z.looseObject({
  id: z.number().int(),
  is_bot: z.boolean(),
  first_name: z.string(),
  language_code: z.string().optional(),
});

const chat = z.looseObject({ id: z.number().int(), type: z.string() });

const message = z.looseObject({
  message_id: z.number().int(),
  date: z.number().int(),
  chat,
  from: user.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  contact: z.looseObject({ phone_number: z.string(), user_id: z.number().int().optional() }).optional(),
  location: z.looseObject({ latitude: z.number(), longitude: z.number() }).optional(),
  photo: z.array(z.looseObject({ file_id: z.string() })).optional(),
  sticker: z.looseObject({}).optional(),
  voice: z.looseObject({}).optional(),
  audio: z.looseObject({}).optional(),
  video_note: z.looseObject({}).optional(),
});

export const telegramUpdateSchema = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: message.optional(),
  edited_message: message.optional(),
  callback_query: z
    .looseObject({
      id: z.string(),
      from: user,
      data: z.string().optional(),
      message: z.looseObject({ chat }).optional(),
    })
    .optional(),
});
