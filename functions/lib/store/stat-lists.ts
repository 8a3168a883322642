// What /statistik's queries used to find, kept in STATS items so that one BatchGetItem names everything it
// shows: the newest broadcast jobs (JOBS) and the scheduled sessions by start time (TRAININGS); the per-day
// unanswered questions are in unanswered-day-items.ts.

import { errorName, unavailable } from "./dynamo.js";
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from "./dynamo-commands.js";
import { countersKey } from "./stat-counters.js";

export const recentJobsKey = { pk: countersKey.pk, sk: "JOBS" } as const;
export const trainingsKey = { pk: countersKey.pk, sk: "TRAININGS" } as const;

/** Jobs kept in the JOBS item (more than /statistik shows, so a trim that lags behind still leaves enough). */
export const recentJobsKept = 10;
/** The JOBS item's string set: "<created, 15 digits>#<id>", so that sorting them sorts by creation. */
export const recentJobEntry = (createdAt: number, id: string) =>
  `${String(createdAt).padStart(15, "0")}#${id}`;
export const jobIdOfEntry = (entry: string) => entry.slice(entry.indexOf("#") + 1);

/** The newest `count` entries of a JOBS item, newest first. */
export function newestJobEntries(item: Record<string, unknown> | undefined, count: number): string[] {
  const recent = item?.recent;
  const entries = recent instanceof Set ? [...recent].map(String) : [];
  return entries.sort((a, b) => b.localeCompare(a)).slice(0, count);
}

/**
 * Names a new job in the JOBS item (a set: adding it again on a retry changes nothing), then drops the ones
 * beyond the newest `recentJobsKept` (deleting old entries is harmless when creations race).
 */
export async function rememberJob(
  client: DynamoDBDocumentClient,
  tableName: string,
  job: { readonly id: string; readonly createdAt: number },
): Promise<void> {
  try {
    const result = await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { ...recentJobsKey },
        UpdateExpression: "ADD recent :entry",
        ExpressionAttributeValues: { ":entry": new Set([recentJobEntry(job.createdAt, job.id)]) },
        ReturnValues: "ALL_NEW",
      }),
    );
    const all = newestJobEntries(result.Attributes, Number.POSITIVE_INFINITY);
    if (all.length <= recentJobsKept) return;
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { ...recentJobsKey },
        UpdateExpression: "DELETE recent :old",
        ExpressionAttributeValues: { ":old": new Set(all.slice(recentJobsKept)) },
      }),
    );
  } catch (error) {
    throw unavailable("remember job", error);
  }
}

/** The TRAININGS item's attributes: session id → start (ms); every key but pk/sk is one. */
export function scheduledStarts(item: Record<string, unknown> | undefined): Map<string, number> {
  const starts = new Map<string, number>();
  for (const [name, value] of Object.entries(item ?? {}))
    if (name !== "pk" && name !== "sk" && typeof value === "number") starts.set(name, value);
  return starts;
}

/** The ids of the `count` sessions starting soonest after `now`. */
export function nextSessionIds(
  item: Record<string, unknown> | undefined,
  now: Date,
  count: number,
): string[] {
  return [...scheduledStarts(item)]
    .filter(([, startsAt]) => startsAt > now.getTime())
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .slice(0, count)
    .map(([id]) => id);
}

/** The transaction item that sets (or with `startsAt` null removes) one session in the TRAININGS item. */
export function trainingStartUpdate(tableName: string, id: string, startsAt: number | null) {
  return {
    Update: {
      TableName: tableName,
      Key: { ...trainingsKey },
      UpdateExpression: startsAt === null ? "REMOVE #id" : "SET #id = :startsAt",
      ExpressionAttributeNames: { "#id": id },
      ...(startsAt === null ? {} : { ExpressionAttributeValues: { ":startsAt": startsAt } }),
    },
  };
}

/** Drops sessions that have started from the TRAININGS item, unless one was moved meanwhile (then next time). */
export async function pruneStartedSessions(
  client: DynamoDBDocumentClient,
  tableName: string,
  now: Date,
): Promise<void> {
  try {
    const { Item } = await client.send(
      new GetCommand({ TableName: tableName, Key: { ...trainingsKey }, ConsistentRead: true }),
    );
    const started = [...scheduledStarts(Item)].filter(([, at]) => at <= now.getTime()).slice(0, 50);
    if (!started.length) return;
    const names: Record<string, string> = {};
    const values: Record<string, number> = {};
    started.forEach(([id, at], i) => {
      names[`#s${i}`] = id;
      values[`:s${i}`] = at;
    });
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { ...trainingsKey },
        UpdateExpression: `REMOVE ${started.map((_, i) => `#s${i}`).join(", ")}`,
        ConditionExpression: started.map((_, i) => `#s${i} = :s${i}`).join(" AND "),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  } catch (error) {
    if (errorName(error) === "ConditionalCheckFailedException") return;
    throw unavailable("prune training list", error);
  }
}
