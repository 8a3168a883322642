// `npm start` (and the tests) run the SAME planner and worker as Lambda, polling the local queue:
// the planner every second, and up to `concurrency` queue messages in flight at a time.

import type { Planner } from "../core/outbox/planner.js";
import type { PolledOutboxQueue, ReceivedMessage } from "../core/outbox/ports.js";
import type { OutboxWorker } from "../core/outbox/worker.js";
import type { Logger } from "../log/logger.js";

export interface LocalRunnerOptions {
  readonly queue: PolledOutboxQueue & { readonly maxReceives: number };
  readonly worker: OutboxWorker;
  readonly planner: Planner;
  readonly logger: Logger;
  readonly concurrency: number;
  readonly visibilityMs: number;
  readonly pollMs: number;
  readonly planIntervalMs?: number;
}

export interface LocalRunner {
  /** Stops taking messages and waits for the ones in flight. */
  stop(): Promise<void>;
}

export function startLocalOutboxRunner(options: LocalRunnerOptions): LocalRunner {
  const { queue, worker, planner, concurrency } = options;
  const logger = options.logger.child({ component: "outbox.local" });
  const planIntervalMs = options.planIntervalMs ?? 1000;
  const inFlight = new Set<Promise<void>>();
  let running = true;
  let wake: (() => void) | undefined;
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const process = async (received: ReceivedMessage) => {
    try {
      const result = await worker.handle(received.message);
      if (result === "done") await queue.ack(received.handle);
      else if (received.receiveCount >= queue.maxReceives) {
        await queue.deadLetter(received, "still not deliverable after the maximum receives");
      }
    } catch (error) {
      logger.error("outbox.step_failed", { error, jobId: received.message.jobId });
      if (received.receiveCount >= queue.maxReceives) {
        await queue
          .deadLetter(received, error instanceof Error ? error.message : String(error))
          .catch((dlqError: unknown) => logger.error("outbox.dead_letter_failed", { error: dlqError }));
      }
      // Otherwise the message becomes visible again after the visibility timeout (like SQS).
    }
  };

  const planLoop = (async () => {
    while (running) {
      await planner.runDue().catch((error: unknown) => logger.error("outbox.plan_loop_failed", { error }));
      if (running) await new Promise((resolve) => setTimeout(resolve, planIntervalMs));
    }
  })();

  const workLoop = (async () => {
    while (running) {
      const free = concurrency - inFlight.size;
      let received: ReceivedMessage[] = [];
      if (free > 0) {
        received = await queue.receive(free, options.visibilityMs).catch((error: unknown) => {
          logger.error("outbox.receive_failed", { error });
          return [];
        });
      }
      for (const message of received) {
        const task = process(message).finally(() => {
          inFlight.delete(task);
          wake?.();
        });
        inFlight.add(task);
      }
      if (!running) break;
      if (!received.length) await nap(options.pollMs);
      else if (inFlight.size >= concurrency) await Promise.race(inFlight);
    }
  })();

  logger.info("outbox.local_started", { concurrency });
  return {
    async stop() {
      running = false;
      wake?.();
      await workLoop;
      await Promise.allSettled([...inFlight]);
      await planLoop;
      logger.info("outbox.local_stopped");
    },
  };
}
