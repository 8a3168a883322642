// Processed-update records. A chat turn that writes nothing while deciding records its update inside the session
// commit (one conditional Put: a duplicate that raced it fails there); a turn that writes while deciding, and
// events that are not turns, claim first (a conditional put with a lease) and mark the claim done.
import { randomUUID } from "node:crypto";
import type { ClaimResult, InboundLedger } from "../core/ports.js";
import { createClaimOnWrite } from "./claim-on-write.js";
import { days, epochSeconds, errorName, unavailable } from "./dynamo.js";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from "./dynamo-commands.js";
import { keys } from "./keys.js";

export interface InboundLedgerOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** How long a claim blocks others before a crashed worker's claim can be taken over. */
  readonly leaseMs?: number;
}

// WhatsApp retries for up to 7 days: remember processed ids a little longer.
export const inboundRetentionMs = days(8);

const recordKey = (dedupeKey: string) => ({ pk: keys.inbound(dedupeKey), sk: keys.inboundSk });

// New, or an abandoned claim whose lease ran out, or an expired record DynamoDB has not removed yet.
const takeable = {
  ConditionExpression:
    "attribute_not_exists(pk) OR (#status = :processing AND leaseUntil < :now) OR expiresAt < :nowSeconds",
  names: { "#status": "status" },
  values: (now: Date) => ({
    ":processing": "processing",
    ":now": now.getTime(),
    ":nowSeconds": epochSeconds(now),
  }),
};

/** The transaction item that records a chat turn's update as done, unless it is already recorded. */
export function turnRecordPut(tableName: string, dedupeKey: string, now: Date) {
  return {
    TableName: tableName,
    Item: {
      ...recordKey(dedupeKey),
      status: "done",
      createdAt: now.getTime(),
      doneAt: now.getTime(),
      expiresAt: epochSeconds(new Date(now.getTime() + inboundRetentionMs)),
    },
    ConditionExpression: takeable.ConditionExpression,
    ExpressionAttributeNames: takeable.names,
    ExpressionAttributeValues: takeable.values(now),
  };
}

/** The update that marks a claim done, only while this claim (token) still holds it. */
export function claimDoneUpdate(claim: { readonly dedupeKey: string; readonly token: string }, now: number) {
  return {
    Key: recordKey(claim.dedupeKey),
    UpdateExpression: "SET #status = :done, doneAt = :now",
    ConditionExpression: "#token = :token",
    ExpressionAttributeNames: { "#status": "status", "#token": "token" },
    ExpressionAttributeValues: { ":done": "done", ":now": now, ":token": claim.token },
  };
}

export function createInboundLedger(options: InboundLedgerOptions): InboundLedger {
  const { client, tableName } = options;
  const leaseMs = options.leaseMs ?? 60_000;
  const ledger: Omit<InboundLedger, "deciding"> = {
    async check(dedupeKey, now) {
      let item: Record<string, unknown> | undefined;
      try {
        const result = await client.send(
          new GetCommand({
            TableName: tableName,
            Key: recordKey(dedupeKey),
            ConsistentRead: true,
            ProjectionExpression: "#status, leaseUntil, expiresAt",
            ExpressionAttributeNames: { "#status": "status" },
          }),
        );
        item = result.Item;
      } catch (error) {
        throw unavailable("check update", error);
      }
      if (!item || Number(item.expiresAt) < epochSeconds(now)) return "new";
      if (item.status !== "processing") return "duplicate";
      return Number(item.leaseUntil) < now.getTime() ? "new" : "in-progress";
    },

    async claim(dedupeKey, now): Promise<ClaimResult> {
      const token = randomUUID();
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...recordKey(dedupeKey),
              status: "processing",
              token,
              leaseUntil: now.getTime() + leaseMs,
              createdAt: now.getTime(),
              expiresAt: epochSeconds(new Date(now.getTime() + inboundRetentionMs)),
            },
            ConditionExpression: takeable.ConditionExpression,
            ExpressionAttributeNames: takeable.names,
            ExpressionAttributeValues: takeable.values(now),
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
            Key: recordKey(dedupeKey),
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
            ...claimDoneUpdate({ dedupeKey, token }, now.getTime()),
          }),
        );
      } catch (error) {
        // Taken over after our lease ran out: the other worker finishes it.
        if (errorName(error) === "ConditionalCheckFailedException") return;
        throw unavailable("complete claim", error);
      }
    },
  };
  const deciding = createClaimOnWrite({
    client,
    recordPk: (dedupeKey) => recordKey(dedupeKey).pk,
    claim: ledger.claim,
    release: ledger.release,
  });
  return { ...ledger, deciding };
}
