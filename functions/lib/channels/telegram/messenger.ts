// Sends neutral replies through the Bot API and turns its errors into neutral outcomes.
import { type Api, GrammyError, HttpError } from "grammy/web";
import { isTransient } from "../../core/errors.js";
import type { Messenger, SendOutcome } from "../../core/ports.js";
import { renderTelegramReplies } from "./render.js";

export interface TelegramMessengerOptions {
  /** The chat id to send to for a person or group the core names (the staff group may have moved). */
  readonly chatIdOf?: (userId: string) => Promise<string>;
  /** Telegram said the chat moved (group upgraded to a supergroup): remember it. */
  readonly onChatMoved?: (from: string, to: string) => Promise<void>;
}

export function createTelegramMessenger(api: Api, options: TelegramMessengerOptions = {}): Messenger {
  const call = (method: string, payload: Record<string, unknown>, signal?: AbortSignal) =>
    // biome-ignore lint/suspicious/noExplicitAny: payloads are built to the Bot API's shapes by render.ts
    (api.raw[method as "sendMessage"] as (payload: any, signal?: AbortSignal) => Promise<unknown>)(
      payload,
      signal,
    );
  return {
    channel: "telegram",
    async send(to, replies, context) {
      let sentReplies = 0;
      try {
        let chatId = options.chatIdOf ? await options.chatIdOf(to.userId) : to.userId;
        let moved = false;
        // Reply by reply, so a failure says how many went out (a retry sends only the rest).
        for (const reply of replies) {
          let calls = renderTelegramReplies(chatId, [reply]);
          for (let index = 0; index < calls.length; index++) {
            const { method, payload } = calls[index]!;
            try {
              await call(method, payload, context?.signal);
            } catch (error) {
              const newId = migratedTo(error);
              // Once: the new id cannot have moved again in the meantime.
              if (!newId || moved) throw error;
              moved = true;
              await options.onChatMoved?.(chatId, newId);
              chatId = newId;
              calls = renderTelegramReplies(chatId, [reply]);
              index--;
            }
          }
          sentReplies++;
        }
        return { status: "sent" };
      } catch (error) {
        const outcome = outcomeOf(error);
        return outcome.status === "failed" ? { ...outcome, sentReplies } : outcome;
      }
    },
  };
}

/** 400 "group chat was upgraded to a supergroup chat" carries the new id in parameters.migrate_to_chat_id. */
function migratedTo(error: unknown): string | undefined {
  if (!(error instanceof GrammyError) || error.error_code !== 400) return undefined;
  const to = error.parameters?.migrate_to_chat_id;
  return typeof to === "number" && Number.isInteger(to) ? String(to) : undefined;
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
  if (isTransient(error)) return { status: "failed", reason: "store unavailable", retryable: true };
  return {
    status: "failed",
    reason: error instanceof Error ? error.name : "unknown error",
    retryable: false,
  };
}
