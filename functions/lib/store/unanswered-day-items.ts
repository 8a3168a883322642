// Per WIB day, the unanswered questions grouped by their words, in one bounded STATS item each
// (UNANSWERED#<day>: counts, topic guesses and the wordings): written in the question's own transaction, taken
// away again by "hapus data", summed over the window for /statistik's top list.

import { similarityKey, type UnansweredQuestion } from "../core/faq/unanswered.js";
import { errorName, fullItems, unavailable } from "./dynamo.js";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "./dynamo-commands.js";
import { TransactionConditionFailed, transactWrite } from "./outbox-transact.js";
import { countersKey, wibDay } from "./stat-counters.js";

export const unansweredDayKey = (day: string) => ({ pk: countersKey.pk, sk: `UNANSWERED#${day}` }) as const;

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

/**
 * Bounds of a day item, so that a question's write (billed by the item's size) stays small and flat however
 * busy the day: wordings cut to `wordingBytes` (UTF-8), at most `wordingsPerGroup` per group and `groupsPerDay`
 * groups (the first ones of the day); later groups only count in `overflow`.
 */
export const unansweredLimits = { wordingBytes: 120, wordingsPerGroup: 2, groupsPerDay: 25 } as const;

/** A wording as the day item keeps it: at most `wordingBytes` UTF-8 bytes, cut at a word, "…" when cut. */
export function shortWording(text: string): string {
  const max = unansweredLimits.wordingBytes;
  if (Buffer.byteLength(text) <= max) return text;
  let kept = "";
  for (const char of text) {
    if (Buffer.byteLength(kept + char) > max - 3) break;
    kept += char;
  }
  const space = kept.search(/\s\S*$/);
  return `${(space > max / 2 ? kept.slice(0, space) : kept).trimEnd()}…`;
}

/** How one question is added to its day item, by what the item already holds for its group and wording. */
export type DayWrite = "counted" | "newWording" | "countOnly" | "newGroup" | "overflow";

const setSize = (value: unknown) => (value instanceof Set ? value.size : 0);

/** The write a question needs given its day item as read (or returned by a failed condition). */
export function dayWriteFor(
  item: Record<string, unknown> | undefined,
  question: Pick<UnansweredQuestion, "normalised" | "text">,
): DayWrite {
  const group = questionGroup(question);
  if (typeof item?.[groupNames.count(group)] !== "number")
    return Number(item?.groups ?? 0) < unansweredLimits.groupsPerDay ? "newGroup" : "overflow";
  if (typeof item[groupNames.textCount(group, shortWording(question.text))] === "number") return "counted";
  return setSize(item[groupNames.texts(group)]) < unansweredLimits.wordingsPerGroup
    ? "newWording"
    : "countOnly";
}

/** The transaction item adding one question to its day item the `write` way (its condition checks the way). */
export function unansweredDayAdd(
  tableName: string,
  question: UnansweredQuestion,
  expiresAt: number,
  write: DayWrite,
) {
  const group = questionGroup(question);
  const wording = shortWording(question.text);
  const names: Record<string, string> = {
    "#n": groupNames.count(group),
    "#e": groupNames.texts(group),
    "#x": groupNames.textCount(group, wording),
    "#g": "groups",
    "#o": "overflow",
  };
  const values: Record<string, unknown> = { ":one": 1, ":expires": expiresAt };
  const adds = write === "overflow" ? ["#o :one"] : ["#n :one"];
  if (write === "counted" || write === "newWording" || write === "newGroup") adds.push("#x :one");
  if (write === "newWording" || write === "newGroup") {
    adds.push("#e :text");
    values[":text"] = new Set([wording]);
  }
  if (write === "newGroup") adds.push("#g :one");
  if (question.topicGuess && write !== "overflow") {
    names["#t"] = groupNames.topic(group, question.topicGuess);
    adds.push("#t :one");
  }
  const wordings = `(attribute_not_exists(#e) OR size(#e) < :wordings)`;
  const condition = {
    counted: "attribute_exists(#n) AND attribute_exists(#x)",
    newWording: `attribute_exists(#n) AND attribute_not_exists(#x) AND ${wordings}`,
    countOnly: "attribute_exists(#n) AND attribute_not_exists(#x) AND size(#e) >= :wordings",
    newGroup: "attribute_not_exists(#n) AND (attribute_not_exists(#g) OR #g < :groups)",
    overflow: "attribute_not_exists(#n) AND #g >= :groups",
  }[write];
  if (condition.includes(":wordings")) values[":wordings"] = unansweredLimits.wordingsPerGroup;
  if (condition.includes(":groups")) values[":groups"] = unansweredLimits.groupsPerDay;
  // Only the names the expressions use (DynamoDB rejects unused ones).
  const used = `${adds.join(" ")} ${condition}`;
  return {
    Update: {
      TableName: tableName,
      Key: { ...unansweredDayKey(wibDay(question.at)) },
      UpdateExpression: `SET expiresAt = :expires ADD ${adds.join(", ")}`,
      ConditionExpression: condition,
      ExpressionAttributeNames: Object.fromEntries(
        Object.entries(names).filter(([key]) => used.includes(key)),
      ),
      ExpressionAttributeValues: values,
      ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const,
    },
  };
}

