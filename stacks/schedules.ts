// The weekend digest: EventBridge Scheduler (sst.aws.CronV2) in Jakarta time, so "Friday 17:00" means
// 17:00 WIB (UTC+7, no daylight saving) and not 17:00 UTC (= Saturday 00:00 WIB).
import { functionDefaults, handlerRef } from "./function-defaults.js";
import type { Messaging } from "./messaging.js";
import { createDlqDepthAlarm, DLQ_RETENTION_SECONDS } from "./messaging.js";
import { DEFAULT_DIGEST_SCHEDULE } from "./stage-config.js";
import type { Storage } from "./storage.js";

export const DIGEST_TIMEZONE = "Asia/Jakarta";
/**
 * Scheduler -> Lambda delivery retries (throttling, Lambda unavailable): 3, then the event goes to the
 * DLQ. Function ERRORS are Lambda async retries instead (DIGEST_FUNCTION_RETRIES), then the same DLQ.
 */
export const DIGEST_SCHEDULER_RETRIES = 3;
/** Lambda async retries (0-2). The digest handler must be idempotent (one marker per week). */
export const DIGEST_FUNCTION_RETRIES = 2;

export interface DigestInput {
  /** e.g. "functions/weekend-digest.ts" (must export `handler`). */
  handler: string;
  storage: Storage;
  messaging: Messaging;
  isProduction: boolean;
  environment: Record<string, string>;
  /** Defaults to Friday 17:00 (in DIGEST_TIMEZONE). */
  schedule?: `cron(${string})` | undefined;
}

/** A scheduled Lambda with Scheduler retries, Lambda async retries, one DLQ for both, and a DLQ alarm. */
export function createScheduledJob(input: {
  name: string;
  dlqName: string;
  alarmName: string;
  alarmReason: string;
  schedule: `cron(${string})`;
  schedulerRetries: number;
  functionRetries: number;
  description: string;
  handler: string;
  link: sst.aws.FunctionArgs["link"];
  messaging: Messaging;
  isProduction: boolean;
  environment: Record<string, string>;
}) {
  const dlq = new sst.aws.Queue(input.dlqName, {
    transform: { queue: { messageRetentionSeconds: DLQ_RETENTION_SECONDS } },
  });
  const cron = new sst.aws.CronV2(input.name, {
    schedule: input.schedule,
    timezone: DIGEST_TIMEZONE,
    retries: input.schedulerRetries,
    dlq: dlq.arn,
    function: {
      // The digest's limits (5 minutes) suit every scheduled job here.
      ...functionDefaults({
        kind: "digest",
        isProduction: input.isProduction,
        environment: input.environment,
      }),
      description: input.description,
      handler: handlerRef(input.handler),
      link: input.link,
      retries: input.functionRetries,
      permissions: [{ actions: ["sqs:SendMessage"], resources: [dlq.arn] }],
      transform: {
        eventInvokeConfig: (args: aws.lambda.FunctionEventInvokeConfigArgs) => {
          args.destinationConfig = { onFailure: { destination: dlq.arn } };
        },
      },
    },
  });
  const dlqAlarm = createDlqDepthAlarm(input.alarmName, dlq, input.messaging.alarmTopic, input.alarmReason);
  return { cron, dlq, dlqAlarm };
}

export function createWeekendDigest(input: DigestInput) {
  return createScheduledJob({
    name: "WeekendDigest",
    dlqName: "DigestDlq",
    alarmName: "DigestDlqAlarm",
    alarmReason: "the weekend digest did not run",
    schedule: input.schedule ?? DEFAULT_DIGEST_SCHEDULE,
    schedulerRetries: DIGEST_SCHEDULER_RETRIES,
    functionRetries: DIGEST_FUNCTION_RETRIES,
    description: "Weekend digest: creates this weekend's outbox job (the outbox sends it)",
    handler: input.handler,
    // Reads promos, writes the outbox job; it never talks to Telegram/WhatsApp itself.
    link: [input.storage.table, input.messaging.queue],
    messaging: input.messaging,
    isProduction: input.isProduction,
    environment: input.environment,
  });
}
