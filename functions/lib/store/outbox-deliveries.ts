// One delivery record per (job, recipient) in the job's partition: pk JOB#<id>, sk DLV#<channel>#<userId>.
// Every change of a record to a final state updates one of the job's counter shards in the same transaction.
import { randomUUID } from "node:crypto";
import type { UserRef } from "../core/events.js";
import type { Delivery, DeliveryStatus } from "../core/outbox/model.js";
import type { DeliveryLedger } from "../core/outbox/ports.js";
import { truncate } from "../core/text.js";
import { days, epochSeconds, errorName, queryAll, unavailable } from "./dynamo.js";
import { GetCommand, UpdateCommand } from "./dynamo-commands.js";
import { keys } from "./keys.js";
import { counterShardUpdate, jobKey, type OutboxStoreOptions } from "./outbox-jobs.js";
import { TransactionConditionFailed, transactWrite } from "./outbox-transact.js";

/** Delivery records hold chat ids (personal data): DynamoDB deletes them 90 days after planning. */
const deliveryRetentionDays = 90;

const deliveryKey = (jobId: string, user: UserRef) => ({
  pk: jobKey(jobId).pk,
  sk: `DLV#${user.channel}#${user.userId}`,
});

function deliveryFromItem(item: Record<string, unknown>): Delivery {
  return {
    jobId: String(item.jobId),
    recipient: { channel: item.channel as UserRef["channel"], userId: String(item.userId) },
    status: item.status as DeliveryStatus,
    attempts: Number(item.attempts ?? 0),
    ...(typeof item.lastError === "string" ? { lastError: item.lastError } : {}),
    ...(item.via === "message" || item.via === "template" ? { via: item.via } : {}),
    ...(item.receipt === "delivered" || item.receipt === "read" ? { receipt: item.receipt } : {}),
    updatedAt: Number(item.updatedAt ?? 0),
  };
}

/** A sent platform message -> its delivery (for late failure statuses). */
const messageKey = (channel: string, messageId: string) => ({ pk: `MSG#${channel}#${messageId}`, sk: "MSG" });

