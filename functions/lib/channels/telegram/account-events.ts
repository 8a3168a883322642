// Telegram updates about the chat rather than a message: the person blocked or unblocked the bot
// (`my_chat_member` in a private chat), and a group upgraded to a supergroup (`migrate_to_chat_id` /
// `migrate_from_chat_id`, which change the group's chat id).
import type { Update } from "grammy/types";
import * as z from "zod/mini";
import type { AccountEvent } from "../../core/events.js";
import "../../core/zod-english.js";

const memberUpdate = z.looseObject({
  chat: z.looseObject({ id: z.number().check(z.int()), type: z.string() }),
  from: z.looseObject({ id: z.number().check(z.int()) }),
  date: z.number().check(z.int()),
  new_chat_member: z.looseObject({ status: z.string() }),
});

/** A private chat's member status of the bot: `kicked` = the person blocked it, `member` = started it again. */
export function accountEventOf(update: Update): AccountEvent | null {
  const parsed = memberUpdate.safeParse(update.my_chat_member);
  if (!parsed.success || parsed.data.chat.type !== "private") return null;
  const status = parsed.data.new_chat_member.status;
  if (status !== "kicked" && status !== "member") return null;
  return {
    kind: "reachability.changed",
    dedupeKey: `telegram:update:${update.update_id}`,
    user: { channel: "telegram", userId: String(parsed.data.chat.id) },
    reachable: status === "member",
    reason: "telegram: blocked the bot (my_chat_member kicked)",
    at: new Date(parsed.data.date * 1000),
  };
}

/** `{ from, to }` when this update says a group got a new chat id. */
export function chatMoveOf(update: Update): { from: string; to: string } | null {
  const message = update.message as
    | { chat?: { id?: unknown }; migrate_to_chat_id?: unknown; migrate_from_chat_id?: unknown }
    | undefined;
  const chatId = message?.chat?.id;
  if (!Number.isInteger(chatId)) return null;
  if (Number.isInteger(message?.migrate_to_chat_id))
    return { from: String(chatId), to: String(message?.migrate_to_chat_id) };
  if (Number.isInteger(message?.migrate_from_chat_id))
    return { from: String(message?.migrate_from_chat_id), to: String(chatId) };
  return null;
}
