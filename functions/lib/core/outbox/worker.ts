// The worker step: one queue message = one (job, recipient). Exactly once per (job, recipient):
//   claim (queued -> sending, conditional, BEFORE the platform call) -> send -> settle (AFTER, one conditional
//   write). A "sending" record found after a crash is never re-sent. The settles' counts are ADDed per batch.
import type { Logger } from "../../log/logger.js";
import type { Channel, UserRef } from "../events.js";
import type { Clock, ContactDirectory, Messenger, SendOutcome } from "../ports.js";
import { weekendLabel } from "../promo/weekend.js";
import type { PurposeOf } from "../purpose.js";
import type { Reply } from "../replies.js";
import { type CountBatch, createCountBatch } from "./count-batch.js";
import type { OutboxJob, QueueMessage } from "./model.js";
import type { CountSink, DeliveryLedger, JobRepository, PersonalComposer } from "./ports.js";
import type { JobAlerts, MarketingOptOut } from "./problems.js";
import { type ChannelLimiter, realSleep, type Sleep } from "./rate-limiter.js";
import type { ReplyRetry } from "./reply-retry.js";
import type { JobReporter } from "./report.js";

export interface WorkerSettings {
  /** A claim older than this is considered dead (its worker crashed): resolved to "uncertain". */
  readonly leaseMs: number;
  /** Attempts for 5xx/network failures before the delivery is dead-lettered as "failed". */
  readonly maxAttempts: number;
  /** First backoff after a 5xx/network failure (doubles each attempt, capped at 30 s). */
  readonly backoffBaseMs: number;
  /** WhatsApp 131056: wait this long before the next message to the same person. */
  readonly pairRateIntervalMs: number;
}

export const defaultWorkerSettings: WorkerSettings = {
  leaseMs: 120_000,
  maxAttempts: 5,
  backoffBaseMs: 500,
  pairRateIntervalMs: 6_000,
};

export interface WorkerDeps {
  readonly jobs: JobRepository;
  readonly deliveries: DeliveryLedger;
  readonly contacts: ContactDirectory;
  readonly messengers: Partial<Record<Channel, Messenger>>;
  readonly limiters: Record<Channel, ChannelLimiter>;
  readonly reporter: JobReporter;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly settings?: Partial<WorkerSettings>;
  readonly sleep?: Sleep;
  /** Composes per-recipient messages for digest jobs. */
  readonly composer?: PersonalComposer;
  /** Queues the rest of a reply job that went out only in part (never re-sends what went out). */
  readonly replyRetry?: ReplyRetry;
  /** Ends the promo subscription of someone who stopped marketing messages (WhatsApp 131050). */
  readonly optOut?: MarketingOptOut;
  /** Tells staff once per job when the platform rejects the job's template. */
  readonly alerts?: JobAlerts;
}

/**
 * "done": acknowledge the queue message (the delivery is final, or nothing is left to do).
 * "retry": leave it on the queue (a live lease elsewhere, or our time is up); it comes back later.
 */
export type StepResult = "done" | "retry";

export interface StepOptions {
  readonly deadline?: number;
}

/** Messages handled together (an SQS batch): their settles' counts are ADDed once per job when it closes. */
export interface WorkerBatch {
  handle(message: QueueMessage, options?: StepOptions): Promise<StepResult>;
  /** Writes the held counts and finishes the jobs that are complete; call once every message is handled. */
  close(): Promise<void>;
}

export interface OutboxWorker {
  /** One message on its own (a batch of one). */
  handle(message: QueueMessage, options?: StepOptions): Promise<StepResult>;
  batch(): WorkerBatch;
}

const jobCacheMs = 1_000;
/** The longest the worker's copy of a contact stands in for the messenger's own read (the job's cache, too). */
export const recipientFreshMs = 1_000;

