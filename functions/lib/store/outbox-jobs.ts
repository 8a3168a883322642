// Outbox jobs: pk JOB#<id>, sk JOB. gsi1 OUTBOX#JOBS lists them newest first; gsi2 OUTBOX#DUE holds the
// jobs whose planning is not finished, by send time, then OUTBOX#OPEN the planned ones not yet finished
// (sparse: removed once finished).
import { randomUUID } from "node:crypto";
import { StoreUnavailableError } from "../core/errors.js";
import type { UserRef } from "../core/events.js";
import { type Counters, counterNames, emptyCounters, type OutboxJob } from "../core/outbox/model.js";
import type { JobRepository } from "../core/outbox/ports.js";
import type { Logger } from "../log/logger.js";
import { errorName, fullItems, queryAll, queryItems, unavailable } from "./dynamo.js";
import { type DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from "./dynamo-commands.js";
import { rememberJob } from "./stat-lists.js";

export interface OutboxStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** For what is worth a warning but not a failure (a count the recount will make up). */
  readonly logger?: Logger;
}

export const jobKey = (id: string) => ({ pk: `JOB#${id}`, sk: "JOB" });
/** Reply jobs of one person (their answers queued for a retry), found again on "hapus data". */
export const replyIndexKey = (user: UserRef) => `OUTBOX#REPLY#${user.channel}#${user.userId}`;
const jobsIndexKey = "OUTBOX#JOBS";
const dueIndexKey = "OUTBOX#DUE";
const openIndexKey = "OUTBOX#OPEN";
const pad = (n: number) => String(n).padStart(15, "0");

/**
 * Counter shards: every settled delivery adds to one of these small items (picked by recipient) instead of
 * the job item, so concurrent settles neither conflict on one item nor rewrite the job's text. They sort
 * right after the job item (`JOB` < `JOB#CTR#nn`), so one query reads the job and its shards. The planner
 * keeps `total` (and the matching `queued`) on the job item as absolute values, once per audience page.
 */
export const counterShards = 16;
const shardSk = (shard: number) => `JOB#CTR#${String(shard).padStart(2, "0")}`;
/** The correction a recount from the delivery records writes (absolute: recount minus the other items). */
const fixSk = "JOB#CTR#FX";
/** The counters a recount corrects: the statuses. Receipts are counted transactionally, always exact. */
const statusCounters = counterNames.filter((name) => name !== "delivered" && name !== "read");

/** A job's item, its counter shards and a recount's correction: the keys to read it whole in a BatchGetItem. */
export const jobItemKeys = (id: string) => [
  jobKey(id),
  ...Array.from({ length: counterShards }, (_, shard) => ({ pk: jobKey(id).pk, sk: shardSk(shard) })),
  { pk: jobKey(id).pk, sk: fixSk },
];

/** FNV-1a: a cheap, stable spread of recipients over the shards. */
function shardOf(seed: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) hash = Math.imul(hash ^ seed.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % counterShards;
}

