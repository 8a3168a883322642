// Maintained counters (one item, pk STATS): each change that moves a figure adds its delta to this item in the
// same transaction as the conditional write it counts, so a refused duplicate or retry never counts twice and
// /statistik and audience counts read one item instead of every seller and subscriber.

import type { Channel } from "../core/events.js";
import { unavailable } from "./dynamo.js";
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "./dynamo-commands.js";

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
  ticketsOpen: "tickets.open",
  contactsRole: (role: string) => `contacts.role.${role}`,
} as const;

/** Roles a contact can have: the `semua` audience is every contact of these (gsi1 ROLE#<role>). */
export const contactRoles = ["buyer", "seller", "staff"] as const;

/** The change of one contact's role (null = no contact), as deltas of the per-role contact counters. */
export function contactRoleChange(before: string | null, after: string | null): Deltas {
  return changeOf(before, after, (role) => [counterNames.contactsRole(role)]);
}

/** Every contact, from the per-role counters. */
export function contactCount(counters: Readonly<Record<string, number>>): number {
  return contactRoles.reduce((sum, role) => sum + (counters[counterNames.contactsRole(role)] ?? 0), 0);
}

/** Two sets of deltas as one (a transaction may update the counters item only once). */
export function mergeDeltas(...all: readonly Deltas[]): Deltas {
  const merged: Deltas = {};
  for (const deltas of all)
    for (const [name, delta] of Object.entries(deltas)) merged[name] = (merged[name] ?? 0) + delta;
  return merged;
}

/** Per-day ticket figures (one item per WIB day of opening): opened, answered, first-response times. */
export const ticketDayKey = (day: string) => ({ pk: "STATS", sk: `TICKETS#${day}` }) as const;
/** A weekend's promos by status (one item per weekend). */
export const promoWeekendKey = (weekend: string) => ({ pk: "STATS", sk: `PROMOS#${weekend}` }) as const;
/** Day items outlive the window they serve, then DynamoDB's TTL removes them. */
export const statsDayRetentionDays = 60;

/** The WIB calendar day ("2026-12-03") of an instant. */
export function wibDay(at: number): string {
  return new Date(at + 7 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

/** The `count` WIB days ending with `now`'s, newest first. */
export function lastWibDays(now: Date, count: number): string[] {
  return Array.from({ length: count }, (_, i) => wibDay(now.getTime() - i * 24 * 60 * 60 * 1000));
}

/** The transaction item adding to one stats item's numbers (and appending to its lists). */
export function statsItemUpdate(
  tableName: string,
  key: { readonly pk: string; readonly sk: string },
  add: Readonly<Record<string, number>>,
  append: Readonly<Record<string, readonly number[]>> = {},
  expiresAt?: number,
) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const adds = Object.entries(add).map(([name, delta], i) => {
    names[`#a${i}`] = name;
    values[`:a${i}`] = delta;
    return `#a${i} :a${i}`;
  });
  const sets = Object.entries(append).map(([name, list], i) => {
    names[`#l${i}`] = name;
    values[`:l${i}`] = list;
    values[":empty"] = [];
    return `#l${i} = list_append(if_not_exists(#l${i}, :empty), :l${i})`;
  });
  if (expiresAt !== undefined) {
    values[":expires"] = expiresAt;
    sets.push("expiresAt = :expires");
  }
  return {
    Update: {
      TableName: tableName,
      Key: { ...key },
      UpdateExpression: [
        sets.length ? `SET ${sets.join(", ")}` : "",
        adds.length ? `ADD ${adds.join(", ")}` : "",
      ]
        .filter(Boolean)
        .join(" "),
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
    },
  };
}

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
