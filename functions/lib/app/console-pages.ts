// The staff console's pages, built from the app's parts: each page gets only what it uses.
import type { Config } from "../config/config.js";
import type { Notify } from "../console/notify.js";
import { createAuditPage } from "../console/pages/audit.js";
import { createBroadcastsPage } from "../console/pages/broadcasts.js";
import { createKnowledgePage } from "../console/pages/knowledge.js";
import { createPromosPage } from "../console/pages/promos.js";
import { createRegistrationsPage } from "../console/pages/registrations.js";
import { createStaffPage } from "../console/pages/staff.js";
import { createStatsPage } from "../console/pages/stats.js";
import { createTemplatesPage } from "../console/pages/templates.js";
import { createTicketsPage } from "../console/pages/tickets.js";
import { createTrainingsPage } from "../console/pages/trainings.js";
import type { ConsolePage } from "../console/route.js";
import { createStatsSeries } from "../console/stats-series.js";
import type { Channel } from "../core/events.js";
import type { Knowledge } from "../core/faq/knowledge.js";
import { getFaqTopics } from "../core/faq/knowledge-base.js";
import type { I18n } from "../core/i18n.js";
import type { Clock, Messenger } from "../core/ports.js";
import { createLateApprovals } from "../core/promo/digest.js";
import type { RegistrationDecisionDeps } from "../core/registration/decision.js";
import type { Logger } from "../log/logger.js";
import type { OutboxRuntime } from "../queue/outbox-runtime.js";
import type { ConsoleStore } from "../store/console-store.js";
import { createKnowledgeRepository } from "../store/knowledge-repository.js";
import { createAudienceResolver } from "../store/outbox-audience.js";
import { createOutboxJobRepository } from "../store/outbox-jobs.js";
import { createPromoRepository } from "../store/promo-repository.js";
import { createSellerRepository, type SellerRepositoryOptions } from "../store/seller-repository.js";
import type { StaffAdmin } from "../store/staff-directory.js";
import { createStatsSource } from "../store/stats-source.js";
import { createSubscriberSource, createSubscriptionRepository } from "../store/subscription-repository.js";
import { createTicketRepository } from "../store/ticket-repository.js";
import { createTrainingRepository } from "../store/training-repository.js";
import { createUnansweredLog } from "../store/unanswered-log.js";

export interface ConsolePagesDeps {
  readonly config: Config;
  /** The table (client and name) every repository reads. */
  readonly store: SellerRepositoryOptions;
  readonly consoleStore: ConsoleStore;
  readonly decision: Omit<RegistrationDecisionDeps, "sellers">;
  readonly i18n: I18n;
  readonly notify: Notify;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly messengers: Partial<Record<Channel, Messenger>>;
  /** The bot's knowledge (FAQ topics in the store), the same object the chat answers from. */
  readonly knowledge: Knowledge;
  /** Staff records and roles (the admin CLI's `staff` commands use the same). */
  readonly staffDirectory: StaffAdmin;
  /** Bulk sends (broadcast jobs, counters); built on first use. */
  readonly outbox: () => OutboxRuntime;
}

export function createConsolePages(deps: ConsolePagesDeps): ConsolePage[] {
  return [
    createRegistrationsPage({
      sellers: createSellerRepository(deps.store),
      decision: deps.decision,
      i18n: deps.i18n,
      notify: deps.notify,
      clock: deps.clock,
    }),
    createAuditPage({ store: deps.consoleStore }),
    createKnowledgePage({
      store: createKnowledgeRepository(deps.store),
      unanswered: createUnansweredLog(deps.store),
      knowledge: deps.knowledge,
      shippedTopics: getFaqTopics,
      clock: deps.clock,
      maxAgeDays: deps.config.knowledgeMaxAgeDays,
    }),
    createPromosPage({
      promos: createPromoRepository(deps.store),
      // The chat's promo decision: the same late-approval follow-up and the same notice to the seller.
      decision: {
        ...deps.decision,
        lateApprovals: createLateApprovals({ jobs: createOutboxJobRepository(deps.store) }),
      },
      cutoff: deps.config.promo.cutoff,
      i18n: deps.i18n,
      notify: deps.notify,
      clock: deps.clock,
    }),
    createTrainingsPage({
      trainings: createTrainingRepository(deps.store),
      i18n: deps.i18n,
      notify: deps.notify,
      clock: deps.clock,
    }),
    createStatsPage({
      source: createStatsSource({ ...deps.store, promoCutoff: deps.config.promo.cutoff }),
      series: createStatsSeries({
        subscriptions: createSubscriptionRepository(deps.store),
        promos: createPromoRepository(deps.store),
        cutoff: deps.config.promo.cutoff,
      }),
      jobs: createOutboxJobRepository(deps.store),
      i18n: deps.i18n,
      clock: deps.clock,
    }),
    createStaffPage({
      directory: deps.staffDirectory,
      store: deps.consoleStore,
      configured: { telegram: deps.config.telegram.staffIds, whatsapp: deps.config.whatsapp.staffIds },
      clock: deps.clock,
    }),
    createTicketsPage({
      tickets: createTicketRepository(deps.store),
      staffDirectory: deps.staffDirectory,
      // The same template the chat's reply uses outside WhatsApp's 24-hour window.
      ...ticketTemplate(deps.config),
      tFor: (language) => deps.i18n.t(language),
      notify: deps.notify,
      clock: deps.clock,
    }),
    createBroadcastsPage({
      jobs: createOutboxJobRepository(deps.store),
      audiences: createAudienceResolver({ ...deps.store, subscribers: createSubscriberSource(deps.store) }),
      i18n: deps.i18n,
      clock: deps.clock,
      whatsapp: {
        enabled: deps.config.whatsapp.enabled,
        // The text goes out as a template parameter: the broadcast's own template, or a fallback carrying it.
        template: Boolean(
          deps.config.whatsapp.templates?.broadcast ?? deps.config.whatsapp.template?.params.includes("text"),
        ),
      },
    }),
    createTemplatesPage({ whatsapp: deps.config.whatsapp }),
  ];
}

const ticketTemplate = (config: Config): { whatsappTemplate?: string } => {
  const languages = config.whatsapp.templates.ticket_reply?.languages ?? {};
  const name = (languages.id ?? Object.values(languages)[0])?.name ?? config.whatsapp.template?.name;
  return name ? { whatsappTemplate: name } : {};
};
