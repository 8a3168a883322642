// What the outbox needs from the outside world: job and delivery storage, the audience, the queue.
import type { UserRef } from "../events.js";
import type {
  Audience,
  Counters,
  Delivery,
  DeliveryStatus,
  FinalStatus,
  OutboxContent,
  OutboxJob,
  QueueMessage,
} from "./model.js";

export interface NewJob {
  readonly id: string;
  /** A reply job's one person (indexed, so "hapus data" finds and deletes it). */
  readonly recipient?: UserRef;
  readonly kind?: OutboxJob["kind"];
  readonly digestWeekend?: string;
  readonly digestPromoId?: string;
  readonly audience: Audience;
  readonly content: OutboxContent;
  readonly createdBy?: UserRef;
  readonly createdByLanguage: OutboxJob["createdByLanguage"];
  readonly sendAt: Date;
  readonly now: Date;
}

export interface PlanningClaim {
  readonly job: OutboxJob;
  /** Where the previous (interrupted) planning run stopped. */
  readonly cursor: string | undefined;
  /** How many recipients were planned before `cursor` (0 without one). */
  readonly plannedAtCursor: number;
  readonly token: string;
  /** True when this claim moved the job from scheduled to running (send the "started" report once). */
  readonly started: boolean;
}

export interface JobRepository {
  /** Creates the job once (idempotent per id): `created` false when it already existed. */
  create(job: NewJob): Promise<{ readonly job: OutboxJob; readonly created: boolean }>;
  get(id: string): Promise<OutboxJob | null>;
  listRecent(limit: number): Promise<OutboxJob[]>;
  /** Jobs whose planning is due: scheduled with sendAt <= now, or running but not fully planned. */
  due(now: Date): Promise<OutboxJob[]>;
  /** Takes the planning lease (scheduled -> running, or an expired lease); null when someone else holds it. */
  claimPlanning(id: string, now: Date, leaseMs: number): Promise<PlanningClaim | null>;
  /** Sets `total` (and `queued` to match) to the recipients planned so far, BEFORE their messages are queued. */
  countPlanned(id: string, token: string, total: number): Promise<boolean>;
  /** Saves the audience cursor (and the count before it) after a page is queued, renewing the lease. */
  savePlanCursor(
    id: string,
    token: string,
    cursor: string,
    leaseUntil: Date,
    plannedAtCursor: number,
  ): Promise<boolean>;
  markPlanned(id: string, token: string, now: Date): Promise<void>;
  /** Ids of the planned jobs not finished yet (reply jobs included). */
  open(): Promise<string[]>;
  /** Makes the status counters equal `recount` (counted from the delivery records); the job afterwards. */
  correct(id: string, recount: Counters, now: Date): Promise<OutboxJob | null>;
  /** scheduled/running -> cancelled; the job as it is afterwards, or null when unknown. */
  cancel(id: string, now: Date): Promise<{ readonly job: OutboxJob; readonly changed: boolean } | null>;
  /** Marks that this job's staff alert of this kind went out: true only for the first caller. */
  claimAlert(id: string, kind: string, now: Date): Promise<boolean>;
  /** Sets finishedAt (and state done for a running job) once every delivery is final; the job if THIS call did it. */
  finishIfComplete(id: string, now: Date): Promise<OutboxJob | null>;
}

/** Which job and recipient a platform message id belongs to. */
export interface SentMessageRef {
  readonly jobId: string;
  readonly recipient: UserRef;
}

export type DeliveryClaim =
  | { readonly status: "claimed"; readonly token: string; readonly attempts: number }
  | { readonly status: "final"; readonly delivery: FinalStatus }
  /** Someone holds a live lease (or it just expired: resolve it with `resolveExpired`). */
  | { readonly status: "busy" }
  | { readonly status: "expired"; readonly token: string }
  | { readonly status: "missing" };

/** Where settles put their counter changes when the worker counts a batch together (see count-batch.ts). */
export interface CountSink {
  /**
   * Holds `changes` for `jobId` (none: counted already, only check whether the job finished); the first
   * recipient of a job in the batch picks the shard they go to.
   */
  add(jobId: string, recipient: UserRef, changes: Readonly<Record<string, number>>): void;
}

