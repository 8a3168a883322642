// `npm start` (and the tests) run the SAME planner and worker as Lambda, polling the local queue:
// the planner every second, and up to `concurrency` queue messages in flight at a time, in batches of at
// most 10 handled together as Lambda's SQS event source hands them over (their counts ADDed per batch).

import type { Planner } from "../core/outbox/planner.js";
import type { PolledOutboxQueue, ReceivedMessage } from "../core/outbox/ports.js";
import type { OutboxWorker, WorkerBatch } from "../core/outbox/worker.js";
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
  // As on AWS: batches of up to 10 (the SQS batch size), as many pollers as the concurrency allows.
  const pollers = Math.ceil(concurrency / 10);
  const batchSize = Math.ceil(concurrency / pollers);
  let running = true;
  const wakers = new Set<() => void>();
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      wakers.add(wake);
    });

  // Acknowledged when done (a crash before the batch's counts are written loses them: the recount restores them).
  const process = async (received: ReceivedMessage, batch: WorkerBatch) => {
    try {
      const result = await batch.handle(received.message);
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

  const poll = async () => {
    while (running) {
      const received = await queue.receive(batchSize, options.visibilityMs).catch((error: unknown) => {
        logger.error("outbox.receive_failed", { error });
        return [] as ReceivedMessage[];
      });
      if (!received.length) {
        if (running) await nap(options.pollMs);
        continue;
      }
      const batch = worker.batch();
      await Promise.all(received.map((message) => process(message, batch)));
      await batch.close().catch((error: unknown) => logger.error("outbox.count_failed", { error }));
    }
  };
  const workLoop = Promise.all(Array.from({ length: pollers }, poll));

  logger.info("outbox.local_started", { concurrency });
  return {
    async stop() {
      running = false;
      for (const wake of [...wakers]) wake();
      await workLoop;
      await planLoop;
      logger.info("outbox.local_stopped");
    },
  };
}
