// Telegram Update -> normalised inbound event (null = ignore silently, e.g. group chats).

import type { Update } from "grammy/types";
import type { InboundEvent, InboundPayload } from "../../core/events.js";
import { SERVICE_FIELDS } from "./service-fields.js";

export interface TelegramNormaliseOptions {
  /**
   * The configured staff group (STAFF_TELEGRAM_CHAT_ID). Its button presses, commands and replies to the
   * bot's messages are events of ONE participant, the group itself (so answers go back to the group);
   * other group chatter and every other group stay ignored.
   */
  readonly staffChatId?: string;
  /** Chat ids that are the staff group (the configured one, and its supergroup id after an upgrade). */
  readonly staffChatIds?: readonly string[];
  /** When the update arrived (the injected clock): a button press carries no date of its own. */
  readonly now: Date;
}

export function normaliseTelegramUpdate(
  update: Update,
  botUsername: string,
  options: TelegramNormaliseOptions,
): InboundEvent | null {
  const dedupeKey = `telegram:update:${update.update_id}`;
  const staffChat = (chat: { id: number; type: string }) =>
    chat.type !== "private" &&
    options.staffChatId !== undefined &&
    (options.staffChatIds ?? [options.staffChatId]).includes(String(chat.id));
  if (update.callback_query) {
    const query = update.callback_query;
    // A button on an inline message (no chat): this bot sends none, so nobody is talking to it there.
    if (!query.message) return null;
    const inStaffChat = staffChat(query.message.chat);
    if (query.message.chat.type !== "private" && !inStaffChat) return null;
    if (!query.data) return null;
    return {
      dedupeKey,
      user: { channel: "telegram", userId: inStaffChat ? options.staffChatId! : String(query.from.id) },
      receivedAt: options.now,
      profile: profileOf(query.from),
      payload: { kind: "choice", choiceId: query.data },
    };
  }
  const edited = update.edited_message;
  const message = update.message ?? edited;
  if (!message?.from || message.from.is_bot) return null;
  // Service messages (auto-delete timer, members joining, pins, topics...) are nobody writing to the bot.
  if (SERVICE_FIELDS.some((field) => field in message)) return null;
  const inStaffChat = staffChat(message.chat);
  if (message.chat.type !== "private" && !inStaffChat) return null;
  const payload: InboundPayload = edited
    ? { kind: "unsupported", what: "edited" }
    : payloadOf(message, botUsername);
  // In the staff group only what is meant for the bot: commands and text replies to its messages.
  if (inStaffChat && payload.kind !== "command" && !(payload.kind === "text" && payload.replyTo)) return null;
  return {
    dedupeKey,
    user: { channel: "telegram", userId: inStaffChat ? options.staffChatId! : String(message.from.id) },
    receivedAt: new Date(message.date * 1000),
    profile: profileOf(message.from),
    payload,
  };
}

type Message = NonNullable<Update["message"]>;

function payloadOf(message: Message, botUsername: string): InboundPayload {
  if (typeof message.text === "string") {
    const command = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]+))?(?:\s+([\s\S]*))?$/.exec(
      message.text.trim(),
    );
    if (command?.[1] && (!command[2] || command[2].toLowerCase() === botUsername.toLowerCase())) {
      return { kind: "command", command: command[1].toLowerCase(), args: (command[3] ?? "").trim() };
    }
    const replied = message.reply_to_message;
    return {
      kind: "text",
      text: message.text,
      ...(replied
        ? {
            replyTo: {
              messageId: String(replied.message_id),
              ...(replied.text || replied.caption ? { text: replied.text ?? replied.caption } : {}),
            },
          }
        : {}),
    };
  }
  if (message.contact) {
    return {
      kind: "contact",
      phone: message.contact.phone_number,
      isSender: message.contact.user_id === message.from?.id,
    };
  }
  if (message.location) {
    return { kind: "location", latitude: message.location.latitude, longitude: message.location.longitude };
  }
  if (message.photo?.length) {
    const largest = message.photo[message.photo.length - 1]!;
    return {
      kind: "photo",
      mediaId: largest.file_id,
      ...(message.caption ? { caption: message.caption } : {}),
    };
  }
  if (message.sticker) return { kind: "unsupported", what: "sticker" };
  if (message.voice || message.audio || message.video_note) return { kind: "unsupported", what: "voice" };
  return { kind: "unsupported", what: "media" };
}

function profileOf(user: { first_name: string; language_code?: string; username?: string }) {
  return {
    // Cut to whole graphemes and cleaned of bidi controls in the core (clean-event.ts).
    name: user.first_name,
    ...(user.language_code ? { languageCode: user.language_code } : {}),
    ...(user.username && /^[A-Za-z0-9_]{4,32}$/.test(user.username) ? { username: user.username } : {}),
  };
}
