// Processed-update records: a conditional put claims an update id; the session commit marks it done.
import { randomUUID } from "node:crypto";
import type { ClaimResult, InboundLedger } from "../core/ports.js";
import { days, epochSeconds, errorName, unavailable } from "./dynamo.js";
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from "./dynamo-commands.js";
import { keys } from "./keys.js";

export interface InboundLedgerOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** How long a claim blocks others before a crashed worker's claim can be taken over. */
  readonly leaseMs?: number;
}

// WhatsApp retries for up to 7 days: remember processed ids a little longer.
export const inboundRetentionMs = days(8);

export function createInboundLedger(options: InboundLedgerOptions): InboundLedger {
  const { client, tableName } = options;
  const leaseMs = options.leaseMs ?? 60_000;
  return {
    async claim(dedupeKey, now): Promise<ClaimResult> {
      const token = randomUUID();
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              pk: keys.inbound(dedupeKey),
              sk: keys.inboundSk,
              status: "processing",
              token,
              leaseUntil: now.getTime() + leaseMs,
              createdAt: now.getTime(),
              expiresAt: epochSeconds(new Date(now.getTime() + inboundRetentionMs)),
            },
            // New, or an abandoned claim whose lease ran out, or an expired record DynamoDB has not removed yet.
            ConditionExpression:
              "attribute_not_exists(pk) OR (#status = :processing AND leaseUntil < :now) OR expiresAt < :nowSeconds",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: {
              ":processing": "processing",
              ":now": now.getTime(),
              ":nowSeconds": epochSeconds(now),
            },
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          }),
        );
        return { status: "claimed", token };
      } catch (error) {
        if (errorName(error) === "ConditionalCheckFailedException") {
          // The SDK leaves the old item in wire format on the error.
          const old = (error as { Item?: { status?: { S?: string } } }).Item;
          return old?.status?.S === "processing" ? { status: "in-progress" } : { status: "duplicate" };
        }
        throw unavailable("claim", error);
      }
    },

    async release(dedupeKey, token) {
      try {
        await client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: { pk: keys.inbound(dedupeKey), sk: keys.inboundSk },
            ConditionExpression: "#token = :token AND #status = :processing",
            ExpressionAttributeNames: { "#token": "token", "#status": "status" },
            ExpressionAttributeValues: { ":token": token, ":processing": "processing" },
          }),
        );
      } catch (error) {
        if (errorName(error) === "ConditionalCheckFailedException") return;
        throw unavailable("release", error);
      }
    },

    async complete(dedupeKey, token, now) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: keys.inbound(dedupeKey), sk: keys.inboundSk },
            UpdateExpression: "SET #status = :done, doneAt = :now",
            ConditionExpression: "#token = :token",
            ExpressionAttributeNames: { "#status": "status", "#token": "token" },
            ExpressionAttributeValues: { ":done": "done", ":now": now.getTime(), ":token": token },
          }),
        );
      } catch (error) {
        // Taken over after our lease ran out: the other worker finishes it.
        if (errorName(error) === "ConditionalCheckFailedException") return;
        throw unavailable("complete claim", error);
      }
    },
  };
}
