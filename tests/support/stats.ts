// What the statistics tests share: the store of a test table, its stats source, and the records they seed.
import { parseConfig } from "../../functions/lib/config/config.js";
import type { Promo } from "../../functions/lib/core/promo/promo.js";
import { createStatsSource } from "../../functions/lib/store/stats-source.js";
import { createTicketRepository } from "../../functions/lib/store/ticket-repository.js";
import type { TestTable } from "./store.js";

export const statsStoreOf = (table: TestTable) => ({
  client: table.documentClient,
  tableName: table.tableName,
});

/** The stats source as the app builds it (default PROMO_CUTOFF). */
export const statsSourceOf = (table: TestTable) =>
  createStatsSource({ ...statsStoreOf(table), promoCutoff: parseConfig({}).promo.cutoff });

/** A pending promo of a Telegram seller for `weekend`. */
export const testPromo = (
  id: string,
  userId: string,
  weekend: string,
  now: Date,
  fields: Partial<Pick<Promo, "businessName" | "product">> = {},
): Promo => ({
  id,
  sellerId: `telegram:${userId}`,
  channel: "telegram",
  userId,
  businessName: fields.businessName ?? "Usaha",
  category: "kuliner",
  product: fields.product ?? "Keripik",
  normalPrice: 20000,
  promoPrice: 15000,
  location: "Taman UMKM Bung Karno",
  weekend,
  status: "pending",
  createdAt: now.getTime(),
  updatedAt: now.getTime(),
});

/** Opens a buyer's ticket (its id also its source, unless given). */
export const openTestTicket = (
  table: TestTable,
  ticket: {
    id: string;
    userId: string;
    at: Date;
    channel?: "telegram" | "whatsapp";
    name?: string;
    sourceKey?: string;
  },
) =>
  createTicketRepository(statsStoreOf(table)).open({
    id: ticket.id,
    user: { channel: ticket.channel ?? "telegram", userId: ticket.userId },
    name: ticket.name ?? "Budi",
    role: "buyer",
    language: "id",
    questions: [],
    sourceKey: ticket.sourceKey ?? ticket.id,
    now: ticket.at,
  });
