// Ports the core needs; adapters (DynamoDB, Telegram, WhatsApp, clocks) implement them.
import type { Contact, ContactChanges, ConversationState, DeliveryFailure, Language } from "./contact.js";
import type { Channel, UserRef } from "./events.js";
import type { Reply } from "./replies.js";

export interface Clock {
  now(): Date;
}

export type ClaimResult =
  | { readonly status: "claimed"; readonly token: string }
  | { readonly status: "duplicate" }
  | { readonly status: "in-progress" };

/** Processed-update records: one claim per platform update/message id. */
export interface InboundLedger {
  claim(dedupeKey: string, now: Date): Promise<ClaimResult>;
  /** Gives the claim up after a failure so the platform's retry is processed. */
  release(dedupeKey: string, token: string): Promise<void>;
}

export interface StoredSession {
  readonly contact: Contact | null;
  readonly conversation: ConversationState | null;
  /** Optimistic-concurrency version of the conversation (0 = none stored). */
  readonly conversationVersion: number;
  /** The person has an approved seller record (the role they fall back to when staff is revoked). */
  readonly approvedSeller?: boolean;
}

export interface SessionCommit {
  readonly user: UserRef;
  readonly now: Date;
  readonly isNewContact: boolean;
  readonly initialContact: Contact;
  readonly contactChanges: ContactChanges;
  /** undefined = leave as is. */
  readonly conversation: ConversationState | null | undefined;
  readonly expectedConversationVersion: number;
  /** Delete the contact and conversation instead of saving them (personal-data deletion). */
  readonly forget?: boolean;
  /** The claim to mark done in the same transaction. */
  readonly claim: { readonly dedupeKey: string; readonly token: string };
}

export interface SessionStore {
  /** `now` decides whether a stored conversation has expired (the injected clock, never the wall clock). */
  load(user: UserRef, now: Date): Promise<StoredSession>;
  /** Atomically applies contact changes + conversation and marks the claim done. */
  commit(commit: SessionCommit): Promise<void>;
}

export interface ContactDirectory {
  get(user: UserRef): Promise<Contact | null>;
  markUnreachable(user: UserRef, reason: string, now: Date): Promise<void>;
  /**
   * Records a failed delivery on an existing contact (nothing for an unknown one) and, when `claim` is
   * given, marks that claim done in the same transaction (exactly once per status notification).
   */
  recordDeliveryFailure(
    user: UserRef,
    failure: DeliveryFailure,
    options?: {
      readonly unreachableReason?: string;
      readonly claim?: { readonly dedupeKey: string; readonly token: string };
    },
  ): Promise<void>;
  /** Stores the platform's newer user id (WhatsApp `user_id`) on an existing contact when it changed. */
  rememberPlatformUserId(user: UserRef, platformUserId: string, now: Date): Promise<void>;
}

export type SendOutcome =
  /** `via: "template"`: the person was outside the 24 h window and got the approved template instead. */
  | {
      readonly status: "sent";
      readonly via?: "message" | "template";
      /** The platform's ids of what was sent (WhatsApp wamids: later status webhooks refer to them). */
      readonly messageIds?: readonly string[];
    }
  | { readonly status: "blocked"; readonly reason: string }
  | {
      readonly status: "failed";
      readonly reason: string;
      readonly retryable: boolean;
      /** The platform said when to try again (Telegram retry_after); otherwise back off. */
      readonly retryAfterMs?: number;
    };

/** What the sender already knows when it answers a message the person has just sent. */
export interface SendContext {
  /** The turn just committed: the person is reachable, inside WhatsApp's 24 h window, in this language. */
  readonly inReplyTo?: { readonly language: Language };
}

/** Sends neutral replies to one person on one channel. */
export interface Messenger {
  readonly channel: Channel;
  send(to: UserRef, replies: readonly Reply[], context?: SendContext): Promise<SendOutcome>;
}
