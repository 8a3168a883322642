// The composition root: config in, wired app out. Lambda, the local server and tests all build it here.
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Bot as GrammyBot } from "grammy/web";
import { createTelegramBot, createTelegramWebhook } from "../channels/telegram/bot.js";
import { createTelegramFileReader, type TelegramFile } from "../channels/telegram/files.js";
import { createTelegramMessenger } from "../channels/telegram/messenger.js";
import { createStaffChatAddress } from "../channels/telegram/staff-chat.js";
import { createGraphClient } from "../channels/whatsapp/graph-client.js";
import { createWhatsAppMessenger } from "../channels/whatsapp/messenger.js";
import { createWhatsAppPhotoBridge } from "../channels/whatsapp/photo-bridge.js";
import { createWhatsAppWebhook } from "../channels/whatsapp/webhook.js";
import type { Config } from "../config/config.js";
import { createConsoleAccess } from "../console/access.js";
import { createConsoleHttp } from "../console/http.js";
import { createConsoleLinks } from "../console/links.js";
import { createConsoleNotify } from "../console/notify.js";
import { createBot } from "../core/bot.js";
import { createConsoleFeature } from "../core/console/console-feature.js";
import type { Channel, UserRef } from "../core/events.js";
import { createFaqMatcher, getFaqMatcher } from "../core/faq/faq-matcher.js";
import { createKnowledge } from "../core/faq/knowledge.js";
import { getFaqTopics } from "../core/faq/knowledge-base.js";
import { createI18n } from "../core/i18n.js";
import { createAccountEvents } from "../core/identity/account-events.js";
import { createInboundProcessor, type InboundProcessor } from "../core/inbound.js";
import type { Clock, Messenger, PhotoBridge } from "../core/ports.js";
import { createDigestComposer, createDigestService } from "../core/promo/digest.js";
import { createUnderstander } from "../core/understand/understand.js";
import { type HttpHandler, json, text } from "../http/types.js";
import { createLogger, type Logger } from "../log/logger.js";
import { createOutboxRuntime, type OutboxRuntime } from "../queue/outbox-runtime.js";
import { createChatMoves } from "../store/chat-moves.js";
import { createConsoleRateLimit } from "../store/console-rate-limit.js";
import { createConsoleStore } from "../store/console-store.js";
import { createContactDirectory } from "../store/contact-directory.js";
import { createDocumentClient } from "../store/dynamo.js";
import { createIdentityMover } from "../store/identity-mover.js";
import { createInboundLedger } from "../store/inbound-ledger.js";
import { createKnowledgeRepository } from "../store/knowledge-repository.js";
import { createMediaCache } from "../store/media-cache.js";
import { createPromoRepository } from "../store/promo-repository.js";
import { createSessionStore } from "../store/session-store.js";
import { createStaffDirectory } from "../store/staff-directory.js";
import { createSubscriberSource, createSubscriptionRepository } from "../store/subscription-repository.js";
import { createTicketRepository } from "../store/ticket-repository.js";
import { createTrainingRepository } from "../store/training-repository.js";
import { createConsolePages } from "./console-pages.js";

export type DigestService = ReturnType<typeof createDigestService>;

import { monotonicMs, systemClock } from "../clock.js";
import { createFeatures } from "./features.js";

export interface AppOverrides {
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly documentClient?: DynamoDBDocumentClient;
}

export interface App {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly documentClient: DynamoDBDocumentClient;
  readonly processor: InboundProcessor;
  readonly messengers: Partial<Record<Channel, Messenger>>;
  readonly telegram: { readonly bot: GrammyBot; readonly webhook: HttpHandler } | undefined;
  readonly whatsapp: { readonly webhook: HttpHandler } | undefined;
  /** Every HTTP route of the service (webhooks, health). */
  readonly http: HttpHandler;
  /** Bulk sends (planner, worker, queue); built on first use, so webhooks never construct it. */
  readonly outbox: OutboxRuntime;
  /** The weekend digest: `run(now)` creates this weekend's job once (the outbox sends it). */
  readonly digest: DigestService;
  /** What a subscriber would get (dry runs, the simulator). */
  digestComposer(): ReturnType<typeof createDigestComposer>;
}

