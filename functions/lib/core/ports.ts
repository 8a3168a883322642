// Ports the core needs; adapters (DynamoDB, Telegram, WhatsApp, clocks) implement them.
import type {
  ConsentRecord,
  Contact,
  ContactChanges,
  ConversationState,
  DeliveryFailure,
  Language,
  Role,
} from "./contact.js";
import type { Channel, UserRef } from "./events.js";
import type { PurposeOf } from "./purpose.js";
import type { Reply } from "./replies.js";

export interface Clock {
  now(): Date;
}

export type ClaimResult =
  | { readonly status: "claimed"; readonly token: string }
  | { readonly status: "duplicate" }
  | { readonly status: "in-progress" };

/** What the ledger knows of an update id: not done yet, done, or claimed right now by another worker. */
export type UpdateState = "new" | "duplicate" | "in-progress";

/** Processed-update records, one per platform update/message id. */
export interface InboundLedger {
  /** A strongly consistent read of the record (a turn reads it only when its claim or commit found one). */
  check(dedupeKey: string, now: Date): Promise<UpdateState>;
  /**
   * Runs a turn's decision. Its first store write first claims the update (a lease), so two deliveries of
   * one update never both write; a turn that writes nothing while deciding claims nothing (its commit records
   * the update). `held`: the claim an earlier attempt of this turn took. Throws UpdateRecordedError or
   * UpdateInProgressError when the claim finds the update done or taken.
   */
  deciding<T>(
    dedupeKey: string,
    now: Date,
    held: string | null,
    decide: () => Promise<T>,
  ): Promise<{ readonly result: T; readonly claim: string | null }>;
  /** Takes the update id for a while (a lease), or says why not. */
  claim(dedupeKey: string, now: Date): Promise<ClaimResult>;
  /** Gives the claim up after a failure so the platform's retry is processed. */
  release(dedupeKey: string, token: string): Promise<void>;
  /** Marks a claim done when no session commit does it (events that are not someone's turn). */
  complete(dedupeKey: string, token: string, now: Date): Promise<void>;
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
  /** The role stored before this turn (null when there was no contact): the per-role counters move from it. */
  readonly storedRole: Role | null;
  readonly initialContact: Contact;
  readonly contactChanges: ContactChanges;
  /** undefined = leave as is. */
  readonly conversation: ConversationState | null | undefined;
  readonly expectedConversationVersion: number;
  /** Delete the contact and conversation instead of saving them (personal-data deletion). */
  readonly forget?: boolean;
  /**
   * The update recorded as done in the same transaction: the claim the decision took, or (none taken) a
   * conditional record that fails if a duplicate recorded it first.
   */
  readonly update: { readonly dedupeKey: string; readonly claim: string | null };
}

export interface SessionStore {
  /** `now` decides whether a stored conversation has expired (the injected clock, never the wall clock). */
  load(user: UserRef, now: Date): Promise<StoredSession>;
  /**
   * Atomically applies contact changes + conversation and records the update as done. Throws
   * UpdateRecordedError when the update was recorded meanwhile (a duplicate delivery won the race).
   */
  commit(commit: SessionCommit): Promise<void>;
  /**
   * Takes the conversation's single-use choice token for one update, before the choice acts: true when it
   * was still the live token and free (or already held by this same update, i.e. a retry).
   */
  claimChoiceToken(user: UserRef, token: string, claim: string): Promise<boolean>;
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
  /** Appends a consent record to an existing contact (an opt-out the platform reported, outside a turn). */
  recordConsent(user: UserRef, consent: ConsentRecord): Promise<void>;
  /** Stores the platform's newer user id (WhatsApp `user_id`) on an existing contact when it changed. */
  rememberPlatformUserId(user: UserRef, platformUserId: string, now: Date): Promise<void>;
  /**
   * The person blocked (false) or unblocked (true) the bot, as the platform reported at `at`. An existing
   * contact only; an older report never overrides a newer one.
   */
  setReachable(user: UserRef, reachable: boolean, reason: string, at: Date): Promise<void>;
}

/** What moving a person's data to their new id did (counts only: safe to log). */
export interface IdentityMoveReport {
  /** Items moved from the old id's records to the new id's. */
  readonly moved: number;
  /** Items the new id already had (kept; the contact is merged). */
  readonly merged: number;
  /** Records kept elsewhere (tickets, training seats) that now name the new id. */
  readonly references: number;
}

/** Moves everything kept under one id of a person to their new id; re-runnable after a crash, idempotent. */
export interface IdentityMover {
  move(from: UserRef, to: UserRef, now: Date): Promise<IdentityMoveReport>;
}

/** Chats that moved to a new id on their platform (a Telegram group upgraded to a supergroup). */
export interface ChatMoves {
  /** The chat's current id, or undefined when it never moved. */
  currentId(channel: Channel, chatId: string): Promise<string | undefined>;
  record(channel: Channel, from: string, to: string, now: Date): Promise<void>;
}

/**
 * "marketing-opt-out": the person stopped marketing messages (end their promo subscription);
 * "template": the approved template does not match what was sent (staff must fix the configuration).
 */
export type SendProblem = "marketing-opt-out" | "template";

export type SendOutcome =
  /** `via: "template"`: the person was outside the 24 h window and got the approved template instead. */
  | {
      readonly status: "sent";
      readonly via?: "message" | "template";
      /** The platform's ids of what was sent (WhatsApp wamids: later status webhooks refer to them). */
      readonly messageIds?: readonly string[];
    }
  | { readonly status: "blocked"; readonly reason: string }
  /** The platform held a marketing message (frequency cap): the person is reachable, try another time. */
  | { readonly status: "held"; readonly reason: string }
  | {
      readonly status: "failed";
      readonly reason: string;
      readonly retryable: boolean;
      /** A refusal the sender acts on beyond this one message (see SendProblem). */
      readonly problem?: SendProblem;
      /** The platform said when to try again (Telegram retry_after); otherwise back off. */
      readonly retryAfterMs?: number;
      /** How many of the replies went out before the failure (the rest is what a retry must send). */
      readonly sentReplies?: number;
    };

/** What a sender needs of the person's contact: language, name, reachability and last inbound message. */
export type Recipient = Pick<
  Contact,
  "language" | "displayName" | "lastInboundAt" | "unreachable" | "unreachableReason"
>;

/** What the sender already knows when it answers a message the person has just sent. */
export interface SendContext {
  /** The turn just committed: the person is reachable, inside WhatsApp's 24 h window, in this language. */
  readonly inReplyTo?: { readonly language: Language };
  /** Gives up the platform calls when aborted (a webhook must answer before the platform's timeout). */
  readonly signal?: AbortSignal;
  /** Why this message goes out: outside WhatsApp's 24 h window it picks the approved template. */
  readonly purpose?: PurposeOf;
  /**
   * The person's contact as the caller read it (consistently) just before this send: the sender uses it
   * instead of reading it again. Without it, a sender that needs the contact reads it itself.
   */
  readonly recipient?: Recipient;
}

/** A photo kept as the platform media id it arrived with: made sendable on another channel. */
export interface PhotoBridge {
  /** A reference `to` can send (its own media id or an https link), or undefined when none can be had now. */
  reach(photo: { readonly ref: string; readonly channel: Channel }, to: Channel): Promise<string | undefined>;
}

/** Sends neutral replies to one person on one channel. */
export interface Messenger {
  readonly channel: Channel;
  send(to: UserRef, replies: readonly Reply[], context?: SendContext): Promise<SendOutcome>;
}
