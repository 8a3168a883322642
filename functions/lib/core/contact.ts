// The person behind a chat, as the core sees it (one per channel and user id).

import type { UserRef } from "./events.js";
import type { Choice } from "./replies.js";

export const roles = ["buyer", "seller", "staff"] as const;
export type Role = (typeof roles)[number];
/** Where a staff role came from: the configuration (revoked when removed from it) or the admin CLI. */
export type RoleSource = "config" | "admin";
export const languages = ["id", "en"] as const;
export type Language = (typeof languages)[number];

export interface ConsentRecord {
  /** What the person agreed to, e.g. "registration", "promo". */
  readonly purpose: string;
  /** Version of the wording they saw. */
  readonly version: string;
  readonly at: number;
  readonly given: boolean;
  /** Where a withdrawal came from when the person did not say it to us (e.g. "whatsapp:131050"). */
  readonly source?: string;
}

export interface Contact extends UserRef {
  readonly role: Role;
  /** Staff only: who granted the role. */
  readonly roleSource?: RoleSource;
  /** Staff only: the web console's role, set by the admin CLI (absent: admin). */
  readonly consoleRole?: "admin" | "petugas";
  readonly language: Language;
  readonly displayName?: string;
  readonly consents: readonly ConsentRecord[];
  /** Epoch ms of the last message the person sent us (WhatsApp 24 h window). */
  readonly lastInboundAt?: number;
  readonly unreachable: boolean;
  readonly unreachableReason?: string;
  /** The platform's newer, number-independent user id (WhatsApp `user_id`), where the platform sends one. */
  readonly platformUserId?: string;
  /** The last message the platform reported as not delivered (WhatsApp status "failed"). */
  readonly lastDeliveryFailure?: DeliveryFailure;
  readonly createdAt: number;
  /** False until the first turn is committed. */
  readonly stored: boolean;
  /** Per-person flood control (messages in the current minute; muted until). */
  readonly rate?: RateState;
}

export interface RateState {
  /** Start (epoch ms) of the one-minute window being counted. */
  readonly windowStart: number;
  readonly count: number;
  /** While set and in the future, the person's messages are ignored. */
  readonly mutedUntil?: number;
}

export interface DeliveryFailure {
  /** The platform's error code, e.g. WhatsApp 131026 (undeliverable). */
  readonly code: number;
  readonly title?: string;
  /** The platform message id that failed (lets a broadcast job find its recipient). */
  readonly messageId?: string;
  readonly at: number;
}

/** A multi-step flow's position, kept in the store so both channels share it. */
export interface ConversationState {
  readonly flow: string;
  readonly step: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** The last choices shown, so a typed number or label can pick one (WhatsApp text fallback). */
  readonly offered?: readonly Choice[];
  /** The token on the latest single-use choices (`Choice.once`): only buttons carrying it still act. */
  readonly choiceToken?: string;
  /** "<token>#<update>": the tap that is using the token right now (a retry of that same update may go on). */
  readonly tokenClaim?: string;
  /** Tokens already used (newest last): a second tap on their buttons is answered "already done". */
  readonly usedTokens?: readonly string[];
  /** A flow the person left for something else (e.g. opened the menu); it can be resumed. */
  readonly paused?: {
    readonly flow: string;
    readonly step: string;
    readonly data: Readonly<Record<string, unknown>>;
  };
}

/** Changes a turn makes to the contact; applied atomically with the conversation. */
export interface ContactChanges {
  language?: Language;
  role?: Role;
  /** With `role: "staff"`; any other role drops the source. */
  roleSource?: RoleSource;
  displayName?: string;
  consent?: ConsentRecord;
  rate?: RateState;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (languages as readonly string[]).includes(value);
}
