// The outbox queue on AWS: SQS SendMessageBatch (batches of 10) with the small signed client (sqs-client.ts).
// Receiving is Lambda's SQS event source; see functions/outbox-worker.ts.
import { randomUUID } from "node:crypto";
import type { QueueMessage } from "../core/outbox/model.js";
import type { OutboxQueue } from "../core/outbox/ports.js";
import { createSqsClient, type SqsClient } from "./sqs-client.js";

export interface SqsQueueOptions {
  readonly queueUrl: string;
  readonly region: string;
  /** An SQS-compatible endpoint instead of AWS's (tests). */
  readonly endpoint?: string;
  readonly client?: SqsClient;
}

export class SqsError extends Error {
  override readonly name = "SqsError";
  readonly transient = true;
}

export function createSqsOutboxQueue(options: SqsQueueOptions): OutboxQueue {
  const client =
    options.client ??
    createSqsClient({ region: options.region, ...(options.endpoint ? { endpoint: options.endpoint } : {}) });
  return {
    async send(messages: readonly QueueMessage[], sendOptions: { readonly delayMs?: number } = {}) {
      // SQS delays a message at most 15 minutes.
      const delaySeconds = Math.min(900, Math.ceil(Math.max(0, sendOptions.delayMs ?? 0) / 1000));
      for (let i = 0; i < messages.length; i += 10) {
        let entries = messages.slice(i, i + 10).map((message) => ({
          Id: randomUUID(),
          MessageBody: JSON.stringify(message),
          ...(delaySeconds ? { DelaySeconds: delaySeconds } : {}),
        }));
        // Entries SQS refused individually are retried; a whole-batch error is thrown (the planner resumes).
        for (let attempt = 1; entries.length; attempt++) {
          const result = await client
            .sendMessageBatch({ QueueUrl: options.queueUrl, Entries: entries })
            .catch((error: unknown) => {
              throw new SqsError("SQS SendMessageBatch failed", { cause: error });
            });
          const failed = new Set((result.Failed ?? []).map((entry) => entry.Id));
          entries = entries.filter((entry) => failed.has(entry.Id));
          if (entries.length && attempt >= 3) {
            throw new SqsError(
              `SQS refused ${entries.length} messages: ${JSON.stringify(result.Failed).slice(0, 300)}`,
            );
          }
        }
      }
    },
  };
}

export function parseQueueMessage(body: string): QueueMessage | undefined {
  try {
    const value = JSON.parse(body) as Partial<QueueMessage>;
    if (
      typeof value.jobId === "string" &&
      (value.channel === "telegram" || value.channel === "whatsapp") &&
      typeof value.userId === "string"
    ) {
      return { jobId: value.jobId, channel: value.channel, userId: value.userId };
    }
  } catch {
    // not ours
  }
  return undefined;
}
