// Per-channel send pacing: at most N sends in any sliding window (the platform's bulk limit), at most
// one send per chat per interval, and a pause for the whole channel when the platform says "slow down".
import type { Channel } from "../events.js";

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export interface RateLimit {
  /** Sends per second for the whole channel (bot / phone number). */
  readonly perSecond: number;
  /** Minimum gap between two sends to the same chat, in ms (Telegram 1 msg/s -> 1000). */
  readonly perChatIntervalMs: number;
}

export interface RateLimiterOptions {
  /** A monotonic millisecond timer (the composition root passes one; tests pass a virtual one). */
  readonly now: () => number;
  readonly sleep?: Sleep;
  /**
   * Extra ms added to each window so that request arrival jitter never puts N+1 sends in one window at
   * the platform (costs ~5% of throughput at 1 s windows).
   */
  readonly marginMs?: number;
}

export interface ChannelLimiter {
  /** Resolves when a message to `chat` may be sent now (and counts it). */
  acquire(chat: string): Promise<void>;
  /** The platform asked everyone to wait (Telegram 429 retry_after, WhatsApp 130429). */
  pause(ms: number): void;
  /** The platform asked to wait for this chat only (WhatsApp 131056 pair rate). */
  pauseChat(chat: string, ms: number): void;
}

export function createChannelLimiter(limit: RateLimit, options: RateLimiterOptions): ChannelLimiter {
  const now = options.now;
  const sleep = options.sleep ?? realSleep;
  const margin = options.marginMs ?? 50;
  // N slots per window: 25/s -> 25 sends per 1000 ms; 0.5/s -> 1 send per 2000 ms.
  const slots = Math.max(1, Math.floor(limit.perSecond));
  const windowMs = (1000 * slots) / limit.perSecond + margin;
  // Sends are also spread evenly (one every window/slots ms): bursts at window edges are what jitter
  // turns into a 429.
  const gapMs = windowMs / slots;
  const sent: number[] = [];
  /** The ideal time of the next send: advancing it by the gap (not from the actual, late, timer) keeps
   * event-loop lag from adding up; the sliding window still caps every 1 s window. */
  let nextSlot = 0;
  const chatFree = new Map<string, number>();
  let pausedUntil = 0;
  let chain: Promise<void> = Promise.resolve();

  const forgetOldChats = (at: number) => {
    if (chatFree.size < 10_000) return;
    for (const [chat, free] of chatFree) if (free <= at) chatFree.delete(chat);
  };

  const takeSlot = async () => {
    for (;;) {
      const at = now();
      while (sent.length && sent[0]! <= at - windowMs) sent.shift();
      const waitPause = pausedUntil - at;
      const waitWindow = sent.length >= slots ? sent[0]! + windowMs - at : 0;
      const waitGap = nextSlot - at;
      const wait = Math.max(waitPause, waitWindow, waitGap);
      if (wait <= 0) {
        sent.push(at);
        nextSlot = Math.max(nextSlot, at - gapMs) + gapMs;
        return;
      }
      await sleep(wait);
    }
  };

  return {
    async acquire(chat) {
      // Per chat first (does not hold up other chats), then a global slot in arrival order.
      for (;;) {
        const wait = (chatFree.get(chat) ?? 0) - now();
        if (wait <= 0) break;
        await sleep(wait);
      }
      const mine = chain.then(takeSlot);
      chain = mine.catch(() => undefined);
      await mine;
      const at = now();
      forgetOldChats(at);
      chatFree.set(chat, at + limit.perChatIntervalMs);
    },
    pause(ms) {
      pausedUntil = Math.max(pausedUntil, now() + ms);
    },
    pauseChat(chat, ms) {
      chatFree.set(chat, Math.max(chatFree.get(chat) ?? 0, now() + ms));
    },
  };
}

export type RateLimits = Readonly<Record<Channel, RateLimit>>;

export function createLimiters(
  limits: RateLimits,
  options: RateLimiterOptions,
): Record<Channel, ChannelLimiter> {
  return {
    telegram: createChannelLimiter(limits.telegram, options),
    whatsapp: createChannelLimiter(limits.whatsapp, options),
  };
}
