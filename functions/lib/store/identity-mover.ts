// Moves a person's data from one id to another (a WhatsApp number change): every item of their partition,
// and the records kept elsewhere that name them (tickets, training seats, found through REF# items).
// Each item moves in its own transaction (put under the new id + delete under the old), so a crash midway
// leaves every item whole on one side and a re-run moves the rest; the contact moves last.

import type { Role } from "../core/contact.js";
import type { UserRef } from "../core/events.js";
import type { IdentityMover } from "../core/ports.js";
import { errorName, queryAll, unavailable } from "./dynamo.js";
import { type DynamoDBDocumentClient, TransactWriteCommand } from "./dynamo-commands.js";
import { keys } from "./keys.js";
import { contactRoleChange, counterUpdate, mergeDeltas } from "./stat-counters.js";

/** Data of a person kept outside their partition, re-pointed at the new id (returns how many records). */
export interface IdentityHolder {
  moveUser(from: UserRef, to: UserRef, now: Date): Promise<number>;
}

export interface IdentityMoverOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly holders?: readonly IdentityHolder[];
}

/** Every way a stored value names the person: the id itself, seller id, seat/sort key, partition, phone. */
export function renamer(from: UserRef, to: UserRef) {
  const exact = new Map<string, string>([
    [from.userId, to.userId],
    [`${from.channel}:${from.userId}`, `${to.channel}:${to.userId}`],
    [keys.userSortKey(from), keys.userSortKey(to)],
    [keys.user(from), keys.user(to)],
    [`+${from.userId}`, `+${to.userId}`],
  ]);
  // Sort keys that end with the seller id or seat (e.g. a seller's gsi2sk `<createdAt>#whatsapp:<id>`).
  const suffixes = [...exact.entries()].filter(([old]) => old.includes(":") || old.includes("#"));
  const rename = (value: unknown): unknown => {
    if (typeof value === "string") {
      const whole = exact.get(value);
      if (whole !== undefined) return whole;
      for (const [old, now] of suffixes) {
        if (value.endsWith(`#${old}`)) return `${value.slice(0, -old.length)}${now}`;
      }
      return value;
    }
    if (Array.isArray(value)) return value.map(rename);
    if (value instanceof Set) return new Set([...value].map(rename));
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, rename(item)]));
    }
    return value;
  };
  return rename as <T>(value: T) => T;
}

const roleRank: Record<Role, number> = { buyer: 0, seller: 1, staff: 2 };
const numberOr = (value: unknown, fallback: number) => (typeof value === "number" ? value : fallback);

/** The contact the new id ends up with: the person's history and role, the new chat's live state. */
function mergedContact(moved: Record<string, unknown>, existing: Record<string, unknown>, now: Date) {
  const role = [moved.role, existing.role].reduce<Role>(
    (best, each) => (roleRank[each as Role] > roleRank[best] ? (each as Role) : best),
    "buyer",
  );
  const consents = [...((moved.consents as unknown[]) ?? []), ...((existing.consents as unknown[]) ?? [])];
  return {
    ...moved,
    ...existing,
    role,
    gsi1pk: keys.role(role),
    language: moved.language ?? existing.language,
    consents,
    createdAt: Math.min(
      numberOr(moved.createdAt, now.getTime()),
      numberOr(existing.createdAt, now.getTime()),
    ),
    lastInboundAt: Math.max(numberOr(moved.lastInboundAt, 0), numberOr(existing.lastInboundAt, 0)),
    ...((existing.displayName ?? moved.displayName)
      ? { displayName: existing.displayName ?? moved.displayName }
      : {}),
    ...((existing.platformUserId ?? moved.platformUserId)
      ? { platformUserId: existing.platformUserId ?? moved.platformUserId }
      : {}),
    updatedAt: now.getTime(),
  };
}

const cancellation = (error: unknown) =>
  ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r.Code);

