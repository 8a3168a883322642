// A registered UMKM (seller) and the port to store it.
import type { Channel, UserRef } from "../events.js";
import type { Category, Licence } from "./fields.js";

export const sellerStatuses = ["pending", "approved", "rejected"] as const;
export type SellerStatus = (typeof sellerStatuses)[number];

export interface SellerProfile {
  readonly ownerName: string;
  readonly businessName: string;
  readonly category: Category;
  readonly kecamatan: string;
  readonly phone: string;
  readonly products: string;
  readonly licences: readonly Licence[];
  readonly wantsStall: boolean;
  /** What buyers may see (absent on records saved before the question existed: nothing). */
  readonly buyerContact?: BuyerContact;
  /** The seller's public Telegram @username when they agreed to be contacted (for a t.me link). */
  readonly telegramUsername?: string;
}

/** The seller's consent to show buyers their chat contact and stall (lapak) number. */
export interface BuyerContact {
  readonly show: boolean;
  /** Their stall number at Taman UMKM Bung Karno ("B12"), if they have one. */
  readonly stall?: string;
}

export interface Seller extends SellerProfile {
  /** "<channel>:<userId>": one seller record per chat identity. */
  readonly id: string;
  readonly channel: Channel;
  readonly userId: string;
  readonly status: SellerStatus;
  readonly rejectionReason?: string;
  readonly decidedBy?: string;
  readonly decidedAt?: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** The inbound update that saved this version: makes a retried save a no-op. */
  readonly submissionKey: string;
  /** This version was the first registration, not an edit (a replayed save answers as the first did). */
  readonly newRegistration?: boolean;
  readonly version: number;
}

export const sellerId = (user: UserRef) => `${user.channel}:${user.userId}`;

export function userOfSellerId(id: string): UserRef | undefined {
  const match = /^(telegram|whatsapp):([0-9]{1,20})$/.exec(id);
  return match ? { channel: match[1] as Channel, userId: match[2]! } : undefined;
}

export type DecisionResult =
  | { readonly status: "decided"; readonly seller: Seller }
  | { readonly status: "already"; readonly seller: Seller }
  | { readonly status: "missing" };

export interface SellerRepository {
  get(user: UserRef): Promise<Seller | null>;
  /**
   * Saves a submission (new registration or profile edit). Idempotent per submissionKey: a retried save
   * changes nothing and returns what the first returned. `status` is what the record becomes (pending for
   * review, or unchanged for minor edits by an approved seller), or a rule given the record it replaces.
   */
  save(input: {
    user: UserRef;
    profile: SellerProfile;
    status: SellerStatus | ((existing: Seller | null) => SellerStatus);
    submissionKey: string;
    now: Date;
  }): Promise<{ seller: Seller; created: boolean; repeated: boolean }>;
  /** Pending -> approved/rejected exactly once; the contact becomes a seller on approval. */
  decide(input: {
    id: string;
    decision: "approved" | "rejected";
    reason?: string;
    staff: UserRef;
    now: Date;
  }): Promise<DecisionResult>;
  list(status?: SellerStatus): Promise<Seller[]>;
  /** Removes the seller's personal data, keeping an anonymous record for statistics. */
  forget(user: UserRef, now: Date): Promise<void>;
}
