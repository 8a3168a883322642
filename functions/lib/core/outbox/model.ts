// The outbox's data model: a job (one bulk send: a broadcast now, the weekend digest next) and one
// delivery per (job, recipient). Channel-agnostic and free of any AWS SDK.
import { createHash } from "node:crypto";
import type { Language } from "../contact.js";
import type { Channel, UserRef } from "../events.js";
import type { Category } from "../registration/fields.js";
import type { Reply } from "../replies.js";

export const jobStates = ["scheduled", "running", "done", "cancelled"] as const;
export type JobState = (typeof jobStates)[number];

/** Who receives a job. "pelanggan" = promo subscribers (needs the promo subscriptions of the next issue). */
export type Audience =
  | { readonly kind: "semua" }
  | { readonly kind: "penjual" }
  | { readonly kind: "pelanggan" }
  | { readonly kind: "kategori"; readonly value: Category }
  | { readonly kind: "kecamatan"; readonly value: string }
  /** One person's turn whose answer the platform refused for now (a reply retried through the outbox). */
  | { readonly kind: "person" };

export interface OutboxContent {
  readonly text: string;
  /** A platform media id (of the channel it came from) or an https URL. */
  readonly photo?: string;
  /** Channel the photo id belongs to: a Telegram file_id cannot be sent on WhatsApp and vice versa. */
  readonly photoChannel?: Channel;
  /** A reply job: the very replies of the turn (buttons, lists and all), in order. */
  readonly replies?: readonly Reply[];
}

/** The counters that add up to `total` at every moment. */
export const settledCounterNames = [
  "queued",
  "sent",
  "failed",
  "blocked",
  "skipped",
  "uncertain",
  "cancelled",
  "held",
] as const;
export const counterNames = [
  "total",
  ...settledCounterNames,
  // Receipts (WhatsApp status webhooks): how many of the sent messages arrived and were read. Part of
  // "sent", not of the sum; Telegram sends no receipts.
  "delivered",
  "read",
] as const;
export type CounterName = (typeof counterNames)[number];
export type Counters = Readonly<Record<CounterName, number>>;

export const emptyCounters = (): Record<CounterName, number> =>
  Object.fromEntries(counterNames.map((name) => [name, 0])) as Record<CounterName, number>;

export interface OutboxJob {
  readonly id: string;
  /**
   * A broadcast sends `content` to everyone; a digest composes each person's message at send time; a
   * reply carries one turn's answer the platform refused for now (429, 5xx, timeout) to its one person.
   */
  readonly kind: "broadcast" | "digest" | "reply";
  /** For a digest: the Saturday (WIB date) of the weekend whose promotions it carries. */
  readonly digestWeekend?: string;
  /** A late-approval follow-up: the one promo (approved after the digest went out) it carries. */
  readonly digestPromoId?: string;
  readonly audience: Audience;
  readonly content: OutboxContent;
  /** The staff member who gets the reports (absent for jobs created by the CLI). */
  readonly createdBy?: UserRef;
  readonly createdByLanguage: Language;
  readonly state: JobState;
  /** Epoch ms: when the planner may start (creation time for "send now"). */
  readonly sendAt: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly startedAt?: number;
  readonly finishedAt?: number;
  readonly cancelledAt?: number;
  /** True once every recipient is counted in `total` and has a queue message (records come at claim). */
  readonly planned: boolean;
  readonly counters: Counters;
  /** Epoch ms of the latest counted change (a counter shard's); absent when nothing was counted yet. */
  readonly lastCountedAt?: number;
  /** Epoch ms of the latest recount from the delivery records (see the planner's reconcile). */
  readonly recountedAt?: number;
}

/**
 * queued -> sending (claimed, with a token and a lease) -> sent | failed | blocked | skipped | held.
 * "held": the platform held a marketing message (WhatsApp 131049): reachable, tried again next time.
 * sending -> queued again only when the platform certainly did not take the message (429, 5xx).
 * A "sending" record whose lease expired (the worker died mid-send) becomes "uncertain": it is never
 * re-sent, because the platform may already have delivered it.
 */
export const deliveryStatuses = [
  "queued",
  "sending",
  "sent",
  "failed",
  "blocked",
  "skipped",
  "uncertain",
  "cancelled",
  "held",
] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];
export type FinalStatus = Exclude<DeliveryStatus, "queued" | "sending">;

export interface Delivery {
  readonly jobId: string;
  readonly recipient: UserRef;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly lastError?: string;
  readonly via?: "message" | "template";
  /** The furthest receipt the platform sent for it (WhatsApp only). */
  readonly receipt?: "delivered" | "read";
  readonly updatedAt: number;
}

/** One queue message = one (job, recipient). */
export interface QueueMessage {
  readonly jobId: string;
  readonly channel: Channel;
  readonly userId: string;
}

export function audienceKey(audience: Audience): string {
  return "value" in audience ? `${audience.kind}:${audience.value}` : audience.kind;
}

export function isFinal(status: DeliveryStatus): status is FinalStatus {
  return status !== "queued" && status !== "sending";
}

/** Job ids are short (they go into choice ids of <= 64 bytes) and URL/CLI friendly. */
export const jobIdPattern = /^[a-z0-9]{6,16}$/;

/** A short job id derived from what made it (the confirming update): a retry makes the same job, not a second one. */
export function jobIdFor(seed: string): string {
  return BigInt(`0x${createHash("sha256").update(seed).digest("hex").slice(0, 15)}`)
    .toString(36)
    .padStart(10, "0")
    .slice(0, 10);
}
