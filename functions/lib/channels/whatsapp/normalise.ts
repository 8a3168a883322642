// WhatsApp webhook `value` -> normalised inbound events (one per message) and delivery statuses.
import type { AccountEvent, InboundEvent, InboundPayload, UserRef } from "../../core/events.js";
import { truncate } from "../../core/text.js";
import {
  type WhatsAppContact,
  type WhatsAppMessage,
  type WhatsAppStatus,
  type WhatsAppValue,
  whatsappSchemas,
} from "./payload-schema.js";

/** The button render.ts offers instead of Telegram's "share my number" (WhatsApp has none). */
export const shareContactChoiceId = "whatsapp:share-contact";

export interface WhatsAppInboundMessage {
  readonly kind: "message";
  readonly event: InboundEvent;
  /** Meta's newer, number-independent user id, when the payload carries one. */
  readonly platformUserId?: string;
}

export interface WhatsAppDeliveryStatus {
  readonly kind: "status";
  /** `whatsapp:status:<message id>:<status>` */
  readonly dedupeKey: string;
  readonly messageId: string;
  readonly status: string;
  readonly user: UserRef | null;
  readonly at: Date;
  readonly errors: readonly { readonly code: number; readonly title?: string }[];
}

export interface WhatsAppSkipped {
  readonly kind: "skipped";
  readonly what: "message" | "status";
  readonly reason: string;
  /** Not a fault: an event the bot does not answer (a reaction, a deleted message, a system notice). */
  readonly silent?: boolean;
}

/**
 * Message types that are not someone writing to the bot: a reaction (or its removal), a deleted message, a
 * system notice. Both channels stay silent for these (Telegram's service messages likewise).
 */
const SILENT_TYPES = new Set(["reaction", "revoke", "system", "ephemeral"]);

/** A system notice that changes who the person is (`user_changed_number`): their data moves, nothing is answered. */
export interface WhatsAppAccountChange {
  readonly kind: "account";
  readonly event: AccountEvent;
}

export type WhatsAppItem =
  | WhatsAppInboundMessage
  | WhatsAppDeliveryStatus
  | WhatsAppSkipped
  | WhatsAppAccountChange;

export function normaliseWhatsAppValue(value: WhatsAppValue, now: Date): WhatsAppItem[] {
  const items: WhatsAppItem[] = [];
  const contacts = (value.contacts ?? []).flatMap((raw) => {
    const parsed = whatsappSchemas().whatsappContactSchema.safeParse(raw);
    return parsed.success ? [parsed.data] : [];
  });
  for (const raw of value.messages ?? []) {
    const parsed = whatsappSchemas().whatsappMessageSchema.safeParse(raw);
    if (!parsed.success) {
      items.push({ kind: "skipped", what: "message", reason: summarise(parsed.error.issues) });
      continue;
    }
    const changed = numberChangeOf(parsed.data, raw, now);
    if (changed) {
      items.push(changed);
      continue;
    }
    if (SILENT_TYPES.has(parsed.data.type)) {
      const system = (raw as { system?: { type?: unknown } }).system?.type;
      const reason = typeof system === "string" ? `${parsed.data.type}:${system}` : parsed.data.type;
      items.push({ kind: "skipped", what: "message", reason, silent: true });
      continue;
    }
    items.push(
      messageItem(parsed.data, contacts, now) ?? { kind: "skipped", what: "message", reason: "no sender" },
    );
  }
  for (const raw of value.statuses ?? []) {
    const parsed = whatsappSchemas().whatsappStatusSchema.safeParse(raw);
    if (!parsed.success) {
      items.push({ kind: "skipped", what: "status", reason: summarise(parsed.error.issues) });
      continue;
    }
    items.push(statusItem(parsed.data, now));
  }
  return items;
}

function messageItem(
  message: WhatsAppMessage,
  contacts: readonly WhatsAppContact[],
  now: Date,
): WhatsAppInboundMessage | null {
  const contact =
    contacts.find((candidate) => message.from && candidate.wa_id === message.from) ??
    contacts.find((candidate) => message.from_user_id && candidate.user_id === message.from_user_id) ??
    (contacts.length === 1 ? contacts[0] : undefined);
  // The phone-number id (wa_id) stays the key; Meta's newer user id is stored beside it.
  const userId = message.from ?? contact?.wa_id ?? message.from_user_id ?? contact?.user_id;
  if (!userId) return null;
  const platformUserId = message.from_user_id ?? contact?.user_id;
  const name = contact?.profile?.name?.trim();
  const user: UserRef = { channel: "whatsapp", userId };
  return {
    kind: "message",
    event: {
      dedupeKey: `whatsapp:${message.id}`,
      user,
      receivedAt: dateOf(message.timestamp, now),
      profile: name ? { name } : {},
      payload: payloadOf(message, userId),
    },
    ...(platformUserId && platformUserId !== userId ? { platformUserId } : {}),
  };
}

