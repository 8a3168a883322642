// `admin -- sellers [--status pending|approved|rejected] [--format json|csv]`
import { type SellerStatus, sellerStatuses } from "../../functions/lib/core/registration/seller.js";
import { createSellerRepository } from "../../functions/lib/store/seller-repository.js";
import { render } from "../lib/output.js";
import { type AdminCommand, flagsOnly, formatFlag, UsageError } from "./command.js";

const columns = [
  "id",
  "channel",
  "ownerName",
  "businessName",
  "category",
  "kecamatan",
  "phone",
  "products",
  "licences",
  "wantsStall",
  "status",
  "rejectionReason",
  "createdAt",
  "updatedAt",
] as const;

const spec = { values: ["status", "format"] };

function statusFlag(value: string | true | undefined): SellerStatus | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !(sellerStatuses as readonly string[]).includes(value)) {
    throw new UsageError("--status must be pending, approved or rejected");
  }
  return value as SellerStatus;
}

export const sellersCommand: AdminCommand = {
  summary: "list registered sellers [--status pending|approved|rejected] [--format json|csv]",
  usage: "admin -- sellers [--status pending|approved|rejected] [--format json|csv]",
  parse(args) {
    const flags = flagsOnly(args, spec);
    statusFlag(flags.status);
    formatFlag(flags);
  },
  async run(args, store, io) {
    const flags = flagsOnly(args, spec);
    const sellers = await createSellerRepository({
      client: store.documentClient,
      tableName: store.tableName,
    }).list(statusFlag(flags.status));
    const rows = sellers.map((seller) => ({
      id: seller.id,
      channel: seller.channel,
      ownerName: seller.ownerName,
      businessName: seller.businessName,
      category: seller.category,
      kecamatan: seller.kecamatan,
      phone: seller.phone,
      products: seller.products,
      licences: [...seller.licences],
      wantsStall: seller.wantsStall,
      status: seller.status,
      ...(seller.rejectionReason ? { rejectionReason: seller.rejectionReason } : {}),
      createdAt: new Date(seller.createdAt).toISOString(),
      updatedAt: new Date(seller.updatedAt).toISOString(),
    }));
    io.out(render(rows, formatFlag(flags), columns));
    return 0;
  },
};
