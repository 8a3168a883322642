// A turn's answer the platform refused for now (429 with retry_after, 5xx, no answer in time) is not lost:
// it becomes a one-person outbox job, sent by the same worker as broadcasts (claim -> send -> settle,
// exactly once per job, retried with backoff honouring retry_after), on Lambda through SQS, locally
// through the DynamoDB queue.
import type { Logger } from "../../log/logger.js";
import type { Language } from "../contact.js";
import type { UserRef } from "../events.js";
import type { Clock } from "../ports.js";
import type { Reply } from "../replies.js";
import { jobIdFor } from "./model.js";
import type { DeliveryLedger, JobRepository, OutboxQueue } from "./ports.js";

export interface ReplyRetry {
  /** Queues these replies for `to`, visible to the worker after `delayMs`. */
  later(
    to: UserRef,
    replies: readonly Reply[],
    options: {
      readonly language: Language;
      readonly delayMs: number;
      readonly reason: string;
      /** What this retry stands for (the update and how far it got): the same seed makes the same job. */
      readonly seed: string;
    },
  ): Promise<void>;
}

export function createReplyRetry(deps: {
  readonly jobs: JobRepository;
  readonly deliveries: DeliveryLedger;
  readonly queue: OutboxQueue;
  readonly clock: Clock;
  readonly logger: Logger;
}): ReplyRetry {
  return {
    async later(to, replies, options) {
      if (!replies.length) return;
      const now = deps.clock.now();
      // Derived, not random: a crash and retry between here and the caller's settle makes the same job,
      // whose delivery is sent once.
      const id = `r${jobIdFor(options.seed)}`;
      await deps.jobs.create({
        id,
        kind: "reply",
        recipient: to,
        audience: { kind: "person" },
        content: { text: replies[0]?.text ?? "", replies },
        createdByLanguage: options.language,
        sendAt: new Date(now.getTime() + options.delayMs),
        now,
      });
      await deps.queue.send([{ jobId: id, channel: to.channel, userId: to.userId }], {
        delayMs: options.delayMs,
      });
      deps.logger.info("reply.queued", {
        jobId: id,
        channel: to.channel,
        replies: replies.length,
        reason: options.reason,
      });
    },
  };
}
