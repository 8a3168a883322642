// Wires the outbox for one process: repositories, the queue (SQS when OUTBOX_QUEUE_URL is set, else the
// local DynamoDB-backed queue), the rate limiters, the planner and the worker.

import { monotonicMs } from "../clock.js";
import type { Config } from "../config/config.js";
import type { Channel } from "../core/events.js";
import type { I18n } from "../core/i18n.js";
import { createPlanner, type Planner } from "../core/outbox/planner.js";
import type {
  AudienceResolver,
  DeliveryLedger,
  JobRepository,
  OutboxQueue,
  PersonalComposer,
  SubscriberSource,
} from "../core/outbox/ports.js";
import { createJobAlerts, createMarketingOptOut } from "../core/outbox/problems.js";
import { createLimiters, type RateLimiterOptions } from "../core/outbox/rate-limiter.js";
import { createReceiptHandler, type ReceiptHandler } from "../core/outbox/receipts.js";
import { createReplyRetry, type ReplyRetry } from "../core/outbox/reply-retry.js";
import { createJobReporter } from "../core/outbox/report.js";
import { createOutboxWorker, type OutboxWorker } from "../core/outbox/worker.js";
import type { Clock, Messenger } from "../core/ports.js";
import type { Logger } from "../log/logger.js";
import { createContactDirectory } from "../store/contact-directory.js";
import type { DynamoDBDocumentClient } from "../store/dynamo-commands.js";
import { createAudienceResolver } from "../store/outbox-audience.js";
import { createOutboxDeliveryLedger } from "../store/outbox-deliveries.js";
import { createOutboxJobRepository } from "../store/outbox-jobs.js";
import { createStaffDirectory } from "../store/staff-directory.js";
import { createSubscriptionRepository } from "../store/subscription-repository.js";
import { createDynamoOutboxQueue, type LocalOutboxQueue } from "./dynamo-queue.js";
import { type LocalRunner, startLocalOutboxRunner } from "./local-runner.js";
import { createSqsOutboxQueue } from "./sqs-queue.js";

export interface OutboxRuntimeDeps {
  readonly config: Config;
  readonly documentClient: DynamoDBDocumentClient;
  readonly messengers: Partial<Record<Channel, Messenger>>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly i18n: I18n;
  readonly subscribers?: SubscriberSource;
  /** Composes per-recipient messages (the weekend digest). */
  readonly composer?: PersonalComposer;
  readonly limiterOptions?: Partial<RateLimiterOptions>;
}

export interface OutboxRuntime {
  readonly jobs: JobRepository;
  readonly deliveries: DeliveryLedger;
  readonly audiences: AudienceResolver;
  readonly queue: OutboxQueue;
  /** The DynamoDB-backed queue when no SQS queue is configured. */
  readonly localQueue: LocalOutboxQueue | undefined;
  readonly planner: Planner;
  readonly worker: OutboxWorker;
  /** Receipts and late failures of sent bulk messages (WhatsApp status webhooks). */
  readonly receipts: ReceiptHandler;
  /** Turns' answers the platform refused for now, sent later by the worker. */
  readonly replyRetry: ReplyRetry;
  /** Polls the local queue in this process (npm start); throws when the queue is SQS. */
  startLocal(): LocalRunner;
}

export function createOutboxRuntime(deps: OutboxRuntimeDeps): OutboxRuntime {
  const { config, documentClient: client, clock, logger } = deps;
  const store = { client, tableName: config.tableName };
  const jobs = createOutboxJobRepository(store);
  const deliveries = createOutboxDeliveryLedger({ ...store, logger });
  const audiences = createAudienceResolver({ ...store, subscribers: deps.subscribers });
  const settings = config.outbox;
  const localQueue = settings.queueUrl ? undefined : createDynamoOutboxQueue(store);
  const queue: OutboxQueue =
    localQueue ??
    createSqsOutboxQueue({
      queueUrl: settings.queueUrl!,
      region: config.awsRegion,
      ...(settings.sqsEndpoint ? { endpoint: settings.sqsEndpoint } : {}),
    });
  const reporter = createJobReporter({ messengers: deps.messengers, i18n: deps.i18n, logger });
  const contacts = createContactDirectory(store);
  const optOut = createMarketingOptOut({
    subscriptions: createSubscriptionRepository(store),
    contacts,
    logger,
  });
  const staff = createStaffDirectory({
    ...store,
    configuredStaff: [
      ...config.telegram.staffIds.map((userId) => ({ channel: "telegram" as const, userId })),
      ...config.whatsapp.staffIds.map((userId) => ({ channel: "whatsapp" as const, userId })),
    ],
  });
  const staffChatId = config.telegram.staffChatId;
  const alerts = createJobAlerts({
    jobs,
    // The same people handover tickets go to: the staff group, else every staff contact.
    staffTargets: async () =>
      staffChatId
        ? [{ user: { channel: "telegram", userId: staffChatId }, language: "id" }]
        : staff.reviewers(),
    messengers: deps.messengers,
    i18n: deps.i18n,
    clock,
    logger,
  });
  const planner = createPlanner({
    jobs,
    deliveries,
    audiences,
    queue,
    reporter,
    clock,
    logger,
    leaseMs: settings.leaseMs,
  });
  const replyRetry = createReplyRetry({ jobs, deliveries, queue, clock, logger });
  const worker = createOutboxWorker({
    replyRetry,
    jobs,
    deliveries,
    contacts,
    messengers: deps.messengers,
    optOut,
    alerts,
    limiters: createLimiters(settings.rates, { now: monotonicMs, ...deps.limiterOptions }),
    reporter,
    clock,
    logger,
    settings: {
      leaseMs: settings.leaseMs,
      maxAttempts: settings.maxAttempts,
      backoffBaseMs: settings.backoffMs,
    },
    ...(deps.composer ? { composer: deps.composer } : {}),
  });
  return {
    jobs,
    deliveries,
    audiences,
    queue,
    localQueue,
    planner,
    worker,
    receipts: createReceiptHandler({ deliveries, jobs, optOut, alerts, clock, logger }),
    replyRetry,
    startLocal() {
      if (!localQueue) throw new Error("OUTBOX_QUEUE_URL is set: Lambda's SQS event source runs the worker");
      return startLocalOutboxRunner({
        queue: localQueue,
        worker,
        planner,
        logger,
        concurrency: settings.concurrency,
        visibilityMs: settings.visibilityMs,
        pollMs: settings.pollMs,
      });
    },
  };
}
