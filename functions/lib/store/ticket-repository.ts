// Handover tickets: pk TICKET#<id>, sk TICKET; gsi1 TICKETS#open|closed (sorted by opening time) lists them.
// A close by staff or the idle job also resets the person's ticket conversation (flow "handover" -> idle)
// with the session store's version bump, so a turn of that person running at the same time re-reads.
import { createHash } from "node:crypto";
import type { UserRef } from "../core/events.js";
import type {
  AssignResult,
  CloseReason,
  NewTicket,
  StaffReplyResult,
  Ticket,
  TicketAssignee,
  TicketLogEntry,
  TicketLogInput,
  TicketRepository,
  TicketStatus,
} from "../core/handover/ticket.js";
import { maxQuestions, ticketFlow } from "../core/handover/ticket.js";
import { truncate } from "../core/text.js";
import { days, epochSeconds, errorName, queryAll, queryItems, unavailable } from "./dynamo.js";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "./dynamo-commands.js";
import type { IdentityHolder } from "./identity-mover.js";
import { keys } from "./keys.js";
import type { PersonalDataHolder } from "./personal-data-eraser.js";
import {
  counterNames,
  counterUpdate,
  statsDayRetentionDays,
  statsItemUpdate,
  ticketDayKey,
  wibDay,
} from "./stat-counters.js";

export interface TicketRepositoryOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

const ticketKey = (id: string) => ({ pk: `TICKET#${id}`, sk: "TICKET" });
// History entries live beside the ticket; the sort key is the entry's hashed key (a write happens once).
const logPrefix = "LOG#";
const logKey = (id: string, key: string) => ({
  pk: `TICKET#${id}`,
  sk: `${logPrefix}${createHash("sha256").update(key).digest("base64url")}`,
});
const indexKey = (status: TicketStatus) => `TICKETS#${status}`;
const sortKey = (openedAt: number, id: string) => `${String(openedAt).padStart(15, "0")}#${id}`;
/** Closed tickets are kept for statistics for 180 days. */
const closedRetentionMs = days(180);
/** History entries (staff replies and notes) expire 180 days after they were written. */
const logRetentionMs = days(180);

function ticketFromItem(item: Record<string, unknown>): Ticket {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, sourceKey: _k, expiresAt: _e, ...ticket } = item;
  const firstResponseAt = typeof item.firstResponseAt === "number" ? item.firstResponseAt : undefined;
  return {
    ...(ticket as unknown as Ticket),
    ...(firstResponseAt !== undefined ? { firstResponseMs: firstResponseAt - Number(item.openedAt) } : {}),
  };
}

// Stored hashed: the source is the opening update's dedupe key, and a WhatsApp wamid encodes the number.
const sourceHash = (sourceKey: string) =>
  `sha256:${createHash("sha256").update(sourceKey).digest("base64url")}`;

const conditionFailed = (error: unknown) => errorName(error) === "ConditionalCheckFailedException";
/** A transaction refused because its first item's condition failed (the record write it counts). */
const firstConditionFailed = (error: unknown) =>
  errorName(error) === "TransactionCanceledException" &&
  (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons?.[0]?.Code ===
    "ConditionalCheckFailed";
const dayExpiry = (at: number) => epochSeconds(new Date(at + days(statsDayRetentionDays + 1)));

const cancelledCodes = (error: unknown): (string | undefined)[] =>
  errorName(error) === "TransactionCanceledException"
    ? ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r.Code)
    : [];

function logItem(id: string, entry: Omit<TicketLogEntry, "at">, key: string, now: Date) {
  return {
    ...logKey(id, key),
    ...entry,
    ...(entry.text !== undefined ? { text: truncate(entry.text, 1500) } : {}),
    at: now.getTime(),
    expiresAt: epochSeconds(new Date(now.getTime() + logRetentionMs)),
  };
}

function logFromItem(item: Record<string, unknown>): TicketLogEntry {
  const assignee = item.assignee as TicketAssignee | undefined;
  return {
    kind: item.kind as TicketLogEntry["kind"],
    by: String(item.by),
    at: Number(item.at),
    ...(typeof item.text === "string" ? { text: item.text } : {}),
    ...(assignee ? { assignee: { actor: assignee.actor, name: assignee.name } } : {}),
  };
}

