// The approve/reject route the registrations and promos pages share: a strict body (the record's reference, the
// decision, a reason for a rejection), the chat's own decision, 404/409 answers, an audit entry, then the notice.
import * as z from "zod";
import type { UserRef } from "../core/events.js";
import type { Notification } from "../core/turn.js";
import type { Notify } from "./notify.js";
import { apiJson, badRequest } from "./respond.js";
import type { ConsoleRoute } from "./route.js";

export interface StaffDecision {
  /** The record's reference as the body named it. */
  readonly ref: string;
  readonly decision: "approved" | "rejected";
  readonly reason?: { readonly text: string };
  readonly staff: UserRef;
}

export type DecidedRecord<T> =
  | { readonly status: "missing" }
  | { readonly status: "decided" | "already"; readonly record: T };

export interface DecisionOutcome<T> {
  readonly result: DecidedRecord<T>;
  /** The seller's notice when this call decided. */
  readonly notice?: Notification;
}

export interface DecisionRouteOptions<T extends { status: string; rejectionReason?: string }> {
  /** e.g. "registrations/decide". */
  readonly path: string;
  /** The body's field that names the record ("id", "ref") and what it must look like. */
  readonly refField: string;
  readonly ref: z.ZodString;
  /** Audited as "<auditPrefix>.approve" / "<auditPrefix>.reject" on the reference. */
  readonly auditPrefix: string;
  /** The chat path's own decision. */
  decide(decision: StaffDecision): Promise<DecisionOutcome<T>>;
  /** What the answers name the record by besides its status (e.g. its business name). */
  describe(record: T): Record<string, string>;
  /** The notice's seed: the same decision retried sends it once. */
  noticeSeed(ref: string, record: T): string;
  readonly notify: Notify;
}

const reason = z.string().trim().min(3).max(300);
type Body = ({ decision: "approved" } | { decision: "rejected"; reason: string }) & Record<string, unknown>;

export function createDecisionRoute<T extends { status: string; rejectionReason?: string }>(
  options: DecisionRouteOptions<T>,
): ConsoleRoute {
  const ref = { [options.refField]: options.ref };
  // The reference's field is the page's; the parsed body still has it (as a string) beside the decision.
  const schema: z.ZodType<Body> = z.discriminatedUnion("decision", [
    z.strictObject({ ...ref, decision: z.literal("approved") }),
    z.strictObject({ ...ref, decision: z.literal("rejected"), reason }),
  ]);
  return {
    method: "POST",
    path: options.path,
    async handle(call) {
      const parsed = schema.safeParse(call.body);
      if (!parsed.success) return badRequest();
      const input = parsed.data;
      const target = String(input[options.refField]);
      const { result, notice } = await options.decide({
        ref: target,
        decision: input.decision,
        ...(input.decision === "rejected" ? { reason: { text: input.reason } } : {}),
        staff: call.staff.user,
      });
      if (result.status === "missing") return apiJson(404, { error: "missing" });
      const { record } = result;
      if (result.status === "already")
        return apiJson(409, { error: "already", ...options.describe(record), status: record.status });
      await call.audit(
        `${options.auditPrefix}.${input.decision === "approved" ? "approve" : "reject"}`,
        target,
        { status: "pending" },
        { status: record.status, ...(record.rejectionReason ? { reason: record.rejectionReason } : {}) },
      );
      // After the decision is stored, like the chat path: the seller hears it on their own channel.
      if (notice) await options.notify(notice, options.noticeSeed(target, record));
      return apiJson(200, { ok: true, ...options.describe(record), status: record.status });
    },
  };
}
