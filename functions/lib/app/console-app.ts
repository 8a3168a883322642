// The staff console (/konsol) on the app's parts. Only the console Lambda, the local server and tests import
// this module, so the webhook bundles carry no console route, page or page string.
import { createConsoleHttp } from "../console/http.js";
import { createConsoleNotify } from "../console/notify.js";
import type { HttpHandler } from "../http/types.js";
import { createConsoleRateLimit } from "../store/console-rate-limit.js";
import { createStaffDirectory } from "../store/staff-directory.js";
import { createConsolePages } from "./console-pages.js";
import type { ConsoleParts } from "./create-app.js";

/** Pass as `createApp(config, { console: createConsole })`: `app.http` then also answers /konsol. */
export function createConsole(parts: ConsoleParts): HttpHandler {
  const { config, store, consoleStore, i18n, clock, logger, messengers } = parts;
  const staffDirectory = createStaffDirectory({
    ...store,
    configuredStaff: parts.configuredStaff,
    isConfigured: parts.isConfiguredStaff,
  });
  return createConsoleHttp({
    store: consoleStore,
    access: parts.access,
    pages: createConsolePages({
      config,
      store,
      logger,
      messengers,
      knowledge: parts.knowledge,
      staffDirectory,
      outbox: parts.outbox,
      consoleStore,
      decision: { staff: staffDirectory, tFor: (language) => i18n.t(language) },
      i18n,
      clock,
      notify: createConsoleNotify({ messengers, retry: () => parts.outbox().replyRetry, logger }),
    }),
    clock,
    logger,
    baseUrl: config.consoleBaseUrl,
    rate: { limit: createConsoleRateLimit(store), ...config.consoleRate },
  });
}
