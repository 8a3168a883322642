// The grammY side of the Telegram channel: one middleware that hands every update to the core.

import type { UserFromGetMe } from "grammy/types";
import { Bot, BotError, webhookCallback } from "grammy/web";
import { isTransient } from "../../core/errors.js";
import type { AccountEvents } from "../../core/identity/account-events.js";
import type { InboundProcessor } from "../../core/inbound.js";
import type { Clock } from "../../core/ports.js";
import type { HttpHandler } from "../../http/types.js";
import { isJsonContentType, json, text, unsupportedMediaType } from "../../http/types.js";
import type { Logger } from "../../log/logger.js";
import { timingSafeEqualText } from "../../security/compare.js";
import { accountEventOf, chatMoveOf } from "./account-events.js";
import { telegramClientOptions } from "./client-options.js";
import { normaliseTelegramUpdate } from "./normalise.js";
import type { StaffChatAddress } from "./staff-chat.js";
import { telegramUpdateSchema } from "./update-schema.js";

export interface TelegramBotOptions {
  readonly token: string;
  readonly botUsername: string;
  readonly apiRoot: string;
  readonly processor: InboundProcessor;
  readonly logger: Logger;
  readonly clock: Clock;
  /** The staff group (STAFF_TELEGRAM_CHAT_ID), whose commands and replies to the bot are processed. */
  readonly staffChat?: StaffChatAddress;
  /** Blocked / unblocked the bot (my_chat_member). */
  readonly accountEvents?: AccountEvents;
  /** Long polling has no platform retry: retry transient failures here instead. */
  readonly retryTransient?: boolean;
}

/** Known from the token and config, so no getMe call per cold start. */
export function botInfoFor(token: string, username: string): UserFromGetMe {
  return {
    id: Number(token.split(":")[0]),
    is_bot: true,
    first_name: "Layanan UMKM Bandar Lampung",
    username,
    can_join_groups: false,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
  } as UserFromGetMe;
}

export function createTelegramBot(options: TelegramBotOptions): Bot {
  const bot = new Bot(options.token, {
    botInfo: botInfoFor(options.token, options.botUsername),
    client: telegramClientOptions(options.apiRoot),
  });
  const { staffChat, accountEvents } = options;
  bot.use(async (ctx, next) => {
    const account = accountEventOf(ctx.update);
    const move = chatMoveOf(ctx.update);
    if (!account && !move) return next();
    try {
      if (account && accountEvents) await accountEvents.handle(account);
      // The staff group became a supergroup: tickets follow it to the new chat id.
      if (move && staffChat) await staffChat.moved(move.from, move.to);
    } catch (error) {
      if (isTransient(error)) throw error;
      options.logger.error("telegram.update_failed", { updateId: ctx.update.update_id, error });
    }
  });
  bot.use(async (ctx) => {
    const event = normaliseTelegramUpdate(ctx.update, options.botUsername, {
      now: options.clock.now(),
      ...(staffChat ? { staffChatId: staffChat.configuredId, staffChatIds: await staffChat.ids() } : {}),
    });
    // Stop the button spinner first; a retry may answer again and Telegram refuses that harmlessly.
    if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
    if (!event) {
      options.logger.debug("telegram.ignored", { updateId: ctx.update.update_id });
      return;
    }
    try {
      await processWithRetry(() => options.processor.process(event), options.retryTransient ? 5 : 1);
    } catch (error) {
      // Transient: let Telegram retry (5xx). Deterministic: log and answer 200, or Telegram retries forever.
      if (isTransient(error)) throw error;
      options.logger.error("telegram.update_failed", { updateId: ctx.update.update_id, error });
    }
  });
  return bot;
}

export interface TelegramWebhookOptions {
  readonly bot: Bot;
  readonly secret: string | undefined;
  readonly logger: Logger;
}

export function createTelegramWebhook(options: TelegramWebhookOptions): HttpHandler {
  const { bot, secret, logger } = options;
  const callback = webhookCallback(bot, "aws-lambda-async", {
    secretToken: secret,
    onTimeout: "throw",
    timeoutMilliseconds: 25_000,
  });
  return async (request) => {
    if (request.method !== "POST") return text(405, "method not allowed");
    const given = request.headers["x-telegram-bot-api-secret-token"];
    if (!secret || !given || !timingSafeEqualText(given, secret)) {
      logger.warn("telegram.webhook_unauthorized", {
        reason: secret ? "bad secret" : "no secret configured",
      });
      return text(401, "unauthorized");
    }
    if (!isJsonContentType(request)) return unsupportedMediaType();
    const body = request.rawBody.toString("utf8");
    let update: unknown;
    try {
      update = JSON.parse(body);
    } catch {
      return json(400, { error: "malformed JSON" });
    }
    const parsed = telegramUpdateSchema().safeParse(update);
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join(".") || "update";
      return json(400, { error: `not a valid Telegram update (${where})` });
    }
    try {
      const result = await callback({ body, headers: { ...request.headers } } as never, {} as never);
      const response = result as unknown as {
        statusCode: number;
        headers?: Record<string, string>;
        body?: string;
      };
      return { status: response.statusCode, headers: response.headers ?? {}, body: response.body ?? "" };
    } catch (error) {
      const cause = error instanceof BotError ? error.error : error;
      logger.error("telegram.webhook_retry", { error: cause });
      return text(isTransient(cause) ? 503 : 500, "try again later");
    }
  };
}

async function processWithRetry<T>(task: () => Promise<T>, attempts: number): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
    }
  }
}
