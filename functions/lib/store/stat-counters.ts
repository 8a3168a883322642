// Maintained counters (one item, pk STATS): each change that moves a figure adds its delta to this item in the
// same transaction as the conditional write it counts, so a refused duplicate or retry never counts twice and
// /statistik and audience counts read one item instead of every seller and subscriber.
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Channel } from "../core/events.js";
import { unavailable } from "./dynamo.js";

export const countersKey = { pk: "STATS", sk: "COUNTERS" } as const;

/** Counter name → signed change. */
export type Deltas = Record<string, number>;

export const counterNames = {
  sellerStatus: (status: string) => `seller.status.${status}`,
  sellerCategory: (category: string) => `seller.category.${category}`,
  sellerKecamatan: (kecamatan: string) => `seller.kecamatan.${kecamatan}`,
  approvedCategory: (category: string) => `approved.category.${category}`,
  approvedKecamatan: (kecamatan: string) => `approved.kecamatan.${kecamatan}`,
  subscribersActive: "subscribers.active",
  subscribersInactive: "subscribers.inactive",
  subscribersChannel: (channel: Channel) => `subscribers.active.channel.${channel}`,
  subscribersCategory: (category: string) => `subscribers.active.category.${category}`,
} as const;

/** The figures one record contributes (sign -1 to take them away). */
export function addTo(deltas: Deltas, names: readonly string[], sign: 1 | -1): Deltas {
  for (const name of names) deltas[name] = (deltas[name] ?? 0) + sign;
  return deltas;
}

export interface CountedSeller {
  readonly status: string;
  readonly category: string;
  readonly kecamatan: string;
}

export function sellerCounters(seller: CountedSeller): string[] {
  return [
    counterNames.sellerStatus(seller.status),
    counterNames.sellerCategory(seller.category),
    counterNames.sellerKecamatan(seller.kecamatan),
    ...(seller.status === "approved"
      ? [counterNames.approvedCategory(seller.category), counterNames.approvedKecamatan(seller.kecamatan)]
      : []),
  ];
}

export interface CountedSubscription {
  readonly active: boolean;
  readonly channel: Channel;
  readonly categories: readonly string[];
}

export function subscriptionCounters(subscription: CountedSubscription): string[] {
  if (!subscription.active) return [counterNames.subscribersInactive];
  return [
    counterNames.subscribersActive,
    counterNames.subscribersChannel(subscription.channel),
    ...[...new Set(subscription.categories)].map(counterNames.subscribersCategory),
  ];
}

/** The change from `before` to `after` (either may be absent), as deltas. */
export function changeOf<T>(
  before: T | null | undefined,
  after: T | null | undefined,
  names: (record: T) => string[],
): Deltas {
  const deltas: Deltas = {};
  if (before) addTo(deltas, names(before), -1);
  if (after) addTo(deltas, names(after), 1);
  return deltas;
}

/** The transaction item adding `deltas` to the counters, or nothing when nothing changes. */
export function counterUpdate(tableName: string, deltas: Deltas) {
  const entries = Object.entries(deltas).filter(([, delta]) => delta !== 0);
  if (!entries.length) return [];
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const parts = entries.map(([name, delta], index) => {
    names[`#c${index}`] = name;
    values[`:c${index}`] = delta;
    return `#c${index} :c${index}`;
  });
  return [
    {
      Update: {
        TableName: tableName,
        Key: { ...countersKey },
        UpdateExpression: `ADD ${parts.join(", ")}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
  ];
}

export interface StatCounters {
  /** Every counter (absent ones are 0). One GetItem. */
  read(): Promise<Readonly<Record<string, number>>>;
  /** Replaces every counter (the recount of existing data). */
  replace(counters: Readonly<Record<string, number>>, now: Date): Promise<void>;
}

export function createStatCounters(options: {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}): StatCounters {
  const { client, tableName } = options;
  return {
    async read() {
      try {
        const result = await client.send(new GetCommand({ TableName: tableName, Key: { ...countersKey } }));
        const counters: Record<string, number> = {};
        for (const [name, value] of Object.entries(result.Item ?? {})) {
          if (typeof value === "number" && name !== "recountedAt") counters[name] = value;
        }
        return counters;
      } catch (error) {
        throw unavailable("read counters", error);
      }
    },
    async replace(counters, now) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...counters, ...countersKey, recountedAt: now.getTime() },
          }),
        );
      } catch (error) {
        throw unavailable("replace counters", error);
      }
    },
  };
}

/** Counters whose name starts with `prefix`, by the rest of the name, positive ones only, largest first. */
export function countersUnder(
  counters: Readonly<Record<string, number>>,
  prefix: string,
): Record<string, number> {
  return Object.fromEntries(
    Object.entries(counters)
      .filter(([name, value]) => name.startsWith(prefix) && value > 0)
      .map(([name, value]) => [name.slice(prefix.length), value] as const)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
  );
}
