// The planner: turns due jobs into one delivery record + one queue message per recipient, page by page.
// Re-runnable at any point: delivery records are created with a condition (once per recipient), and a
// page is re-queued in full after a crash (the worker's claim makes duplicate queue messages harmless).
import type { Logger } from "../../log/logger.js";
import type { Clock } from "../ports.js";
import type { AudienceResolver, DeliveryLedger, JobRepository, OutboxQueue } from "./ports.js";
import type { JobReporter } from "./report.js";

export interface PlannerDeps {
  readonly jobs: JobRepository;
  readonly deliveries: DeliveryLedger;
  readonly audiences: AudienceResolver;
  readonly queue: OutboxQueue;
  readonly reporter: JobReporter;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long one planning run may hold a job before another may take over (renewed per page). */
  readonly leaseMs?: number;
}

export interface Planner {
  /** Plans every due job; returns how many jobs it planned to the end. */
  runDue(): Promise<number>;
  plan(jobId: string): Promise<boolean>;
}

const queueBatch = 10;

export function createPlanner(deps: PlannerDeps): Planner {
  const { jobs, deliveries, audiences, queue, clock } = deps;
  const leaseMs = deps.leaseMs ?? 120_000;
  const logger = deps.logger.child({ component: "outbox.planner" });

  async function plan(jobId: string): Promise<boolean> {
    const claim = await jobs.claimPlanning(jobId, clock.now(), leaseMs);
    if (!claim) return false;
    const { token } = claim;
    let cursor = claim.cursor;
    let job = claim.job;
    logger.info("outbox.planning", { jobId, resumed: cursor !== undefined });
    for (;;) {
      if (job.state === "cancelled") break;
      const page = await audiences.page(job.audience, cursor);
      for (let i = 0; i < page.recipients.length; i += queueBatch) {
        const chunk = page.recipients.slice(i, i + queueBatch);
        await deliveries.plan(jobId, chunk, clock.now());
        await queue.send(chunk.map((user) => ({ jobId, channel: user.channel, userId: user.userId })));
      }
      if (!page.cursor) break;
      cursor = page.cursor;
      const kept = await jobs.savePlanCursor(jobId, token, cursor, new Date(clock.now().getTime() + leaseMs));
      if (!kept) {
        logger.warn("outbox.planning_lease_lost", { jobId });
        return false;
      }
      job = (await jobs.get(jobId)) ?? job;
    }
    await jobs.markPlanned(jobId, token, clock.now());
    const planned = (await jobs.get(jobId)) ?? job;
    logger.info("outbox.planned", { jobId, total: planned.counters.total });
    if (claim.started && planned.state === "running") await deps.reporter.started(planned);
    const finished = await jobs.finishIfComplete(jobId, clock.now());
    if (finished) await deps.reporter.finished(finished);
    return true;
  }

  return {
    plan,
    async runDue() {
      let count = 0;
      for (const job of await jobs.due(clock.now())) {
        try {
          if (await plan(job.id)) count++;
        } catch (error) {
          // The lease expires and the next run resumes from the saved cursor.
          logger.error("outbox.planning_failed", { jobId: job.id, error });
        }
      }
      return count;
    },
  };
}
