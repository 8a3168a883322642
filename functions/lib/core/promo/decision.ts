// Approving or rejecting a promo: the one path the chat's review buttons and the staff console both take.
// Exactly once is the repository's conditional write; the seller's notice is built here for both callers.
import type { Language } from "../contact.js";
import type { UserRef } from "../events.js";
import type { Translate } from "../i18n.js";
import type { StaffDirectory } from "../registration/ports.js";
import type { Notification } from "../turn.js";
import type { LateApprovalOutcome } from "./digest.js";
import type { Promo, PromoDecisionResult, PromoRepository } from "./promo.js";
import { weekendLabel } from "./weekend.js";

export const promoQuickReasons = ["price", "product", "photo"] as const;
export const promoReasonKey = (code: string) =>
  `promo:review.reason${code[0]!.toUpperCase()}${code.slice(1)}`;

export interface PromoDecisionDeps {
  readonly promos: PromoRepository;
  readonly staff: StaffDirectory;
  /** A translator for the seller's language. */
  readonly tFor: (language: Language) => Translate;
  /** A promo approved after its weekend's digest went out: a follow-up, or too late (digest.ts). */
  readonly lateApprovals?: { afterApproval(promo: Promo, now: Date): Promise<LateApprovalOutcome> };
}

export interface PromoDecisionInput {
  /** The seller who posted it. */
  readonly user: UserRef;
  readonly id: string;
  readonly decision: "approved" | "rejected";
  /** A typed reason, or a quick reason's code (its text in the seller's language). */
  readonly reason?: { readonly text: string; readonly code?: string };
  /** The staff member deciding; callers have checked the role server-side. */
  readonly staff: UserRef;
  readonly now: Date;
}

export interface PromoDecisionOutcome {
  readonly result: PromoDecisionResult;
  /** The seller's notice when this call decided (nothing on "already" or "missing"). */
  readonly notice?: Notification;
}

export async function decidePromo(
  deps: PromoDecisionDeps,
  input: PromoDecisionInput,
): Promise<PromoDecisionOutcome> {
  const result = await deps.promos.decide({
    user: input.user,
    id: input.id,
    decision: input.decision,
    ...(input.reason ? { reason: input.reason.text } : {}),
    staff: input.staff,
    now: input.now,
  });
  if (result.status !== "decided") return { result };
  const { promo } = result;
  const language = await deps.staff.languageOf(input.user);
  const tr = deps.tFor(language);
  // Tell the seller truthfully whether subscribers will still hear of it this weekend.
  const late =
    input.decision === "approved" && deps.lateApprovals
      ? await deps.lateApprovals.afterApproval(promo, input.now)
      : "in-digest";
  const approvedKey = {
    "in-digest": "promo:review.sellerApproved",
    "follow-up": "promo:review.sellerApprovedFollowUp",
    "too-late": "promo:review.sellerApprovedLate",
  }[late];
  const reasonText = input.reason?.code ? tr(promoReasonKey(input.reason.code)) : (input.reason?.text ?? "—");
  return {
    result,
    notice: {
      to: input.user,
      replies: [
        {
          text: tr(input.decision === "approved" ? approvedKey : "promo:review.sellerRejected", {
            product: promo.product,
            weekend: weekendLabel(promo.weekend, language),
            reason: reasonText,
          }),
        },
      ],
    },
  };
}
