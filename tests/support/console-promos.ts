// A pending weekend promo from an approved seller who wrote to the bot first (console promo tests).
import { openWeekend, parseWeeklyTime } from "../../functions/lib/core/promo/weekend.js";
import { createPromoRepository } from "../../functions/lib/store/promo-repository.js";
import type { ConsoleHarness } from "./console.js";
import { seedApprovedSeller } from "./sellers.js";
import { telegramChat } from "./telegram-chat.js";
import { whatsappChat } from "./whatsapp-chat.js";

/** Returns the promo's reference "<channel>:<userId>:<id>" (what the console and the chat's buttons use). */
export async function pendingPromo(
  harness: ConsoleHarness,
  channel: "telegram" | "whatsapp",
  userId: string,
  product: string,
  id = `p${userId}`,
): Promise<string> {
  const user = { channel, userId };
  const now = harness.clock.now();
  await seedApprovedSeller(harness.table, user, now, {
    beforeApproval: async () => {
      if (channel === "telegram")
        await telegramChat(harness.test.app, harness.telegram, Number(userId), "Rina").say("halo");
      else await whatsappChat(harness.test.app, harness.whatsapp, userId, "Rina").say("halo");
    },
  });
  const store = { client: harness.table.documentClient, tableName: harness.table.tableName };
  await createPromoRepository(store).create(
    {
      id,
      sellerId: `${channel}:${userId}`,
      channel,
      userId,
      businessName: `Kripik Rina ${userId}`,
      category: "kuliner",
      product,
      normalPrice: 20_000,
      promoPrice: 15_000,
      location: "Taman UMKM Bung Karno",
      weekend: openWeekend(now, parseWeeklyTime("FRI 12:00")!),
      status: "pending",
      createdAt: now.getTime(),
      updatedAt: now.getTime(),
    },
    3,
  );
  return `${channel}:${userId}:${id}`;
}
