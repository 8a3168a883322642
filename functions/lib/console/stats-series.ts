// The console's time series (not in /statistik): subscribers per week and promos per weekend, computed from
// the repositories when the statistics page loads. Cost: one read of every subscription (two index queries,
// O(subscribers)) and one query per weekend shown; acceptable for a staff page, kept out of the chat path.
import type { PromoRepository } from "../core/promo/promo.js";
import type { SubscriptionRepository } from "../core/promo/subscription.js";
import { openWeekend, type WeeklyTime } from "../core/promo/weekend.js";

const weekMs = 7 * 24 * 60 * 60 * 1000;

export interface WeeklySubscribers {
  /** The end of the week (epoch ms): the count is who was subscribed at that moment. */
  readonly at: number;
  readonly active: number;
}

export interface WeekendPromos {
  readonly weekend: string;
  readonly pending: number;
  readonly approved: number;
  readonly rejected: number;
  readonly withdrawn: number;
}

export interface StatsSeries {
  subscribersWeekly(now: Date, weeks: number): Promise<WeeklySubscribers[]>;
  promosWeekly(now: Date, weekends: number): Promise<WeekendPromos[]>;
}

export function createStatsSeries(deps: {
  readonly subscriptions: Pick<SubscriptionRepository, "listActive" | "listInactive">;
  readonly promos: Pick<PromoRepository, "listByWeekend">;
  readonly cutoff: WeeklyTime;
}): StatsSeries {
  return {
    async subscribersWeekly(now, weeks) {
      const [active, inactive] = await Promise.all([
        deps.subscriptions.listActive(),
        deps.subscriptions.listInactive(),
      ]);
      const all = [...active, ...inactive];
      // Only the latest opt-in/out of a person is stored: someone who left and came back counts from their return.
      return Array.from({ length: weeks }, (_, index) => {
        const at = now.getTime() - (weeks - 1 - index) * weekMs;
        const count = all.filter(
          (one) =>
            (one.optedInAt ?? one.updatedAt) <= at &&
            (one.active || one.optedOutAt === undefined || one.optedOutAt > at),
        ).length;
        return { at, active: count };
      });
    },

    async promosWeekly(now, weekends) {
      const last = openWeekend(now, deps.cutoff);
      const saturdays = Array.from({ length: weekends }, (_, index) => {
        const date = new Date(`${last}T00:00:00Z`);
        date.setUTCDate(date.getUTCDate() - (weekends - 1 - index) * 7);
        return date.toISOString().slice(0, 10);
      });
      return Promise.all(
        saturdays.map(async (weekend) => {
          const promos = await deps.promos.listByWeekend(weekend);
          const count = (status: string) => promos.filter((promo) => promo.status === status).length;
          return {
            weekend,
            pending: count("pending"),
            approved: count("approved"),
            rejected: count("rejected"),
            withdrawn: count("withdrawn"),
          };
        }),
      );
    },
  };
}
