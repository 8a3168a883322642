// After the weekend, each seller gets a short report per approved promo: how many subscribers it went to and,
// on WhatsApp (the only platform with receipts), how many were delivered and read. Sent once per promo as a
// one-person outbox job whose id is derived from the promo (the hourly job may run many times).
import type { Language } from "../contact.js";
import type { UserRef } from "../events.js";
import type { I18n } from "../i18n.js";
import { type Delivery, jobIdFor } from "../outbox/model.js";
import type { DeliveryLedger, JobRepository } from "../outbox/ports.js";
import type { ReplyRetry } from "../outbox/reply-retry.js";
import { digestJobId, followUpJobId } from "./digest.js";
import type { Promo, PromoRepository } from "./promo.js";
import type { SubscriptionRepository } from "./subscription.js";
import { saturdayOnOrAfter, weekendLabel, wibDate, wibInstant } from "./weekend.js";

export interface ReachReportDeps {
  readonly promos: PromoRepository;
  readonly jobs: JobRepository;
  readonly deliveries: DeliveryLedger;
  readonly subscriptions: SubscriptionRepository;
  readonly outbox: Pick<ReplyRetry, "later">;
  readonly languageOf: (user: UserRef) => Promise<Language>;
  readonly i18n: I18n;
}

export interface PromoReach {
  readonly sent: number;
  readonly whatsapp: number;
  readonly delivered: number;
  readonly read: number;
}

/** Reports go out from Monday 00:00 WIB after the weekend until Wednesday (older weekends are left alone). */
export function reportWeekendAt(now: Date): string | undefined {
  const saturday = saturdayOnOrAfter(wibDate(new Date(now.getTime() - 7 * 24 * 3_600_000)));
  const from = wibInstant(saturday, 0).getTime() + 2 * 24 * 3_600_000;
  const until = from + 3 * 24 * 3_600_000;
  return now.getTime() >= from && now.getTime() < until ? saturday : undefined;
}

/** The one-person outbox job of a promo's report (reply-retry.ts makes its id from the same seed). */
const reportSeed = (promo: Promo) => `reach:${promo.weekend}:${promo.id}`;
export const reachReportJobId = (promo: Promo) => `r${jobIdFor(reportSeed(promo))}`;

export function createReachReports(deps: ReachReportDeps) {
  /** Sent deliveries of the digest that carried this promo (its category), plus its follow-up's. */
  async function reachOf(promo: Promo, digest: readonly Delivery[]): Promise<PromoReach> {
    const counted: Delivery[] = [];
    for (const delivery of digest) {
      if (delivery.status !== "sent") continue;
      // The digest carried the promo to subscribers of its category (or of every category).
      const subscription = await deps.subscriptions.get(delivery.recipient);
      const categories = subscription?.categories ?? [];
      if (!categories.length || categories.includes(promo.category)) counted.push(delivery);
    }
    const followUp = await deps.deliveries.list(followUpJobId(promo.weekend, promo.id));
    counted.push(...followUp.filter((delivery) => delivery.status === "sent"));
    const whatsapp = counted.filter((delivery) => delivery.recipient.channel === "whatsapp");
    return {
      sent: counted.length,
      whatsapp: whatsapp.length,
      delivered: whatsapp.filter((d) => d.receipt === "delivered" || d.receipt === "read").length,
      read: whatsapp.filter((d) => d.receipt === "read").length,
    };
  }

  return {
    reachOf,
    /** Queues the report of every approved promo of the weekend just past, once each. */
    async send(now: Date): Promise<number> {
      const weekend = reportWeekendAt(now);
      if (!weekend) return 0;
      const approved = (await deps.promos.listByWeekend(weekend)).filter((p) => p.status === "approved");
      if (!approved.length) return 0;
      const digest = await deps.deliveries.list(digestJobId(weekend));
      let queued = 0;
      for (const promo of approved) {
        if (await deps.jobs.get(reachReportJobId(promo))) continue;
        const reach = await reachOf(promo, digest);
        const seller: UserRef = { channel: promo.channel, userId: promo.userId };
        const language = await deps.languageOf(seller);
        const t = deps.i18n.t(language);
        const text = [
          t("promo:reach.title", { product: promo.product, weekend: weekendLabel(weekend, language) }),
          t("promo:reach.sent", { count: reach.sent }),
          ...(reach.whatsapp
            ? [
                t("promo:reach.receipts", {
                  whatsapp: reach.whatsapp,
                  delivered: reach.delivered,
                  read: reach.read,
                }),
              ]
            : []),
          t("promo:reach.note"),
        ].join("\n");
        await deps.outbox.later(seller, [{ text, choices: [{ id: "pr", label: t("promo:submit.new") }] }], {
          language,
          delayMs: 0,
          reason: "reach report",
          seed: reportSeed(promo),
        });
        queued++;
      }
      return queued;
    },
  };
}
