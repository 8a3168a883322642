// The registration draft kept in the conversation state between steps.
import type { Category, Licence } from "./fields.js";
import type { BuyerContact, SellerProfile } from "./seller.js";

export interface Draft {
  ownerName?: string;
  businessName?: string;
  category?: Category;
  kecamatan?: string;
  phone?: string;
  products?: string;
  licences?: Licence[];
  wantsStall?: boolean;
  buyerContact?: BuyerContact;
}

export const fieldOrder = [
  "ownerName",
  "businessName",
  "category",
  "kecamatan",
  "phone",
  "products",
  "licences",
  "wantsStall",
  "buyerContact",
] as const;
export type Field = (typeof fieldOrder)[number];

export interface RegistrationData {
  readonly draft: Draft;
  readonly mode: "new" | "edit";
  /** Set while editing one field from the summary: go back to the summary afterwards. */
  readonly returnToSummary?: boolean;
  /** Licences ticked so far in the multi-select step. */
  readonly selected?: Licence[];
  /** Where an interrupted registration stopped (while asking "continue or start over?"). */
  readonly resumeStep?: string;
}

export function isField(value: string): value is Field {
  return (fieldOrder as readonly string[]).includes(value);
}

export function completeProfile(draft: Draft): SellerProfile | undefined {
  const {
    ownerName,
    businessName,
    category,
    kecamatan,
    phone,
    products,
    licences,
    wantsStall,
    buyerContact,
  } = draft;
  if (!ownerName || !businessName || !category || !kecamatan || !phone || !products || !licences)
    return undefined;
  if (wantsStall === undefined || buyerContact === undefined) return undefined;
  return {
    ownerName,
    businessName,
    category,
    kecamatan,
    phone,
    products,
    licences,
    wantsStall,
    buyerContact,
  };
}

export function draftFromProfile(profile: SellerProfile): Draft {
  return { ...profile, licences: [...profile.licences] };
}
