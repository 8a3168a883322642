// Promos live in the seller's partition (sk PROMO#<weekend>#<id>; deleting the seller's data removes them)
// and are listed per weekend through gsi2 (PROMOS#<weekend>). A counter item enforces the weekly limit.

import type { UserRef } from "../core/events.js";
import type { Promo, PromoRepository } from "../core/promo/promo.js";
import { errorName, queryAll, queryItems, unavailable } from "./dynamo.js";
import {
  type DynamoDBDocumentClient,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "./dynamo-commands.js";
import { keys } from "./keys.js";
import type { PersonalDataHolder } from "./personal-data-eraser.js";
import { promoWeekendKey, statsItemUpdate } from "./stat-counters.js";

export interface PromoRepositoryOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

const promoSk = (weekend: string, id: string) => `PROMO#${weekend}#${id}`;
const counterSk = (weekend: string) => `PROMOCOUNT#${weekend}`;

function fromItem(item: Record<string, unknown>): Promo {
  const { pk: _pk, sk: _sk, gsi2pk: _g, gsi2sk: _s, ...promo } = item;
  return promo as unknown as Promo;
}

function cancellationCodes(error: unknown): (string | undefined)[] {
  return ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map(
    (r) => r.Code,
  );
}

export function createPromoRepository(options: PromoRepositoryOptions): PromoRepository & PersonalDataHolder {
  const { client, tableName } = options;

  async function find(user: UserRef, id: string): Promise<Promo | null> {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        FilterExpression: "id = :id",
        ExpressionAttributeValues: { ":pk": keys.user(user), ":prefix": "PROMO#", ":id": id },
        ConsistentRead: true,
      }),
    );
    const item = page.Items?.[0];
    return item ? fromItem(item) : null;
  }

  const releaseSlot = (user: UserRef, weekend: string): TransactItem => ({
    Update: {
      TableName: tableName,
      Key: { pk: keys.user(user), sk: counterSk(weekend) },
      UpdateExpression: "SET live = live - :one",
      ConditionExpression: "live > :zero",
      ExpressionAttributeValues: { ":one": 1, ":zero": 0 },
    },
  });

  /** The weekend's counts by status (stat-counters.ts), moved in the transaction that changes the promo. */
  const promoCount = (weekend: string, deltas: Record<string, number>): TransactItem =>
    statsItemUpdate(
      tableName,
      promoWeekendKey(weekend),
      Object.fromEntries(Object.entries(deltas).map(([status, delta]) => [`status.${status}`, delta])),
    );

  return {
    /** "Hapus data": each promo goes with its count (the partition's other items go with the eraser). */
    async forgetUser(user: UserRef) {
      const items = await queryAll(
        client,
        {
          TableName: tableName,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
          ExpressionAttributeValues: { ":pk": keys.user(user), ":prefix": "PROMO#" },
          ConsistentRead: true,
        },
        "list promos to forget",
      );
      for (const item of items) {
        const promo = fromItem(item);
        try {
          await client.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Delete: {
                    TableName: tableName,
                    Key: { pk: item.pk, sk: item.sk },
                    ConditionExpression: "#status = :was",
                    ExpressionAttributeNames: { "#status": "status" },
                    ExpressionAttributeValues: { ":was": promo.status },
                  },
                },
                promoCount(promo.weekend, { [promo.status]: -1 }),
              ],
            }),
          );
        } catch (error) {
          // Changed or gone meanwhile: the generic erasure still deletes it (a rare miscount, fixed by recount).
          if (errorName(error) !== "TransactionCanceledException") throw unavailable("forget promo", error);
        }
      }
    },

    async create(promo, limit) {
      const user = { channel: promo.channel, userId: promo.userId };
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: tableName,
                  Key: { pk: keys.user(user), sk: counterSk(promo.weekend) },
                  UpdateExpression: "SET live = if_not_exists(live, :zero) + :one",
                  ConditionExpression: "attribute_not_exists(live) OR live < :limit",
                  ExpressionAttributeValues: { ":zero": 0, ":one": 1, ":limit": limit },
                },
              },
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    pk: keys.user(user),
                    sk: promoSk(promo.weekend, promo.id),
                    ...promo,
                    gsi2pk: `PROMOS#${promo.weekend}`,
                    gsi2sk: `${String(promo.createdAt).padStart(15, "0")}#${promo.id}`,
                  },
                  ConditionExpression: "attribute_not_exists(pk)",
                },
              },
              promoCount(promo.weekend, { [promo.status]: 1 }),
            ],
          }),
        );
        return { status: "saved", promo };
      } catch (error) {
        if (errorName(error) === "TransactionCanceledException") {
          const [counter, put] = cancellationCodes(error);
          // The same submission retried: it already exists (and already counted).
          if (put === "ConditionalCheckFailed") {
            const existing = await find(user, promo.id);
            if (existing) return { status: "saved", promo: existing };
          }
          if (counter === "ConditionalCheckFailed") return { status: "limit", limit };
        }
        throw unavailable("create promo", error);
      }
    },

    async get(user, id) {
      try {
        return await find(user, id);
      } catch (error) {
        throw unavailable("get promo", error);
      }
    },

    async listBySeller(user, weekend) {
      try {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
            ExpressionAttributeValues: {
              ":pk": keys.user(user),
              ":prefix": weekend ? `PROMO#${weekend}#` : "PROMO#",
            },
            ConsistentRead: true,
          }),
        );
        return (page.Items ?? []).map(fromItem).sort((a, b) => a.createdAt - b.createdAt);
      } catch (error) {
        throw unavailable("list seller promos", error);
      }
    },

    async listByWeekend(weekend) {
      const items = await queryItems(
        client,
        {
          TableName: tableName,
          IndexName: "gsi2",
          KeyConditionExpression: "gsi2pk = :pk",
          ExpressionAttributeValues: { ":pk": `PROMOS#${weekend}` },
        },
        "list weekend promos",
      );
      return items.map(fromItem);
    },

    async withdraw(user, id, now) {
      const promo = await find(user, id).catch((error: unknown) => {
        throw unavailable("get promo", error);
      });
      if (!promo || (promo.status !== "pending" && promo.status !== "approved")) return "missing";
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: tableName,
                  Key: { pk: keys.user(user), sk: promoSk(promo.weekend, id) },
                  UpdateExpression: "SET #status = :withdrawn, updatedAt = :now",
                  // The status it was read with: the counters move from exactly that one.
                  ConditionExpression: "#status = :was",
                  ExpressionAttributeNames: { "#status": "status" },
                  ExpressionAttributeValues: {
                    ":withdrawn": "withdrawn",
                    ":was": promo.status,
                    ":now": now.getTime(),
                  },
                },
              },
              releaseSlot(user, promo.weekend),
              promoCount(promo.weekend, { [promo.status]: -1, withdrawn: 1 }),
            ],
          }),
        );
        return "withdrawn";
      } catch (error) {
        if (errorName(error) === "TransactionCanceledException") return "missing";
        throw unavailable("withdraw promo", error);
      }
    },

    async edit({ user, id, from, values, status, now }) {
      const promo = await find(user, id).catch((error: unknown) => {
        throw unavailable("get promo", error);
      });
      if (!promo || promo.status !== from) return { status: "changed" };
      const optional = ["promoPrice", "discountText", "photo", "photoChannel"] as const;
      const set = [
        "product",
        "normalPrice",
        "location",
        ...optional.filter((name) => values[name] !== undefined),
      ];
      const removed = optional.filter((name) => values[name] === undefined);
      // Back to review: the earlier decision no longer describes this text.
      if (status === "pending") removed.push("decidedBy" as never);
      const attributeValues: Record<string, unknown> = {
        ":status": status,
        ":from": from,
        ":now": now.getTime(),
      };
      for (const name of set) attributeValues[`:${name}`] = values[name as keyof typeof values];
      // Names go through placeholders: "location" is a DynamoDB reserved word.
      const attributeNames: Record<string, string> = { "#status": "status" };
      for (const name of [...set, ...removed]) attributeNames[`#${name}`] = name;
      try {
        const update: TransactItem = {
          Update: {
            TableName: tableName,
            Key: { pk: keys.user(user), sk: promoSk(promo.weekend, id) },
            UpdateExpression: `SET ${[...set.map((name) => `#${name} = :${name}`), "#status = :status", "updatedAt = :now"].join(", ")}${removed.length ? ` REMOVE ${removed.map((name) => `#${name}`).join(", ")}` : ""}`,
            ConditionExpression: "#status = :from",
            ExpressionAttributeNames: attributeNames,
            ExpressionAttributeValues: attributeValues,
          },
        };
        // Back to review moves the weekend's counts in the same write.
        await client.send(
          new TransactWriteCommand({
            TransactItems:
              status === from ? [update] : [update, promoCount(promo.weekend, { [from]: -1, [status]: 1 })],
          }),
        );
        const { decidedBy, promoPrice: _p, discountText: _d, photo: _f, photoChannel: _c, ...kept } = promo;
        const given = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
        const edited: Promo = {
          ...kept,
          ...given,
          ...(status === "approved" && decidedBy ? { decidedBy } : {}),
          status,
          updatedAt: now.getTime(),
        } as Promo;
        return { status: "edited", promo: edited };
      } catch (error) {
        if (errorName(error) === "TransactionCanceledException") return { status: "changed" };
        throw unavailable("edit promo", error);
      }
    },

    async decide({ user, id, decision, reason, staff, now }) {
      const promo = await find(user, id).catch((error: unknown) => {
        throw unavailable("get promo", error);
      });
      if (!promo) return { status: "missing" };
      if (promo.status !== "pending") return { status: "already", promo };
      const decided: Promo = {
        ...promo,
        status: decision,
        decidedBy: `${staff.channel}:${staff.userId}`,
        updatedAt: now.getTime(),
        ...(reason ? { rejectionReason: reason } : {}),
      };
      const items: TransactItem[] = [
        {
          Update: {
            TableName: tableName,
            Key: { pk: keys.user(user), sk: promoSk(promo.weekend, id) },
            UpdateExpression: `SET #status = :decision, decidedBy = :by, updatedAt = :now${reason ? ", rejectionReason = :reason" : ""}`,
            ConditionExpression: "#status = :pending",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: {
              ":decision": decision,
              ":by": decided.decidedBy,
              ":now": now.getTime(),
              ":pending": "pending",
              ...(reason ? { ":reason": reason } : {}),
            },
          },
        },
      ];
      items.push(promoCount(promo.weekend, { pending: -1, [decision]: 1 }));
      // A rejected promo frees the seller's weekly slot.
      if (decision === "rejected") items.push(releaseSlot(user, promo.weekend));
      try {
        await client.send(new TransactWriteCommand({ TransactItems: items }));
        return { status: "decided", promo: decided };
      } catch (error) {
        if (errorName(error) === "TransactionCanceledException") {
          const latest = await find(user, id);
          return latest ? { status: "already", promo: latest } : { status: "missing" };
        }
        throw unavailable("decide promo", error);
      }
    },
  };
}
