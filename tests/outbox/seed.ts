// Test data for the outbox: contacts and approved sellers written straight into the test table.

import type { Channel } from "../../functions/lib/core/events.js";
import { BatchWriteCommand, type DynamoDBDocumentClient } from "../../functions/lib/store/dynamo-commands.js";
import { recountCounters } from "../../functions/lib/store/stat-recount.js";
import { startTwoChannelApp, type TwoChannelApp } from "../support/two-channels.js";

export interface SeedContact {
  readonly channel: Channel;
  readonly userId: string;
  readonly role?: "buyer" | "seller" | "staff";
  readonly language?: "id" | "en";
  readonly lastInboundAt?: number;
  readonly unreachable?: boolean;
  readonly seller?: { readonly category: string; readonly kecamatan: string; readonly status?: string };
}

export function contactItems(contact: SeedContact): Record<string, unknown>[] {
  const role = contact.role ?? (contact.seller?.status === "approved" ? "seller" : "buyer");
  const pk = `USER#${contact.channel}#${contact.userId}`;
  const items: Record<string, unknown>[] = [
    {
      pk,
      sk: "CONTACT",
      channel: contact.channel,
      userId: contact.userId,
      role,
      language: contact.language ?? "id",
      consents: [],
      unreachable: contact.unreachable ?? false,
      createdAt: 1,
      updatedAt: 1,
      gsi1pk: `ROLE#${role}`,
      gsi1sk: `${contact.channel}#${contact.userId}`,
      ...(contact.lastInboundAt !== undefined ? { lastInboundAt: contact.lastInboundAt } : {}),
    },
  ];
  if (contact.seller) {
    const status = contact.seller.status ?? "approved";
    items.push({
      pk,
      sk: "SELLER",
      id: `${contact.channel}:${contact.userId}`,
      channel: contact.channel,
      userId: contact.userId,
      ownerName: "Pemilik",
      businessName: `Usaha ${contact.userId}`,
      category: contact.seller.category,
      kecamatan: contact.seller.kecamatan,
      phone: "+6281234567890",
      products: "produk",
      licences: [],
      wantsStall: false,
      status,
      createdAt: 1,
      updatedAt: 1,
      submissionKey: "seed",
      version: 1,
      gsi2pk: `SELLER#${status}`,
      gsi2sk: `${String(1).padStart(15, "0")}#${contact.channel}:${contact.userId}`,
    });
  }
  return items;
}

/**
 * A broadcast's recipients on both channels: Telegram chats, and WhatsApp numbers that last wrote at
 * `lastInboundAt` (default an hour ago: inside the 24-hour window, so a free-form message may be sent).
 */
export function channelContacts(
  ids: { readonly telegram?: readonly string[]; readonly whatsapp?: readonly string[] },
  lastInboundAt = Date.now() - 60 * 60 * 1000,
): SeedContact[] {
  return [
    ...(ids.telegram ?? []).map((userId) => ({ channel: "telegram" as const, userId })),
    ...(ids.whatsapp ?? []).map((userId) => ({ channel: "whatsapp" as const, userId, lastInboundAt })),
  ];
}

export async function seedContacts(
  client: DynamoDBDocumentClient,
  tableName: string,
  contacts: readonly SeedContact[],
): Promise<void> {
  const items = contacts.flatMap(contactItems);
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  // A few batches at a time: DynamoDB Local is shared by every test file.
  for (let i = 0; i < chunks.length; i += 8) {
    await Promise.all(
      chunks.slice(i, i + 8).map(async (chunk) => {
        let request: Record<string, unknown[]> | undefined = {
          [tableName]: chunk.map((Item) => ({ PutRequest: { Item } })),
        };
        while (request && Object.keys(request).length) {
          const result = await client.send(new BatchWriteCommand({ RequestItems: request as never }));
          request = result.UnprocessedItems as Record<string, unknown[]> | undefined;
        }
      }),
    );
  }
  // Written around the repositories, like data from before the counters: recount them as an operator would.
  await recountCounters({ client, tableName }, new Date());
}

/** Env for a fast test: limits far above what DynamoDB Local can drive, tiny backoff. */
export const fastOutboxEnv = {
  TELEGRAM_RATE_PER_SECOND: "5000",
  TELEGRAM_RATE_PER_CHAT_PER_SECOND: "1000",
  WHATSAPP_RATE_PER_SECOND: "5000",
  WHATSAPP_PAIR_RATE_SECONDS: "0.001",
  OUTBOX_BACKOFF_MS: "1",
  OUTBOX_MAX_ATTEMPTS: "3",
  OUTBOX_CONCURRENCY: "16",
  OUTBOX_POLL_MS: "20",
  OUTBOX_LEASE_SECONDS: "2",
  OUTBOX_VISIBILITY_SECONDS: "3",
  LOG_LEVEL: "warn",
};

/** The app on both channels with the fast outbox settings, `contacts` already in its own table. */
export async function startOutboxApp(name: string, contacts: readonly SeedContact[]): Promise<TwoChannelApp> {
  const started = await startTwoChannelApp({ name, env: fastOutboxEnv });
  await seedContacts(started.table.documentClient, started.table.tableName, contacts);
  return started;
}
