// Links that open the bot on one intent (posters, QR codes): Telegram `?start=<payload>`, WhatsApp `?text=<keyword>`.
import { sellerIdOfRef, sellerRefOf } from "./promo/seller-contact.js";

export type DeepLinkTarget =
  | { readonly kind: "promo" }
  | { readonly kind: "daftar" }
  | { readonly kind: "lapak"; readonly sellerId: string };

/** "promo", "daftar", "lapak:<sellerId>" (e.g. "lapak:whatsapp:6281234567890"). */
export function parseDeepLinkTarget(text: string): DeepLinkTarget | undefined {
  const value = text.trim();
  if (value === "promo" || value === "daftar") return { kind: value };
  const lapak = /^lapak:(.+)$/.exec(value);
  const sellerId = lapak?.[1] ? sellerIdOfRef(lapak[1]) : undefined;
  return sellerId ? { kind: "lapak", sellerId } : undefined;
}

/** Telegram start payload ([A-Za-z0-9_-], at most 64 characters): "promo", "daftar", "lapak_w6281...". */
export function startPayloadOf(target: DeepLinkTarget): string {
  return target.kind === "lapak" ? `lapak_${sellerRefOf(target.sellerId)}` : target.kind;
}

/** The message a WhatsApp link pre-fills: "promo", "daftar", "lapak w6281...". */
export function whatsappKeywordOf(target: DeepLinkTarget): string {
  return target.kind === "lapak" ? `lapak ${sellerRefOf(target.sellerId)}` : target.kind;
}

/** The command a `/start <payload>` runs (undefined: a plain start). */
export function commandOfStartPayload(payload: string): string | undefined {
  const value = payload.trim().toLowerCase();
  if (value === "promo") return "caripromo";
  if (value === "daftar") return "daftar";
  if (/^lapak_[tw]\d{1,20}$/.test(value)) return "lapak";
  return undefined;
}

export function telegramDeepLink(botUsername: string, target: DeepLinkTarget): string {
  return `https://t.me/${botUsername}?start=${startPayloadOf(target)}`;
}

export function whatsappDeepLink(displayNumber: string, target: DeepLinkTarget): string {
  return `https://wa.me/${displayNumber}?text=${encodeURIComponent(whatsappKeywordOf(target))}`;
}
