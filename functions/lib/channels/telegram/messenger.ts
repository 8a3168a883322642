// Sends neutral replies through the Bot API and turns its errors into neutral outcomes.
import { type Api, GrammyError, HttpError } from "grammy/web";
import type { Messenger, SendOutcome } from "../../core/ports.js";
import { renderTelegramReplies } from "./render.js";

export function createTelegramMessenger(api: Api): Messenger {
  return {
    channel: "telegram",
    async send(to, replies) {
      try {
        for (const call of renderTelegramReplies(to.userId, replies)) {
          // biome-ignore lint/suspicious/noExplicitAny: payloads are built to the Bot API's shapes by render.ts
          await (api.raw[call.method] as (payload: any) => Promise<unknown>)(call.payload);
        }
        return { status: "sent" };
      } catch (error) {
        return outcomeOf(error);
      }
    },
  };
}

export function outcomeOf(error: unknown): SendOutcome {
  if (error instanceof GrammyError) {
    if (error.error_code === 403) return { status: "blocked", reason: error.description };
    if (error.error_code === 429) {
      const retryAfter = error.parameters.retry_after ?? 1;
      return {
        status: "failed",
        reason: `rate limited, retry after ${retryAfter}s`,
        retryable: true,
        retryAfterMs: retryAfter * 1000,
      };
    }
    return {
      status: "failed",
      reason: `${error.error_code}: ${error.description}`,
      retryable: error.error_code >= 500,
    };
  }
  if (error instanceof HttpError) return { status: "failed", reason: "network error", retryable: true };
  return {
    status: "failed",
    reason: error instanceof Error ? error.name : "unknown error",
    retryable: false,
  };
}
