// Builds the real app (composition root) against DynamoDB Local and fake platform APIs.
import { createConsole } from "../../functions/lib/app/console-app.js";
import { type App, createApp } from "../../functions/lib/app/create-app.js";
import { parseConfig } from "../../functions/lib/config/config.js";
import type { Clock } from "../../functions/lib/core/ports.js";
import type { HttpRequest, HttpResponse } from "../../functions/lib/http/types.js";
import { createLogger } from "../../functions/lib/log/logger.js";
import type { TestTable } from "./store.js";

export const telegramToken = "123456:TEST-token-for-the-fake-api";
export const telegramSecret = "test-webhook-secret";

export interface TestApp {
  readonly app: App;
  readonly logs: string[];
}

export function buildTestApp(
  table: TestTable,
  env: Record<string, string | undefined>,
  options: { clock?: Clock } = {},
): TestApp {
  const config = parseConfig({
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    LOG_LEVEL: "debug",
    // Scripted conversations type faster than people; flood control has its own test.
    USER_RATE_LIMIT_PER_MINUTE: "10000",
    ...env,
  });
  const logs: string[] = [];
  const logger = createLogger({
    level: "debug",
    write: (line) => logs.push(line),
    secrets: [config.telegram.token, config.telegram.webhookSecret],
  });
  // The console too, as the local server has it (the webhook Lambdas do not: tests/production-path).
  const app = createApp(config, {
    logger,
    console: createConsole,
    documentClient: table.documentClient,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { app, logs };
}

export function telegramEnv(apiRoot: string, extra: Record<string, string> = {}) {
  return {
    TELEGRAM_BOT_TOKEN: telegramToken,
    TELEGRAM_API_ROOT: apiRoot,
    TELEGRAM_WEBHOOK_SECRET: telegramSecret,
    TELEGRAM_MODE: "webhook",
    ...extra,
  };
}

export function post(path: string, body: string | object, headers: Record<string, string> = {}): HttpRequest {
  return {
    method: "POST",
    path,
    headers: { "content-type": "application/json", ...headers },
    query: {},
    rawBody: Buffer.from(typeof body === "string" ? body : JSON.stringify(body), "utf8"),
  };
}

export async function postTelegram(
  app: App,
  update: object | string,
  secret = telegramSecret,
): Promise<HttpResponse> {
  return app.http(post("/telegram", update, { "x-telegram-bot-api-secret-token": secret }));
}

let updateId = 1000;
export const nextUpdateId = () => ++updateId;

export function tgUser(id: number, firstName = "Siti") {
  return { id, is_bot: false, first_name: firstName, language_code: "id" };
}

export function tgText(userId: number, text: string, extra: Record<string, unknown> = {}) {
  const from = tgUser(userId);
  return {
    update_id: nextUpdateId(),
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: "private", first_name: from.first_name },
      from,
      text,
      ...(text.startsWith("/")
        ? { entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]!.length }] }
        : {}),
      ...extra,
    },
  };
}

export function tgMessage(userId: number, fields: Record<string, unknown>, chat?: Record<string, unknown>) {
  const from = tgUser(userId);
  return {
    update_id: nextUpdateId(),
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: chat ?? { id: userId, type: "private", first_name: from.first_name },
      from,
      ...fields,
    },
  };
}

export function tgCallback(userId: number, data: string) {
  const from = tgUser(userId);
  return {
    update_id: nextUpdateId(),
    callback_query: {
      id: `cq${updateId}`,
      from,
      chat_instance: "ci",
      data,
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: userId, type: "private", first_name: from.first_name },
        from: { id: 123456, is_bot: true, first_name: "Bot" },
        text: "menu",
      },
    },
  };
}
