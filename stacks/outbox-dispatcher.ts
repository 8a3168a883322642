// The outbox planner on AWS: EventBridge Scheduler (sst.aws.CronV2) runs functions/outbox-dispatch.ts
// every minute. It plans the due jobs (broadcasts confirmed in chat or by the CLI, and scheduled ones
// whose WIB time has come) into delivery records + SQS messages. Idempotent: a job being planned holds
// a lease, and delivery records are created once per recipient.
import { functionDefaults, handlerRef } from "./function-defaults.js";
import type { Messaging } from "./messaging.js";
import type { Secrets } from "./secrets.js";
import type { Storage } from "./storage.js";

/** A "send now" broadcast starts within a minute; scheduled ones within a minute of their time. */
export const OUTBOX_DISPATCH_SCHEDULE = "rate(1 minute)";
export const OUTBOX_DISPATCH_TIMEZONE = "Asia/Jakarta";
/** Scheduler delivery retries; a missed run is harmless (the next minute plans the same jobs). */
export const OUTBOX_DISPATCH_RETRIES = 2;

export interface OutboxDispatcherInput {
  /** e.g. "functions/outbox-dispatch.ts" (must export `handler`). */
  handler: string;
  storage: Storage;
  messaging: Messaging;
  secrets: Secrets;
  isProduction: boolean;
  environment: Record<string, string>;
}

export function createOutboxDispatcher(input: OutboxDispatcherInput) {
  return new sst.aws.CronV2("OutboxDispatcher", {
    schedule: OUTBOX_DISPATCH_SCHEDULE,
    timezone: OUTBOX_DISPATCH_TIMEZONE,
    retries: OUTBOX_DISPATCH_RETRIES,
    function: {
      // The digest profile (5 minutes): planning 5,000 recipients takes well under a minute.
      ...functionDefaults({
        kind: "digest",
        isProduction: input.isProduction,
        environment: input.environment,
      }),
      description: "Outbox planner: turns due broadcast jobs into SQS messages (one per recipient)",
      handler: handlerRef(input.handler),
      // Reads jobs and audiences, writes deliveries and the queue; sends the "started" report to staff.
      // All three WhatsApp secrets: the app's config treats WhatsApp as one unit (see config.ts).
      link: [
        input.storage.table,
        input.messaging.queue,
        input.secrets.telegramBotToken,
        input.secrets.whatsappToken,
        input.secrets.whatsappAppSecret,
        input.secrets.whatsappVerifyToken,
      ],
    },
  });
}
