// What the outbox does about refusals that reach beyond one message: a person who stopped marketing
// messages loses the promo subscription (with a consent record); a rejected template alerts staff once per job.
import type { Logger } from "../../log/logger.js";
import type { Language } from "../contact.js";
import type { Channel, UserRef } from "../events.js";
import type { I18n } from "../i18n.js";
import type { Clock, ContactDirectory, Messenger } from "../ports.js";
import type { SubscriptionRepository } from "../promo/subscription.js";
import { promoConsentVersion } from "../promo/subscription-feature.js";
import type { OutboxJob } from "./model.js";
import type { JobRepository } from "./ports.js";

/** Ends the person's promo subscription because the platform says they stopped marketing messages. */
export type MarketingOptOut = (user: UserRef, source: string, now: Date) => Promise<void>;

export function createMarketingOptOut(deps: {
  readonly subscriptions: Pick<SubscriptionRepository, "unsubscribe">;
  readonly contacts: Pick<ContactDirectory, "recordConsent">;
  readonly logger: Logger;
}): MarketingOptOut {
  return async (user, source, now) => {
    const result = await deps.subscriptions.unsubscribe(user, now);
    // A repeated refusal finds the subscription ended already: one consent record per opt-out.
    if (result !== "stopped") return;
    await deps.contacts.recordConsent(user, {
      purpose: "promo",
      version: promoConsentVersion,
      at: now.getTime(),
      given: false,
      source,
    });
    deps.logger.info("outbox.marketing_opt_out", { channel: user.channel, source });
  };
}

export interface StaffTarget {
  readonly user: UserRef;
  readonly language: Language;
}

export interface JobAlerts {
  /** The job's template was refused (name, language or parameters): staff are told once per job. */
  templateRejected(job: OutboxJob, reason: string): Promise<void>;
}

export function createJobAlerts(deps: {
  readonly jobs: Pick<JobRepository, "claimAlert">;
  /** The staff group, or every staff contact (the same people handover tickets go to). */
  readonly staffTargets: () => Promise<readonly StaffTarget[]>;
  readonly messengers: Partial<Record<Channel, Messenger>>;
  readonly i18n: I18n;
  readonly clock: Clock;
  readonly logger: Logger;
}): JobAlerts {
  const same = (a: UserRef, b: UserRef) => a.channel === b.channel && a.userId === b.userId;
  return {
    async templateRejected(job, reason) {
      if (!(await deps.jobs.claimAlert(job.id, "template", deps.clock.now()))) return;
      deps.logger.error("outbox.template_rejected", { jobId: job.id, kind: job.kind, reason });
      const targets = [...(await deps.staffTargets())];
      if (job.createdBy && !targets.some((target) => same(target.user, job.createdBy!)))
        targets.push({ user: job.createdBy, language: job.createdByLanguage });
      for (const target of targets) {
        const messenger = deps.messengers[target.user.channel];
        if (!messenger) continue;
        const t = deps.i18n.t(target.language);
        const text = t("broadcast:alert.templateRejected", {
          id: job.id,
          what: t(`broadcast:alert.kind.${job.kind}`),
          reason,
        }) as string;
        const outcome = await messenger
          .send(target.user, [{ text }])
          .catch((error: unknown) => ({ status: "failed" as const, reason: String(error) }));
        if (outcome.status !== "sent")
          deps.logger.warn("outbox.alert_not_sent", { jobId: job.id, channel: target.user.channel, outcome });
      }
    },
  };
}