export function createOutboxDeliveryLedger(options: OutboxStoreOptions): DeliveryLedger {
  const { client, tableName } = options;

  // A counter shard picked by recipient (see outbox-jobs.ts): never the job item, which holds the text.
  const counterUpdate = (jobId: string, user: UserRef, changes: Record<string, number>) =>
    counterShardUpdate(tableName, jobId, keys.userSortKey(user), changes);

  const newItem = (jobId: string, user: UserRef, now: Date) => ({
    ...deliveryKey(jobId, user),
    jobId,
    channel: user.channel,
    userId: user.userId,
    status: "queued",
    attempts: 0,
    createdAt: now.getTime(),
    updatedAt: now.getTime(),
    expiresAt: epochSeconds(now) + days(deliveryRetentionDays) / 1000,
  });

  /** Moves a record to a final status (guarded by `condition`) and counts it, atomically. */
  const finalise = async (
    jobId: string,
    user: UserRef,
    status: DeliveryStatus,
    condition: { expression: string; values: Record<string, unknown> },
    detail: { error?: string; via?: string; messageIds?: readonly string[] },
    now: Date,
  ): Promise<boolean> => {
    const set = ["#status = :status", "updatedAt = :now"];
    const values: Record<string, unknown> = { ":status": status, ":now": now.getTime(), ...condition.values };
    if (detail.error) {
      set.push("lastError = :error");
      values[":error"] = truncate(detail.error, 500);
    }
    if (detail.via) {
      set.push("via = :via");
      values[":via"] = detail.via;
    }
    const messageIds = (detail.messageIds ?? []).slice(0, 20);
    if (messageIds.length) {
      set.push("messageIds = :messageIds");
      values[":messageIds"] = messageIds;
    }
    try {
      await transactWrite(
        client,
        {
          TransactItems: [
            {
              Update: {
                TableName: tableName,
                Key: deliveryKey(jobId, user),
                UpdateExpression: `SET ${set.join(", ")} REMOVE leaseUntil`,
                ConditionExpression: condition.expression,
                ExpressionAttributeNames: { "#status": "status" },
                ExpressionAttributeValues: values,
              },
            },
            { Update: counterUpdate(jobId, user, { queued: -1, [status]: 1 }) },
            // Where a later failure status for one of these messages finds its delivery.
            ...messageIds.map((messageId) => ({
              Put: {
                TableName: tableName,
                Item: {
                  ...messageKey(user.channel, messageId),
                  jobId,
                  channel: user.channel,
                  userId: user.userId,
                  expiresAt: epochSeconds(now) + days(deliveryRetentionDays) / 1000,
                },
              },
            })),
          ],
        },
        "settle delivery",
      );
      return true;
    } catch (error) {
      if (error instanceof TransactionConditionFailed) return false;
      throw error;
    }
  };

  /** The delivery a platform message id belongs to (written when the message was settled as sent). */
  const findMessage = async (channel: UserRef["channel"], messageId: string) => {
    let found: Record<string, unknown> | undefined;
    try {
      found = (
        await client.send(
          new GetCommand({ TableName: tableName, Key: messageKey(channel, messageId), ConsistentRead: true }),
        )
      ).Item;
    } catch (error) {
      throw unavailable("find sent message", error);
    }
    return found
      ? { jobId: String(found.jobId), recipient: { channel, userId: String(found.userId) } as UserRef }
      : null;
  };

  const planOne = async (jobId: string, user: UserRef, now: Date): Promise<number> => {
    try {
      await transactWrite(
        client,
        {
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: newItem(jobId, user, now),
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            { Update: counterUpdate(jobId, user, { total: 1, queued: 1 }) },
          ],
        },
        "plan delivery",
      );
      return 1;
    } catch (error) {
      if (error instanceof TransactionConditionFailed) return 0; // planned by an earlier run
      throw error;
    }
  };

  return {
    async plan(jobId, recipients, now) {
      if (!recipients.length) return 0;
      // Fast path: the whole chunk in one transaction. If any record exists already (a resumed run),
      // fall back to one transaction per recipient so only the new ones are counted.
      try {
        await transactWrite(
          client,
          {
            TransactItems: [
              ...recipients.map((user) => ({
                Put: {
                  TableName: tableName,
                  Item: newItem(jobId, user, now),
                  ConditionExpression: "attribute_not_exists(pk)",
                },
              })),
              {
                Update: counterUpdate(jobId, recipients[0]!, {
                  total: recipients.length,
                  queued: recipients.length,
                }),
              },
            ],
          },
          "plan deliveries",
        );
        return recipients.length;
      } catch (error) {
        if (!(error instanceof TransactionConditionFailed)) throw error;
      }
      let created = 0;
      for (const user of recipients) created += await planOne(jobId, user, now);
      return created;
    },

    async claim(jobId, user, now, leaseMs) {
      const token = randomUUID();
      try {
        const result = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: deliveryKey(jobId, user),
            UpdateExpression:
              "SET #status = :sending, claimToken = :token, leaseUntil = :lease, attempts = attempts + :one, updatedAt = :now",
            ConditionExpression: "#status = :queued",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: {
              ":sending": "sending",
              ":queued": "queued",
              ":token": token,
              ":lease": now.getTime() + leaseMs,
              ":one": 1,
              ":now": now.getTime(),
            },
            ReturnValues: "ALL_NEW",
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          }),
        );
        return { status: "claimed", token, attempts: Number(result.Attributes?.attempts ?? 1) };
      } catch (error) {
        if (errorName(error) !== "ConditionalCheckFailedException")
          throw unavailable("claim delivery", error);
        const item = (error as { Item?: Record<string, unknown> }).Item;
        if (!item) return { status: "missing" };
        const current = deliveryFromItem(unmarshalled(item));
        if (current.status === "queued") return { status: "busy" }; // changed meanwhile: try again later
        if (current.status !== "sending") return { status: "final", delivery: current.status };
        const raw = unmarshalled(item);
        if (Number(raw.leaseUntil ?? 0) < now.getTime())
          return { status: "expired", token: String(raw.claimToken) };
        return { status: "busy" };
      }
    },

    async release(jobId, user, token, reason, now, countAttempt) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: deliveryKey(jobId, user),
            UpdateExpression: `SET #status = :queued, lastError = :error, updatedAt = :now${
              countAttempt ? "" : ", attempts = attempts - :one"
            } REMOVE claimToken, leaseUntil`,
            ConditionExpression: "#status = :sending AND claimToken = :token",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: {
              ":queued": "queued",
              ":sending": "sending",
              ":token": token,
              ":error": truncate(reason, 500),
              ":now": now.getTime(),
              ...(countAttempt ? {} : { ":one": 1 }),
            },
          }),
        );
      } catch (error) {
        if (errorName(error) === "ConditionalCheckFailedException") return;
        throw unavailable("release delivery", error);
      }
    },

    async failAfterSent(channel, messageId, reason, now, as = "failed") {
      const ref = await findMessage(channel, messageId);
      if (!ref) return null;
      try {
        await transactWrite(
          client,
          {
            TransactItems: [
              {
                Update: {
                  TableName: tableName,
                  Key: deliveryKey(ref.jobId, ref.recipient),
                  UpdateExpression: "SET #status = :as, lastError = :error, updatedAt = :now",
                  ConditionExpression: "#status = :sent",
                  ExpressionAttributeNames: { "#status": "status" },
                  ExpressionAttributeValues: {
                    ":as": as,
                    ":sent": "sent",
                    ":error": truncate(`after sending: ${reason}`, 500),
                    ":now": now.getTime(),
                  },
                },
              },
              { Update: counterUpdate(ref.jobId, ref.recipient, { sent: -1, [as]: 1 }) },
            ],
          },
          "fail sent delivery",
        );
        return ref;
      } catch (error) {
        // Already moved (a repeated status): nothing to do.
        if (error instanceof TransactionConditionFailed) return null;
        throw error;
      }
    },

    async recordReceipt(channel, messageId, receipt, _now) {
      const ref = await findMessage(channel, messageId);
      if (!ref) return false;
      // Each step is one conditional transaction, so a repeated or late receipt never counts twice.
      const steps: { from: "none" | "delivered"; counters: Record<string, number> }[] =
        receipt === "delivered"
          ? [{ from: "none", counters: { delivered: 1 } }]
          : [
              { from: "none", counters: { delivered: 1, read: 1 } },
              { from: "delivered", counters: { read: 1 } },
            ];
      for (const step of steps) {
        try {
          await transactWrite(
            client,
            {
              TransactItems: [
                {
                  Update: {
                    TableName: tableName,
                    Key: deliveryKey(ref.jobId, ref.recipient),
                    UpdateExpression: "SET receipt = :receipt",
                    ConditionExpression:
                      step.from === "none"
                        ? "#status = :sent AND attribute_not_exists(receipt)"
                        : "#status = :sent AND receipt = :delivered",
                    ExpressionAttributeNames: { "#status": "status" },
                    ExpressionAttributeValues: {
                      ":receipt": receipt,
                      ":sent": "sent",
                      ...(step.from === "delivered" ? { ":delivered": "delivered" } : {}),
                    },
                  },
                },
                { Update: counterUpdate(ref.jobId, ref.recipient, step.counters) },
              ],
            },
            "record receipt",
          );
          return true;
        } catch (error) {
          if (!(error instanceof TransactionConditionFailed)) throw error;
        }
      }
      return false;
    },

    settle(jobId, user, token, status, detail, now) {
      return finalise(
        jobId,
        user,
        status,
        {
          expression: "#status = :sending AND claimToken = :token",
          values: { ":sending": "sending", ":token": token },
        },
        detail,
        now,
      );
    },

    resolveExpired(jobId, user, token, now) {
      return finalise(
        jobId,
        user,
        "uncertain",
        {
          expression: "#status = :sending AND claimToken = :token AND leaseUntil < :now",
          values: { ":sending": "sending", ":token": token },
        },
        { error: "the worker stopped while sending; not re-sent (the platform may have delivered it)" },
        now,
      );
    },

    cancelQueued(jobId, user, now) {
      return finalise(
        jobId,
        user,
        "cancelled",
        { expression: "#status = :queued", values: { ":queued": "queued" } },
        {},
        now,
      );
    },

    async list(jobId) {
      const items = await queryAll(
        client,
        {
          TableName: tableName,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :dlv)",
          ExpressionAttributeValues: { ":pk": jobKey(jobId).pk, ":dlv": "DLV#" },
          ConsistentRead: true,
        },
        "list deliveries",
      );
      return items.map(deliveryFromItem);
    },
  };
}

/** ReturnValuesOnConditionCheckFailure gives the item in the low-level (AttributeValue) format. */
function unmarshalled(item: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    const attr = value as { S?: string; N?: string; BOOL?: boolean } | string | number;
    if (typeof attr !== "object" || attr === null) out[name] = attr;
    else if (attr.S !== undefined) out[name] = attr.S;
    else if (attr.N !== undefined) out[name] = Number(attr.N);
    else if (attr.BOOL !== undefined) out[name] = attr.BOOL;
  }
  return out;
}
