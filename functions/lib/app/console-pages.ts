// The staff console's pages, built from the app's parts: each page gets only what it uses.
import type { Config } from "../config/config.js";
import type { Notify } from "../console/notify.js";
import { createAuditPage } from "../console/pages/audit.js";
import { createRegistrationsPage } from "../console/pages/registrations.js";
import { createTrainingsPage } from "../console/pages/trainings.js";
import type { ConsolePage } from "../console/route.js";
import type { Channel } from "../core/events.js";
import type { Knowledge } from "../core/faq/knowledge.js";
import type { I18n } from "../core/i18n.js";
import type { Clock, Messenger } from "../core/ports.js";
import type { RegistrationDecisionDeps } from "../core/registration/decision.js";
import type { Logger } from "../log/logger.js";
import type { OutboxRuntime } from "../queue/outbox-runtime.js";
import type { ConsoleStore } from "../store/console-store.js";
import { createSellerRepository, type SellerRepositoryOptions } from "../store/seller-repository.js";
import type { StaffAdmin } from "../store/staff-directory.js";
import { createTrainingRepository } from "../store/training-repository.js";

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
    createTrainingsPage({
      trainings: createTrainingRepository(deps.store),
      i18n: deps.i18n,
      notify: deps.notify,
      clock: deps.clock,
    }),
  ];
}