export function createApp(config: Config, overrides: AppOverrides = {}): App {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel, secrets: secretsOf(config) });
  const clock = overrides.clock ?? systemClock;
  const documentClient =
    overrides.documentClient ??
    createDocumentClient({
      region: config.awsRegion,
      ...(config.dynamodbEndpoint ? { endpoint: config.dynamodbEndpoint } : {}),
    });
  const tableName = config.tableName;

  const messengers: Partial<Record<Channel, Messenger>> = {};
  const staff = { telegram: new Set(config.telegram.staffIds), whatsapp: new Set(config.whatsapp.staffIds) };
  const configuredStaff = (["telegram", "whatsapp"] as const).flatMap((channel) =>
    [...staff[channel]].map((userId) => ({ channel, userId })),
  );
  // The staff group (one participant: the group itself) acts as staff; it is not a reviewer by itself.
  if (config.telegram.staffChatId) staff.telegram.add(config.telegram.staffChatId);
  // Shipped topics until staff edit them in the store; each Lambda rereads the version at most once a minute.
  const knowledge = createKnowledge({
    source: createKnowledgeRepository({ client: documentClient, tableName }),
    shippedTopics: getFaqTopics,
    shippedMatcher: getFaqMatcher,
    buildMatcher: (topics) => createFaqMatcher({ topics }),
    warn: (message, details) => logger.warn(message, details),
  });
  const understander = createUnderstander({ matcher: () => knowledge.matcher() });
  const isConfiguredStaff = (user: UserRef) => staff[user.channel].has(user.userId);
  const features = createFeatures({
    config,
    documentClient,
    clock,
    logger,
    messengers,
    configuredStaff,
    understander,
    isConfiguredStaff,
    knowledge,
  });
  const i18n = createI18n();
  const sessions = createSessionStore({ client: documentClient, tableName });
  const consoleStore = createConsoleStore({ client: documentClient, tableName });
  const consoleAccess = createConsoleAccess({ store: consoleStore, isConfiguredStaff });
  const consoleFeature = createConsoleFeature({
    links: createConsoleLinks({ store: consoleStore, access: consoleAccess, baseUrl: config.consoleBaseUrl }),
  });
  const bot = createBot({
    i18n,
    // First: its interceptor sees "/konsol" before an open ticket's does.
    features: [consoleFeature, ...features],
    understander,
    knowledge,
    choiceTokens: { claim: (user, token, claim) => sessions.claimChoiceToken(user, token, claim) },
  });
  const ledger = createInboundLedger({ client: documentClient, tableName });
  const processor = createInboundProcessor({
    ledger,
    sessions,
    bot,
    messengers,
    clock,
    logger,
    isConfiguredStaff,
    floodControl: config.floodControl,
    // Resolved only when a reply is refused: the outbox stays out of the cold start.
    replyRetry: { later: (to, replies, options) => app.outbox.replyRetry.later(to, replies, options) },
    replyBudgetMs: config.replyBudgetMs,
  });
  const store = { client: documentClient, tableName };
  const contacts = createContactDirectory(store);
  // Number changes and blocked bots: the person's data follows them, nothing is answered.
  const accountEvents = createAccountEvents({
    ledger,
    contacts,
    identities: createIdentityMover({
      ...store,
      holders: [createTicketRepository(store), createTrainingRepository(store)],
    }),
    clock,
    logger,
  });

  let telegram: App["telegram"];
  // Photos sent to the bot on Telegram, readable for other channels (the WhatsApp digest).
  let readTelegramPhoto: ((fileId: string) => Promise<TelegramFile>) | undefined;
  if (config.telegram.token) {
    const staffChat = config.telegram.staffChatId
      ? createStaffChatAddress({
          configuredId: config.telegram.staffChatId,
          moves: createChatMoves(store),
          clock,
          logger,
        })
      : undefined;
    const grammyBot = createTelegramBot({
      token: config.telegram.token,
      botUsername: config.telegram.botUsername,
      apiRoot: config.telegram.apiRoot,
      ...(staffChat ? { staffChat } : {}),
      accountEvents,
      processor,
      logger,
      clock,
    });
    messengers.telegram = createTelegramMessenger(
      grammyBot.api,
      staffChat
        ? {
            // The core names the staff group by its configured id; it may have become a supergroup since.
            chatIdOf: async (id) => (id === staffChat.configuredId ? staffChat.current() : id),
            onChatMoved: (from, to) => staffChat.moved(from, to),
          }
        : {},
    );
    const files = createTelegramFileReader({
      api: grammyBot.api,
      apiRoot: config.telegram.apiRoot,
      token: config.telegram.token,
    });
    readTelegramPhoto = (fileId) => files.read(fileId);
    telegram = {
      bot: grammyBot,
      webhook: createTelegramWebhook({ bot: grammyBot, secret: config.telegram.webhookSecret, logger }),
    };
  }

  let whatsapp: App["whatsapp"];
  let photos: PhotoBridge | undefined;
  const wa = config.whatsapp;
  if (wa.enabled && wa.token && wa.phoneNumberId && wa.appSecret && wa.verifyToken) {
    const client = createGraphClient({
      baseUrl: wa.apiBase,
      version: wa.apiVersion,
      phoneNumberId: wa.phoneNumberId,
      token: wa.token,
    });
    photos = createWhatsAppPhotoBridge({
      read: readTelegramPhoto ? { telegram: readTelegramPhoto } : {},
      upload: (file) => client.uploadMedia(file),
      cache: createMediaCache(store),
      clock,
      logger,
      elapsedMs: monotonicMs,
    });
    messengers.whatsapp = createWhatsAppMessenger({
      client,
      contacts,
      clock,
      logger,
      i18n,
      template: wa.template,
      templates: wa.templates,
    });
    whatsapp = {
      webhook: createWhatsAppWebhook({
        appSecret: wa.appSecret,
        verifyToken: wa.verifyToken,
        phoneNumberId: wa.phoneNumberId,
        processor,
        ledger,
        contacts,
        clock,
        logger,
        accountEvents,
        // Receipts and late failures of bulk messages (broadcasts, the digest) are counted in their job.
        onDeliveryReport: (report) => app.outbox.receipts.handle(report),
      }),
    };
  }

  const staffDirectory = createStaffDirectory({ ...store, configuredStaff, isConfigured: isConfiguredStaff });
  const consoleHttp = createConsoleHttp({
    store: consoleStore,
    access: consoleAccess,
    pages: createConsolePages({
      config,
      store,
      logger,
      messengers,
      knowledge,
      staffDirectory,
      outbox: () => app.outbox,
      consoleStore,
      decision: { staff: staffDirectory, tFor: (language) => i18n.t(language) },
      i18n,
      clock,
      notify: createConsoleNotify({ messengers, retry: () => app.outbox.replyRetry, logger }),
    }),
    clock,
    logger,
    baseUrl: config.consoleBaseUrl,
    rate: { limit: createConsoleRateLimit(store), ...config.consoleRate },
  });

  const routes: Record<string, HttpHandler | undefined> = {
    "/health": async (request) =>
      request.method === "GET" || request.method === "HEAD"
        ? json(200, { status: "ok", channels: Object.keys(messengers) })
        : text(405, "method not allowed"),
    "/telegram": telegram?.webhook,
    "/whatsapp": whatsapp?.webhook,
  };

  const http: HttpHandler = async (request) => {
    const path = request.path.replace(/\/+$/, "") || "/";
    if (path === "/konsol" || path.startsWith("/konsol/")) return consoleHttp(request);
    const handler = routes[path];
    if (!handler) return text(404, "not found");
    return handler(request);
  };

  let outbox: OutboxRuntime | undefined;
  let digest: DigestService | undefined;
  let composer: ReturnType<typeof createDigestComposer> | undefined;
  function digestComposer() {
    const store = { client: documentClient, tableName: config.tableName };
    composer ??= createDigestComposer({
      promos: createPromoRepository(store),
      subscriptions: createSubscriptionRepository(store),
      languageOf: (user) => createStaffDirectory({ ...store, configuredStaff: [] }).languageOf(user),
      i18n,
      emptyNote: config.promo.digestEmptyNote,
      elapsedMs: monotonicMs,
      now: () => clock.now(),
      ...(photos ? { photos } : {}),
    });
    return composer;
  }
  const app: App = {
    config,
    logger,
    clock,
    documentClient,
    processor,
    messengers,
    telegram,
    whatsapp,
    http,
    get outbox() {
      outbox ??= createOutboxRuntime({
        config,
        documentClient,
        messengers,
        clock,
        logger,
        i18n,
        subscribers: createSubscriberSource({ client: documentClient, tableName: config.tableName }),
        composer: digestComposer(),
      });
      return outbox;
    },
    get digest() {
      digest ??= createDigestService({
        promos: createPromoRepository({ client: documentClient, tableName: config.tableName }),
        jobs: this.outbox.jobs,
        emptyNote: config.promo.digestEmptyNote,
      });
      return digest;
    },
    digestComposer,
  };
  return app;
}

/** Every secret value the logger must scrub. */
export function secretsOf(config: Config): (string | undefined)[] {
  return [
    config.telegram.token,
    config.telegram.webhookSecret,
    config.whatsapp.token,
    config.whatsapp.appSecret,
    config.whatsapp.verifyToken,
  ];
}
