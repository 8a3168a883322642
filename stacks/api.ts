// The public HTTP API (API Gateway v2): the two chat-platform webhooks, nothing else.
import { functionDefaults, handlerRef } from "./function-defaults.js";
import type { Secrets } from "./secrets.js";
import type { Storage } from "./storage.js";

export interface ApiHandlers {
  /** e.g. "functions/telegram.ts" (must export `handler`). */
  telegram: string;
  /** e.g. "functions/whatsapp.ts"; omitted until that handler exists. */
  whatsapp?: string | undefined;
}

export interface ApiInput {
  storage: Storage;
  secrets: Secrets;
  handlers: ApiHandlers;
  isProduction: boolean;
  environment: Record<string, string>;
}

export function createApi(input: ApiInput) {
  const { storage, secrets, handlers } = input;
  const defaults = () =>
    functionDefaults({ kind: "webhook", isProduction: input.isProduction, environment: input.environment });

  const api = new sst.aws.ApiGatewayV2("Api");

  // Least privilege: each webhook function links the table and its own platform's secrets only.
  const telegram = new sst.aws.Function("TelegramWebhook", {
    ...defaults(),
    description: "Telegram webhook (grammY)",
    handler: handlerRef(handlers.telegram),
    link: [storage.table, secrets.telegramBotToken, secrets.telegramWebhookSecret],
  });
  api.route("POST /telegram", telegram.arn);

  let whatsapp: sst.aws.Function | undefined;
  if (handlers.whatsapp) {
    // ONE function answers both Meta's GET verification handshake and the POST notifications.
    whatsapp = new sst.aws.Function("WhatsappWebhook", {
      ...defaults(),
      description: "WhatsApp Business Cloud API webhook",
      handler: handlerRef(handlers.whatsapp),
      link: [storage.table, secrets.whatsappToken, secrets.whatsappAppSecret, secrets.whatsappVerifyToken],
    });
    api.route("GET /whatsapp", whatsapp.arn);
    api.route("POST /whatsapp", whatsapp.arn);
  }

  return {
    api,
    functions: { telegram, whatsapp },
    telegramWebhookUrl: $interpolate`${api.url}/telegram`,
    whatsappWebhookUrl: whatsapp ? $interpolate`${api.url}/whatsapp` : undefined,
  };
}
