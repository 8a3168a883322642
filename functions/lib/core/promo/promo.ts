// A seller's promotion for one weekend at Taman UMKM Bung Karno (or another stall).
import type { UserRef } from "../events.js";
import type { Category } from "../registration/fields.js";

export const promoStatuses = ["pending", "approved", "rejected", "withdrawn"] as const;
export type PromoStatus = (typeof promoStatuses)[number];

export interface PromoDraft {
  product?: string;
  normalPrice?: number;
  promoPrice?: number;
  discountText?: string;
  /** Platform media reference (Telegram file_id / WhatsApp media id) of the photo, if any. */
  photo?: string;
  photoChannel?: UserRef["channel"];
  location?: string;
  weekend?: string;
}

export interface Promo {
  readonly id: string;
  readonly sellerId: string;
  readonly channel: UserRef["channel"];
  readonly userId: string;
  readonly businessName: string;
  readonly category: Category;
  readonly product: string;
  readonly normalPrice: number;
  readonly promoPrice?: number;
  readonly discountText?: string;
  readonly photo?: string;
  readonly photoChannel?: UserRef["channel"];
  readonly location: string;
  /** Saturday (WIB date) of the weekend. */
  readonly weekend: string;
  readonly status: PromoStatus;
  readonly rejectionReason?: string;
  readonly decidedBy?: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** What a seller may change after posting (the weekend stays: withdraw and post again for another). */
export type PromoEditableValues = Pick<
  Promo,
  "product" | "normalPrice" | "promoPrice" | "discountText" | "photo" | "photoChannel" | "location"
>;

export type PromoSaveResult =
  | { readonly status: "saved"; readonly promo: Promo }
  | { readonly status: "limit"; readonly limit: number };

export type PromoDecisionResult =
  | { readonly status: "decided"; readonly promo: Promo }
  | { readonly status: "already"; readonly promo: Promo }
  | { readonly status: "missing" };

export interface PromoRepository {
  /** Creates a promo, at most `limit` live (not withdrawn/rejected) ones per seller and weekend; idempotent per id. */
  create(promo: Promo, limit: number): Promise<PromoSaveResult>;
  get(user: UserRef, id: string): Promise<Promo | null>;
  listBySeller(user: UserRef, weekend?: string): Promise<Promo[]>;
  listByWeekend(weekend: string): Promise<Promo[]>;
  /**
   * The seller's edit before the cut-off: the promo's words, prices, photo and place become `values`, and its
   * status `status`, only while it still has the status `from` (a staff decision in between: "changed").
   */
  edit(input: {
    user: UserRef;
    id: string;
    from: "pending" | "approved";
    values: PromoEditableValues;
    status: "pending" | "approved";
    now: Date;
  }): Promise<{ readonly status: "edited"; readonly promo: Promo } | { readonly status: "changed" }>;
  /** Withdraw (seller, before the cut-off) frees a slot. */
  withdraw(user: UserRef, id: string, now: Date): Promise<"withdrawn" | "missing">;
  decide(input: {
    user: UserRef;
    id: string;
    decision: "approved" | "rejected";
    reason?: string;
    staff: UserRef;
    now: Date;
  }): Promise<PromoDecisionResult>;
}

/** Promo ids are stable per submission (the inbound update), so retries do not create twins. */
export function promoIdFrom(dedupeKey: string): string {
  let hash = 0;
  for (const char of dedupeKey) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `p${hash.toString(36)}${dedupeKey.length.toString(36)}`;
}
