// The staff console's pages, built from the app's parts: each page gets only what it uses.

import type { Notify } from "../console/notify.js";
import { createAuditPage } from "../console/pages/audit.js";
import { createRegistrationsPage } from "../console/pages/registrations.js";
import type { ConsolePage } from "../console/route.js";
import type { I18n } from "../core/i18n.js";
import type { Clock } from "../core/ports.js";
import type { RegistrationDecisionDeps } from "../core/registration/decision.js";
import type { ConsoleStore } from "../store/console-store.js";
import { createSellerRepository, type SellerRepositoryOptions } from "../store/seller-repository.js";

export interface ConsolePagesDeps {
  /** The table (client and name) every repository reads. */
  readonly store: SellerRepositoryOptions;
  readonly consoleStore: ConsoleStore;
  readonly decision: Omit<RegistrationDecisionDeps, "sellers">;
  readonly i18n: I18n;
  readonly notify: Notify;
  readonly clock: Clock;
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
  ];
}
