// The planner: turns due jobs into one queue message per recipient, page by page, counting them on the job
// (absolute totals, so a resumed run that re-queues its last page never counts it twice); the worker's
// claim makes each delivery record and makes duplicate queue messages harmless. It also recounts quiet,
// unfinished jobs from their delivery records (a worker that died between a settle and its count).
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
  /** Plans every due job (and recounts quiet open ones); returns how many jobs it planned to the end. */
  runDue(): Promise<number>;
  plan(jobId: string): Promise<boolean>;
  /** Recounts a planned, unfinished job from its records once nothing moved for a lease; true if it finished. */
  reconcile(jobId: string): Promise<boolean>;
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
    let count = claim.plannedAtCursor;
    logger.info("outbox.planning", { jobId, resumed: cursor !== undefined });
    for (;;) {
      if (job.state === "cancelled") break;
      const page = await audiences.page(job.audience, cursor);
      if (page.recipients.length) {
        count += page.recipients.length;
        // Counted before queued, so no settle ever finds more finished than planned.
        if (!(await jobs.countPlanned(jobId, token, count))) {
          logger.warn("outbox.planning_lease_lost", { jobId });
          return false;
        }
      }
      for (let i = 0; i < page.recipients.length; i += queueBatch) {
        const chunk = page.recipients.slice(i, i + queueBatch);
        await queue.send(chunk.map((user) => ({ jobId, channel: user.channel, userId: user.userId })));
      }
      if (!page.cursor) break;
      cursor = page.cursor;
      const leaseUntil = new Date(clock.now().getTime() + leaseMs);
      const kept = await jobs.savePlanCursor(jobId, token, cursor, leaseUntil, count);
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

  async function reconcile(jobId: string): Promise<boolean> {
    const job = await jobs.get(jobId);
    if (!job?.planned || job.finishedAt) return false;
    const now = clock.now();
    const lastMove = job.lastCountedAt ?? job.updatedAt;
    // Only a job whose counts stood still for a lease, and only once per standstill.
    if (now.getTime() - lastMove < leaseMs) return false;
    if (job.counters.queued > 0) {
      if (job.recountedAt !== undefined && job.recountedAt >= lastMove) return false;
      const recount = await deliveries.recount(jobId, job.counters.total);
      // A record settled within the lease may still have its count on the way: wait for the next run.
      if (now.getTime() - recount.lastChangeAt < leaseMs) return false;
      const corrected = await jobs.correct(jobId, recount.counters, now);
      logger.warn("outbox.recounted", {
        jobId,
        queuedBefore: job.counters.queued,
        queuedAfter: corrected?.counters.queued,
      });
    }
    const finished = await jobs.finishIfComplete(jobId, clock.now());
    if (finished) await deps.reporter.finished(finished);
    return finished !== null;
  }

  let lastReconcile = Number.NEGATIVE_INFINITY;

  return {
    plan,
    reconcile,
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
      // The open jobs at most once per lease (locally this runs every second).
      if (clock.now().getTime() - lastReconcile >= leaseMs) {
        lastReconcile = clock.now().getTime();
        try {
          for (const id of await jobs.open()) {
            await reconcile(id).catch((error: unknown) =>
              logger.error("outbox.recount_failed", { jobId: id, error }),
            );
          }
        } catch (error) {
          logger.error("outbox.recount_failed", { error });
        }
      }
      return count;
    },
  };
}
