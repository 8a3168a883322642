// The counts of a worker batch's settles, ADDed together: one counter-shard write per job per flush instead of
// one per delivery. A crash before the flush loses up to a batch of counts; the planner's recount restores them
// from the delivery records (its quiet check waits a lease, far longer than a count is ever held here).
import type { Logger } from "../../log/logger.js";
import type { UserRef } from "../events.js";
import type { Clock } from "../ports.js";
import type { CountSink, DeliveryLedger } from "./ports.js";

export interface CountBatch extends CountSink {
  /** ADDs what is held (one write per job) and waits for any flush in progress; call when the batch ends. */
  close(): Promise<void>;
}

export interface CountBatchDeps {
  readonly deliveries: Pick<DeliveryLedger, "addCounts">;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The longest a count waits for the batch's end (staff watch the counters move live). */
  readonly holdMs: number;
  /** After a flush: the jobs whose counts it wrote (the worker checks whether they finished). */
  readonly counted: (jobIds: readonly string[]) => Promise<void>;
}

export function createCountBatch(deps: CountBatchDeps): CountBatch {
  let held = new Map<string, { seed: UserRef; changes: Record<string, number> }>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flushing = new Set<Promise<void>>();

  const write = async () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const taken = held;
    held = new Map();
    if (!taken.size) return;
    const now = deps.clock.now();
    await Promise.all(
      [...taken].map(async ([jobId, { seed, changes }]) => {
        // Nothing to add (counted elsewhere, e.g. an erased person's transaction): only the finish check.
        if (!Object.values(changes).some((delta) => delta !== 0)) return;
        try {
          await deps.deliveries.addCounts(jobId, seed, changes, now);
        } catch (error) {
          // Settled but not counted: the recount corrects it; the queue messages are acknowledged all the same.
          deps.logger.warn("outbox.count_failed", { jobId, error });
        }
      }),
    );
    await deps
      .counted([...taken.keys()])
      .catch((error: unknown) => deps.logger.warn("outbox.finish_check_failed", { error }));
  };
  const flush = () => {
    const done = write().finally(() => flushing.delete(done));
    flushing.add(done);
    return done;
  };

  return {
    add(jobId, recipient, changes) {
      const entry = held.get(jobId) ?? { seed: recipient, changes: {} };
      for (const [name, delta] of Object.entries(changes))
        entry.changes[name] = (entry.changes[name] ?? 0) + delta;
      held.set(jobId, entry);
      if (!timer) {
        timer = setTimeout(() => void flush(), deps.holdMs);
        timer.unref?.();
      }
    },
    async close() {
      await flush();
      await Promise.all([...flushing]);
    },
  };
}
