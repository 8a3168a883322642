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

export function createWeekendDigest(input: DigestInput) {
  const dlq = new sst.aws.Queue("DigestDlq", {
    transform: { queue: { messageRetentionSeconds: DLQ_RETENTION_SECONDS } },
  });
  const cron = new sst.aws.CronV2("WeekendDigest", {
    schedule: input.schedule ?? DEFAULT_DIGEST_SCHEDULE,
    timezone: DIGEST_TIMEZONE,
    retries: DIGEST_SCHEDULER_RETRIES,
    dlq: dlq.arn,
    function: {
      ...functionDefaults({
        kind: "digest",
        isProduction: input.isProduction,
        environment: input.environment,
      }),
      description: "Weekend digest: enqueues one outbox message per subscriber",
      handler: handlerRef(input.handler),
      // Reads subscribers, writes to the outbox; it never talks to Telegram/WhatsApp itself.
      link: [input.storage.table, input.messaging.queue],
      retries: DIGEST_FUNCTION_RETRIES,
      permissions: [{ actions: ["sqs:SendMessage"], resources: [dlq.arn] }],
      transform: {
        eventInvokeConfig: (args: aws.lambda.FunctionEventInvokeConfigArgs) => {
          args.destinationConfig = { onFailure: { destination: dlq.arn } };
        },
      },
    },
  });
  const dlqAlarm = createDlqDepthAlarm(
    "DigestDlqAlarm",
    dlq,
    input.messaging.alarmTopic,
    "the weekend digest did not run",
  );
  return { cron, dlq, dlqAlarm };
}