export function createOutboxWorker(deps: WorkerDeps): OutboxWorker {
  const settings = { ...defaultWorkerSettings, ...deps.settings };
  const { jobs, deliveries, contacts, clock } = deps;
  const sleep = deps.sleep ?? realSleep;
  const logger = deps.logger.child({ component: "outbox.worker" });
  const jobCache = new Map<string, { job: OutboxJob | null; at: number }>();

  const jobOf = async (id: string) => {
    const cached = jobCache.get(id);
    const at = clock.now().getTime();
    if (cached && at - cached.at < jobCacheMs) return cached.job;
    const job = await jobs.get(id);
    if (jobCache.size > 100) jobCache.clear();
    jobCache.set(id, { job, at });
    return job;
  };

  const finishCheck = async (jobId: string) => {
    const job = await jobs.get(jobId);
    if (!job?.planned || job.counters.queued > 0 || job.finishedAt) return;
    const finished = await jobs.finishIfComplete(jobId, clock.now());
    if (finished) await deps.reporter.finished(finished);
  };

  const repliesOf = (job: OutboxJob, channel: Channel): Reply[] => {
    // A retried turn's answer goes out as it was decided (buttons, lists and all).
    if (job.kind === "reply" && job.content.replies) return [...job.content.replies];
    const { text, photo, photoChannel } = job.content;
    // A media id only works on the platform it came from; an https URL works everywhere.
    const usablePhoto = photo && (/^https:\/\//.test(photo) || photoChannel === channel) ? photo : undefined;
    return [{ text, ...(usablePhoto ? { photo: usablePhoto } : {}) }];
  };

  const backoff = (attempt: number) =>
    Math.min(30_000, settings.backoffBaseMs * 2 ** Math.max(0, attempt - 1));

  // Well inside the lease: the recount waits a lease after the last settle, so a held count is never recounted.
  const holdMs = Math.min(2_000, settings.leaseMs / 4);
  const newBatch = (): CountBatch =>
    createCountBatch({
      deliveries,
      clock,
      logger,
      holdMs,
      counted: async (jobIds) => {
        for (const jobId of jobIds) await finishCheck(jobId);
      },
    });

  async function deliver(
    job: OutboxJob,
    to: UserRef,
    deadline: number,
    counts: CountSink,
  ): Promise<StepResult> {
    const limiter = deps.limiters[to.channel];
    const messenger = deps.messengers[to.channel];
    const log = logger.child({ jobId: job.id, channel: to.channel });
    for (;;) {
      if (clock.now().getTime() > deadline) return "retry";
      const now = clock.now();
      const claim = await deliveries.claim(job.id, to, now, settings.leaseMs);
      switch (claim.status) {
        case "final":
          return "done";
        case "missing":
          log.error("outbox.delivery_missing", { userId: to.userId });
          return "done";
        case "busy":
          return "retry";
        case "expired":
          // Its worker died while sending: the platform may have delivered it. Count it, never resend.
          if (await deliveries.resolveExpired(job.id, to, claim.token, now, counts))
            log.warn("outbox.delivery_uncertain", { userId: to.userId });
          return "done";
        case "claimed":
          break;
      }
      const { token, attempts } = claim;
      const settle = async (
        status: "sent" | "failed" | "blocked" | "skipped" | "held",
        detail: {
          error?: string;
          via?: "message" | "template";
          messageIds?: readonly string[];
          forget?: boolean;
        } = {},
      ) => {
        // The batch's close (or its timer) counts it and checks whether the job finished.
        if (!(await deliveries.settle(job.id, to, token, status, detail, clock.now(), counts)))
          log.warn("outbox.settle_lost", { userId: to.userId, status });
        return "done" as const;
      };

      if (!messenger) return settle("skipped", { error: `${to.channel} is not configured` });
      // Read on both channels: the claim made the record, so a person erased after planning ("hapus data")
      // is only stopped here. The messenger gets this copy (the WhatsApp 24 h window) instead of reading again.
      const readAt = clock.now().getTime();
      const contact = await contacts.get(to).catch(() => undefined);
      if (contact === undefined) {
        await deliveries.release(job.id, to, token, "store unavailable", clock.now(), false);
        return "retry";
      }
      // Counted as skipped under an anonymous key: the erased person's id is not written back.
      if (contact === null) return settle("skipped", { error: "no contact (deleted?)", forget: true });
      if (contact.unreachable)
        return settle("blocked", { error: contact.unreachableReason ?? "unreachable" });

      let replies = repliesOf(job, to.channel);
      if (job.kind === "digest") {
        const composed = deps.composer ? await deps.composer.compose(job, to).catch(() => undefined) : null;
        if (composed === undefined) {
          await deliveries.release(job.id, to, token, "store unavailable", clock.now(), false);
          return "retry";
        }
        // Stopped meanwhile, or nothing in their categories: counted as skipped, never sent.
        if (composed === null)
          return settle("skipped", { error: "not subscribed or no promos in their categories" });
        replies = composed;
      }
      // Paced right before the call, so the platform sees the same spacing as the limiter.
      await limiter.acquire(to.userId);
      let outcome: SendOutcome;
      try {
        // Only as fresh as the messenger's own read would be: after a longer wait (pacing, a digest's
        // composing) the messenger reads the contact again, so the window sees a message sent meanwhile.
        const fresh = clock.now().getTime() - readAt <= recipientFreshMs;
        outcome = await messenger.send(to, replies, {
          purpose: purposeOfJob(job),
          ...(fresh ? { recipient: contact } : {}),
        });
      } catch (error) {
        outcome = {
          status: "failed",
          reason: error instanceof Error ? error.message : String(error),
          retryable: true,
        };
      }
      if (outcome.status === "sent") {
        return settle("sent", {
          via: outcome.via ?? "message",
          ...(outcome.messageIds?.length ? { messageIds: outcome.messageIds } : {}),
        });
      }
      if (outcome.status === "blocked") {
        await contacts
          .markUnreachable(to, `${to.channel}: ${outcome.reason}`, clock.now())
          .catch((error: unknown) => log.warn("outbox.mark_unreachable_failed", { error }));
        return settle("blocked", { error: outcome.reason });
      }
      // Meta held a marketing message (frequency cap): reachable, not unreachable; the next digest tries again.
      if (outcome.status === "held") return settle("held", { error: outcome.reason });
      if (outcome.problem === "marketing-opt-out") {
        try {
          await deps.optOut?.(to, `${to.channel}: ${outcome.reason}`, clock.now());
        } catch (error) {
          // The opt-out must not be lost: the platform refuses the message again on the retry.
          log.warn("outbox.opt_out_failed", { error });
          await deliveries.release(job.id, to, token, "store unavailable", clock.now(), false);
          return "retry";
        }
        return settle("skipped", { error: `${outcome.reason}: promo subscription ended` });
      }
      if (outcome.problem === "template") {
        const result = await settle("failed", { error: outcome.reason });
        await deps.alerts
          ?.templateRejected(job, outcome.reason)
          .catch((error: unknown) => log.warn("outbox.alert_failed", { error }));
        return result;
      }
      if (!outcome.retryable) {
        // WhatsApp outside the 24 h window without a template: reported as skipped, never dropped silently.
        if (outcome.reason === "outside-window")
          return settle("skipped", { error: "outside the 24 h window, no template" });
        return settle("failed", { error: outcome.reason });
      }
      // A reply that went out in part: what went out is settled, the rest becomes a job of its own.
      const partly = outcome.sentReplies ?? 0;
      if (job.kind === "reply" && partly > 0 && deps.replyRetry) {
        await deps.replyRetry.later(to, replies.slice(partly), {
          language: job.createdByLanguage,
          delayMs: outcome.retryAfterMs ?? backoff(1),
          reason: outcome.reason,
          seed: `${job.id}#${partly}`,
        });
        return settle("sent", { error: `rest queued after ${partly}: ${outcome.reason}` });
      }
      // Retryable: the platform did not take the message, so it is safe to send it again.
      const pairRate = outcome.reason.includes("131056");
      const throughput = outcome.reason.includes("130429");
      const rateLimited = outcome.retryAfterMs !== undefined || pairRate || throughput;
      if (!rateLimited && attempts >= settings.maxAttempts) {
        log.error("outbox.dead_letter", { userId: to.userId, attempts, reason: outcome.reason });
        return settle("failed", { error: `gave up after ${attempts} attempts: ${outcome.reason}` });
      }
      await deliveries.release(job.id, to, token, outcome.reason, clock.now(), !rateLimited);
      if (outcome.retryAfterMs !== undefined) limiter.pause(outcome.retryAfterMs);
      else if (pairRate) limiter.pauseChat(to.userId, settings.pairRateIntervalMs);
      else if (throughput) limiter.pause(backoff(2));
      else await sleep(backoff(attempts));
      log.info("outbox.retry", { userId: to.userId, attempts, reason: outcome.reason });
    }
  }

  async function step(message: QueueMessage, options: StepOptions, counts: CountSink): Promise<StepResult> {
    const deadline = options.deadline ?? Number.POSITIVE_INFINITY;
    const to: UserRef = { channel: message.channel, userId: message.userId };
    const job = await jobOf(message.jobId);
    if (!job) {
      logger.warn("outbox.job_missing", { jobId: message.jobId });
      return "done";
    }
    if (job.state === "cancelled") {
      if (!(await deliveries.cancelQueued(job.id, to, clock.now(), counts))) {
        // Claimed before the cancel: let that claim finish (or expire into "uncertain").
        const claim = await deliveries.claim(job.id, to, clock.now(), settings.leaseMs);
        if (claim.status === "busy") return "retry";
        if (claim.status === "expired")
          await deliveries.resolveExpired(job.id, to, claim.token, clock.now(), counts);
        if (claim.status === "claimed") {
          await deliveries.release(job.id, to, claim.token, "cancelled", clock.now(), false);
          await deliveries.cancelQueued(job.id, to, clock.now(), counts);
        }
      }
      return "done";
    }
    return deliver(job, to, deadline, counts);
  }

  return {
    async handle(message, options = {}) {
      const counts = newBatch();
      try {
        return await step(message, options, counts);
      } finally {
        await counts.close();
      }
    },
    batch() {
      const counts = newBatch();
      return {
        handle: (message, options = {}) => step(message, options, counts),
        close: () => counts.close(),
      };
    },
  };
}

/** A digest is a promotion (MARKETING template with its weekend); a broadcast carries its text. */
export function purposeOfJob(job: OutboxJob): PurposeOf {
  const weekend = job.digestWeekend;
  return job.kind === "digest"
    ? {
        name: "weekend_digest",
        params: (language): Record<string, string> =>
          weekend ? { weekend: weekendLabel(weekend, language) } : {},
      }
    : { name: "broadcast" };
}
