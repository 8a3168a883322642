// Promo subscriptions live in the person's partition (sk SUBSCRIPTION), so deleting their data removes them;
// active ones are listed through gsi2 (SUBSCRIBERS#active).

import type { UserRef } from "../core/events.js";
import type { SubscriberSource } from "../core/outbox/ports.js";
import type { Subscription, SubscriptionRepository } from "../core/promo/subscription.js";
import { decodeCursor, encodeCursor, errorName, queryItems, unavailable } from "./dynamo.js";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "./dynamo-commands.js";
import { keys } from "./keys.js";
import type { PersonalDataHolder } from "./personal-data-eraser.js";
import {
  changeOf,
  counterNames,
  counterUpdate,
  createStatCounters,
  subscriptionCounters,
} from "./stat-counters.js";

/** The condition a write must meet (the revision it read) and the revision it stores. */
interface Guard {
  readonly condition: {
    readonly ConditionExpression: string;
    readonly ExpressionAttributeValues?: Record<string, unknown>;
  };
  readonly revision: number;
}

export interface SubscriptionRepositoryOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

const sk = "SUBSCRIPTION";
const activeKey = "SUBSCRIBERS#active";
const inactiveKey = "SUBSCRIBERS#inactive";

function fromItem(item: Record<string, unknown>): Subscription {
  const { pk: _pk, sk: _sk, gsi2pk: _g, gsi2sk: _s, revision: _r, ...rest } = item;
  return rest as unknown as Subscription;
}

