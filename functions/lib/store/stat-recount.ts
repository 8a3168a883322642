// Recomputes the maintained counters from the items themselves (existing data, or a check that they agree).
// Writes made while it reads may be missed: run it when the bot is quiet, or run it again.
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createSellerRepository } from "./seller-repository.js";
import { addTo, createStatCounters, sellerCounters, subscriptionCounters } from "./stat-counters.js";
import { createSubscriptionRepository } from "./subscription-repository.js";

export interface RecountOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** The counters as the items say they should be (only non-zero ones). */
export async function computeCounters(options: RecountOptions): Promise<Record<string, number>> {
  const subscriptions = createSubscriptionRepository(options);
  const [sellers, active, inactive] = await Promise.all([
    createSellerRepository(options).list(),
    subscriptions.listActive(),
    subscriptions.listInactive(),
  ]);
  const counters: Record<string, number> = {};
  for (const seller of sellers) addTo(counters, sellerCounters(seller), 1);
  for (const subscription of [...active, ...inactive]) addTo(counters, subscriptionCounters(subscription), 1);
  return counters;
}

/** Replaces the stored counters with a recount; returns the counters before and after. */
export async function recountCounters(
  options: RecountOptions,
  now: Date,
): Promise<{ before: Record<string, number>; after: Record<string, number> }> {
  const stored = createStatCounters(options);
  const before = { ...(await stored.read()) };
  const after = await computeCounters(options);
  await stored.replace(after, now);
  return { before, after };
}
