// Promo subscriptions live in the person's partition (sk SUBSCRIPTION), so deleting their data removes them;
// active ones are listed through gsi2 (SUBSCRIBERS#active).
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { UserRef } from "../core/events.js";
import type { SubscriberSource } from "../core/outbox/ports.js";
import type { Subscription, SubscriptionRepository } from "../core/promo/subscription.js";
import { countAll, decodeCursor, encodeCursor, errorName, queryAll, unavailable } from "./dynamo.js";
import { keys } from "./keys.js";

export interface SubscriptionRepositoryOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

const sk = "SUBSCRIPTION";
const activeKey = "SUBSCRIBERS#active";
const inactiveKey = "SUBSCRIBERS#inactive";

function fromItem(item: Record<string, unknown>): Subscription {
  const { pk: _pk, sk: _sk, gsi2pk: _g, gsi2sk: _s, ...rest } = item;
  return rest as unknown as Subscription;
}

export function createSubscriptionRepository(options: SubscriptionRepositoryOptions): SubscriptionRepository {
  const { client, tableName } = options;
  const key = (user: UserRef) => ({ pk: keys.user(user), sk });

  const listBy = async (partition: string): Promise<Subscription[]> =>
    (
      await queryAll(
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

  return {
    async get(user) {
      try {
        const result = await client.send(
          new GetCommand({ TableName: tableName, Key: key(user), ConsistentRead: true }),
        );
        return result.Item ? fromItem(result.Item) : null;
      } catch (error) {
        throw unavailable("get subscription", error);
      }
    },

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
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...key(user), ...subscription, gsi2pk: activeKey, gsi2sk: keys.userSortKey(user) },
          }),
        );
      } catch (error) {
        throw unavailable("subscribe", error);
      }
      return subscription;
    },

    async unsubscribe(user, now) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: key(user),
            UpdateExpression: "SET active = :false, optedOutAt = :now, updatedAt = :now, gsi2pk = :inactive",
            ConditionExpression: "attribute_exists(pk) AND active = :true",
            ExpressionAttributeValues: {
              ":false": false,
              ":true": true,
              ":now": now.getTime(),
              ":inactive": inactiveKey,
            },
          }),
        );
        return "stopped";
      } catch (error) {
        if (errorName(error) === "ConditionalCheckFailedException") return "not-subscribed";
        throw unavailable("unsubscribe", error);
      }
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
      try {
        const [active, inactive] = await Promise.all([listBy(activeKey), listBy(inactiveKey)]);
        return { active: active.length, optedOut: inactive.length };
      } catch (error) {
        throw unavailable("count subscribers", error);
      }
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
    count: () =>
      countAll(
        client,
        {
          TableName: tableName,
          IndexName: "gsi2",
          KeyConditionExpression: "gsi2pk = :pk",
          ExpressionAttributeValues: { ":pk": activeKey },
        },
        "count subscribers",
      ),
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
