// The registration summary shown to the seller (to check) and to staff (to review).
import type { Translate } from "../i18n.js";
import type { Draft } from "./draft.js";
import { kecamatanById } from "./kecamatan.js";
import type { SellerProfile } from "./seller.js";

export function summaryLines(t: Translate, draft: Draft | SellerProfile): string {
  const value = (text: string | undefined) => text ?? "—";
  const licences = draft.licences?.length
    ? draft.licences.map((licence) => t(`registration:licence.${licence}`)).join(", ")
    : draft.licences
      ? t("registration:summary.none")
      : undefined;
  const rows: [string, string | undefined][] = [
    ["ownerName", draft.ownerName],
    ["businessName", draft.businessName],
    ["category", draft.category ? t(`registration:category.${draft.category}`) : undefined],
    ["kecamatan", draft.kecamatan ? kecamatanById(draft.kecamatan)?.name : undefined],
    ["phone", draft.phone],
    ["products", draft.products],
    ["licences", licences],
    [
      "wantsStall",
      draft.wantsStall === undefined
        ? undefined
        : t(`registration:summary.${draft.wantsStall ? "yes" : "no"}`),
    ],
    [
      "buyerContact",
      draft.buyerContact === undefined
        ? undefined
        : draft.buyerContact.show
          ? t("registration:summary.contactShown", {
              stall: draft.buyerContact.stall ?? t("registration:summary.none"),
            })
          : t("registration:summary.contactHidden"),
    ],
  ];
  return rows.map(([field, text]) => `• ${t(`registration:field.${field}`)}: ${value(text)}`).join("\n");
}
