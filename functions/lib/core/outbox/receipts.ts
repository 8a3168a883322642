// What a platform reports about a bulk message after it was sent (WhatsApp status webhooks): delivered and
// read receipts counted once per delivery, late failures moved in the job's counters, and their consequences.
import type { Logger } from "../../log/logger.js";
import type { Channel, UserRef } from "../events.js";
import type { Clock, SendProblem } from "../ports.js";
import type { DeliveryLedger, JobRepository } from "./ports.js";
import type { JobAlerts, MarketingOptOut } from "./problems.js";

export type DeliveryReport =
  | {
      readonly channel: Channel;
      readonly messageId: string;
      readonly status: "delivered" | "read";
    }
  | {
      readonly channel: Channel;
      readonly messageId: string;
      readonly status: "failed";
      readonly reason: string;
      /** "held": the platform held a marketing message (frequency cap); the person stays reachable. */
      readonly problem?: SendProblem | "held";
      readonly user?: UserRef;
    };

export interface ReceiptHandler {
  /** Idempotent: a repeated or out-of-order report changes nothing twice. */
  handle(report: DeliveryReport): Promise<void>;
}

export function createReceiptHandler(deps: {
  readonly deliveries: Pick<DeliveryLedger, "recordReceipt" | "failAfterSent">;
  readonly jobs: Pick<JobRepository, "get">;
  readonly optOut?: MarketingOptOut;
  readonly alerts?: JobAlerts;
  readonly clock: Clock;
  readonly logger: Logger;
}): ReceiptHandler {
  return {
    async handle(report) {
      const now = deps.clock.now();
      if (report.status !== "failed") {
        await deps.deliveries.recordReceipt(report.channel, report.messageId, report.status, now);
        return;
      }
      const as =
        report.problem === "held" ? "held" : report.problem === "marketing-opt-out" ? "skipped" : "failed";
      const ref = await deps.deliveries.failAfterSent(
        report.channel,
        report.messageId,
        report.reason,
        now,
        as,
      );
      if (report.problem === "marketing-opt-out" && report.user)
        await deps.optOut?.(report.user, `${report.channel}: ${report.reason}`, now);
      if (report.problem === "template" && ref) {
        const job = await deps.jobs.get(ref.jobId);
        if (job) await deps.alerts?.templateRejected(job, report.reason);
      }
    },
  };
}
