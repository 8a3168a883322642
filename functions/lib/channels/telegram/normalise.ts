// Telegram Update -> normalised inbound event (null = ignore silently, e.g. group chats).
import type { Update } from "grammy/types";
import type { InboundEvent, InboundPayload } from "../../core/events.js";

export function normaliseTelegramUpdate(update: Update, botUsername: string): InboundEvent | null {
  const dedupeKey = `telegram:update:${update.update_id}`;
  if (update.callback_query) {
    const query = update.callback_query;
    if (query.message && query.message.chat.type !== "private") return null;
    if (!query.data) return null;
    return {
      dedupeKey,
      user: { channel: "telegram", userId: String(query.from.id) },
      receivedAt: new Date(),
      profile: profileOf(query.from),
      payload: { kind: "choice", choiceId: query.data },
    };
  }
  const edited = update.edited_message;
  const message = update.message ?? edited;
  if (message?.chat.type !== "private" || !message.from || message.from.is_bot) return null;
  const payload: InboundPayload = edited
    ? { kind: "unsupported", what: "edited" }
    : payloadOf(message, botUsername);
  return {
    dedupeKey,
    user: { channel: "telegram", userId: String(message.from.id) },
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
    return { kind: "text", text: message.text };
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

function profileOf(user: { first_name: string; language_code?: string }) {
  return {
    name: user.first_name.slice(0, 64),
    ...(user.language_code ? { languageCode: user.language_code } : {}),
  };
}
