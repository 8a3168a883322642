// The app of the functions that only send: the outbox worker and planner, the digest and the hourly jobs.
// Same config and the same sending wiring as createApp (sending.ts), without the bot, its features, the FAQ,
// the webhooks or the console, which those functions never run (a smaller bundle, a shorter cold start).

import { Api } from "grammy/web";
import { telegramClientOptions } from "../channels/telegram/client-options.js";
import { systemClock } from "../clock.js";
import type { Config } from "../config/config.js";
import type { Channel } from "../core/events.js";
import { createI18n } from "../core/i18n.js";
import type { Clock, Messenger } from "../core/ports.js";
import { createLogger, type Logger } from "../log/logger.js";
import { createContactDirectory } from "../store/contact-directory.js";
import { createDocumentClient } from "../store/dynamo.js";
import type { DynamoDBDocumentClient } from "../store/dynamo-commands.js";
import type { AppOverrides } from "./create-app.js";
import {
  addTelegramMessenger,
  addWhatsAppMessenger,
  createOutboxParts,
  createStaffChat,
  type OutboxParts,
  secretsOf,
} from "./sending.js";

export interface JobsApp extends OutboxParts {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly documentClient: DynamoDBDocumentClient;
  readonly messengers: Partial<Record<Channel, Messenger>>;
}

export function createJobsApp(config: Config, overrides: AppOverrides = {}): JobsApp {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel, secrets: secretsOf(config) });
  const clock = overrides.clock ?? systemClock;
  const documentClient =
    overrides.documentClient ??
    createDocumentClient({
      region: config.awsRegion,
      ...(config.dynamodbEndpoint ? { endpoint: config.dynamodbEndpoint } : {}),
    });
  const i18n = createI18n();
  const messengers: Partial<Record<Channel, Messenger>> = {};
  const base = { config, documentClient, clock, logger };
  // The same Bot API client a grammY Bot makes (createTelegramBot adds no transformers).
  const readTelegramPhoto = config.telegram.token
    ? addTelegramMessenger(messengers, {
        config,
        api: new Api(config.telegram.token, telegramClientOptions(config.telegram.apiRoot)),
        staffChat: createStaffChat(base),
      })
    : undefined;
  const whatsapp = addWhatsAppMessenger(messengers, {
    ...base,
    i18n,
    contacts: createContactDirectory({ client: documentClient, tableName: config.tableName }),
    readTelegramPhoto,
  });
  const sending = createOutboxParts({ ...base, i18n, messengers, photos: whatsapp?.photos });
  return {
    config,
    logger,
    clock,
    documentClient,
    messengers,
    get outbox() {
      return sending.outbox;
    },
    get digest() {
      return sending.digest;
    },
    digestComposer: () => sending.digestComposer(),
  };
}
