// The people a simulator user can become on each side: a new buyer, a fixed seller, a staff member.
import { randomInt } from "node:crypto";
import type { Channel } from "../../functions/lib/core/events.js";

export const roles = ["buyer", "seller", "staff"] as const;
export type Role = (typeof roles)[number];

export interface Persona {
  /** `<channel>:<userId>`: the page's handle for this person. */
  readonly key: string;
  readonly channel: Channel;
  readonly role: Role;
  /** Telegram user id / WhatsApp wa_id. */
  readonly userId: string;
  readonly name: string;
  /** International format, digits only (what share-contact sends). */
  readonly phone: string;
}

const persona = (channel: Channel, role: Role, userId: string, name: string, phone: string): Persona => ({
  key: `${channel}:${userId}`,
  channel,
  role,
  userId,
  name,
  phone,
});

/** Fixed personas, so the seller and the staff member keep their data across restarts of `npm start`. */
export const fixedPersonas = {
  telegram: {
    seller: persona("telegram", "seller", "7100000002", "Siti Rahayu", "6281234567890"),
    staff: persona("telegram", "staff", "7100000009", "Petugas Dinas", "6281100000009"),
  },
  whatsapp: {
    seller: persona("whatsapp", "seller", "6281277770002", "Made Wirawan", "6281277770002"),
    staff: persona("whatsapp", "staff", "6281277770009", "Petugas Dinas", "6281277770009"),
  },
} as const;

const buyerNames = ["Rina", "Budi", "Ayu", "Joko", "Dewi", "Agus", "Putri", "Rizky", "Wulan", "Fajar"];

/** A brand-new buyer: an id nobody used before (random, so also new after a restart). */
export function newBuyer(channel: Channel): Persona {
  const name = buyerNames[randomInt(buyerNames.length)]!;
  const phone = `62813${String(randomInt(10_000_000, 99_999_999))}`;
  if (channel === "whatsapp") return persona("whatsapp", "buyer", phone, name, phone);
  return persona("telegram", "buyer", String(randomInt(7_200_000_000, 7_299_999_999)), name, phone);
}
