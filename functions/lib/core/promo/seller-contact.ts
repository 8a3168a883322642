// What a buyer may see of a promo's seller: a click-to-chat link and the stall, only with the seller's consent.
import type { SellerRepository } from "../registration/seller.js";
import { userOfSellerId } from "../registration/seller.js";
import type { Reply } from "../replies.js";
import type { TurnContext } from "../turn.js";

/** Taman UMKM Bung Karno, Jl. Gatot Subroto (approximate pin; the stall number says where inside). */
export const marketPin = { latitude: -5.4235, longitude: 105.2722 } as const;

export interface SellerContactView {
  /** Lines for the promo card. */
  readonly lines: readonly string[];
  /** The stall number, when the seller agreed to show it. */
  readonly stall?: string;
}

export function createSellerContacts(sellers: Pick<SellerRepository, "get">) {
  /** Nothing at all unless the seller is approved and agreed to be shown to buyers. */
  async function viewOf(ctx: TurnContext, sellerId: string): Promise<SellerContactView> {
    const user = userOfSellerId(sellerId);
    const seller = user ? await sellers.get(user) : null;
    if (!seller) return { lines: [] };
    if (seller.status !== "approved" || !seller.buyerContact?.show) return { lines: [] };
    const link =
      seller.channel === "whatsapp"
        ? `https://wa.me/${seller.userId}`
        : seller.telegramUsername
          ? `https://t.me/${seller.telegramUsername}`
          : undefined;
    const lines = [
      link ? `💬 ${ctx.t("promo:browse.chatSeller", { link })}` : `💬 ${ctx.t("promo:browse.viaMarket")}`,
    ];
    const stall = seller.buyerContact.stall;
    if (stall) lines.push(`🏷️ ${ctx.t("promo:browse.stall", { stall })}`);
    return { lines, ...(stall ? { stall } : {}) };
  }

  /** The market's map pin, naming the stalls shown on this page. */
  function pin(ctx: TurnContext, stalls: readonly string[]): NonNullable<Reply["location"]> {
    const list = [...new Set(stalls)].join(", ");
    return {
      ...marketPin,
      name: ctx.t("promo:browse.pinName"),
      address: ctx.t("promo:browse.pinAddress", { stalls: list }),
    };
  }

  return { viewOf, pin };
}

export type SellerContacts = ReturnType<typeof createSellerContacts>;

/** A seller id in a link (Telegram start payloads allow [A-Za-z0-9_-] only): "t123", "w6281...". */
export function sellerRefOf(sellerId: string): string | undefined {
  const user = userOfSellerId(sellerId);
  return user ? `${user.channel === "telegram" ? "t" : "w"}${user.userId}` : undefined;
}

export function sellerIdOfRef(ref: string): string | undefined {
  const match = /^([tw])(\d{1,20})$/.exec(ref.trim());
  if (!match) return userOfSellerId(ref.trim()) ? ref.trim() : undefined;
  return `${match[1] === "t" ? "telegram" : "whatsapp"}:${match[2]}`;
}
