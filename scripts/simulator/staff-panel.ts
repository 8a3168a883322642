// The staff panel's data, read through the same repositories the admin CLI uses. Outbox jobs and the
// weekend digest appear only when the app hands the simulator a hook for them (never faked here).

import { summariseUnanswered } from "../../functions/lib/core/faq/unanswered.js";
import type { Clock } from "../../functions/lib/core/ports.js";
import type { DynamoDBDocumentClient } from "../../functions/lib/store/dynamo-commands.js";
import { createSellerRepository } from "../../functions/lib/store/seller-repository.js";
import { createUnansweredLog } from "../../functions/lib/store/unanswered-log.js";

/** An outbox job as the panel shows it (live counters). */
export interface OutboxJobView {
  readonly id: string;
  readonly state: string;
  readonly audience: string;
  readonly sendAt: number;
  readonly counters: Readonly<Record<string, number>>;
}

/** Optional features of the app the panel can drive; each slot stays hidden until its hook exists. */
export interface SimulatorHooks {
  /** The outbox jobs, newest first, with their counters. */
  readonly listOutboxJobs?: () => Promise<readonly OutboxJobView[]>;
  /** Runs the weekend digest now (what the Friday schedule does); returns a short summary for staff. */
  readonly runDigestNow?: () => Promise<{ readonly summary: string }>;
}

export interface StaffPanelData {
  readonly pendingRegistrations: number;
  readonly unanswered: readonly { readonly text: string; readonly count: number; readonly lastAt: string }[];
  readonly unansweredTotal: number;
  readonly outbox:
    | { readonly available: false }
    | { readonly available: true; readonly jobs: readonly OutboxJobView[] };
  readonly digest: { readonly available: boolean };
}

export function createStaffPanel(options: {
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock: Clock;
  readonly hooks?: SimulatorHooks;
}) {
  const store = { client: options.documentClient, tableName: options.tableName };
  const sellers = createSellerRepository(store);
  const unanswered = createUnansweredLog(store);
  const hooks = options.hooks ?? {};
  return {
    hooks,
    async read(): Promise<StaffPanelData> {
      const [pending, questions, jobs] = await Promise.all([
        sellers.list("pending"),
        unanswered.list(options.clock.now()),
        hooks.listOutboxJobs ? hooks.listOutboxJobs() : Promise.resolve(undefined),
      ]);
      const summary = summariseUnanswered(questions);
      return {
        pendingRegistrations: pending.length,
        unanswered: summary.slice(0, 10).map((row) => ({
          text: row.examples[0] ?? row.normalised,
          count: row.count,
          lastAt: row.lastAt,
        })),
        unansweredTotal: questions.length,
        outbox: jobs ? { available: true, jobs } : { available: false },
        digest: { available: Boolean(hooks.runDigestNow) },
      };
    },
  };
}
