// An approved seller written straight into the store (a test about promos does not walk registration).
import type { UserRef } from "../../functions/lib/core/events.js";
import type { SellerProfile } from "../../functions/lib/core/registration/seller.js";
import { createSellerRepository } from "../../functions/lib/store/seller-repository.js";
import type { TestTable } from "./store.js";

/**
 * Saves a pending registration for `user` and approves it. `beforeApproval` runs in between (e.g. the person
 * writes first, so their contact exists when the approval reaches them).
 */
export async function seedApprovedSeller(
  table: TestTable,
  user: UserRef,
  now: Date,
  options: { profile?: Partial<SellerProfile>; beforeApproval?: () => Promise<void> } = {},
): Promise<void> {
  const sellers = createSellerRepository({ client: table.documentClient, tableName: table.tableName });
  await sellers.save({
    user,
    profile: {
      ownerName: "Rina",
      businessName: `Kripik Rina ${user.userId}`,
      category: "kuliner",
      kecamatan: "kedaton",
      phone: "+6281234567890",
      products: "kripik",
      licences: [],
      wantsStall: true,
      ...options.profile,
    },
    status: "pending",
    submissionKey: `seed-${user.userId}`,
    now,
  });
  await options.beforeApproval?.();
  await sellers.decide({
    id: `${user.channel}:${user.userId}`,
    decision: "approved",
    staff: { channel: "telegram", userId: "1" },
    now,
  });
}
