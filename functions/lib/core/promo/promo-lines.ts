// The lines describing a promo, shared by the seller's summary, staff review and the weekend digest.
import type { Translate } from "../i18n.js";
import { formatRupiah } from "./price.js";
import type { PromoDraft } from "./promo.js";
import { weekendLabel } from "./weekend.js";

export function promoLines(t: Translate, promo: PromoDraft, language: "id" | "en"): string {
  const lines = [`🛍️ ${promo.product ?? "—"}`];
  if (promo.normalPrice !== undefined)
    lines.push(`${t("promo:line.normal")}: ${formatRupiah(promo.normalPrice)}`);
  if (promo.promoPrice !== undefined)
    lines.push(`${t("promo:line.promo")}: ${formatRupiah(promo.promoPrice)}`);
  if (promo.discountText) lines.push(`${t("promo:line.offer")}: ${promo.discountText}`);
  if (promo.location) lines.push(`${t("promo:line.where")}: ${promo.location}`);
  if (promo.weekend) lines.push(`${t("promo:line.when")}: ${weekendLabel(promo.weekend, language)}`);
  return lines.join("\n");
}