/** `system.type = user_changed_number`: `from` is the old number, `system.wa_id` the new one. */
function numberChangeOf(message: WhatsAppMessage, raw: unknown, now: Date): WhatsAppAccountChange | null {
  if (message.type !== "system" || !message.from) return null;
  const system = (raw as { system?: { type?: unknown; wa_id?: unknown } }).system;
  const newId = typeof system?.wa_id === "string" ? system.wa_id.trim() : "";
  if (system?.type !== "user_changed_number" || !/^\d{5,20}$/.test(newId) || newId === message.from)
    return null;
  return {
    kind: "account",
    event: {
      kind: "identity.changed",
      dedupeKey: `whatsapp:${message.id}`,
      from: { channel: "whatsapp", userId: message.from },
      to: { channel: "whatsapp", userId: newId },
      at: dateOf(message.timestamp, now),
    },
  };
}

function payloadOf(message: WhatsAppMessage, sender: string): InboundPayload {
  switch (message.type) {
    case "text": {
      const text = message.text?.body ?? "";
      const command = /^\/([A-Za-z0-9_]{1,32})(?:\s+([\s\S]*))?$/.exec(text.trim());
      if (command?.[1])
        return { kind: "command", command: command[1].toLowerCase(), args: (command[2] ?? "").trim() };
      return { kind: "text", text };
    }
    case "interactive": {
      const interactive = message.interactive;
      const id = interactive?.button_reply?.id ?? interactive?.list_reply?.id;
      if (!id) return { kind: "unsupported", what: `interactive:${interactive?.type ?? "unknown"}` };
      // WhatsApp has no "share my number" button: render.ts offers the sender's own number instead.
      if (id === shareContactChoiceId) return { kind: "contact", phone: sender, isSender: true };
      return { kind: "choice", choiceId: id };
    }
    case "button": {
      // A quick-reply button of a template: its text is what the person meant to say.
      const text = message.button?.text ?? message.button?.payload;
      return text ? { kind: "text", text } : { kind: "unsupported", what: "button" };
    }
    case "location": {
      const location = message.location;
      if (!location || !Number.isFinite(location.latitude) || !Number.isFinite(location.longitude))
        return { kind: "unsupported", what: "location" };
      return { kind: "location", latitude: location.latitude, longitude: location.longitude };
    }
    case "image": {
      if (!message.image) return { kind: "unsupported", what: "media" };
      const caption = message.image.caption?.trim();
      return { kind: "photo", mediaId: message.image.id, ...(caption ? { caption } : {}) };
    }
    case "contacts": {
      const phone = message.contacts?.[0]?.phones?.find((entry) => entry.wa_id || entry.phone);
      if (!phone) return { kind: "unsupported", what: "media" };
      const number = phone.wa_id ?? phone.phone ?? "";
      const digits = (value: string) => value.replace(/\D/g, "");
      return { kind: "contact", phone: number, isSender: digits(number) === digits(sender) };
    }
    case "sticker":
      return { kind: "unsupported", what: "sticker" };
    case "audio":
    case "voice":
      return { kind: "unsupported", what: "voice" };
    default:
      // video, document, order, Meta's own "unsupported"... a friendly answer.
      return { kind: "unsupported", what: "media" };
  }
}

function statusItem(status: WhatsAppStatus, now: Date): WhatsAppDeliveryStatus {
  const userId = status.recipient_id ?? status.recipient_user_id;
  return {
    kind: "status",
    dedupeKey: `whatsapp:status:${status.id}:${status.status}`,
    messageId: status.id,
    status: status.status,
    user: userId ? { channel: "whatsapp", userId } : null,
    at: dateOf(status.timestamp, now),
    errors: (status.errors ?? []).map((error) => ({
      code: error.code,
      ...(error.title ? { title: truncate(error.title, 200) } : {}),
    })),
  };
}

function dateOf(timestamp: string | undefined, fallback: Date): Date {
  const seconds = Number(timestamp);
  const date = new Date(seconds * 1000);
  // An out-of-range date would throw later (toISOString) and fail the whole notification.
  return timestamp && seconds > 0 && !Number.isNaN(date.getTime()) ? date : fallback;
}

function summarise(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`)
    .join("; ");
}
