// "Isi contoh promo" in the simulator's staff panel: a few approved sellers (who agreed to be shown to
// buyers, with a stall) and their approved promos for the weekend buyers browse now, written through the
// same repositories as the chat. Enough promos that browsing asks for a category and pages.

import type { Clock } from "../../functions/lib/core/ports.js";
import { type Promo, promoIdFrom } from "../../functions/lib/core/promo/promo.js";
import { browseWeekends, type WeeklyTime } from "../../functions/lib/core/promo/weekend.js";
import type { SellerProfile } from "../../functions/lib/core/registration/seller.js";
import type { DynamoDBDocumentClient } from "../../functions/lib/store/dynamo-commands.js";
import { createPromoRepository } from "../../functions/lib/store/promo-repository.js";
import { createSellerRepository } from "../../functions/lib/store/seller-repository.js";

interface DemoSeller {
  readonly userId: string;
  readonly profile: SellerProfile;
  readonly promos: readonly {
    product: string;
    normalPrice: number;
    promoPrice?: number;
    discountText?: string;
  }[];
}

const profile = (fields: Partial<SellerProfile> & Pick<SellerProfile, "businessName" | "category">) => ({
  ownerName: "Contoh",
  kecamatan: "Enggal",
  phone: "081200000000",
  products: fields.businessName,
  licences: [],
  wantsStall: true,
  ...fields,
});

// Telegram ids far from the simulator's personas: demo sellers never chat.
const demoSellers: readonly DemoSeller[] = [
  {
    userId: "990001",
    profile: profile({
      businessName: "Dapur Bu Ani",
      category: "kuliner",
      buyerContact: { show: true, stall: "A3" },
    }),
    promos: [
      { product: "Pempek kapal selam", normalPrice: 15_000, promoPrice: 12_000 },
      { product: "Seruit ikan bakar", normalPrice: 35_000, discountText: "diskon 20%" },
    ],
  },
  {
    userId: "990002",
    profile: profile({
      businessName: "Kopi Way Kanan",
      category: "pertanian-olahan",
      buyerContact: { show: true, stall: "C1" },
    }),
    promos: [{ product: "Kopi robusta bubuk 250 g", normalPrice: 40_000, promoPrice: 32_000 }],
  },
  {
    userId: "990003",
    profile: profile({
      businessName: "Tapis Siger Emas",
      category: "kerajinan-tapis",
      buyerContact: { show: true, stall: "D7" },
    }),
    promos: [
      { product: "Selendang tapis motif kapal", normalPrice: 250_000, discountText: "beli 2 gratis 1" },
    ],
  },
  {
    userId: "990004",
    profile: profile({
      businessName: "Lapis Legit Mama Rika",
      category: "kuliner",
      buyerContact: { show: false },
    }),
    promos: [{ product: "Lapis legit original", normalPrice: 120_000, promoPrice: 100_000 }],
  },
];

export function createDemoPromos(deps: {
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock: Clock;
  readonly cutoff: WeeklyTime;
}) {
  const store = { client: deps.documentClient, tableName: deps.tableName };
  const sellers = createSellerRepository(store);
  const promos = createPromoRepository(store);
  return {
    /** Idempotent: the same sellers and promo ids every time, so pressing twice adds nothing. */
    async seed(): Promise<{ readonly summary: string }> {
      const now = deps.clock.now();
      const weekend = browseWeekends(now, deps.cutoff)[0]!;
      const staff = { channel: "telegram" as const, userId: "1" };
      let count = 0;
      for (const seller of demoSellers) {
        const user = { channel: "telegram" as const, userId: seller.userId };
        if (!(await sellers.get(user)))
          await sellers.save({
            user,
            profile: seller.profile,
            status: "pending",
            submissionKey: `demo:${seller.userId}`,
            now,
          });
        await sellers.decide({ id: `telegram:${seller.userId}`, decision: "approved", staff, now });
        for (const offer of seller.promos) {
          const promo: Promo = {
            id: promoIdFrom(`demo:${weekend}:${offer.product}`),
            sellerId: `telegram:${seller.userId}`,
            channel: "telegram",
            userId: seller.userId,
            businessName: seller.profile.businessName,
            category: seller.profile.category,
            ...offer,
            location: "Taman UMKM Bung Karno, Jl. Gatot Subroto",
            weekend,
            status: "pending",
            createdAt: now.getTime(),
            updatedAt: now.getTime(),
          };
          const saved = await promos.create(promo, 10);
          if (saved.status === "saved" && saved.promo.status === "pending")
            await promos.decide({ user, id: promo.id, decision: "approved", staff, now });
          count += 1;
        }
      }
      return {
        summary: `${demoSellers.length} penjual contoh dan ${count} promo untuk akhir pekan ${weekend} siap.`,
      };
    },
  };
}
