// Approving or rejecting a registration: the one path the chat buttons and the staff console both take.
// Exactly once is the repository's conditional write; the seller's notice is built here for both callers.

import type { Language } from "../contact.js";
import type { UserRef } from "../events.js";
import type { Translate } from "../i18n.js";
import type { Notification } from "../turn.js";
import type { StaffDirectory } from "./ports.js";
import { type DecisionResult, type SellerRepository, userOfSellerId } from "./seller.js";

export const quickReasons = ["incomplete", "outside", "duplicate"] as const;
export const reasonKey = (code: string) =>
  `registration:review.reason${code[0]!.toUpperCase()}${code.slice(1)}`;

export interface RegistrationDecisionDeps {
  readonly sellers: SellerRepository;
  readonly staff: StaffDirectory;
  /** A translator for the seller's language. */
  readonly tFor: (language: Language) => Translate;
}

export interface RegistrationDecisionInput {
  readonly id: string;
  readonly decision: "approved" | "rejected";
  /** A typed reason, or a quick reason's code (its text in the seller's language). */
  readonly reason?: { readonly text: string; readonly code?: string };
  /** The staff member deciding; callers have checked the role server-side. */
  readonly staff: UserRef;
  readonly now: Date;
}

export interface RegistrationDecisionOutcome {
  readonly result: DecisionResult;
  /** The seller's notice when this call decided (nothing on "already" or "missing"). */
  readonly notice?: Notification;
}

export async function decideRegistration(
  deps: RegistrationDecisionDeps,
  input: RegistrationDecisionInput,
): Promise<RegistrationDecisionOutcome> {
  const result = await deps.sellers.decide({
    id: input.id,
    decision: input.decision,
    ...(input.reason ? { reason: input.reason.text } : {}),
    staff: input.staff,
    now: input.now,
  });
  if (result.status !== "decided") return { result };
  const seller = result.seller;
  const sellerUser = userOfSellerId(seller.id)!;
  const sellerT = deps.tFor(await deps.staff.languageOf(sellerUser));
  const reasonText = input.reason?.code ? sellerT(reasonKey(input.reason.code)) : (input.reason?.text ?? "—");
  const approved = input.decision === "approved";
  return {
    result,
    notice: {
      to: sellerUser,
      replies: [
        {
          text: sellerT(
            approved ? "registration:review.sellerApproved" : "registration:review.sellerRejected",
            {
              business: seller.businessName,
              reason: reasonText,
            },
          ),
        },
      ],
      purpose: {
        name: "registration_decision",
        params: {
          business: seller.businessName,
          decision: sellerT(approved ? "whatsapp.templateApproved" : "whatsapp.templateRejected", {
            reason: reasonText,
          }),
        },
      },
    },
  };
}
