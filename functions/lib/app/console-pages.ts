// The staff console's pages, built from the app's parts: each page gets only what it uses.
import type { Config } from "../config/config.js";
import type { Notify } from "../console/notify.js";
import { createAuditPage } from "../console/pages/audit.js";
import { createBroadcastsPage } from "../console/pages/broadcasts.js";
import { createRegistrationsPage } from "../console/pages/registrations.js";
import type { ConsolePage } from "../console/route.js";
import type { Channel } from "../core/events.js";
import type { Knowledge } from "../core/faq/knowledge.js";
import type { I18n } from "../core/i18n.js";
import type { Clock, Messenger } from "../core/ports.js";
import type { RegistrationDecisionDeps } from "../core/registration/decision.js";
import type { Logger } from "../log/logger.js";
import type { OutboxRuntime } from "../queue/outbox-runtime.js";
import type { ConsoleStore } from "../store/console-store.js";
import { createAudienceResolver } from "../store/outbox-audience.js";
import { createOutboxJobRepository } from "../store/outbox-jobs.js";
import { createSellerRepository, type SellerRepositoryOptions } from "../store/seller-repository.js";
import type { StaffAdmin } from "../store/staff-directory.js";
import { createSubscriberSource } from "../store/subscription-repository.js";

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
  ];
}