export function createIdentityMover(options: IdentityMoverOptions): IdentityMover {
  const { client, tableName } = options;

  const partition = (user: UserRef, operation: string) =>
    queryAll(
      client,
      {
        TableName: tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": keys.user(user) },
        ConsistentRead: true,
      },
      operation,
    );

  const remove = (item: Record<string, unknown>) => ({
    Delete: { TableName: tableName, Key: { pk: item.pk, sk: item.sk } },
  });

  /** Put under the new id unless it already has that item; either way the old one goes. "moved" | "kept". */
  async function moveItem(item: Record<string, unknown>, rename: <T>(value: T) => T) {
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: rename(item),
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            remove(item),
          ],
        }),
      );
      return "moved" as const;
    } catch (error) {
      if (
        errorName(error) !== "TransactionCanceledException" ||
        cancellation(error)[0] !== "ConditionalCheckFailed"
      )
        throw unavailable("move item", error);
    }
    // The new id's own item is newer (e.g. a conversation started from the new number): it stays.
    try {
      await client.send(new TransactWriteCommand({ TransactItems: [remove(item)] }));
    } catch (error) {
      throw unavailable("move item", error);
    }
    return "kept" as const;
  }

  /** Moves (or merges) the contact; the per-role contact counters move in the same transaction, once. */
  async function moveContact(item: Record<string, unknown>, to: UserRef, rename: <T>(v: T) => T, now: Date) {
    const oldRole = String(item.role ?? "buyer");
    for (let attempt = 1; ; attempt++) {
      const [existing] = (await partition(to, "read new contact")).filter(
        (each) => each.sk === keys.contactSk,
      );
      const merged = existing ? mergedContact(rename(item), existing, now) : rename(item);
      const deltas = existing
        ? mergeDeltas(
            contactRoleChange(oldRole, null),
            contactRoleChange(String(existing.role ?? "buyer"), String(merged.role)),
          )
        : {};
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: merged,
                  // A turn of the new number may write its contact meanwhile: merge over what we read.
                  ...(!existing
                    ? { ConditionExpression: "attribute_not_exists(pk)" }
                    : existing.updatedAt === undefined
                      ? { ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(updatedAt)" }
                      : {
                          ConditionExpression: "updatedAt = :seen",
                          ExpressionAttributeValues: { ":seen": existing.updatedAt },
                        }),
                },
              },
              // Only once: a repeated move finds the old contact gone.
              { Delete: { ...remove(item).Delete, ConditionExpression: "attribute_exists(pk)" } },
              ...counterUpdate(tableName, deltas),
            ],
          }),
        );
        return existing ? ("merged" as const) : ("moved" as const);
      } catch (error) {
        const reasons = errorName(error) === "TransactionCanceledException" ? cancellation(error) : [];
        if (reasons[1] === "ConditionalCheckFailed") return "merged" as const; // moved meanwhile
        if (reasons[0] !== "ConditionalCheckFailed" || attempt >= 5)
          throw unavailable("merge contact", error);
      }
    }
  }

  return {
    async move(from, to, now) {
      const report = { moved: 0, merged: 0, references: 0 };
      if (from.channel === to.channel && from.userId === to.userId) return report;
      // Records elsewhere first: they are found through REF# items that still sit under the old id.
      for (const holder of options.holders ?? []) report.references += await holder.moveUser(from, to, now);
      const rename = renamer(from, to);
      const items = await partition(from, "read moved partition");
      const contact = items.find((item) => item.sk === keys.contactSk);
      for (const item of items) {
        if (item === contact) continue;
        if ((await moveItem(item, rename)) === "moved") report.moved++;
        else report.merged++;
      }
      // Last: while the old contact exists, the move is unfinished and a retry of the notification redoes it.
      if (contact) {
        if ((await moveContact(contact, to, rename, now)) === "moved") report.moved++;
        else report.merged++;
      }
      return report;
    },
  };
}