type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/**
 * Writes `items` together with the question's share of its day item. The first try assumes a new group; a failed
 * condition returns the day item, which names the right write for the next try; conflicts are retried. Returns
 * false (nothing written) when that keeps failing or DynamoDB refuses it: the caller then logs the question
 * without its day item (the recount repairs it), so a person's turn never fails because of statistics.
 */
export async function writeWithUnansweredDay(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly TransactItem[],
  question: UnansweredQuestion,
  expiresAt: number,
): Promise<boolean> {
  let write: DayWrite = "newGroup";
  for (let attempt = 1; attempt <= 8; attempt++) {
    try {
      const day = unansweredDayAdd(tableName, question, expiresAt, write);
      await client.send(new TransactWriteCommand({ TransactItems: [...items, day] }));
      return true;
    } catch (error) {
      const reasons =
        (error as { CancellationReasons?: { Code?: string; Item?: Record<string, unknown> }[] })
          .CancellationReasons ?? [];
      const day = reasons[items.length];
      if (errorName(error) === "TransactionCanceledException" && day?.Code === "ConditionalCheckFailed") {
        write = dayWriteFor(fromWire(day.Item), question);
        continue;
      }
      const conflict =
        errorName(error) === "TransactionConflictException" ||
        reasons.some((reason) => reason.Code === "TransactionConflict" || reason.Code === "ThrottlingError");
      if (!conflict) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** Math.min(attempt, 6)));
    }
  }
  return false;
}

/** A returned item in the low-level format (numbers and string sets are all a day item holds). */
function fromWire(item: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!item) return undefined;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    const attr = value as { N?: string; SS?: string[]; S?: string };
    if (attr?.N !== undefined) out[name] = Number(attr.N);
    else if (attr?.SS) out[name] = new Set(attr.SS);
    else if (attr?.S !== undefined) out[name] = attr.S;
  }
  return out;
}

/**
 * The transaction item taking one question away, given its day item as read (checked: a concurrent change makes
 * the transaction fail and the caller read again). Its wording's last question takes the wording with it, its
 * group's last question the group (freeing its place); a question counted in `overflow` only leaves that.
 */
function unansweredDayRemove(tableName: string, question: UnansweredQuestion, day: Record<string, unknown>) {
  const group = questionGroup(question);
  const names: Record<string, string> = {
    "#n": groupNames.count(group),
    "#x": groupNames.textCount(group, shortWording(question.text)),
  };
  const seenGroup = day[names["#n"] as string];
  const seenWording = day[names["#x"] as string];
  const key = { ...unansweredDayKey(wibDay(question.at)) };
  if (typeof seenGroup !== "number") {
    const overflow = Number(day.overflow ?? 0);
    if (overflow <= 0) return null;
    return {
      Update: {
        TableName: tableName,
        Key: key,
        UpdateExpression: "ADD #o :minus",
        ConditionExpression: "attribute_not_exists(#n) AND #o = :seen",
        ExpressionAttributeNames: { "#n": names["#n"] as string, "#o": "overflow" },
        ExpressionAttributeValues: { ":minus": -1, ":seen": overflow },
      },
    };
  }
  const values: Record<string, unknown> = { ":minus": -1, ":seenGroup": seenGroup };
  const hasWording = typeof seenWording === "number";
  if (hasWording) values[":seenWording"] = seenWording;
  const condition = `#n = :seenGroup AND ${hasWording ? "#x = :seenWording" : "attribute_not_exists(#x)"}`;
  if (question.topicGuess) names["#t"] = groupNames.topic(group, question.topicGuess);
  let update: string;
  if (seenGroup <= 1) {
    names["#e"] = groupNames.texts(group);
    update = `REMOVE #n, #e${hasWording ? ", #x" : ""}${question.topicGuess ? ", #t" : ""} ADD #g :minus`;
    names["#g"] = "groups";
  } else {
    const adds = ["#n :minus", ...(question.topicGuess ? ["#t :minus"] : [])];
    if (hasWording && seenWording <= 1) {
      names["#e"] = groupNames.texts(group);
      values[":text"] = new Set([shortWording(question.text)]);
      update = `ADD ${adds.join(", ")} DELETE #e :text REMOVE #x`;
    } else update = `ADD ${[...adds, ...(hasWording ? ["#x :minus"] : [])].join(", ")}`;
  }
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: update,
      ConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
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
      const dayRemove = day.Item ? unansweredDayRemove(tableName, question, day.Item) : null;
      const items = dayRemove ? [remove, dayRemove] : [remove];
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
