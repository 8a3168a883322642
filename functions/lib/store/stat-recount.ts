// Recomputes the maintained counters from the items (existing data, or a check that they agree): the
// COUNTERS item, the per-day ticket and unanswered-question items of the last STATS_DAY_RETENTION days, every
// weekend's promo counts and the lists of recent jobs and upcoming sessions (stat-lists.ts).
// Writes made while it reads may be missed: run it when the bot is quiet, or run it again.

import { countAll, days, epochSeconds, queryAll, unavailable } from "./dynamo.js";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  ScanCommand,
} from "./dynamo-commands.js";
import { keys } from "./keys.js";
import { createSellerRepository } from "./seller-repository.js";
import {
  addTo,
  contactRoles,
  counterNames,
  countersKey,
  createStatCounters,
  promoWeekendKey,
  sellerCounters,
  statsDayRetentionDays,
  subscriptionCounters,
  ticketDayKey,
  wibDay,
} from "./stat-counters.js";
import { recentJobsKept, recentJobsKey, trainingsKey } from "./stat-lists.js";
import { createSubscriptionRepository } from "./subscription-repository.js";
import { createTicketRepository } from "./ticket-repository.js";
import { createTrainingRepository } from "./training-repository.js";
import {
  dayWriteFor,
  groupNames,
  questionGroup,
  shortWording,
  unansweredDayKey,
} from "./unanswered-day-items.js";
import { createUnansweredLog } from "./unanswered-log.js";

export interface RecountOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** The counters as the items say they should be (only non-zero ones). */
export async function computeCounters(options: RecountOptions): Promise<Record<string, number>> {
  const subscriptions = createSubscriptionRepository(options);
  const [sellers, active, inactive, openTickets] = await Promise.all([
    createSellerRepository(options).list(),
    subscriptions.listActive(),
    subscriptions.listInactive(),
    createTicketRepository(options).listOpen(),
  ]);
  const counters: Record<string, number> = {};
  for (const seller of sellers) addTo(counters, sellerCounters(seller), 1);
  for (const subscription of [...active, ...inactive]) addTo(counters, subscriptionCounters(subscription), 1);
  if (openTickets.length) counters[counterNames.ticketsOpen] = openTickets.length;
  for (const role of contactRoles) {
    const contacts = await countAll(
      options.client,
      {
        TableName: options.tableName,
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": keys.role(role) },
      },
      "recount contacts",
    );
    if (contacts) counters[counterNames.contactsRole(role)] = contacts;
  }
  return counters;
}

/** A stats item's figures: numbers, the first-response times (ms, sorted) and string sets (sorted). */
export type StatItem = Record<string, number | number[] | string[]>;

/** The per-day ticket items and per-weekend promo items as the records say (by sort key). */
export async function computeStatItems(
  options: RecountOptions,
  now: Date,
): Promise<Record<string, StatItem>> {
  const items: Record<string, StatItem> = {};
  const add = (sk: string, name: string, delta: number) => {
    items[sk] ??= {};
    const item = items[sk];
    item[name] = ((item[name] as number | undefined) ?? 0) + delta;
  };
  const since = now.getTime() - days(statsDayRetentionDays);
  for (const ticket of await createTicketRepository(options).listOpenedSince(since)) {
    const { sk } = ticketDayKey(wibDay(ticket.openedAt));
    add(sk, "opened", 1);
    if (ticket.firstResponseMs !== undefined) {
      add(sk, "answered", 1);
      const item = items[sk]!;
      item.responses = [...((item.responses as number[] | undefined) ?? []), ticket.firstResponseMs];
    }
  }
  // Promos live in their sellers' partitions: every one is read (an admin repair, not a chat path).
  let start: Record<string, unknown> | undefined;
  try {
    do {
      const page = await options.client.send(
        new ScanCommand({
          TableName: options.tableName,
          FilterExpression: "begins_with(sk, :promo)",
          ExpressionAttributeValues: { ":promo": "PROMO#" },
          ProjectionExpression: "weekend, #status",
          ExpressionAttributeNames: { "#status": "status" },
          ExclusiveStartKey: start,
        }),
      );
      for (const promo of page.Items ?? [])
        add(promoWeekendKey(String(promo.weekend)).sk, `status.${String(promo.status)}`, 1);
      start = page.LastEvaluatedKey;
    } while (start);
  } catch (error) {
    throw unavailable("recount promos", error);
  }
  for (const item of Object.values(items))
    if (Array.isArray(item.responses)) (item.responses as number[]).sort((a, b) => a - b);
  Object.assign(items, await computeListItems(options, now, since));
  return items;
}

