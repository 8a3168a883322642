// `npm start`: the whole bot on a laptop — DynamoDB Local (persisted), the HTTP routes, Telegram polling.
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { createConsole } from "../functions/lib/app/console-app.js";
import { createApp, secretsOf } from "../functions/lib/app/create-app.js";
import { type Config, ConfigError, parseConfig } from "../functions/lib/config/config.js";
import { createNodeServer } from "../functions/lib/http/node-server.js";
import { createLogger } from "../functions/lib/log/logger.js";
import {
  createLocalClient,
  ensureTable,
  JavaMissingError,
  startDynamoDbLocal,
} from "./lib/dynamodb-local.js";
import { watchLaunchers } from "./lib/launcher-watch.js";
import { isSimulatorRequested, serveSimulator } from "./simulator/index.js";

async function main() {
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, secrets: secretsOf(config) });
  // `kill -9` of npm: stop as on Ctrl+C instead of serving on as an orphan.
  watchLaunchers((pid) => {
    logger.warn("server.launcher_gone", { pid });
    process.kill(process.pid, "SIGTERM");
  });
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true });

  let endpoint = config.dynamodbEndpoint;
  let stopStore = async () => {};
  if (!endpoint) {
    const local = await startDynamoDbLocal({ dataDir: resolve(dataDir, "dynamodb") });
    endpoint = local.endpoint;
    stopStore = local.stop;
    logger.info("store.started", { endpoint, dataDir: resolve(dataDir, "dynamodb") });
  }
  const admin = createLocalClient(endpoint);
  const table = await ensureTable(admin, config.tableName);
  admin.destroy();
  logger.info("store.table", { tableName: config.tableName, table });
  // The admin CLI finds the running store through this file.
  writeFileSync(
    resolve(dataDir, "runtime.json"),
    JSON.stringify({ endpoint, tableName: config.tableName, pid: process.pid, port: config.port }, null, 2),
  );

  // No platform configured (or SIMULATOR=1): the browser simulator on the same real app.
  if (isSimulatorRequested(process.env)) {
    await serveSimulator({ env: process.env, port: config.port, dynamodbEndpoint: endpoint, stopStore });
    return;
  }

  const app = createApp({ ...config, dynamodbEndpoint: endpoint }, { logger, console: createConsole });
  const server = createNodeServer(app.http, logger);
  await new Promise<void>((done) => server.listen(config.port, done));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  logger.info("server.listening", {
    url: `http://localhost:${port}`,
    health: `http://localhost:${port}/health`,
  });

  if (!app.telegram) {
    console.log(
      [
        "",
        `Layanan UMKM bot berjalan di http://localhost:${port} (GET /health).`,
        "Telegram belum aktif: set TELEGRAM_BOT_TOKEN (dari @BotFather) untuk mengobrol dengan bot Anda,",
        "mis. `TELEGRAM_BOT_TOKEN=123456:ABC... npm start` (mode polling, tanpa URL publik).",
        "",
      ].join("\n"),
    );
  } else if (config.telegram.mode === "polling") {
    app.telegram.bot.catch((error) => logger.error("telegram.polling_error", { error: error.error }));
    void app.telegram.bot.start({
      allowed_updates: ["message", "edited_message", "callback_query", "my_chat_member"],
      onStart: (me) => logger.info("telegram.polling", { bot: me.username }),
    });
  } else {
    logger.info("telegram.webhook_mode", { route: `http://localhost:${port}/telegram` });
  }

  if (app.whatsapp) {
    logger.info("whatsapp.on", {
      route: `http://localhost:${port}/whatsapp`,
      apiBase: config.whatsapp.apiBase,
      apiVersion: config.whatsapp.apiVersion,
      template: config.whatsapp.template?.name ?? "none (outside the 24 h window nothing is sent)",
    });
  } else {
    logger.info("whatsapp.off", {
      hint: "set WHATSAPP_TOKEN, WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_APP_SECRET and WHATSAPP_VERIFY_TOKEN",
    });
  }

  // Broadcasts (created in chat or by `admin -- broadcast`) are planned and sent by this process.
  const outbox = app.outbox.localQueue ? app.outbox.startLocal() : undefined;

  const shutdown = async (signal: string) => {
    logger.info("server.stopping", { signal });
    await outbox?.stop().catch(() => undefined);
    await app.telegram?.bot.stop().catch(() => undefined);
    server.close();
    await stopStore();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error) => {
  if (error instanceof JavaMissingError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
