// One promo as a buyer reads it (digest, browsing, search): product, price, seller, place.
import { formatRupiah } from "./price.js";
import type { Promo } from "./promo.js";

/** "Rp20.000 → Rp15.000" or "Rp20.000 · diskon 20%". */
export function promoPriceText(promo: Promo): string {
  return promo.promoPrice !== undefined
    ? `${formatRupiah(promo.normalPrice)} → ${formatRupiah(promo.promoPrice)}`
    : `${formatRupiah(promo.normalPrice)} · ${promo.discountText ?? ""}`;
}

/** The card of one promo; `extra` lines (stall, contact) only where the seller agreed to show them. */
export function promoCardText(
  t: (key: string, options?: Record<string, unknown>) => string,
  promo: Promo,
  extra: readonly string[] = [],
): string {
  return [
    `🛍️ ${promo.product}`,
    `💰 ${promoPriceText(promo)}`,
    `🏪 ${t("promo:browse.seller", { business: promo.businessName })}`,
    `📍 ${promo.location}`,
    ...extra,
  ].join("\n");
}

/** A photo usable in this chat: media ids only work on the platform they came from; https links anywhere. */
export function promoPhotoFor(promo: Promo, channel: Promo["channel"]): string | undefined {
  if (!promo.photo) return undefined;
  return promo.photoChannel === channel || /^https:\/\//.test(promo.photo) ? promo.photo : undefined;
}