/** The newest jobs, the upcoming sessions and the recent days' question groups, as their STATS items keep them. */
async function computeListItems(options: RecountOptions, now: Date, since: number) {
  const items: Record<string, StatItem> = {};
  try {
    // The jobs index's sort key is the JOBS item's entry ("<created>#<id>").
    const page = await options.client.send(
      new QueryCommand({
        TableName: options.tableName,
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": "OUTBOX#JOBS" },
        ScanIndexForward: false,
        Limit: recentJobsKept,
      }),
    );
    const recent = (page.Items ?? []).map((entry) => String(entry.gsi1sk)).sort();
    if (recent.length) items[recentJobsKey.sk] = { recent };
  } catch (error) {
    throw unavailable("recount recent jobs", error);
  }
  const upcoming = (await createTrainingRepository(options).listScheduled()).filter(
    (session) => session.startsAt > now.getTime(),
  );
  if (upcoming.length)
    items[trainingsKey.sk] = Object.fromEntries(upcoming.map((session) => [session.id, session.startsAt]));
  // In the order they were logged (sort keys start with the time), with the same bounds as each write.
  for (const question of await createUnansweredLog(options).list(now)) {
    if (question.at < since) continue;
    const { sk } = unansweredDayKey(wibDay(question.at));
    items[sk] ??= {};
    const item = items[sk];
    const count = (name: string) => {
      item[name] = ((item[name] as number | undefined) ?? 0) + 1;
    };
    const texts = (item[groupNames.texts(questionGroup(question))] as string[] | undefined) ?? [];
    const write = dayWriteFor(
      { ...item, [groupNames.texts(questionGroup(question))]: new Set(texts) },
      question,
    );
    if (write === "overflow") {
      count("overflow");
      continue;
    }
    const group = questionGroup(question);
    const wording = shortWording(question.text);
    count(groupNames.count(group));
    if (question.topicGuess) count(groupNames.topic(group, question.topicGuess));
    if (write === "newGroup") count("groups");
    if (write === "countOnly") continue;
    count(groupNames.textCount(group, wording));
    item[groupNames.texts(group)] = [...new Set(texts).add(wording)].sort();
  }
  return items;
}

/** The stored per-day and per-weekend items, as computeStatItems shapes them (sessions started by `now` left out). */
export async function readStatItems(options: RecountOptions, now?: Date): Promise<Record<string, StatItem>> {
  const stored = await queryAll(
    options.client,
    {
      TableName: options.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": countersKey.pk },
      ConsistentRead: true,
    },
    "read stats items",
  );
  const items: Record<string, StatItem> = {};
  for (const each of stored) {
    if (each.sk === countersKey.sk) continue;
    const item: StatItem = {};
    for (const [name, value] of Object.entries(each)) {
      if (name === "pk" || name === "sk" || name === "expiresAt") continue;
      const started = each.sk === trainingsKey.sk && now && Number(value) <= now.getTime();
      if (typeof value === "number" && value !== 0 && !started) item[name] = value;
      if (Array.isArray(value) && value.length) item[name] = value.map(Number).sort((a, b) => a - b);
      if (value instanceof Set && value.size) item[name] = [...value].map(String).sort();
    }
    if (Object.keys(item).length) items[String(each.sk)] = item;
  }
  return items;
}

/** Items as flat counters ("TICKETS#2026-12-03.opened"), for the recount's report; times as their sum. */
function flatten(items: Record<string, StatItem>): Record<string, number> {
  const flat: Record<string, number> = {};
  for (const [sk, item] of Object.entries(items))
    for (const [name, value] of Object.entries(item))
      if (!Array.isArray(value)) flat[`${sk}.${name}`] = value;
      else if (value.every((entry) => typeof entry === "number"))
        flat[`${sk}.${name}Ms`] = value.reduce((sum, ms) => sum + ms, 0);
      // Sets (job entries, wordings) by their size: the report names no question.
      else flat[`${sk}.${name}.size`] = value.length;
  return flat;
}

/** Replaces the stored counters and stats items with a recount; returns the figures before and after. */
export async function recountCounters(
  options: RecountOptions,
  now: Date,
): Promise<{ before: Record<string, number>; after: Record<string, number> }> {
  const stored = createStatCounters(options);
  const before = { ...(await stored.read()) };
  const beforeItems = await readStatItems(options, now);
  const after = await computeCounters(options);
  const afterItems = await computeStatItems(options, now);
  await stored.replace(after, now);
  const expiresAt = epochSeconds(new Date(now.getTime() + days(statsDayRetentionDays + 1)));
  try {
    for (const [sk, item] of Object.entries(afterItems)) {
      // Day items expire; weekend items are a few per year and stay.
      const expiry = sk.startsWith("TICKETS#") || sk.startsWith("UNANSWERED#") ? { expiresAt } : {};
      // Sorted string lists are stored as the string sets they were read from.
      const stored = Object.fromEntries(
        Object.entries(item).map(([name, value]) => [
          name,
          Array.isArray(value) && value.some((entry) => typeof entry === "string")
            ? new Set(value as string[])
            : value,
        ]),
      );
      await options.client.send(
        new PutCommand({
          TableName: options.tableName,
          Item: { ...stored, pk: countersKey.pk, sk, ...expiry },
        }),
      );
    }
    for (const sk of Object.keys(beforeItems).filter((sk) => !(sk in afterItems)))
      await options.client.send(
        new DeleteCommand({ TableName: options.tableName, Key: { pk: countersKey.pk, sk } }),
      );
  } catch (error) {
    throw unavailable("replace stats items", error);
  }
  return { before: { ...before, ...flatten(beforeItems) }, after: { ...after, ...flatten(afterItems) } };
}
