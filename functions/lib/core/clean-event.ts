// The one place where what people typed enters the core: every channel's event is cleaned here, before
// anything is stored, relayed to staff or answered.
import type { InboundEvent, InboundPayload } from "./events.js";
import { cleanInboundText, truncate } from "./text.js";

/** Longest display name kept (Telegram allows 64 UTF-16 units for a first name; WhatsApp has no fixed limit). */
export const maxProfileNameLength = 64;

function cleanPayload(payload: InboundPayload): InboundPayload {
  switch (payload.kind) {
    case "text":
      return {
        ...payload,
        text: cleanInboundText(payload.text),
        ...(payload.replyTo?.text !== undefined
          ? { replyTo: { ...payload.replyTo, text: cleanInboundText(payload.replyTo.text) } }
          : {}),
      };
    case "command":
      return { ...payload, args: cleanInboundText(payload.args) };
    case "photo":
      return payload.caption === undefined
        ? payload
        : { ...payload, caption: cleanInboundText(payload.caption) };
    case "contact":
      return { ...payload, phone: cleanInboundText(payload.phone) };
    default:
      return payload;
  }
}

/** Bidi controls stripped, lone surrogates replaced, the display name cut to whole graphemes. */
export function cleanInboundEvent(event: InboundEvent): InboundEvent {
  const name = event.profile.name === undefined ? undefined : cleanInboundText(event.profile.name).trim();
  const { name: _raw, ...profile } = event.profile;
  return {
    ...event,
    profile: name ? { ...profile, name: truncate(name, maxProfileNameLength, { ellipsis: "" }) } : profile,
    payload: cleanPayload(event.payload),
  };
}
