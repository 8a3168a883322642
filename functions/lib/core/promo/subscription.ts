// Buyer subscriptions to the weekend promotions of Taman UMKM Bung Karno.
import type { Channel, UserRef } from "../events.js";
import { type Category, categories } from "../registration/fields.js";
import { normaliseKeyword } from "../text.js";

export type PromoCategory = Category;
export const promoCategories = categories;

export interface Subscription {
  readonly channel: Channel;
  readonly userId: string;
  readonly active: boolean;
  /** Empty = every category ("Semua"). */
  readonly categories: readonly PromoCategory[];
  readonly optedInAt?: number;
  readonly optedOutAt?: number;
  /** Wording of the opt-in the person agreed to. */
  readonly consentVersion?: string;
  readonly consentChannel?: Channel;
  readonly updatedAt: number;
}

export interface SubscriptionRepository {
  get(user: UserRef): Promise<Subscription | null>;
  subscribe(
    user: UserRef,
    categories: readonly PromoCategory[],
    consentVersion: string,
    now: Date,
  ): Promise<Subscription>;
  unsubscribe(user: UserRef, now: Date): Promise<"stopped" | "not-subscribed">;
  /** Every active subscriber (paged internally). */
  listActive(): Promise<Subscription[]>;
  /** People who opted out (kept to prove the opt-out; deleted with "hapus data"). */
  listInactive(): Promise<Subscription[]>;
  countByState(): Promise<{ active: number; optedOut: number }>;
}

const stopPhrases = new Set([
  "berhenti",
  "stop",
  "berhenti langganan",
  "stop langganan",
  "stop promo",
  "berhenti promo",
  "unsubscribe",
  "stop berlangganan",
  "berhenti berlangganan",
  "jangan kirim promo lagi",
  "jgn kirim promo lg",
]);
const politeWords = new Set([
  "ya",
  "yah",
  "dong",
  "donk",
  "aja",
  "saja",
  "deh",
  "please",
  "min",
  "kak",
  "mas",
  "mbak",
  "pak",
  "bu",
  "sekarang",
]);

/** "BERHENTI", "stop promo dong!", "Ya, berhenti langganan." — the whole message asks to stop. */
export function isStopRequest(text: string): boolean {
  const words = normaliseKeyword(text).split(" ").filter(Boolean);
  while (words.length && politeWords.has(words[0]!)) words.shift();
  while (words.length && politeWords.has(words[words.length - 1]!)) words.pop();
  return stopPhrases.has(words.join(" "));
}
