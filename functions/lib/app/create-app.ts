// The composition root: config in, wired app out. Lambda, the local server and tests all build it here.

import type { Bot as GrammyBot } from "grammy/web";
import { createTelegramBot, createTelegramWebhook } from "../channels/telegram/bot.js";
import { createWhatsAppWebhook } from "../channels/whatsapp/webhook.js";
import { systemClock } from "../clock.js";
import type { Config } from "../config/config.js";
import { type ConsoleAccess, createConsoleAccess } from "../console/access.js";
import { createConsoleLinks } from "../console/links.js";
import { createBot } from "../core/bot.js";
import { createConsoleFeature } from "../core/console/console-feature.js";
import type { Channel, UserRef } from "../core/events.js";
import { createFaqMatcher, getFaqMatcher } from "../core/faq/faq-matcher.js";
import { createKnowledge, type Knowledge } from "../core/faq/knowledge.js";
import { getFaqTopics } from "../core/faq/knowledge-base.js";
import { createI18n, type I18n } from "../core/i18n.js";
import { createAccountEvents } from "../core/identity/account-events.js";
import { createInboundProcessor, type InboundProcessor } from "../core/inbound.js";
import type { Clock, Messenger } from "../core/ports.js";
import { createUnderstander } from "../core/understand/understand.js";
import { type HttpHandler, json, text } from "../http/types.js";
import { createLogger, type Logger } from "../log/logger.js";
import type { OutboxRuntime } from "../queue/outbox-runtime.js";
import { type ConsoleStore, createConsoleStore } from "../store/console-store.js";
import { createContactDirectory } from "../store/contact-directory.js";
import { createDocumentClient } from "../store/dynamo.js";
import type { DynamoDBDocumentClient } from "../store/dynamo-commands.js";
import { createIdentityMover } from "../store/identity-mover.js";
import { createInboundLedger } from "../store/inbound-ledger.js";
import { createKnowledgeRepository } from "../store/knowledge-repository.js";
import { createSessionStore } from "../store/session-store.js";
import { createTicketRepository } from "../store/ticket-repository.js";
import { createTrainingRepository } from "../store/training-repository.js";
import { createFeatures } from "./features.js";
import {
  addTelegramMessenger,
  addWhatsAppMessenger,
  createOutboxParts,
  createStaffChat,
  type OutboxParts,
  secretsOf,
} from "./sending.js";

export { type DigestService, secretsOf } from "./sending.js";

export interface AppOverrides {
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly documentClient?: DynamoDBDocumentClient;
  /** The staff console on /konsol (app/console-app.ts); without it /konsol is a 404 (the webhook Lambdas). */
  readonly console?: (parts: ConsoleParts) => HttpHandler;
}

/** What the staff console is built from: the app's own parts, so chat and console share one state. */
export interface ConsoleParts {
  readonly config: Config;
  readonly store: { readonly client: DynamoDBDocumentClient; readonly tableName: string };
  readonly consoleStore: ConsoleStore;
  readonly access: ConsoleAccess;
  readonly configuredStaff: readonly UserRef[];
  readonly isConfiguredStaff: (user: UserRef) => boolean;
  readonly knowledge: Knowledge;
  readonly messengers: Partial<Record<Channel, Messenger>>;
  readonly i18n: I18n;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Bulk sends; built on first use. */
  readonly outbox: () => OutboxRuntime;
}

export interface App extends OutboxParts {
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
  let readTelegramPhoto: Parameters<typeof addWhatsAppMessenger>[1]["readTelegramPhoto"];
  if (config.telegram.token) {
    const staffChat = createStaffChat({ config, documentClient, clock, logger });
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
    readTelegramPhoto = addTelegramMessenger(messengers, { config, api: grammyBot.api, staffChat });
    telegram = {
      bot: grammyBot,
      webhook: createTelegramWebhook({ bot: grammyBot, secret: config.telegram.webhookSecret, logger }),
    };
  }

  let whatsapp: App["whatsapp"];
  const wa = config.whatsapp;
  const whatsappSending = addWhatsAppMessenger(messengers, {
    config,
    documentClient,
    clock,
    logger,
    i18n,
    contacts,
    readTelegramPhoto,
  });
  if (whatsappSending && wa.appSecret && wa.verifyToken && wa.phoneNumberId) {
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

  const consoleHttp = overrides.console?.({
    config,
    store,
    consoleStore,
    access: consoleAccess,
    configuredStaff,
    isConfiguredStaff,
    knowledge,
    messengers,
    i18n,
    clock,
    logger,
    outbox: () => app.outbox,
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
    if (consoleHttp && (path === "/konsol" || path.startsWith("/konsol/"))) return consoleHttp(request);
    const handler = routes[path];
    if (!handler) return text(404, "not found");
    return handler(request);
  };

  const sending = createOutboxParts({
    config,
    documentClient,
    clock,
    logger,
    i18n,
    messengers,
    photos: whatsappSending?.photos,
  });
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
      return sending.outbox;
    },
    get digest() {
      return sending.digest;
    },
    digestComposer: () => sending.digestComposer(),
  };
  return app;
}
