// One delivery record per (job, recipient) in the job's partition: pk JOB#<id>, sk DLV#<channel>#<userId>,
// made by the worker's claim (conditional, so once). A change to a final state is one conditional UpdateItem;
// its count is ADDed to a counter shard with the rest of the worker's batch (count-batch.ts: one ADD per job
// per batch, not per delivery). A crash between the two leaves the count short; the planner's recount
// (planner.ts) corrects it from the records.
import { createHash, randomUUID } from "node:crypto";
import type { UserRef } from "../core/events.js";
import { type Counters, type Delivery, type DeliveryStatus, emptyCounters } from "../core/outbox/model.js";
import type { CountSink, DeliveryLedger } from "../core/outbox/ports.js";
import { truncate } from "../core/text.js";
import { days, epochSeconds, errorName, queryAll, unavailable } from "./dynamo.js";
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "./dynamo-commands.js";
import { keys } from "./keys.js";
import { counterShardUpdate, jobKey, type OutboxStoreOptions } from "./outbox-jobs.js";
import { TransactionConditionFailed, transactWrite } from "./outbox-transact.js";

/** Delivery records hold chat ids (personal data): DynamoDB deletes them 90 days after planning. */
const deliveryRetentionDays = 90;

/**
 * The key of an erased person's anonymous record: derived (SHA-256 of job, channel and id), so the eraser and
 * a late queue message for the same person write the same one, once (a conditional put), and count once.
 */
