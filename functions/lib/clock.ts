// The only place in functions/lib that reads the machine's time (a test greps for it).
import type { Clock } from "./core/ports.js";

/** Business time: flows, TTLs, leases, weekends and reminders all read it through the injected Clock. */
export const systemClock: Clock = { now: () => new Date() };

/** Milliseconds on a monotonic timer: for durations only (rate limits, short caches), never for dates. */
export const monotonicMs = (): number => performance.now();

/** Epoch milliseconds of the machine: infrastructure that runs in real time (a local SQS stand-in, log lines). */
export const wallClockMs = (): number => Date.now();
