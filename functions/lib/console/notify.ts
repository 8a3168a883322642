// Sending a notice from the console to someone on their channel: the same delivery as a turn's notices.
import type { Channel } from "../core/events.js";
import type { ReplyRetry } from "../core/outbox/reply-retry.js";
import type { Messenger, SendOutcome } from "../core/ports.js";
import type { Notification } from "../core/turn.js";
import type { Logger } from "../log/logger.js";

/** Sends now; what the platform refused for now is retried through the outbox. */
export type Notify = (notice: Notification, seed: string) => Promise<void>;

export function createConsoleNotify(deps: {
  readonly messengers: Partial<Record<Channel, Messenger>>;
  /** Resolved only when a notice is refused: the outbox stays out of the cold start. */
  readonly retry: () => Pick<ReplyRetry, "later">;
  readonly logger: Logger;
}): Notify {
  return async (notice, seed) => {
    const messenger = deps.messengers[notice.to.channel];
    if (!messenger) return;
    const outcome = await messenger
      .send(notice.to, notice.replies, notice.purpose ? { purpose: notice.purpose } : {})
      .catch(
        (error: unknown): SendOutcome => ({
          status: "failed",
          reason: error instanceof Error ? error.name : "error",
          retryable: true,
        }),
      );
    if (outcome.status === "sent") return;
    deps.logger.warn("console.notice_not_sent", { channel: notice.to.channel, outcome });
    if (outcome.status === "failed" && outcome.retryable) {
      const sent = outcome.sentReplies ?? 0;
      await deps.retry().later(notice.to, notice.replies.slice(sent), {
        language: "id",
        delayMs: outcome.retryAfterMs ?? 2_000,
        reason: outcome.reason,
        seed: `${seed}#${sent}`,
      });
    }
  };
}
