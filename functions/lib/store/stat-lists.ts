// What /statistik's queries used to find, kept in STATS items so that one BatchGetItem names everything it
// shows: the newest broadcast jobs (JOBS), the scheduled sessions by start time (TRAININGS) and per WIB day the
// unanswered questions grouped by their words (UNANSWERED#<day>: counts, topic guesses and the wordings).

import { similarityKey, type UnansweredQuestion } from "../core/faq/unanswered.js";
import { errorName, fullItems, unavailable } from "./dynamo.js";
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from "./dynamo-commands.js";
import { TransactionConditionFailed, transactWrite } from "./outbox-transact.js";
import { countersKey, wibDay } from "./stat-counters.js";

export const recentJobsKey = { pk: countersKey.pk, sk: "JOBS" } as const;
export const trainingsKey = { pk: countersKey.pk, sk: "TRAININGS" } as const;
export const unansweredDayKey = (day: string) => ({ pk: countersKey.pk, sk: `UNANSWERED#${day}` }) as const;

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

/** A short, stable name for a group of questions with the same words (FNV-1a of similarityKey). */
export function questionGroup(question: Pick<UnansweredQuestion, "normalised" | "text">): string {
  return fnv(similarityKey(question));
}

/** FNV-1a, 8 hex digits: short attribute names for a group's words and for one wording. */
function fnv(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/**
 * Attribute names of a group in a day item: its count, its topic guesses, its wordings (a string set) and how
 * many questions each wording stands for (so "hapus data" drops a wording only with its last question).
 */
export const groupNames = {
  count: (group: string) => `n#${group}`,
  topic: (group: string, topic: string) => `t#${group}#${topic}`,
  texts: (group: string) => `e#${group}`,
  textCount: (group: string, text: string) => `x#${group}#${fnv(text)}`,
} as const;

/** The transaction item adding one question to its day item. */
export function unansweredDayAdd(tableName: string, question: UnansweredQuestion, expiresAt: number) {
  const group = questionGroup(question);
  const names: Record<string, string> = {
    "#n": groupNames.count(group),
    "#e": groupNames.texts(group),
    "#x": groupNames.textCount(group, question.text),
  };
  const adds = ["#n :one", "#x :one", "#e :text"];
  if (question.topicGuess) {
    names["#t"] = groupNames.topic(group, question.topicGuess);
    adds.push("#t :one");
  }
  return {
    Update: {
      TableName: tableName,
      Key: { ...unansweredDayKey(wibDay(question.at)) },
      UpdateExpression: `SET expiresAt = :expires ADD ${adds.join(", ")}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ":one": 1, ":text": new Set([question.text]), ":expires": expiresAt },
    },
  };
}

/**
 * The transaction item taking one question away, given how many its wording stood for when read (`seen`,
 * checked: a concurrent change makes the transaction fail and the caller read again). The last one takes the
 * wording with it.
 */
function unansweredDayRemove(tableName: string, question: UnansweredQuestion, seen: number) {
  const group = questionGroup(question);
  const last = seen <= 1;
  const names: Record<string, string> = {
    "#n": groupNames.count(group),
    "#x": groupNames.textCount(group, question.text),
    ...(last ? { "#e": groupNames.texts(group) } : {}),
  };
  const adds = ["#n :minus"];
  if (question.topicGuess) {
    names["#t"] = groupNames.topic(group, question.topicGuess);
    adds.push("#t :minus");
  }
  return {
    Update: {
      TableName: tableName,
      Key: { ...unansweredDayKey(wibDay(question.at)) },
      UpdateExpression: last
        ? `ADD ${adds.join(", ")} DELETE #e :text REMOVE #x`
        : `ADD ${adds.join(", ")}, #x :minus`,
      ConditionExpression: "attribute_exists(pk) AND #x = :seen",
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: {
        ":minus": -1,
        ":seen": seen,
        ...(last ? { ":text": new Set([question.text]) } : {}),
      },
    },
  };
}

export interface UnansweredRow {
  readonly count: number;
  readonly examples: string[];
  readonly topicGuess: string | null;
  /** The newest day (WIB) the group was asked on. */
  readonly lastDay: string;
}

/** The groups of the day items (newest day first), summed over the days: most asked first. */
export function unansweredRows(
  days: readonly { day: string; item: Record<string, unknown> }[],
): UnansweredRow[] {
  const groups = new Map<
    string,
    { count: number; texts: Set<string>; topics: Map<string, number>; lastDay: string }
  >();
  const groupOf = (group: string, day: string) => {
    let entry = groups.get(group);
    if (!entry) {
      entry = { count: 0, texts: new Set(), topics: new Map(), lastDay: day };
      groups.set(group, entry);
    }
    if (day > entry.lastDay) entry.lastDay = day;
    return entry;
  };
  for (const { day, item } of days) {
    for (const [name, value] of Object.entries(item)) {
      const [kind, group, topic] = name.split("#");
      if (!group) continue;
      if (kind === "n" && typeof value === "number") groupOf(group, day).count += value;
      if (kind === "e" && value instanceof Set)
        for (const text of value) groupOf(group, day).texts.add(String(text));
      if (kind === "t" && topic && typeof value === "number") {
        const topics = groupOf(group, day).topics;
        topics.set(topic, (topics.get(topic) ?? 0) + value);
      }
    }
  }
  return [...groups.values()]
    .filter((group) => group.count > 0 && group.texts.size > 0)
    .map((group) => ({
      count: group.count,
      examples: [...group.texts].sort(),
      topicGuess:
        [...group.topics]
          .filter(([, n]) => n > 0)
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null,
      lastDay: group.lastDay,
    }))
    .sort(
      (a, b) =>
        b.count - a.count ||
        b.lastDay.localeCompare(a.lastDay) ||
        (a.examples[0] ?? "").localeCompare(b.examples[0] ?? ""),
    );
}

/**
 * "Hapus data" for logged questions: each is deleted together with its share of its day item (once: the delete
 * is conditional), so its wording leaves /statistik too unless someone else asked it the same way. A day item
 * already gone (TTL) is left alone.
 */
export async function eraseQuestions(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly { pk: string; sk: string }[],
  questionOf: (item: Record<string, unknown>) => UnansweredQuestion,
): Promise<void> {
  for (const item of await fullItems(client, tableName, keys, "read unanswered to forget")) {
    const question = questionOf(item);
    const remove = {
      Delete: {
        TableName: tableName,
        Key: { pk: String(item.pk), sk: String(item.sk) },
        ConditionExpression: "attribute_exists(pk)",
      },
    };
    for (let attempt = 1; ; attempt++) {
      const day = await client
        .send(
          new GetCommand({
            TableName: tableName,
            Key: { ...unansweredDayKey(wibDay(question.at)) },
            ConsistentRead: true,
          }),
        )
        .catch((error: unknown) => {
          throw unavailable("read unanswered day", error);
        });
      const seen = day.Item?.[groupNames.textCount(questionGroup(question), question.text)];
      const items =
        typeof seen === "number" ? [remove, unansweredDayRemove(tableName, question, seen)] : [remove];
      try {
        await transactWrite(client, { TransactItems: items }, "forget unanswered question");
        break;
      } catch (error) {
        if (!(error instanceof TransactionConditionFailed)) throw error;
        // Deleted meanwhile: nothing left to do. Its wording counted differently meanwhile: read again.
        if (error.codes[0] === "ConditionalCheckFailed") break;
        if (attempt >= 5) throw unavailable("forget unanswered question", error);
      }
    }
  }
}
