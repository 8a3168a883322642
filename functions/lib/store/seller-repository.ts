// Sellers in the user's partition (sk SELLER), listed by status through gsi2.
import { randomUUID } from "node:crypto";
import type { UserRef } from "../core/events.js";
import {
  type Seller,
  type SellerRepository,
  type SellerStatus,
  sellerId,
  sellerStatuses,
  userOfSellerId,
} from "../core/registration/seller.js";
import { errorName, queryItems, unavailable } from "./dynamo.js";
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from "./dynamo-commands.js";
import { keys } from "./keys.js";
import { changeOf, contactRoleChange, counterUpdate, mergeDeltas, sellerCounters } from "./stat-counters.js";

export interface SellerRepositoryOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

const sellerSk = keys.sellerSk;
const statusKey = (status: SellerStatus) => `SELLER#${status}`;

function sellerFromItem(item: Record<string, unknown>): Seller {
  const { pk: _pk, sk: _sk, gsi2pk: _gsi2pk, gsi2sk: _gsi2sk, ...seller } = item;
  return seller as unknown as Seller;
}

export function createSellerRepository(options: SellerRepositoryOptions): SellerRepository {
  const { client, tableName } = options;
  const key = (user: UserRef) => ({ pk: keys.user(user), sk: sellerSk });

  async function get(user: UserRef): Promise<Seller | null> {
    try {
      const result = await client.send(
        new GetCommand({ TableName: tableName, Key: key(user), ConsistentRead: true }),
      );
      return result.Item ? sellerFromItem(result.Item) : null;
    } catch (error) {
      throw unavailable("get seller", error);
    }
  }

  return {
    get,

    async save({ user, profile, status, submissionKey, now }) {
      const existing = await get(user);
      // A replay answers as the first save did: created when that save was the first registration.
      const replayed = (current: Seller) => ({
        seller: current,
        created: current.newRegistration === true,
        repeated: true,
      });
      if (existing?.submissionKey === submissionKey) return replayed(existing);
      const nextStatus = typeof status === "function" ? status(existing) : status;
      const seller: Seller = {
        ...profile,
        id: sellerId(user),
        channel: user.channel,
        userId: user.userId,
        status: nextStatus,
        newRegistration: !existing,
        createdAt: existing?.createdAt ?? now.getTime(),
        updatedAt: now.getTime(),
        submissionKey,
        version: (existing?.version ?? 0) + 1,
        // A new submission clears an earlier decision unless the record stays approved.
        ...(nextStatus === "approved" && existing?.decidedBy
          ? { decidedBy: existing.decidedBy, decidedAt: existing.decidedAt }
          : {}),
      };
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...key(user),
                    ...seller,
                    gsi2pk: statusKey(nextStatus),
                    gsi2sk: `${String(seller.createdAt).padStart(15, "0")}#${seller.id}`,
                  },
                  // Concurrent edits: only write over the version we read.
                  ConditionExpression: existing ? "version = :version" : "attribute_not_exists(pk)",
                  ...(existing ? { ExpressionAttributeValues: { ":version": existing.version } } : {}),
                },
              },
              ...counterUpdate(tableName, changeOf(existing, seller, sellerCounters)),
            ],
          }),
        );
      } catch (error) {
        if (firstConditionFailed(error)) {
          const current = await get(user);
          if (current?.submissionKey === submissionKey) return replayed(current);
          throw new SellerConflictError("the seller record changed meanwhile", { cause: error });
        }
        throw unavailable("save seller", error);
      }
      return { seller, created: !existing, repeated: false };
    },

    async decide({ id, decision, reason, staff, now }) {
      const user = userOfSellerId(id);
      if (!user) return { status: "missing" };
      const current = await get(user);
      if (!current) return { status: "missing" };
      if (current.status !== "pending") return { status: "already", seller: current };
      const decided: Seller = {
        ...current,
        status: decision,
        decidedBy: sellerId(staff),
        decidedAt: now.getTime(),
        updatedAt: now.getTime(),
        version: current.version + 1,
        ...(decision === "rejected" && reason ? { rejectionReason: reason } : {}),
      };
      const contactRole =
        decision === "approved"
          ? [
              {
                Update: {
                  TableName: tableName,
                  Key: { pk: keys.user(user), sk: keys.contactSk },
                  // A buyer approved becomes a seller (counted); staff stay staff, a seller stays one.
                  UpdateExpression: "SET #role = :seller, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk",
                  ConditionExpression: "#role = :buyer",
                  ExpressionAttributeNames: { "#role": "role" },
                  ExpressionAttributeValues: {
                    ":seller": "seller",
                    ":buyer": "buyer",
                    ":gsi1pk": keys.role("seller"),
                    ":gsi1sk": keys.userSortKey(user),
                  },
                },
              },
            ]
          : [];
      const put = {
        Put: {
          TableName: tableName,
          Item: {
            ...key(user),
            ...decided,
            gsi2pk: statusKey(decision),
            gsi2sk: `${String(current.createdAt).padStart(15, "0")}#${id}`,
          },
          // One decision wins: only a still-pending record of the version we read.
          ConditionExpression: "#status = :pending AND version = :version",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":pending": "pending", ":version": current.version },
        },
      };
      const sellerDeltas = changeOf(current, decided, sellerCounters);
      const counters = counterUpdate(tableName, sellerDeltas);
      const withRole = counterUpdate(
        tableName,
        mergeDeltas(sellerDeltas, contactRole.length ? contactRoleChange("buyer", "seller") : {}),
      );
      try {
        await client.send(new TransactWriteCommand({ TransactItems: [put, ...contactRole, ...withRole] }));
      } catch (error) {
        if (errorName(error) === "TransactionCanceledException") {
          const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
          if (reasons[0]?.Code === "ConditionalCheckFailed") {
            const latest = await get(user);
            return latest ? { status: "already", seller: latest } : { status: "missing" };
          }
          if (reasons[1]?.Code === "ConditionalCheckFailed") {
            // The contact is staff, already a seller, or gone: approve the record alone.
            await client
              .send(new TransactWriteCommand({ TransactItems: [put, ...counters] }))
              .catch((retryError: unknown) => {
                throw unavailable("decide seller", retryError);
              });
            return { status: "decided", seller: decided };
          }
        }
        throw unavailable("decide seller", error);
      }
      return { status: "decided", seller: decided };
    },

    async list(status) {
      const sellers: Seller[] = [];
      for (const each of status ? [status] : sellerStatuses) {
        const items = await queryItems(
          client,
          {
            TableName: tableName,
            IndexName: "gsi2",
            KeyConditionExpression: "gsi2pk = :pk",
            ExpressionAttributeValues: { ":pk": statusKey(each) },
          },
          "list sellers",
        );
        sellers.push(...items.map(sellerFromItem));
      }
      return sellers.sort((a, b) => a.createdAt - b.createdAt);
    },

    async forget(user, now) {
      // Re-read when the record changed between our read and the delete (at most a few times).
      for (let attempt = 0; attempt < 5; attempt++) {
        if (await forgetOnce(user, now)) return;
      }
      throw new SellerConflictError("the seller record kept changing during erasure");
    },
  };

  /** True when the record is gone (by us or already); false when it changed under us. */
  async function forgetOnce(user: UserRef, now: Date): Promise<boolean> {
    const seller = await get(user);
    if (!seller) return true;
    // Statistics survive without the person: category, kecamatan, status and dates only.
    const anonymous = {
      pk: `ANON#SELLER#${randomUUID()}`,
      sk: "ANON",
      category: seller.category,
      kecamatan: seller.kecamatan,
      status: seller.status,
      createdAt: seller.createdAt,
      deletedAt: now.getTime(),
    };
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: tableName, Item: anonymous } },
            {
              Delete: {
                TableName: tableName,
                Key: key(user),
                // A concurrent erasure or edit: the counters change once, with the record we read.
                ConditionExpression: "version = :version",
                ExpressionAttributeValues: { ":version": seller.version },
              },
            },
            ...counterUpdate(tableName, changeOf(seller, null, sellerCounters)),
          ],
        }),
      );
    } catch (error) {
      if (firstConditionFailed(error, 1)) return false;
      throw unavailable("forget seller", error);
    }
    return true;
  }
}

/** A transaction refused because the condition of its item `index` failed. */
function firstConditionFailed(error: unknown, index = 0): boolean {
  if (errorName(error) !== "TransactionCanceledException") return false;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons[index]?.Code === "ConditionalCheckFailed";
}

export class SellerConflictError extends Error {
  override readonly name = "SellerConflictError";
  readonly transient = true;
}
