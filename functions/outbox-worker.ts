// Lambda entry point for the outbox queue (SQS event source with partial batch responses): one record =
// one (job, recipient). Records not finished in this invocation are reported as batchItemFailures and
// come back after the visibility timeout; the delivery record's claim keeps a redelivery from re-sending.
import { lambdaJobsApp } from "./lib/app/lambda-jobs-app.js";
import { wallClockMs } from "./lib/clock.js";
import { parseQueueMessage } from "./lib/queue/sqs-queue.js";

interface SqsRecord {
  readonly messageId: string;
  readonly body: string;
}
interface SqsEvent {
  readonly Records: readonly SqsRecord[];
}
interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

/** Stop starting new sends this long before Lambda's timeout (a send plus the settle must still fit). */
const safetyMarginMs = 10_000;

export const handler = async (event: SqsEvent, context?: LambdaContext) => {
  const app = lambdaJobsApp();
  // Lambda's own deadline is wall time, not the business clock the app is given.
  const deadline = wallClockMs() + (context ? context.getRemainingTimeInMillis() - safetyMarginMs : 50_000);
  const failures: { itemIdentifier: string }[] = [];
  // In parallel: the per-channel rate limiter paces the actual sends. One batch: its settles' counts are
  // ADDed together (one write per job) before the handler returns, i.e. before SQS deletes the messages.
  const batch = app.outbox.worker.batch();
  await Promise.all(
    event.Records.map(async (record) => {
      const message = parseQueueMessage(record.body);
      if (!message) {
        app.logger.error("outbox.bad_message", { messageId: record.messageId });
        return; // not retryable: acknowledging it keeps it from blocking the queue
      }
      try {
        const result = await batch.handle(message, { deadline });
        if (result === "retry") failures.push({ itemIdentifier: record.messageId });
      } catch (error) {
        app.logger.error("outbox.step_failed", { error, jobId: message.jobId });
        failures.push({ itemIdentifier: record.messageId });
      }
    }),
  );
  await batch.close();
  return { batchItemFailures: failures };
};
