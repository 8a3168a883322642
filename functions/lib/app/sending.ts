// The sending half of the composition: messengers for both channels and the outbox (planner, worker,
// digest). Shared by createApp and createJobsApp, so the scheduled and queue functions get exactly the
// same wiring without bundling the bot, its features, the FAQ or the console.

import type { Api } from "grammy/web";
import { createTelegramFileReader, type TelegramFile } from "../channels/telegram/files.js";
import { createTelegramMessenger } from "../channels/telegram/messenger.js";
import { createStaffChatAddress, type StaffChatAddress } from "../channels/telegram/staff-chat.js";
import { createGraphClient, type GraphClient } from "../channels/whatsapp/graph-client.js";
import { createWhatsAppMessenger } from "../channels/whatsapp/messenger.js";
import { createWhatsAppPhotoBridge } from "../channels/whatsapp/photo-bridge.js";
import { monotonicMs } from "../clock.js";
import type { Config } from "../config/config.js";
import type { Channel } from "../core/events.js";
import type { I18n } from "../core/i18n.js";
import type { Clock, Messenger, PhotoBridge } from "../core/ports.js";
import { createDigestComposer, createDigestService } from "../core/promo/digest.js";
import type { Logger } from "../log/logger.js";
import { createOutboxRuntime, type OutboxRuntime } from "../queue/outbox-runtime.js";
import { createChatMoves } from "../store/chat-moves.js";
import type { createContactDirectory } from "../store/contact-directory.js";
import type { DynamoDBDocumentClient } from "../store/dynamo-commands.js";
import { createMediaCache } from "../store/media-cache.js";
import { createPromoRepository } from "../store/promo-repository.js";
import { createStaffDirectory } from "../store/staff-directory.js";
import { createSubscriberSource, createSubscriptionRepository } from "../store/subscription-repository.js";

export type DigestService = ReturnType<typeof createDigestService>;

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

interface SendingBase {
  readonly config: Config;
  readonly documentClient: DynamoDBDocumentClient;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** The staff group's address (it may have become a supergroup since it was configured). */
export function createStaffChat(deps: SendingBase): StaffChatAddress | undefined {
  const configuredId = deps.config.telegram.staffChatId;
  if (!configuredId) return undefined;
  return createStaffChatAddress({
    configuredId,
    moves: createChatMoves({ client: deps.documentClient, tableName: deps.config.tableName }),
    clock: deps.clock,
    logger: deps.logger,
  });
}

/** Sends on Telegram through `api`; returns the reader of photos sent to the bot (for other channels). */
export function addTelegramMessenger(
  messengers: Partial<Record<Channel, Messenger>>,
  deps: { readonly config: Config; readonly api: Api; readonly staffChat: StaffChatAddress | undefined },
): (fileId: string) => Promise<TelegramFile> {
  const { staffChat } = deps;
  messengers.telegram = createTelegramMessenger(
    deps.api,
    staffChat
      ? {
          // The core names the staff group by its configured id; it may have become a supergroup since.
          chatIdOf: async (id) => (id === staffChat.configuredId ? staffChat.current() : id),
          onChatMoved: (from, to) => staffChat.moved(from, to),
        }
      : {},
  );
  const files = createTelegramFileReader({
    api: deps.api,
    apiRoot: deps.config.telegram.apiRoot,
    token: deps.config.telegram.token!,
  });
  return (fileId) => files.read(fileId);
}

/** Sends on WhatsApp when it is configured; undefined otherwise. */
export function addWhatsAppMessenger(
  messengers: Partial<Record<Channel, Messenger>>,
  deps: SendingBase & {
    readonly i18n: I18n;
    readonly contacts: ReturnType<typeof createContactDirectory>;
    readonly readTelegramPhoto: ((fileId: string) => Promise<TelegramFile>) | undefined;
  },
): { readonly client: GraphClient; readonly photos: PhotoBridge } | undefined {
  const wa = deps.config.whatsapp;
  if (!(wa.enabled && wa.token && wa.phoneNumberId && wa.appSecret && wa.verifyToken)) return undefined;
  const client = createGraphClient({
    baseUrl: wa.apiBase,
    version: wa.apiVersion,
    phoneNumberId: wa.phoneNumberId,
    token: wa.token,
  });
  const photos = createWhatsAppPhotoBridge({
    read: deps.readTelegramPhoto ? { telegram: deps.readTelegramPhoto } : {},
    upload: (file) => client.uploadMedia(file),
    cache: createMediaCache({ client: deps.documentClient, tableName: deps.config.tableName }),
    clock: deps.clock,
    logger: deps.logger,
    elapsedMs: monotonicMs,
  });
  messengers.whatsapp = createWhatsAppMessenger({
    client,
    contacts: deps.contacts,
    clock: deps.clock,
    logger: deps.logger,
    i18n: deps.i18n,
    template: wa.template,
    templates: wa.templates,
  });
  return { client, photos };
}

export interface OutboxParts {
  /** Bulk sends (planner, worker, queue); built on first use, so webhooks never construct it. */
  readonly outbox: OutboxRuntime;
  /** The weekend digest: `run(now)` creates this weekend's job once (the outbox sends it). */
  readonly digest: DigestService;
  /** What a subscriber would get (dry runs, the simulator). */
  digestComposer(): ReturnType<typeof createDigestComposer>;
}

/** The outbox and the digest, each built on first use. */
export function createOutboxParts(
  deps: SendingBase & {
    readonly i18n: I18n;
    readonly messengers: Partial<Record<Channel, Messenger>>;
    readonly photos: PhotoBridge | undefined;
  },
): OutboxParts {
  const { config, documentClient, clock, logger, i18n, messengers, photos } = deps;
  const store = { client: documentClient, tableName: config.tableName };
  let outbox: OutboxRuntime | undefined;
  let digest: DigestService | undefined;
  let composer: ReturnType<typeof createDigestComposer> | undefined;
  function digestComposer() {
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
  return {
    get outbox() {
      outbox ??= createOutboxRuntime({
        config,
        documentClient,
        messengers,
        clock,
        logger,
        i18n,
        subscribers: createSubscriberSource(store),
        composer: digestComposer(),
      });
      return outbox;
    },
    get digest() {
      digest ??= createDigestService({
        promos: createPromoRepository(store),
        jobs: this.outbox.jobs,
        emptyNote: config.promo.digestEmptyNote,
      });
      return digest;
    },
    digestComposer,
  };
}
