// Neutral replies -> Telegram sendMessage/sendPhoto calls (HTML-escaped, inline keyboards, 64-byte data).
import type { Choice, Reply } from "../../core/replies.js";
import { byteLength, cutIndex, graphemePrefix, truncate } from "../../core/text.js";

export const telegramLimits = { text: 4096, caption: 1024, callbackData: 64, buttonText: 64 } as const;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export interface TelegramCall {
  readonly method: "sendMessage" | "sendPhoto" | "sendVenue";
  readonly payload: Record<string, unknown>;
}

export class ChoiceIdTooLongError extends Error {
  override readonly name = "ChoiceIdTooLongError";
}

function keyboardOf(reply: Reply): Record<string, unknown> | undefined {
  if (reply.request) {
    return {
      keyboard: [[{ text: reply.request.label, [`request_${reply.request.kind}`]: true }]],
      one_time_keyboard: true,
      resize_keyboard: true,
    };
  }
  if (!reply.choices?.length) return undefined;
  return { inline_keyboard: layout(reply.choices) };
}

// Short labels two per row, long ones alone: readable on a phone.
function layout(choices: readonly Choice[]) {
  const rows: { text: string; callback_data: string }[][] = [];
  const short = choices.every((choice) => choice.label.length <= 16) && choices.length > 3;
  for (const choice of choices) {
    if (byteLength(choice.id) > telegramLimits.callbackData) {
      throw new ChoiceIdTooLongError(`choice id over 64 bytes: ${graphemePrefix(choice.id, 20)}...`);
    }
    const button = { text: truncate(choice.label, telegramLimits.buttonText), callback_data: choice.id };
    const last = rows[rows.length - 1];
    if (short && last && last.length < 2) last.push(button);
    else rows.push([button]);
  }
  return rows;
}

/** Splits on paragraph/line boundaries under the limit (after escaping, since entities grow the text). */
export function splitText(text: string, limit: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (escapeHtml(rest).length > limit) {
    let cut = rest.lastIndexOf("\n", limit - 100);
    if (cut < limit / 2) cut = rest.lastIndexOf(" ", limit - 100);
    // No line or word break: a grapheme boundary (Telegram refuses a message holding half an emoji).
    if (cut < limit / 2) cut = cutIndex(rest, limit - 100);
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\s+/, "");
  }
  parts.push(rest);
  return parts;
}

export function renderTelegramReplies(chatId: string, replies: readonly Reply[]): TelegramCall[] {
  const calls: TelegramCall[] = [];
  for (const reply of replies) {
    const markup = keyboardOf(reply);
    if (reply.photo) {
      const captionFits = escapeHtml(reply.text).length <= telegramLimits.caption;
      calls.push({
        method: "sendPhoto",
        payload: {
          chat_id: chatId,
          photo: reply.photo,
          ...(captionFits ? { caption: escapeHtml(reply.text), parse_mode: "HTML" } : {}),
          ...(captionFits && markup ? { reply_markup: markup } : {}),
        },
      });
      if (captionFits) {
        pushVenue(calls, chatId, reply);
        continue;
      }
    }
    const parts = splitText(reply.text, telegramLimits.text);
    parts.forEach((part, index) => {
      const last = index === parts.length - 1;
      calls.push({
        method: "sendMessage",
        payload: {
          chat_id: chatId,
          text: escapeHtml(part),
          parse_mode: "HTML",
          link_preview_options: { is_disabled: true },
          ...(last && markup ? { reply_markup: markup } : {}),
        },
      });
    });
    pushVenue(calls, chatId, reply);
  }
  return calls;
}

function pushVenue(calls: TelegramCall[], chatId: string, reply: Reply) {
  if (!reply.location) return;
  const { latitude, longitude, name, address } = reply.location;
  calls.push({
    method: "sendVenue",
    payload: {
      chat_id: chatId,
      latitude,
      longitude,
      title: truncate(name, 100),
      address: truncate(address, 200),
    },
  });
}
