// Audiences of a broadcast, read page by page from the single table:
//   semua: every contact (gsi1 ROLE#buyer, ROLE#seller, ROLE#staff), counted by the per-role counters;
//   penjual / kategori / kecamatan: approved sellers (gsi2 SELLER#approved, filtered by attribute);
//   pelanggan: promo subscribers from an injected SubscriberSource (unavailable without one).

import type { Channel, UserRef } from "../core/events.js";
import type { Audience } from "../core/outbox/model.js";
import type { AudiencePage, AudienceResolver, SubscriberSource } from "../core/outbox/ports.js";
import { decodeCursor, encodeCursor, unavailable } from "./dynamo.js";
import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from "./dynamo-commands.js";
import { keys } from "./keys.js";
import { contactCount, counterNames, createStatCounters } from "./stat-counters.js";

export interface AudienceOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly subscribers?: SubscriberSource | undefined;
  readonly pageSize?: number;
}

export class AudienceUnavailableError extends Error {
  override readonly name = "AudienceUnavailableError";
}

interface Cursor {
  readonly part: number;
  readonly key?: Record<string, unknown>;
}
const encode = (cursor: Cursor) => encodeCursor(cursor);
const decode = (cursor: string | undefined): Cursor => (cursor ? decodeCursor<Cursor>(cursor) : { part: 0 });

export function createAudienceResolver(options: AudienceOptions): AudienceResolver {
  const { client, tableName } = options;
  const pageSize = options.pageSize ?? 100;

  /** The queries that make up an audience, in order. */
  const queries = (audience: Audience): Omit<QueryCommandInput, "TableName">[] => {
    const approved = {
      IndexName: "gsi2",
      KeyConditionExpression: "gsi2pk = :pk",
      ExpressionAttributeValues: { ":pk": "SELLER#approved" } as Record<string, unknown>,
    };
    switch (audience.kind) {
      case "semua":
        return (["buyer", "seller", "staff"] as const).map((role) => ({
          IndexName: "gsi1",
          KeyConditionExpression: "gsi1pk = :pk",
          ExpressionAttributeValues: { ":pk": keys.role(role) },
        }));
      case "penjual":
        return [approved];
      case "kategori":
        return [
          {
            ...approved,
            FilterExpression: "category = :value",
            ExpressionAttributeValues: { ...approved.ExpressionAttributeValues, ":value": audience.value },
          },
        ];
      case "kecamatan":
        return [
          {
            ...approved,
            FilterExpression: "kecamatan = :value",
            ExpressionAttributeValues: { ...approved.ExpressionAttributeValues, ":value": audience.value },
          },
        ];
      case "pelanggan":
      // A reply job names its one person itself (planned when it is created).
      case "person":
        return [];
    }
  };

  const recipientOf = (item: Record<string, unknown>): UserRef | undefined =>
    (item.channel === "telegram" || item.channel === "whatsapp") && typeof item.userId === "string"
      ? { channel: item.channel as Channel, userId: item.userId }
      : undefined;

  return {
    availability(audience) {
      return audience.kind === "pelanggan" && !options.subscribers ? "unavailable" : "available";
    },

    async count(audience) {
      if (audience.kind === "pelanggan") {
        if (!options.subscribers) throw new AudienceUnavailableError("promo subscriptions do not exist yet");
        return options.subscribers.count();
      }
      // Counted by the maintained counters: one read at any size.
      if (audience.kind !== "person") {
        const counters = await createStatCounters(options).read();
        if (audience.kind === "semua") return contactCount(counters);
        if (audience.kind === "kategori") return counters[counterNames.approvedCategory(audience.value)] ?? 0;
        if (audience.kind === "kecamatan")
          return counters[counterNames.approvedKecamatan(audience.value)] ?? 0;
        return counters[counterNames.sellerStatus("approved")] ?? 0;
      }
      // A reply job names its one person itself: not an audience to count.
      return 0;
    },

    async page(audience, cursorText): Promise<AudiencePage> {
      if (audience.kind === "pelanggan") {
        if (!options.subscribers) throw new AudienceUnavailableError("promo subscriptions do not exist yet");
        return options.subscribers.page(cursorText);
      }
      const parts = queries(audience);
      let cursor = decode(cursorText);
      // Filtered queries can return empty pages: keep reading until something is found or all is read.
      for (;;) {
        const query = parts[cursor.part];
        if (!query) return { recipients: [] };
        let page: QueryCommandOutput;
        try {
          page = await client.send(
            new QueryCommand({
              ...query,
              TableName: tableName,
              Limit: pageSize,
              ...(cursor.key ? { ExclusiveStartKey: cursor.key } : {}),
            }),
          );
        } catch (error) {
          throw unavailable("read audience", error);
        }
        const recipients = (page.Items ?? []).map(recipientOf).filter((user): user is UserRef => !!user);
        const next: Cursor | undefined = page.LastEvaluatedKey
          ? { part: cursor.part, key: page.LastEvaluatedKey }
          : cursor.part + 1 < parts.length
            ? { part: cursor.part + 1 }
            : undefined;
        if (recipients.length || !next) return { recipients, ...(next ? { cursor: encode(next) } : {}) };
        cursor = next;
      }
    },
  };
}
