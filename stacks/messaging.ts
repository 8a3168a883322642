// The outbox: every bulk/proactive message (weekend digest, broadcasts) goes through one SQS queue
// that ONE worker drains at a rate the chat platforms accept.
import { functionDefaults, handlerRef, WORKER_TIMEOUT_SECONDS } from "./function-defaults.js";
import type { Secrets } from "./secrets.js";
import type { Storage } from "./storage.js";

/** Messages per Lambda invocation; the worker reports failures per message (partial batch response). */
export const WORKER_BATCH_SIZE = 10;
/** No batching window: a reply to a user should not wait for nine more messages. */
export const WORKER_BATCH_WINDOW_SECONDS = 0;

/**
 * At most 5 worker instances at once (SQS event source `scalingConfig.maximumConcurrency`; AWS's
 * minimum is 2). Each instance sends its batch one message after another; a Telegram sendMessage from
 * ap-southeast-3 takes ~0.2-0.3 s, so one instance sends <= ~5 msg/s and five send <= ~25 msg/s:
 * under Telegram's ~30 msg/s bulk limit per bot, far under WhatsApp Cloud API's 80 msg/s per number.
 * Contract for functions/outbox-worker.ts: send sequentially (never Promise.all a batch) and keep
 * 1 msg/s per chat. Volume check: 10,000 messages/week average 0.02 msg/s; the Friday digest
 * (5,000 messages) drains in ~3-4 minutes at this rate.
 * Why not reserved concurrency: Lambda throttles a capped function, SQS counts each throttled
 * delivery as a receive, and healthy messages end up in the DLQ. maximumConcurrency makes the
 * poller wait instead.
 */
export const WORKER_MAX_CONCURRENCY = 5;

/**
 * AWS's guidance for SQS -> Lambda: visibility timeout >= 6 x function timeout + batch window, so a
 * message is not handed to a second worker while the first may still be working on it (including
 * Lambda's own retries when the function is throttled).
 */
export const OUTBOX_VISIBILITY_TIMEOUT_SECONDS = 6 * WORKER_TIMEOUT_SECONDS + WORKER_BATCH_WINDOW_SECONDS;

/**
 * A message moves to the DLQ on its 5th failed receive. 5 is the floor AWS recommends for Lambda
 * event sources (fewer sends messages to the DLQ after a burst of throttles or one bad deploy), and
 * with a 6-minute visibility timeout 5 attempts span ~30 minutes: long enough to ride out a Telegram/
 * Meta hiccup or a 429, short enough that a poison message stops retrying well before the digest is
 * stale. Permanent errors (403 blocked, WhatsApp 131047 outside the 24 h window) are NOT failures: the
 * worker records them and acknowledges the message.
 */
export const OUTBOX_MAX_RECEIVE_COUNT = 5;

/** Main queue keeps messages 4 days (SQS default): a digest older than that is useless. */
export const OUTBOX_RETENTION_SECONDS = 4 * 24 * 60 * 60;
/**
 * DLQ keeps 14 days (the SQS maximum). For standard queues a message's age in the DLQ counts from its
 * ORIGINAL enqueue time, so the DLQ must keep messages longer than the main queue.
 */
export const DLQ_RETENTION_SECONDS = 14 * 24 * 60 * 60;

/** Component names = Resource keys at runtime. */
export const OUTBOX_QUEUE_RESOURCE = "OutboxQueue";
export const OUTBOX_DLQ_RESOURCE = "OutboxDlq";

export interface MessagingInput {
  /** When set, DLQ alarms notify this address through an SNS topic (SNS sends a confirmation mail). */
  alarmEmail?: string | undefined;
}

export function createMessaging(input: MessagingInput = {}) {
  const dlq = new sst.aws.Queue(OUTBOX_DLQ_RESOURCE, {
    transform: { queue: { messageRetentionSeconds: DLQ_RETENTION_SECONDS } },
  });
  const queue = new sst.aws.Queue(OUTBOX_QUEUE_RESOURCE, {
    visibilityTimeout: `${OUTBOX_VISIBILITY_TIMEOUT_SECONDS} seconds`,
    dlq: { queue: dlq.arn, retry: OUTBOX_MAX_RECEIVE_COUNT },
    transform: { queue: { messageRetentionSeconds: OUTBOX_RETENTION_SECONDS } },
  });

  let alarmTopic: aws.sns.Topic | undefined;
  if (input.alarmEmail) {
    alarmTopic = new aws.sns.Topic("OpsAlarms");
    new aws.sns.TopicSubscription("OpsAlarmsEmail", {
      topic: alarmTopic.arn,
      protocol: "email",
      endpoint: input.alarmEmail,
    });
  }
  const dlqAlarm = createDlqDepthAlarm("OutboxDlqAlarm", dlq, alarmTopic, "outbox messages failed 5 times");

  return { queue, dlq, dlqAlarm, alarmTopic };
}

export type Messaging = ReturnType<typeof createMessaging>;

/** Fires as soon as one message sits in the DLQ (checked every 5 minutes). */
export function createDlqDepthAlarm(
  name: string,
  dlq: sst.aws.Queue,
  alarmTopic: aws.sns.Topic | undefined,
  what: string,
) {
  const actions = alarmTopic ? [alarmTopic.arn] : [];
  return new aws.cloudwatch.MetricAlarm(name, {
    alarmDescription: `Dead-letter queue is not empty: ${what}. Inspect it in the SQS console.`,
    namespace: "AWS/SQS",
    metricName: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: dlq.nodes.queue.name },
    statistic: "Maximum",
    period: 300,
    evaluationPeriods: 1,
    threshold: 0,
    comparisonOperator: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
    alarmActions: actions,
    okActions: actions,
  });
}

export interface OutboxWorkerInput {
  /** e.g. "functions/outbox-worker.ts" (must export `handler` returning { batchItemFailures }). */
  handler: string;
  storage: Storage;
  secrets: Secrets;
  isProduction: boolean;
  environment: Record<string, string>;
}

/** Subscribes THE worker (an SQS queue takes exactly one subscriber in SST). */
export function subscribeOutboxWorker(messaging: Messaging, input: OutboxWorkerInput) {
  return messaging.queue.subscribe(
    {
      ...functionDefaults({
        kind: "worker",
        isProduction: input.isProduction,
        // The channel rate limits are shared by up to WORKER_MAX_CONCURRENCY instances: each paces
        // itself at 1/WORKER_MAX_CONCURRENCY of the limit (config.ts divides the rates).
        environment: { ...input.environment, OUTBOX_WORKER_INSTANCES: String(WORKER_MAX_CONCURRENCY) },
      }),
      description: "Outbox worker: sends queued Telegram/WhatsApp messages",
      handler: handlerRef(input.handler),
      // Sends on both platforms; no Telegram webhook secret. All three WhatsApp secrets, because the
      // app's config treats WhatsApp as one unit (a token alone is a configuration error).
      link: [
        input.storage.table,
        input.secrets.telegramBotToken,
        input.secrets.whatsappToken,
        input.secrets.whatsappAppSecret,
        input.secrets.whatsappVerifyToken,
      ],
    },
    {
      batch: {
        size: WORKER_BATCH_SIZE,
        window: `${WORKER_BATCH_WINDOW_SECONDS} seconds`,
        partialResponses: true,
      },
      transform: {
        eventSourceMapping: (args: aws.lambda.EventSourceMappingArgs) => {
          args.scalingConfig = { maximumConcurrency: WORKER_MAX_CONCURRENCY };
        },
      },
    },
  );
}
