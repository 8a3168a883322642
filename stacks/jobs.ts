// The hourly job (functions/hourly.ts): closes idle handover tickets (24 h), sends training reminders the
// day before (from 08:00 WIB) and cancellation notices of sessions cancelled with the admin CLI.
// EventBridge Scheduler (sst.aws.CronV2) in Jakarta time, like the weekend digest.
import type { Messaging } from "./messaging.js";
import { createScheduledJob } from "./schedules.js";
import type { Secrets } from "./secrets.js";
import type { Storage } from "./storage.js";

/** Minute 5 of every hour, Asia/Jakarta. */
export const HOURLY_SCHEDULE = "cron(5 * * * ? *)";
/** Scheduler delivery retries, then the DLQ. */
export const HOURLY_SCHEDULER_RETRIES = 3;
/**
 * Lambda async retries on a function error: 0. The next hourly run does the same work anyway, and every
 * step is idempotent (conditional closes, one claim per reminder/notice).
 */
export const HOURLY_FUNCTION_RETRIES = 0;

export interface HourlyJobsInput {
  /** e.g. "functions/hourly.ts" (must export `handler`). */
  handler: string;
  storage: Storage;
  secrets: Secrets;
  messaging: Messaging;
  isProduction: boolean;
  environment: Record<string, string>;
}

export function createHourlyJobs(input: HourlyJobsInput) {
  return createScheduledJob({
    name: "HourlyJobs",
    dlqName: "HourlyDlq",
    alarmName: "HourlyDlqAlarm",
    alarmReason: "the hourly job did not run",
    schedule: HOURLY_SCHEDULE,
    schedulerRetries: HOURLY_SCHEDULER_RETRIES,
    functionRetries: HOURLY_FUNCTION_RETRIES,
    description:
      "Hourly: idle handover tickets, training reminders and cancellation notices, promo reach reports",
    handler: input.handler,
    // It sends the notices itself (few messages an hour): both channels. All three WhatsApp secrets,
    // because the app's config treats WhatsApp as one unit (a token alone is a configuration error).
    // The queue: sellers' promo reach reports go out as one-person outbox jobs after the weekend.
    link: [
      input.storage.table,
      input.messaging.queue,
      input.secrets.telegramBotToken,
      input.secrets.whatsappToken,
      input.secrets.whatsappAppSecret,
      input.secrets.whatsappVerifyToken,
    ],
    messaging: input.messaging,
    isProduction: input.isProduction,
    environment: input.environment,
  });
}
