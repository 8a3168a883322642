// The public HTTP API (API Gateway v2): the two chat-platform webhooks and the staff console (/konsol).
import { functionDefaults, handlerRef } from "./function-defaults.js";
import type { Secrets } from "./secrets.js";
import type { Storage } from "./storage.js";

export interface ApiHandlers {
  /** e.g. "functions/telegram.ts" (must export `handler`). */
  telegram: string;
  /** e.g. "functions/whatsapp.ts"; omitted until that handler exists. */
  whatsapp?: string | undefined;
  /** e.g. "functions/console.ts": the staff console's page and API; omitted until wired. */
  console?: string | undefined;
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
  const api = new sst.aws.ApiGatewayV2("Api");
  // The bot's "/konsol" links point at this API unless the stage names another address (a custom domain).
  const environment = { CONSOLE_BASE_URL: api.url, ...input.environment };
  const defaults = () => ({
    ...functionDefaults({ kind: "webhook", isProduction: input.isProduction }),
    environment,
  });

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

  let console: sst.aws.Function | undefined;
  if (handlers.console) {
    // Sends the seller's decision on their channel: the table and both platforms' secrets.
    console = new sst.aws.Function("StaffConsole", {
      ...defaults(),
      description: "Staff console (/konsol): page, sign-in and JSON API",
      handler: handlerRef(handlers.console),
      link: [
        storage.table,
        secrets.telegramBotToken,
        secrets.telegramWebhookSecret,
        ...(handlers.whatsapp
          ? [secrets.whatsappToken, secrets.whatsappAppSecret, secrets.whatsappVerifyToken]
          : []),
      ],
      // The page's files, read by functions/lib/console/assets.ts from $LAMBDA_TASK_ROOT/konsol.
      copyFiles: [{ from: "functions/lib/console/public", to: "konsol" }],
    });
    api.route("GET /konsol", console.arn);
    api.route("GET /konsol/{proxy+}", console.arn);
    api.route("POST /konsol/api/{proxy+}", console.arn);
  }

  return {
    api,
    functions: { telegram, whatsapp, console },
    consoleUrl: console ? $interpolate`${api.url}/konsol` : undefined,
    telegramWebhookUrl: $interpolate`${api.url}/telegram`,
    whatsappWebhookUrl: whatsapp ? $interpolate`${api.url}/whatsapp` : undefined,
  };
}