/** The Update (for a transaction) adding `changes` to one counter shard of the job, chosen by `seed`. */
export function counterShardUpdate(
  tableName: string,
  jobId: string,
  seed: string,
  changes: Readonly<Record<string, number>>,
  now: Date,
) {
  const names: Record<string, string> = {};
  const values: Record<string, number> = { ":countedAt": now.getTime() };
  const parts = Object.entries(changes).map(([counter, delta], i) => {
    names[`#c${i}`] = counter;
    values[`:d${i}`] = delta;
    return `#c${i} :d${i}`;
  });
  return {
    TableName: tableName,
    Key: { pk: jobKey(jobId).pk, sk: shardSk(shardOf(seed)) },
    // countedAt: when counts last moved, so a recount runs only once a job is quiet.
    UpdateExpression: `ADD ${parts.join(", ")} SET countedAt = :countedAt`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** The job item's own counters (jobs from before the shards) plus every shard's. */
function summedCounters(job: Record<string, unknown>, shards: readonly Record<string, unknown>[]): Counters {
  const counters: Record<string, number> = { ...emptyCounters(), ...(job.counters as Partial<Counters>) };
  for (const shard of shards) {
    for (const name of counterNames) {
      const value = shard[name];
      if (typeof value === "number") counters[name] = (counters[name] ?? 0) + value;
    }
  }
  return counters as unknown as Counters;
}

/** A job from its item; `shards` (when read) are added to its counters. */
export function jobFromItem(
  item: Record<string, unknown>,
  shards: readonly Record<string, unknown>[] = [],
): OutboxJob {
  const countedAt = Math.max(0, ...shards.map((shard) => Number(shard.countedAt ?? 0) || 0));
  const recountedAt = Number(shards.find((shard) => shard.sk === fixSk)?.recountedAt ?? 0);
  return {
    id: String(item.id),
    kind: item.kind === "digest" || item.kind === "reply" ? item.kind : "broadcast",
    ...(typeof item.digestWeekend === "string" ? { digestWeekend: item.digestWeekend } : {}),
    ...(typeof item.digestPromoId === "string" ? { digestPromoId: item.digestPromoId } : {}),
    audience: item.audience as OutboxJob["audience"],
    content: item.content as OutboxJob["content"],
    ...(item.createdBy ? { createdBy: item.createdBy as OutboxJob["createdBy"] & object } : {}),
    createdByLanguage: item.createdByLanguage === "en" ? "en" : "id",
    state: item.state as OutboxJob["state"],
    sendAt: Number(item.sendAt),
    createdAt: Number(item.createdAt),
    updatedAt: Number(item.updatedAt),
    ...(typeof item.startedAt === "number" ? { startedAt: item.startedAt } : {}),
    ...(typeof item.finishedAt === "number" ? { finishedAt: item.finishedAt } : {}),
    ...(typeof item.cancelledAt === "number" ? { cancelledAt: item.cancelledAt } : {}),
    planned: item.planned === true,
    counters: summedCounters(item, shards),
    ...(countedAt ? { lastCountedAt: countedAt } : {}),
    ...(recountedAt ? { recountedAt } : {}),
  };
}

/** A reply job is kept a week (its delivery record tells what happened), then DynamoDB's TTL removes it. */
const replyRetentionSeconds = 7 * 24 * 60 * 60;

export function createOutboxJobRepository(options: OutboxStoreOptions): JobRepository {
  const { client, tableName } = options;

  /** The job with its counter shards: one consistent query. */
  const get = async (id: string): Promise<OutboxJob | null> => {
    const items = await queryAll(
      client,
      {
        TableName: tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :job)",
        ExpressionAttributeValues: { ":pk": jobKey(id).pk, ":job": "JOB" },
        ConsistentRead: true,
      },
      "get job",
    );
    const job = items.find((item) => item.sk === "JOB");
    return job
      ? jobFromItem(
          job,
          items.filter((item) => item !== job),
        )
      : null;
  };

  const conditional = async <T>(operation: string, run: () => Promise<T>): Promise<T | null> => {
    try {
      return await run();
    } catch (error) {
      if (errorName(error) === "ConditionalCheckFailedException") return null;
      throw unavailable(operation, error);
    }
  };

  return {
    get,

    async create(input) {
      const now = input.now.getTime();
      // A reply job is planned with its one delivery as it is made: never listed, never due for the planner.
      const reply = input.kind === "reply";
      const job: OutboxJob = {
        id: input.id,
        kind: input.kind ?? "broadcast",
        ...(input.digestWeekend ? { digestWeekend: input.digestWeekend } : {}),
        ...(input.digestPromoId ? { digestPromoId: input.digestPromoId } : {}),
        audience: input.audience,
        content: input.content,
        ...(input.createdBy
          ? { createdBy: { channel: input.createdBy.channel, userId: input.createdBy.userId } }
          : {}),
        createdByLanguage: input.createdByLanguage,
        state: reply ? "running" : "scheduled",
        sendAt: input.sendAt.getTime(),
        createdAt: now,
        updatedAt: now,
        ...(reply ? { startedAt: now } : {}),
        planned: reply,
        // A reply job's one person is counted as it is made (its record comes when the worker claims it).
        counters: reply ? { ...emptyCounters(), total: 1, queued: 1 } : emptyCounters(),
      };
      const created = await conditional("create job", () =>
        client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...jobKey(job.id),
              ...job,
              ...(reply
                ? {
                    expiresAt: Math.floor(now / 1000) + replyRetentionSeconds,
                    ...(input.recipient
                      ? { gsi1pk: replyIndexKey(input.recipient), gsi1sk: `${pad(now)}#${job.id}` }
                      : {}),
                    gsi2pk: openIndexKey,
                    gsi2sk: `${pad(now)}#${job.id}`,
                  }
                : {
                    gsi1pk: jobsIndexKey,
                    gsi1sk: `${pad(now)}#${job.id}`,
                    gsi2pk: dueIndexKey,
                    gsi2sk: `${pad(job.sendAt)}#${job.id}`,
                  }),
            },
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        ),
      );
      const existing = created ? job : await get(job.id);
      if (!existing) throw unavailable("create job", new Error("job vanished"));
      // Named in /statistik's list of recent jobs; again on a retry, which also completes an interrupted one.
      if (existing.kind !== "reply") await rememberJob(client, tableName, existing);
      return { job: existing, created: !!created };
    },

    async listRecent(limit) {
      try {
        const result = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: "gsi1",
            KeyConditionExpression: "gsi1pk = :pk",
            ExpressionAttributeValues: { ":pk": jobsIndexKey },
            ScanIndexForward: false,
            Limit: limit,
          }),
        );
        // The jobs and their counter shards in one BatchGetItem (5 jobs x 18 keys fit in its 100).
        const jobKeys = (result.Items ?? []).map((entry) => ({ pk: entry.pk, sk: entry.sk }));
        const shardKeys = jobKeys.flatMap((key) => [
          ...Array.from({ length: counterShards }, (_, shard) => ({ pk: key.pk, sk: shardSk(shard) })),
          { pk: key.pk, sk: fixSk },
        ]);
        const found = await fullItems(client, tableName, [...jobKeys, ...shardKeys], "list jobs");
        const jobs = found.filter((item) => item.sk === "JOB");
        return jobs.map((job) =>
          jobFromItem(
            job,
            found.filter((item) => item.pk === job.pk && item !== job),
          ),
        );
      } catch (error) {
        if (error instanceof StoreUnavailableError) throw error;
        throw unavailable("list jobs", error);
      }
    },

    async due(now) {
      const items = await queryItems(
        client,
        {
          TableName: tableName,
          IndexName: "gsi2",
          KeyConditionExpression: "gsi2pk = :pk AND gsi2sk <= :until",
          ExpressionAttributeValues: { ":pk": dueIndexKey, ":until": `${pad(now.getTime())}#~` },
        },
        "due jobs",
      );
      // Planning reads the audience and state only: the counters here are the job item's own.
      return items.map((item) => jobFromItem(item));
    },

    async claimPlanning(id, now, leaseMs) {
      const current = await get(id);
      if (!current || current.planned || current.sendAt > now.getTime()) return null;
      if (current.state === "done") return null;
      const token = randomUUID();
      // A cancelled job that was never fully planned is still claimed: the planner then just closes it.
      const next = current.state === "cancelled" ? "cancelled" : "running";
      const result = await conditional("claim planning", () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: jobKey(id),
            UpdateExpression:
              "SET #state = :next, startedAt = if_not_exists(startedAt, :now), " +
              "planToken = :token, planLeaseUntil = :lease, updatedAt = :now",
            ConditionExpression:
              "planned = :false AND #state = :expected AND " +
              "(attribute_not_exists(planLeaseUntil) OR planLeaseUntil < :now)",
            ExpressionAttributeNames: { "#state": "state" },
            ExpressionAttributeValues: {
              ":next": next,
              ":expected": current.state,
              ":false": false,
              ":now": now.getTime(),
              ":token": token,
              ":lease": now.getTime() + leaseMs,
            },
            ReturnValues: "ALL_OLD",
          }),
        ),
      );
      const old = result?.Attributes;
      if (!old) return null;
      const previous = jobFromItem(old);
      return {
        job: { ...previous, state: next, startedAt: previous.startedAt ?? now.getTime() },
        token,
        cursor: typeof old.planCursor === "string" ? old.planCursor : undefined,
        plannedAtCursor: typeof old.planCursor === "string" ? Number(old.plannedAtCursor ?? 0) : 0,
        started: previous.state === "scheduled",
      };
    },

    async countPlanned(id, token, total) {
      // Absolute, so a resumed run that re-plans its last page never counts it twice.
      const result = await conditional("count planned", () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: jobKey(id),
            UpdateExpression: "SET counters.#total = :total, counters.#queued = :total",
            ConditionExpression: "planToken = :token",
            ExpressionAttributeNames: { "#total": "total", "#queued": "queued" },
            ExpressionAttributeValues: { ":total": total, ":token": token },
          }),
        ),
      );
      return result !== null;
    },

    async savePlanCursor(id, token, cursor, leaseUntil, plannedAtCursor) {
      const result = await conditional("save plan cursor", () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: jobKey(id),
            UpdateExpression: "SET planCursor = :cursor, plannedAtCursor = :planned, planLeaseUntil = :lease",
            ConditionExpression: "planToken = :token",
            ExpressionAttributeValues: {
              ":cursor": cursor,
              ":planned": plannedAtCursor,
              ":lease": leaseUntil.getTime(),
              ":token": token,
            },
          }),
        ),
      );
      return result !== null;
    },

    async markPlanned(id, token, now) {
      await conditional("mark planned", () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: jobKey(id),
            // From the due list to the open list (the planner's recount looks there until it finishes).
            UpdateExpression:
              "SET planned = :true, plannedAt = :now, updatedAt = :now, gsi2pk = :open, gsi2sk = :openSk " +
              "REMOVE planCursor, plannedAtCursor, planLeaseUntil",
            ConditionExpression: "planToken = :token",
            ExpressionAttributeValues: {
              ":true": true,
              ":now": now.getTime(),
              ":token": token,
              ":open": openIndexKey,
              ":openSk": `${pad(now.getTime())}#${id}`,
            },
          }),
        ),
      );
    },

    async open() {
      // The index carries the keys: the job id is in pk.
      const items = await queryAll(
        client,
        {
          TableName: tableName,
          IndexName: "gsi2",
          KeyConditionExpression: "gsi2pk = :pk",
          ExpressionAttributeValues: { ":pk": openIndexKey },
          ProjectionExpression: "pk",
        },
        "open jobs",
      );
      return items.map((item) => String(item.pk).slice("JOB#".length));
    },

    async correct(id, recount, now) {
      const current = await get(id);
      if (!current) return null;
      const items = await queryAll(
        client,
        {
          TableName: tableName,
          KeyConditionExpression: "pk = :pk AND sk = :fix",
          ExpressionAttributeValues: { ":pk": jobKey(id).pk, ":fix": fixSk },
          ConsistentRead: true,
        },
        "read job correction",
      );
      const fix = items[0] ?? {};
      // New correction = recount - (everything counted - the old correction).
      const values: Record<string, number> = {};
      for (const name of statusCounters) {
        const live = current.counters[name] - Number(fix[name] ?? 0);
        values[name] = recount[name] - live;
      }
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { pk: jobKey(id).pk, sk: fixSk, ...values, recountedAt: now.getTime() },
          }),
        );
      } catch (error) {
        throw unavailable("correct job counters", error);
      }
      return get(id);
    },

    async cancel(id, now) {
      const current = await get(id);
      if (!current) return null;
      if (current.state === "done" || current.state === "cancelled") return { job: current, changed: false };
      const neverStarted = current.state === "scheduled";
      const result = await conditional("cancel job", () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: jobKey(id),
            // A job that never started has nothing in flight: it is finished at once.
            UpdateExpression: neverStarted
              ? "SET #state = :cancelled, cancelledAt = :now, updatedAt = :now, planned = :true, finishedAt = :now REMOVE gsi2pk, gsi2sk"
              : "SET #state = :cancelled, cancelledAt = :now, updatedAt = :now",
            ConditionExpression: "#state = :expected",
            ExpressionAttributeNames: { "#state": "state" },
            ExpressionAttributeValues: {
              ":cancelled": "cancelled",
              ":now": now.getTime(),
              ":expected": current.state,
              ...(neverStarted ? { ":true": true } : {}),
            },
            ReturnValues: "ALL_NEW",
          }),
        ),
      );
      const latest = await get(id);
      if (!result?.Attributes) return latest ? { job: latest, changed: false } : null;
      return { job: latest ?? jobFromItem(result.Attributes), changed: true };
    },

    async claimAlert(id, kind, now) {
      const result = await conditional("claim job alert", () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: jobKey(id),
            UpdateExpression: "SET #alert = :now",
            // One alert of a kind per job, however many recipients or workers hit the problem.
            ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(#alert)",
            ExpressionAttributeNames: { "#alert": `alertedAt_${kind.replace(/[^a-z0-9]/gi, "")}` },
            ExpressionAttributeValues: { ":now": now.getTime() },
          }),
        ),
      );
      return result !== null;
    },

    async finishIfComplete(id, now) {
      const current = await get(id);
      if (!current || current.finishedAt || !current.planned || current.counters.queued > 0) return null;
      if (current.state !== "running" && current.state !== "cancelled") return null;
      const result = await conditional("finish job", () =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: jobKey(id),
            UpdateExpression: "SET #state = :next, finishedAt = :now, updatedAt = :now REMOVE gsi2pk, gsi2sk",
            // Nothing is queued any more (read above, summed over the shards): once planned, queued only falls.
            ConditionExpression:
              "#state = :expected AND planned = :true AND attribute_not_exists(finishedAt)",
            ExpressionAttributeNames: { "#state": "state" },
            ExpressionAttributeValues: {
              ":next": current.state === "running" ? "done" : "cancelled",
              ":expected": current.state,
              ":now": now.getTime(),
              ":true": true,
            },
            ReturnValues: "ALL_NEW",
          }),
        ),
      );
      return result?.Attributes ? { ...jobFromItem(result.Attributes), counters: current.counters } : null;
    },
  };
}
