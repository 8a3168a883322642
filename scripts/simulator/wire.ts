// Real-format platform payloads built from what the simulator user did: Telegram Bot API `Update`s and
// WhatsApp Cloud API webhook notifications (signed like Meta signs them).
import { createHmac, randomUUID } from "node:crypto";
import type { Persona } from "./personas.js";

/** What a person can do in a chat. */
export type UserAction =
  | { readonly type: "text"; readonly text: string }
  /** A button / inline keyboard / list row: its id (callback data) and the label shown. */
  | {
      readonly type: "choice";
      readonly id: string;
      readonly label: string;
      readonly kind?: "button" | "list";
    }
  | { readonly type: "contact" }
  | { readonly type: "location" }
  | { readonly type: "photo"; readonly mediaId: string; readonly caption?: string };

/** Taman UMKM Bung Karno, Jl. Gatot Subroto, Bandar Lampung (approximately). */
export const sampleLocation = {
  latitude: -5.4235,
  longitude: 105.2722,
  name: "Taman UMKM Bung Karno",
  address: "Jl. Gatot Subroto, Bandar Lampung",
} as const;

const nowSeconds = () => Math.floor(Date.now() / 1000);

// Update ids only grow, also across restarts (processed ids are remembered for 8 days in the store).
let lastUpdateId = Date.now();
const nextUpdateId = () => ++lastUpdateId;
let lastMessageId = 0;

export interface TelegramContext {
  /** The message the pressed inline keyboard belongs to. */
  readonly messageId?: number;
  readonly botId: number;
  readonly botUsername: string;
}

function telegramUser(persona: Persona) {
  return { id: Number(persona.userId), is_bot: false, first_name: persona.name, language_code: "id" };
}

export function telegramUpdate(persona: Persona, action: UserAction, context: TelegramContext) {
  const from = telegramUser(persona);
  const chat = { id: from.id, type: "private", first_name: from.first_name };
  const update_id = nextUpdateId();
  if (action.type === "choice") {
    return {
      update_id,
      callback_query: {
        id: String(update_id),
        from,
        chat_instance: `sim-${persona.userId}`,
        data: action.id,
        message: {
          message_id: context.messageId ?? 1,
          date: nowSeconds(),
          chat,
          from: {
            id: context.botId,
            is_bot: true,
            first_name: "Layanan UMKM",
            username: context.botUsername,
          },
          text: "…",
        },
      },
    };
  }
  const base = { message_id: ++lastMessageId, date: nowSeconds(), chat, from };
  switch (action.type) {
    case "text": {
      const command = /^\/[A-Za-z0-9_@]+/.exec(action.text);
      return {
        update_id,
        message: {
          ...base,
          text: action.text,
          ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] } : {}),
        },
      };
    }
    case "contact":
      return {
        update_id,
        message: {
          ...base,
          contact: { phone_number: `+${persona.phone}`, first_name: persona.name, user_id: from.id },
        },
      };
    case "location":
      return {
        update_id,
        message: {
          ...base,
          location: { latitude: sampleLocation.latitude, longitude: sampleLocation.longitude },
        },
      };
    case "photo":
      return {
        update_id,
        message: {
          ...base,
          photo: [
            { file_id: action.mediaId, file_unique_id: `u${action.mediaId}s`, width: 90, height: 90 },
            { file_id: action.mediaId, file_unique_id: `u${action.mediaId}`, width: 800, height: 800 },
          ],
          ...(action.caption ? { caption: action.caption } : {}),
        },
      };
  }
}

export const newWamid = () => `wamid.SIM${randomUUID().replace(/-/g, "").toUpperCase()}`;

export interface WhatsAppContext {
  readonly phoneNumberId: string;
  readonly displayPhoneNumber: string;
  /** The bot message a pressed button / list row belongs to. */
  readonly contextMessageId?: string;
}

/** One `value.messages[]` item. */
export function whatsappMessage(persona: Persona, action: UserAction, context: WhatsAppContext) {
  const base = { from: persona.userId, id: newWamid(), timestamp: String(nowSeconds()) };
  switch (action.type) {
    case "text":
      return { ...base, type: "text", text: { body: action.text } };
    case "choice": {
      const reply = { id: action.id, title: action.label };
      const ctx = context.contextMessageId
        ? { context: { from: context.displayPhoneNumber, id: context.contextMessageId } }
        : {};
      return action.kind === "list"
        ? { ...ctx, ...base, type: "interactive", interactive: { type: "list_reply", list_reply: reply } }
        : {
            ...ctx,
            ...base,
            type: "interactive",
            interactive: { type: "button_reply", button_reply: reply },
          };
    }
    case "contact":
      return {
        ...base,
        type: "contacts",
        contacts: [
          {
            name: { formatted_name: persona.name, first_name: persona.name },
            phones: [{ phone: `+${persona.phone}`, wa_id: persona.phone, type: "CELL" }],
          },
        ],
      };
    case "location":
      return { ...base, type: "location", location: { ...sampleLocation } };
    case "photo":
      return {
        ...base,
        type: "image",
        image: {
          id: action.mediaId,
          mime_type: "image/jpeg",
          ...(action.caption ? { caption: action.caption } : {}),
        },
      };
  }
}

/** The whole webhook notification Meta POSTs: one entry, one change, the sender's contact. */
export function whatsappNotification(persona: Persona, message: object, context: WhatsAppContext) {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "SIMULATOR-WABA",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: {
                display_phone_number: context.displayPhoneNumber,
                phone_number_id: context.phoneNumberId,
              },
              contacts: [{ profile: { name: persona.name }, wa_id: persona.userId }],
              messages: [message],
            },
          },
        ],
      },
    ],
  };
}

/** `X-Hub-Signature-256` for a raw body, as Meta computes it. */
export function signWhatsAppBody(rawBody: string | Buffer, appSecret: string): string {
  return `sha256=${createHmac("sha256", appSecret).update(rawBody).digest("hex")}`;
}