export interface DeliveryLedger {
  /**
   * (none or queued) -> sending with a new claim token and a lease, BEFORE the platform is called. The
   * record is made here (the planner only counts and queues), so planning writes no record per recipient.
   */
  claim(jobId: string, recipient: UserRef, now: Date, leaseMs: number): Promise<DeliveryClaim>;
  /** sending -> queued: the platform certainly did not take the message (429, 5xx). */
  release(
    jobId: string,
    recipient: UserRef,
    token: string,
    error: string,
    now: Date,
    countAttempt: boolean,
  ): Promise<void>;
  /**
   * sending -> final AFTER the platform answered; then its count: a counter-shard ADD of its own (a separate
   * write, see recount), or held in `counts` to be ADDed with the rest of the worker's batch.
   */
  settle(
    jobId: string,
    recipient: UserRef,
    token: string,
    status: Exclude<FinalStatus, "uncertain" | "cancelled">,
    detail: {
      readonly error?: string;
      readonly via?: "message" | "template";
      /** The platform's message ids, so a later failure status finds this delivery. */
      readonly messageIds?: readonly string[];
      /** The person is gone (erased): the record is kept under an anonymous key, without their id. */
      readonly forget?: boolean;
    },
    now: Date,
    counts?: CountSink,
  ): Promise<boolean>;
  /** ADDs counter changes to the shard `seed` picks (a worker batch's sums). */
  addCounts(
    jobId: string,
    seed: UserRef,
    changes: Readonly<Record<string, number>>,
    now: Date,
  ): Promise<void>;
  /**
   * A sent message failed later (WhatsApp status webhook): sent -> `as` (default failed), counters moved,
   * once. The delivery it moved, or null (not a bulk message, or moved already).
   */
  failAfterSent(
    channel: UserRef["channel"],
    messageId: string,
    reason: string,
    now: Date,
    as?: "failed" | "held" | "skipped",
  ): Promise<SentMessageRef | null>;
  /**
   * A receipt of a sent message: its delivery counts as delivered / read once (read implies delivered,
   * whatever order the receipts arrive in). True when a counter moved.
   */
  recordReceipt(
    channel: UserRef["channel"],
    messageId: string,
    receipt: "delivered" | "read",
    now: Date,
  ): Promise<boolean>;
  /** An expired "sending" lease -> uncertain (counted; never re-sent). */
  resolveExpired(
    jobId: string,
    recipient: UserRef,
    token: string,
    now: Date,
    counts?: CountSink,
  ): Promise<boolean>;
  /** (none or queued) -> cancelled for a cancelled job. */
  cancelQueued(jobId: string, recipient: UserRef, now: Date, counts?: CountSink): Promise<boolean>;
  list(jobId: string): Promise<Delivery[]>;
  /**
   * The status counters as the records tell them (a record not final, or not made yet, counts as queued), and
   * when the newest final record was settled.
   */
  recount(
    jobId: string,
    total: number,
  ): Promise<{ readonly counters: Counters; readonly lastChangeAt: number }>;
}

export type AudienceAvailability = "available" | "unavailable";

export interface AudiencePage {
  readonly recipients: readonly UserRef[];
  /** Absent on the last page. */
  readonly cursor?: string;
}

export interface AudienceResolver {
  availability(audience: Audience): AudienceAvailability;
  /** The exact number of recipients right now (the preview). */
  count(audience: Audience): Promise<number>;
  page(audience: Audience, cursor: string | undefined): Promise<AudiencePage>;
}

/** Promo subscribers (arrive with the promotions issue); the "pelanggan" audience is unavailable without them. */
export interface SubscriberSource {
  count(): Promise<number>;
  page(cursor: string | undefined): Promise<AudiencePage>;
}

/** Where the planner puts (job, recipient) messages: SQS on AWS, a DynamoDB-backed queue locally. */
export interface OutboxQueue {
  /** Sends in batches of at most 10 (SQS SendMessageBatch); `delayMs` hides them that long (SQS: <= 15 min). */
  send(messages: readonly QueueMessage[], options?: { readonly delayMs?: number }): Promise<void>;
}

export interface ReceivedMessage {
  readonly message: QueueMessage;
  /** Opaque handle to acknowledge (delete) the message. */
  readonly handle: string;
  readonly receiveCount: number;
}

/** A queue the process polls itself (the local queue); on AWS Lambda's SQS poller does this. */
export interface PolledOutboxQueue extends OutboxQueue {
  receive(max: number, visibilityMs: number): Promise<ReceivedMessage[]>;
  ack(handle: string): Promise<void>;
  /** Moves a message that failed too often to the dead-letter list, with the reason. */
  deadLetter(received: ReceivedMessage, reason: string): Promise<void>;
}

export type { DeliveryStatus };

/** Builds one person's message for a job composed per recipient (the weekend digest); null = nothing for them. */
export interface PersonalComposer {
  compose(job: OutboxJob, to: UserRef): Promise<import("../replies.js").Reply[] | null>;
}
