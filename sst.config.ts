/// <reference path="./.sst/platform/config.d.ts" />
// Infrastructure of the UMKM Bandar Lampung chatbot (SST v4). The resources live in stacks/*.ts as
// factories; SST requires them to be imported INSIDE run() (no top-level imports in this file).
// Deploy guide: README.md, section "Deploy".

/** Handler files, relative to the project root; each must export `handler`. */
const HANDLERS = {
  telegram: "functions/telegram.ts",
  whatsapp: "functions/whatsapp.ts",
  console: "functions/console.ts",
  outboxWorker: "functions/outbox-worker.ts",
  outboxDispatch: "functions/outbox-dispatch.ts",
  weekendDigest: "functions/weekend-digest.ts",
  hourly: "functions/hourly.ts",
} as const;

export default $config({
  app(input) {
    const isProduction = input?.stage === "production";
    return {
      name: "umkm-bandar-lampung",
      home: "aws",
      // production: resources survive `sst remove` and being dropped from this file; the stage
      // cannot be removed at all. Every other stage is disposable.
      removal: isProduction ? "retain" : "remove",
      protect: isProduction,
      providers: { aws: { region: "ap-southeast-3" } }, // Asia Pacific (Jakarta)
    };
  },
  async run() {
    const { existsSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { stageConfig } = await import("./stacks/stage-config.js");
    const { createStorage } = await import("./stacks/storage.js");
    const { createSecrets } = await import("./stacks/secrets.js");
    const { createApi } = await import("./stacks/api.js");
    const { createMessaging, subscribeOutboxWorker } = await import("./stacks/messaging.js");
    const { createWeekendDigest } = await import("./stacks/schedules.js");
    const { createHourlyJobs } = await import("./stacks/jobs.js");
    const { createOutboxDispatcher } = await import("./stacks/outbox-dispatcher.js");

    const config = stageConfig($app.stage);
    const common = { isProduction: config.isProduction, environment: config.environment };
    const handlerExists = (file: string) => existsSync(join($cli.paths.root, file));

    const storage = createStorage(common);
    const secrets = createSecrets();
    const messaging = createMessaging({ alarmEmail: config.alarmEmail });

    // The Telegram webhook is always wired: if its file is missing, the deploy must fail loudly.
    // The other handlers arrive with later issues. They are wired ONLY when their file exists, so
    // the infrastructure can be deployed before them. No stub handler files are created for them.
    const api = createApi({
      ...common,
      storage,
      secrets,
      handlers: {
        telegram: HANDLERS.telegram,
        whatsapp: handlerExists(HANDLERS.whatsapp) ? HANDLERS.whatsapp : undefined,
        console: handlerExists(HANDLERS.console) ? HANDLERS.console : undefined,
      },
    });
    if (handlerExists(HANDLERS.outboxWorker)) {
      subscribeOutboxWorker(messaging, { ...common, handler: HANDLERS.outboxWorker, storage, secrets });
      // Jobs are created by the webhooks (staff in chat) and the admin CLI; this plans them.
      createOutboxDispatcher({ ...common, handler: HANDLERS.outboxDispatch, storage, messaging, secrets });
    } else {
      console.warn(`${HANDLERS.outboxWorker} not found: the outbox queue has no worker yet.`);
    }
    if (handlerExists(HANDLERS.weekendDigest)) {
      createWeekendDigest({
        ...common,
        handler: HANDLERS.weekendDigest,
        storage,
        messaging,
        schedule: config.digestSchedule,
      });
    } else {
      console.warn(`${HANDLERS.weekendDigest} not found: no weekend digest schedule yet.`);
    }

    // Idle tickets, training reminders and cancellation notices (functions/hourly.ts).
    createHourlyJobs({ ...common, handler: HANDLERS.hourly, storage, secrets, messaging });

    return {
      api: api.api.url,
      telegramWebhook: api.telegramWebhookUrl,
      whatsappWebhook: api.whatsappWebhookUrl ?? "not deployed yet (functions/whatsapp.ts missing)",
      outboxQueue: messaging.queue.url,
      staffConsole: api.consoleUrl ?? "not deployed (functions/console.ts missing)",
    };
  },
});