export function createTicketRepository(
  options: TicketRepositoryOptions,
): TicketRepository & PersonalDataHolder & IdentityHolder {
  const { client, tableName } = options;

  async function get(id: string): Promise<Ticket | null> {
    try {
      const result = await client.send(
        new GetCommand({ TableName: tableName, Key: ticketKey(id), ConsistentRead: true }),
      );
      return result.Item ? ticketFromItem(result.Item) : null;
    } catch (error) {
      throw unavailable("get ticket", error);
    }
  }

  async function listBy(status: TicketStatus, since = 0): Promise<Ticket[]> {
    const items = await queryItems(
      client,
      {
        TableName: tableName,
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk AND gsi1sk >= :since",
        ExpressionAttributeValues: { ":pk": indexKey(status), ":since": sortKey(since, "") },
      },
      "list tickets",
    );
    return items.map(ticketFromItem);
  }

  /** The person's conversation leaves the ticket flow (kept: a paused flow they can resume). */
  async function releaseConversation(ticket: Ticket, now: Date) {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: keys.user({ channel: ticket.channel, userId: ticket.userId }), sk: keys.conversationSk },
          UpdateExpression:
            "SET #flow = :idle, #step = :idle, #data = :empty, version = version + :one, updatedAt = :now REMOVE offered",
          ConditionExpression: "#flow = :flow AND #data.ticketId = :id",
          ExpressionAttributeNames: { "#flow": "flow", "#step": "step", "#data": "data" },
          ExpressionAttributeValues: {
            ":idle": "idle",
            ":empty": {},
            ":one": 1,
            ":now": now.getTime(),
            ":flow": ticketFlow,
            ":id": ticket.id,
          },
        }),
      );
    } catch (error) {
      // Already left (or a newer ticket): nothing to release. The person's next message finds the ticket
      // closed anyway (recordPersonMessage refuses), so a failure here is never fatal.
      if (!conditionFailed(error)) throw unavailable("release ticket conversation", error);
    }
  }

  /** Writes a history entry once per key; false when the key was written before. */
  async function putLog(id: string, entry: Omit<TicketLogEntry, "at">, key: string, now: Date) {
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: logItem(id, entry, key, now),
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw unavailable("ticket history", error);
    }
  }

  const ticketRefs = (user: UserRef) =>
    queryAll(
      client,
      {
        TableName: tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: { ":pk": keys.user(user), ":prefix": keys.ref("TICKET", "") },
        ConsistentRead: true,
      },
      "list ticket references",
    );

  const repository: TicketRepository & PersonalDataHolder & IdentityHolder = {
    get,

    async open(input: NewTicket) {
      const at = input.now.getTime();
      const ticket: Ticket = {
        id: input.id,
        channel: input.user.channel,
        userId: input.user.userId,
        name: input.name,
        role: input.role,
        language: input.language,
        status: "open",
        openedAt: at,
        lastActivityAt: at,
        lastPersonAt: at,
        questions: input.questions.slice(-maxQuestions),
        messages: 0,
      };
      // Lets "hapus data" find the ticket (it lives under TICKET#, not in the person's partition).
      const reference = () =>
        client
          .send(
            new PutCommand({
              TableName: tableName,
              Item: { pk: keys.user(input.user), sk: keys.ref("TICKET", input.id), ticketId: input.id },
            }),
          )
          .catch((error: unknown) => {
            throw unavailable("reference ticket", error);
          });
      let created = false;
      try {
        // Counted in the same transaction as the conditional put: a retried open never counts twice.
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...ticketKey(input.id),
                    ...ticket,
                    sourceKey: sourceHash(input.sourceKey),
                    gsi1pk: indexKey("open"),
                    gsi1sk: sortKey(at, input.id),
                  },
                  ConditionExpression: "attribute_not_exists(pk)",
                },
              },
              ...counterUpdate(tableName, { [counterNames.ticketsOpen]: 1 }),
              statsItemUpdate(tableName, ticketDayKey(wibDay(at)), { opened: 1 }, {}, dayExpiry(at)),
            ],
          }),
        );
        created = true;
      } catch (error) {
        if (!firstConditionFailed(error)) throw unavailable("open ticket", error);
      }
      if (created) {
        await reference();
        return ticket;
      }
      // The id exists: ours (a retried turn) or another ticket's (the caller tries the next id).
      const existing = await client
        .send(new GetCommand({ TableName: tableName, Key: ticketKey(input.id), ConsistentRead: true }))
        .catch((error: unknown) => {
          throw unavailable("open ticket", error);
        });
      const stored = existing.Item?.sourceKey;
      // (Tickets opened before the hash kept the key itself.)
      if (!existing.Item || (stored !== sourceHash(input.sourceKey) && stored !== input.sourceKey))
        return null;
      await reference();
      return ticketFromItem(existing.Item);
    },

    async recordPersonMessage(id, text, now) {
      try {
        const result = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: ticketKey(id),
            UpdateExpression:
              "SET lastActivityAt = :now, lastPersonAt = :now, messages = messages + :one, " +
              "questions = list_append(questions, :text)",
            ConditionExpression: "#status = :open",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: {
              ":now": now.getTime(),
              ":one": 1,
              ":text": [truncate(text, 300)],
              ":open": "open",
            },
            ReturnValues: "ALL_NEW",
          }),
        );
        const ticket = ticketFromItem(result.Attributes ?? {});
        // Only the latest few questions are kept as context.
        if (ticket.questions.length > maxQuestions) {
          const trimmed = ticket.questions.slice(-maxQuestions);
          await client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: ticketKey(id),
              UpdateExpression: `REMOVE ${ticket.questions
                .slice(0, ticket.questions.length - maxQuestions)
                .map((_, index) => `questions[${index}]`)
                .join(", ")}`,
            }),
          );
          return { ...ticket, questions: trimmed };
        }
        return ticket;
      } catch (error) {
        if (conditionFailed(error)) return null;
        throw unavailable("record ticket message", error);
      }
    },

    async recordStaffReply(id, now, entry): Promise<StaffReplyResult> {
      // Twice at most: a first reply that someone else's beat is recorded again as a later one.
      for (let attempt = 0; attempt < 2; attempt++) {
        const before = await get(id);
        if (!before) return { status: "missing" };
        // The first reply is counted (with its response time) in the day the ticket was opened, exactly once.
        const first = before.status === "open" && before.firstResponseMs === undefined;
        const update = {
          TableName: tableName,
          Key: ticketKey(id),
          UpdateExpression:
            "SET lastActivityAt = :now, firstResponseAt = if_not_exists(firstResponseAt, :now), " +
            "staffReplies = if_not_exists(staffReplies, :zero) + :one",
          ConditionExpression: first
            ? "#status = :open AND attribute_not_exists(firstResponseAt)"
            : "#status = :open",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":now": now.getTime(), ":open": "open", ":zero": 0, ":one": 1 },
        };
        // The history entry, the ticket and the day's counters in one transaction: a second submit of the
        // same key changes nothing.
        const items = [
          ...(entry
            ? [
                {
                  Put: {
                    TableName: tableName,
                    Item: logItem(
                      id,
                      { kind: "reply", by: entry.by, text: entry.text ?? "" },
                      entry.key,
                      now,
                    ),
                    ConditionExpression: "attribute_not_exists(pk)",
                  },
                },
              ]
            : []),
          { Update: update },
          ...(first
            ? [
                statsItemUpdate(
                  tableName,
                  ticketDayKey(wibDay(before.openedAt)),
                  { answered: 1 },
                  { responses: [now.getTime() - before.openedAt] },
                  dayExpiry(before.openedAt),
                ),
              ]
            : []),
        ];
        try {
          if (items.length === 1) await client.send(new UpdateCommand(update));
          else await client.send(new TransactWriteCommand({ TransactItems: items }));
          const ticket = await get(id);
          if (ticket) return { status: "recorded", ticket };
          return { status: "missing" };
        } catch (error) {
          const codes = cancelledCodes(error);
          if (entry && codes[0] === "ConditionalCheckFailed") {
            const current = await get(id);
            return current ? { status: "duplicate", ticket: current } : { status: "missing" };
          }
          const updateFailed = codes[entry ? 1 : 0] === "ConditionalCheckFailed" || conditionFailed(error);
          if (!updateFailed) throw unavailable("record staff reply", error);
          // Closed meanwhile: answered below. Someone answered first: recorded again as a later reply.
          if (!first) break;
        }
      }
      const current = await get(id);
      return current ? { status: "closed", ticket: current } : { status: "missing" };
    },

    async assign(id, assignee, now, by): Promise<AssignResult> {
      let before: Ticket;
      try {
        const result = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: ticketKey(id),
            UpdateExpression: assignee
              ? "SET assignee = :assignee, lastActivityAt = :now"
              : "SET lastActivityAt = :now REMOVE assignee",
            ConditionExpression: "#status = :open",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: {
              ":open": "open",
              ":now": now.getTime(),
              ...(assignee ? { ":assignee": { actor: assignee.actor, name: assignee.name } } : {}),
            },
            ReturnValues: "ALL_OLD",
          }),
        );
        before = ticketFromItem(result.Attributes ?? {});
      } catch (error) {
        if (!conditionFailed(error)) throw unavailable("assign ticket", error);
        const current = await get(id);
        return current ? { status: "closed", ticket: current } : { status: "missing" };
      }
      const { assignee: _old, ...rest } = before;
      const ticket: Ticket = { ...rest, lastActivityAt: now.getTime(), ...(assignee ? { assignee } : {}) };
      await putLog(
        id,
        { kind: "assign", by, ...(assignee ? { assignee } : {}) },
        `assign:${by}:${now.getTime()}`,
        now,
      );
      return { status: "assigned", before, ticket };
    },

    async addNote(id, entry: TicketLogInput, now) {
      if (!(await get(id))) return "missing";
      return (await putLog(id, { kind: "note", by: entry.by, text: entry.text ?? "" }, entry.key, now))
        ? "added"
        : "duplicate";
    },

    async history(id) {
      const items = await queryAll(
        client,
        {
          TableName: tableName,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
          ExpressionAttributeValues: { ":pk": ticketKey(id).pk, ":prefix": logPrefix },
          ConsistentRead: true,
        },
        "ticket history",
      );
      return items.map(logFromItem).sort((a, b) => a.at - b.at);
    },

    async close(id: string, reason: CloseReason, now: Date, closeOptions = {}) {
      const idle = closeOptions.idleBefore !== undefined;
      let closed: Ticket | null;
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: tableName,
                  Key: ticketKey(id),
                  UpdateExpression:
                    // Closed tickets are kept for statistics: the person's messages are not needed for those.
                    "SET #status = :closed, closedAt = :now, closedReason = :reason, gsi1pk = :index, expiresAt = :expires, questions = :none",
                  ConditionExpression: idle
                    ? "#status = :open AND lastActivityAt <= :idleBefore"
                    : "#status = :open",
                  ExpressionAttributeNames: { "#status": "status" },
                  ExpressionAttributeValues: {
                    ":closed": "closed",
                    ":open": "open",
                    ":now": now.getTime(),
                    ":reason": reason,
                    ":none": [],
                    ":index": indexKey("closed"),
                    ":expires": epochSeconds(new Date(now.getTime() + closedRetentionMs)),
                    ...(idle ? { ":idleBefore": closeOptions.idleBefore } : {}),
                  },
                },
              },
              ...counterUpdate(tableName, { [counterNames.ticketsOpen]: -1 }),
            ],
          }),
        );
        closed = await get(id);
      } catch (error) {
        if (firstConditionFailed(error)) return null;
        throw unavailable("close ticket", error);
      }
      if (!closed) return null;
      // The person's own turn ("selesai") sets their conversation itself.
      if (reason !== "person") await releaseConversation(closed, now);
      if (closeOptions.by) await putLog(id, { kind: "close", by: closeOptions.by }, `close:${id}`, now);
      return closed;
    },

    listOpen: () => listBy("open"),

    async listAll() {
      const [open, closed] = await Promise.all([listBy("open"), listBy("closed")]);
      return [...open, ...closed];
    },

    async listOpenedSince(since) {
      const [open, closed] = await Promise.all([listBy("open", since), listBy("closed", since)]);
      return [...open, ...closed];
    },
    /** A new number: the person's tickets (open ones included) name the new id, so staff replies reach it. */
    async moveUser(from: UserRef, to: UserRef) {
      let moved = 0;
      for (const ref of await ticketRefs(from)) {
        try {
          await client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: ticketKey(String(ref.ticketId)),
              UpdateExpression: "SET userId = :to",
              ConditionExpression: "channel = :channel AND userId = :from",
              ExpressionAttributeValues: { ":to": to.userId, ":from": from.userId, ":channel": from.channel },
            }),
          );
          moved++;
        } catch (error) {
          // Already moved by an earlier run (or gone): nothing to do.
          if (!conditionFailed(error)) throw unavailable("move ticket", error);
        }
      }
      return moved;
    },

    /** "Hapus data": the person's tickets keep only what statistics need (times, status, counts). */
    async forgetUser(user: UserRef) {
      const refs = await ticketRefs(user);
      try {
        for (const ref of refs) {
          await client
            .send(
              new UpdateCommand({
                TableName: tableName,
                Key: ticketKey(String(ref.ticketId)),
                UpdateExpression:
                  "SET #name = :anon, userId = :anon, questions = :none, anonymised = :true REMOVE sourceKey",
                ConditionExpression: "attribute_exists(pk)",
                ExpressionAttributeNames: { "#name": "name" },
                ExpressionAttributeValues: { ":anon": "-", ":none": [], ":true": true },
              }),
            )
            .catch((error: unknown) => {
              if (!conditionFailed(error)) throw error;
            });
          // The history holds what staff wrote to and about the person.
          const logs = await queryAll(
            client,
            {
              TableName: tableName,
              KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
              ExpressionAttributeValues: { ":pk": ticketKey(String(ref.ticketId)).pk, ":prefix": logPrefix },
              ConsistentRead: true,
            },
            "forget ticket history",
          );
          for (const log of logs)
            await client.send(new DeleteCommand({ TableName: tableName, Key: { pk: log.pk, sk: log.sk } }));
          await client.send(new DeleteCommand({ TableName: tableName, Key: { pk: ref.pk, sk: ref.sk } }));
        }
      } catch (error) {
        throw unavailable("forget tickets", error);
      }
    },
  };
  return repository;
}