export const erasedDeliverySk = (jobId: string, user: UserRef) =>
  `DLV#${user.channel}#erased-${createHash("sha256").update(`${jobId}\u0000${user.channel}\u0000${user.userId}`).digest("hex").slice(0, 32)}`;

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
  const counterUpdate = (jobId: string, user: UserRef, changes: Record<string, number>, now: Date) =>
    counterShardUpdate(tableName, jobId, keys.userSortKey(user), changes, now);

  const expiry = (now: Date) => epochSeconds(now) + days(deliveryRetentionDays) / 1000;
  /** What a record holds besides its status, set when the claim (or a cancel) makes it. */
  const creation = (jobId: string, user: UserRef, now: Date) => ({
    set: [
      "jobId = :jobId",
      "channel = :channel",
      "userId = :userId",
      "createdAt = if_not_exists(createdAt, :now)",
      "expiresAt = if_not_exists(expiresAt, :expires)",
    ],
    values: { ":jobId": jobId, ":channel": user.channel, ":userId": user.userId, ":expires": expiry(now) },
  });

  /** Moves a record to a final status (guarded by `condition`), then counts it (on a shard, or in `counts`). */
  const finalise = async (
    jobId: string,
    user: UserRef,
    status: DeliveryStatus,
    condition: { expression: string; values: Record<string, unknown> },
    detail: { error?: string; via?: string; messageIds?: readonly string[]; forget?: boolean },
    now: Date,
    create: boolean,
    counts: CountSink | undefined,
  ): Promise<boolean> => {
    if (detail.forget) {
      // Counted in its own transaction: the batch only checks whether the job finished.
      const counted = await forgetting(jobId, user, status, condition, detail.error ?? "", now);
      if (counted) counts?.add(jobId, user, {});
      return counted;
    }
    const set = ["#status = :status", "updatedAt = :now"];
    const values: Record<string, unknown> = { ":status": status, ":now": now.getTime(), ...condition.values };
    if (create) {
      const made = creation(jobId, user, now);
      set.push(...made.set, "attempts = if_not_exists(attempts, :zero)");
      Object.assign(values, made.values, { ":zero": 0 });
    }
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
    // Where a later failure status for one of these messages finds its delivery: written first, so a
    // receipt never finds a sent record without its pointer (a pointer to an unsent record finds nothing).
    for (const messageId of messageIds) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...messageKey(user.channel, messageId),
              jobId,
              channel: user.channel,
              userId: user.userId,
              expiresAt: expiry(now),
            },
          }),
        );
      } catch (error) {
        throw unavailable("save sent message", error);
      }
    }
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: deliveryKey(jobId, user),
          UpdateExpression: `SET ${set.join(", ")} REMOVE leaseUntil`,
          ConditionExpression: condition.expression,
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (errorName(error) === "ConditionalCheckFailedException") return false;
      throw unavailable("settle delivery", error);
    }
    const changes = { queued: -1, [status]: 1 };
    if (counts) {
      counts.add(jobId, user, changes);
      return true;
    }
    try {
      await client.send(new UpdateCommand(counterUpdate(jobId, user, changes, now)));
    } catch (error) {
      // Settled but not counted: the recount corrects it; the queue message is acknowledged all the same.
      options.logger?.warn("outbox.count_failed", { jobId, error });
    }
    return true;
  };

  /** A final record under an anonymous key in place of the claimed one (as "hapus data" leaves them). */
  const forgetting = async (
    jobId: string,
    user: UserRef,
    status: DeliveryStatus,
    condition: { expression: string; values: Record<string, unknown> },
    error: string,
    now: Date,
  ): Promise<boolean> => {
    try {
      await transactWrite(
        client,
        {
          TransactItems: [
            {
              Delete: {
                TableName: tableName,
                Key: deliveryKey(jobId, user),
                ConditionExpression: condition.expression,
                ExpressionAttributeNames: { "#status": "status" },
                ExpressionAttributeValues: condition.values,
              },
            },
            {
              Put: {
                TableName: tableName,
                Item: {
                  pk: jobKey(jobId).pk,
                  sk: erasedDeliverySk(jobId, user),
                  jobId,
                  channel: user.channel,
                  userId: "-",
                  status,
                  attempts: 1,
                  lastError: truncate(error, 500),
                  anonymised: true,
                  createdAt: now.getTime(),
                  updatedAt: now.getTime(),
                  expiresAt: expiry(now),
                },
                // Counted already (the eraser, or an earlier copy of this queue message): not again.
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            { Update: counterUpdate(jobId, user, { queued: -1, [status]: 1 }, now) },
          ],
        },
        "settle delivery of an erased person",
      );
      return true;
    } catch (error) {
      if (!(error instanceof TransactionConditionFailed)) throw error;
    }
    // Already counted under the anonymous key: only the record this claim made (with the id) goes.
    try {
      await client.send(
        new DeleteCommand({
          TableName: tableName,
          Key: deliveryKey(jobId, user),
          ConditionExpression: condition.expression,
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: condition.values,
        }),
      );
    } catch (error) {
      if (errorName(error) !== "ConditionalCheckFailedException")
        throw unavailable("drop delivery of an erased person", error);
    }
    return false;
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

  const list = async (jobId: string): Promise<Delivery[]> => {
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
  };

  return {
    async claim(jobId, user, now, leaseMs) {
      const token = randomUUID();
      try {
        const made = creation(jobId, user, now);
        const result = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: deliveryKey(jobId, user),
            // Makes the record on the first claim (one write): planning wrote none.
            UpdateExpression: `SET #status = :sending, claimToken = :token, leaseUntil = :lease, attempts = if_not_exists(attempts, :zero) + :one, updatedAt = :now, ${made.set.join(", ")}`,
            ConditionExpression: "attribute_not_exists(pk) OR #status = :queued",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: {
              ":sending": "sending",
              ":queued": "queued",
              ":token": token,
              ":lease": now.getTime() + leaseMs,
              ":zero": 0,
              ":one": 1,
              ":now": now.getTime(),
              ...made.values,
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
              { Update: counterUpdate(ref.jobId, ref.recipient, { sent: -1, [as]: 1 }, now) },
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

    async recordReceipt(channel, messageId, receipt, now) {
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
                { Update: counterUpdate(ref.jobId, ref.recipient, step.counters, now) },
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

    async addCounts(jobId, seed, changes, now) {
      try {
        await client.send(new UpdateCommand(counterUpdate(jobId, seed, changes, now)));
      } catch (error) {
        throw unavailable("count deliveries", error);
      }
    },

    settle(jobId, user, token, status, detail, now, counts) {
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
        false,
        counts,
      );
    },

    resolveExpired(jobId, user, token, now, counts) {
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
        false,
        counts,
      );
    },

    cancelQueued(jobId, user, now, counts) {
      return finalise(
        jobId,
        user,
        "cancelled",
        {
          expression: "attribute_not_exists(pk) OR #status = :queued",
          values: { ":queued": "queued" },
        },
        {},
        now,
        true,
        counts,
      );
    },

    list,

    async recount(jobId, total) {
      const counters: Record<string, number> = { ...emptyCounters(), total };
      let lastChangeAt = 0;
      let final = 0;
      for (const delivery of await list(jobId)) {
        if (delivery.status === "queued" || delivery.status === "sending") continue;
        // Only settles matter: a final record whose count may still be on the way.
        lastChangeAt = Math.max(lastChangeAt, delivery.updatedAt);
        counters[delivery.status] = (counters[delivery.status] ?? 0) + 1;
        final++;
      }
      counters.queued = total - final;
      return { counters: counters as Counters, lastChangeAt };
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
