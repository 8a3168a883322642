// The local outbox queue (npm start, tests): SQS semantics on the single DynamoDB table.
//   pk QUEUE#outbox, sk <visibleAt, 15 digits>#<message id>: a receive reads the visible messages in
//   order with one Query (sk < now) and takes each by MOVING it (delete + put in one transaction) to
//   now + visibility timeout; the new sort key is the receipt handle. A message not acknowledged in
//   time becomes visible again (at-least-once, like SQS). After `maxReceives` receives it moves to
//   pk QUEUE#outbox-dlq with the reason.
import { randomUUID } from "node:crypto";
import { wallClockMs } from "../clock.js";
import type { QueueMessage } from "../core/outbox/model.js";
import type { PolledOutboxQueue, ReceivedMessage } from "../core/outbox/ports.js";
import { truncate } from "../core/text.js";
import { errorName, unavailable } from "../store/dynamo.js";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
} from "../store/dynamo-commands.js";
import { TransactionConditionFailed, transactWrite } from "../store/outbox-transact.js";

export interface DynamoQueueOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly now?: () => number;
  /** Receives before a message is dead-lettered (SQS maxReceiveCount; the stacks use 5). */
  readonly maxReceives?: number;
}

const queuePk = "QUEUE#outbox";
export const localDeadLetterPk = "QUEUE#outbox-dlq";
const pad = (n: number) => String(n).padStart(15, "0");

export interface LocalOutboxQueue extends PolledOutboxQueue {
  readonly maxReceives: number;
  /** Messages waiting or in flight (for tests and the bench). */
  depth(): Promise<number>;
  deadLetters(): Promise<{ message: QueueMessage; reason: string }[]>;
}

export function createDynamoOutboxQueue(options: DynamoQueueOptions): LocalOutboxQueue {
  const { client, tableName } = options;
  // SQS visibility timeouts run in real time whatever the app's clock says; tests pass their own.
  const now = options.now ?? wallClockMs;
  const maxReceives = options.maxReceives ?? 5;

  const queryAll = async (pk: string, extra: { until?: string; limit?: number } = {}) => {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: extra.until ? "pk = :pk AND sk < :until" : "pk = :pk",
          ExpressionAttributeValues: { ":pk": pk, ...(extra.until ? { ":until": extra.until } : {}) },
          ConsistentRead: true,
          ExclusiveStartKey: start,
          ...(extra.limit ? { Limit: extra.limit } : {}),
        }),
      );
      items.push(...(page.Items ?? []));
      start = extra.limit && items.length >= extra.limit ? undefined : page.LastEvaluatedKey;
    } while (start);
    return items;
  };

  return {
    maxReceives,

    async send(messages, options = {}) {
      // Like SQS DelaySeconds: the message becomes visible only after the delay.
      const at = now() + Math.max(0, options.delayMs ?? 0);
      try {
        await Promise.all(
          messages.map((message) => {
            const id = randomUUID();
            return client.send(
              new PutCommand({
                TableName: tableName,
                Item: { pk: queuePk, sk: `${pad(at)}#${id}`, id, body: message, receiveCount: 0, sentAt: at },
              }),
            );
          }),
        );
      } catch (error) {
        throw unavailable("enqueue", error);
      }
    },

    async receive(max, visibilityMs) {
      const at = now();
      let visible: Record<string, unknown>[];
      try {
        visible = await queryAll(queuePk, { until: `${pad(at)}#~`, limit: max * 3 });
      } catch (error) {
        throw unavailable("receive", error);
      }
      const received: ReceivedMessage[] = [];
      for (const item of visible) {
        if (received.length >= max) break;
        const receiveCount = Number(item.receiveCount ?? 0) + 1;
        const handle = `${pad(at + visibilityMs)}#${String(item.id)}`;
        try {
          // Taking a message = moving it: if two pollers race, only one move succeeds.
          await transactWrite(
            client,
            {
              TransactItems: [
                {
                  Delete: {
                    TableName: tableName,
                    Key: { pk: queuePk, sk: item.sk },
                    ConditionExpression: "attribute_exists(pk)",
                  },
                },
                {
                  Put: {
                    TableName: tableName,
                    Item: { ...item, sk: handle, receiveCount },
                    ConditionExpression: "attribute_not_exists(pk)",
                  },
                },
              ],
            },
            "receive",
          );
        } catch (error) {
          if (error instanceof TransactionConditionFailed) continue;
          throw error;
        }
        received.push({ message: item.body as QueueMessage, handle, receiveCount });
      }
      return received;
    },

    async ack(handle) {
      try {
        await client.send(new DeleteCommand({ TableName: tableName, Key: { pk: queuePk, sk: handle } }));
      } catch (error) {
        if (errorName(error) === "ConditionalCheckFailedException") return;
        throw unavailable("ack", error);
      }
    },

    async deadLetter(received, reason) {
      const id = received.handle.split("#")[1] ?? randomUUID();
      await transactWrite(
        client,
        {
          TransactItems: [
            { Delete: { TableName: tableName, Key: { pk: queuePk, sk: received.handle } } },
            {
              Put: {
                TableName: tableName,
                Item: {
                  pk: localDeadLetterPk,
                  sk: `${pad(now())}#${id}`,
                  body: received.message,
                  reason: truncate(reason, 500),
                  receiveCount: received.receiveCount,
                },
              },
            },
          ],
        },
        "dead-letter",
      ).catch((error: unknown) => {
        if (!(error instanceof TransactionConditionFailed)) throw error;
      });
    },

    async depth() {
      return (await queryAll(queuePk)).length;
    },

    async deadLetters() {
      return (await queryAll(localDeadLetterPk)).map((item) => ({
        message: item.body as QueueMessage,
        reason: String(item.reason),
      }));
    },
  };
}