export function createSubscriptionRepository(
  options: SubscriptionRepositoryOptions,
): SubscriptionRepository & PersonalDataHolder {
  const { client, tableName } = options;
  const key = (user: UserRef) => ({ pk: keys.user(user), sk });

  const listBy = async (partition: string): Promise<Subscription[]> =>
    (
      await queryItems(
        client,
        {
          TableName: tableName,
          IndexName: "gsi2",
          KeyConditionExpression: "gsi2pk = :pk",
          ExpressionAttributeValues: { ":pk": partition },
        },
        "list subscriptions",
      )
    ).map(fromItem);

  /** The subscription and its revision (bumped by every write, so a stale writer is refused). */
  async function read(user: UserRef): Promise<{ current: Subscription | null; revision?: number }> {
    try {
      const result = await client.send(
        new GetCommand({ TableName: tableName, Key: key(user), ConsistentRead: true }),
      );
      if (!result.Item) return { current: null };
      const revision = result.Item.revision;
      return { current: fromItem(result.Item), ...(typeof revision === "number" ? { revision } : {}) };
    } catch (error) {
      throw unavailable("get subscription", error);
    }
  }
  const get = async (user: UserRef) => (await read(user)).current;

  /**
   * Reads the subscription, then writes `plan`'s change only over the revision read, with the counters in the
   * same transaction (re-read when it changed meanwhile). False when the plan says there is nothing to do.
   */
  async function change(
    user: UserRef,
    operation: string,
    plan: (current: Subscription | null) => {
      after: Subscription | null;
      write: (guard: Guard) => Record<string, unknown>;
    } | null,
  ): Promise<boolean> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const { current, revision } = await read(user);
      const step = plan(current);
      if (!step) return false;
      const guard: Guard = !current
        ? { condition: { ConditionExpression: "attribute_not_exists(pk)" }, revision: 1 }
        : revision === undefined
          ? { condition: { ConditionExpression: "attribute_not_exists(revision)" }, revision: 1 }
          : {
              condition: {
                ConditionExpression: "revision = :seen",
                ExpressionAttributeValues: { ":seen": revision },
              },
              revision: revision + 1,
            };
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              step.write(guard),
              ...counterUpdate(tableName, changeOf(current, step.after, subscriptionCounters)),
            ] as TransactWriteCommandInput["TransactItems"],
          }),
        );
        return true;
      } catch (error) {
        const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
        if (
          errorName(error) === "TransactionCanceledException" &&
          reasons[0]?.Code === "ConditionalCheckFailed"
        )
          continue;
        throw unavailable(operation, error);
      }
    }
    throw unavailable(operation, new Error("the subscription kept changing"));
  }

  return {
    get,

    async subscribe(user, categories, consentVersion, now) {
      const subscription: Subscription = {
        channel: user.channel,
        userId: user.userId,
        active: true,
        categories: [...categories],
        optedInAt: now.getTime(),
        consentVersion,
        consentChannel: user.channel,
        updatedAt: now.getTime(),
      };
      await change(user, "subscribe", () => ({
        after: subscription,
        write: ({ condition, revision }) => ({
          Put: {
            TableName: tableName,
            Item: {
              ...key(user),
              ...subscription,
              gsi2pk: activeKey,
              gsi2sk: keys.userSortKey(user),
              revision,
            },
            ...condition,
          },
        }),
      }));
      return subscription;
    },

    async unsubscribe(user, now) {
      const done = await change(user, "unsubscribe", (current) =>
        current?.active
          ? {
              after: { ...current, active: false },
              write: ({ condition, revision }) => ({
                Update: {
                  TableName: tableName,
                  Key: key(user),
                  UpdateExpression:
                    "SET active = :false, optedOutAt = :now, updatedAt = :now, gsi2pk = :inactive, revision = :revision",
                  ConditionExpression: condition.ConditionExpression,
                  ExpressionAttributeValues: {
                    ...condition.ExpressionAttributeValues,
                    ":revision": revision,
                    ":false": false,
                    ":now": now.getTime(),
                    ":inactive": inactiveKey,
                  },
                },
              }),
            }
          : null,
      );
      return done ? "stopped" : "not-subscribed";
    },

    /** "Hapus data": the subscription goes with its counters (before the partition is emptied). */
    async forgetUser(user: UserRef) {
      await change(user, "forget subscription", (current) =>
        current
          ? {
              after: null,
              write: ({ condition }) => ({ Delete: { TableName: tableName, Key: key(user), ...condition } }),
            }
          : null,
      );
    },

    async listActive() {
      try {
        return await listBy(activeKey);
      } catch (error) {
        throw unavailable("list subscribers", error);
      }
    },

    async listInactive() {
      try {
        return await listBy(inactiveKey);
      } catch (error) {
        throw unavailable("list opted-out subscribers", error);
      }
    },

    async countByState() {
      // The maintained counters: one read however many subscribers there are.
      const counters = await createStatCounters(options).read();
      return {
        active: counters[counterNames.subscribersActive] ?? 0,
        optedOut: counters[counterNames.subscribersInactive] ?? 0,
      };
    },
  };
}

/** Active promo subscribers as an outbox audience ("pelanggan promo"), paged through gsi2. */
export function createSubscriberSource(options: SubscriptionRepositoryOptions): SubscriberSource {
  const { client, tableName } = options;
  const encode = (key: Record<string, unknown> | undefined) => (key ? encodeCursor(key) : undefined);
  const decode = (cursor: string | undefined) =>
    cursor ? decodeCursor<Record<string, unknown>>(cursor) : undefined;
  return {
    // The maintained counter: one read however many subscribers there are.
    count: async () => (await createStatCounters(options).read())[counterNames.subscribersActive] ?? 0,
    async page(cursor) {
      try {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: "gsi2",
            KeyConditionExpression: "gsi2pk = :pk",
            ExpressionAttributeValues: { ":pk": activeKey },
            ProjectionExpression: "channel, userId",
            Limit: 100,
            ExclusiveStartKey: decode(cursor),
          }),
        );
        const next = encode(page.LastEvaluatedKey);
        return {
          recipients: (page.Items ?? []).map((item) => ({
            channel: item.channel as Subscription["channel"],
            userId: String(item.userId),
          })),
          ...(next ? { cursor: next } : {}),
        };
      } catch (error) {
        throw unavailable("page subscribers", error);
      }
    },
  };
}
