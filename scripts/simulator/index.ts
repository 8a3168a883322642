// Simulator mode of `npm start`: the real app (parseConfig + createApp, nothing special in the core) with
// simulator credentials whose API bases point at fake Bot API / Graph API endpoints on this same server.
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import { createConsole } from "../../functions/lib/app/console-app.js";
import { type App, createApp, secretsOf } from "../../functions/lib/app/create-app.js";
import { type Config, parseConfig } from "../../functions/lib/config/config.js";
import { createLogger, type Logger } from "../../functions/lib/log/logger.js";
import type { DynamoDBDocumentClient } from "../../functions/lib/store/dynamo-commands.js";
import { graphApiPrefix, telegramApiPrefix } from "./fake-platforms.js";
import { createHub, type Hub } from "./hub.js";
import { fixedPersonas } from "./personas.js";
import { createSimulatorHandler, createSimulatorServer, type SimulatorCredentials } from "./server.js";
import { createStaffPanel, type SimulatorHooks } from "./staff-panel.js";

export type { SimulatorHooks } from "./staff-panel.js";

const set = (value: string | undefined) => Boolean(value?.trim());

/**
 * SIMULATOR=1 forces the simulator, SIMULATOR=0 turns it off; otherwise it is on when no platform is
 * configured (no TELEGRAM_BOT_TOKEN and none of the WhatsApp secrets).
 */
export function isSimulatorRequested(env: Record<string, string | undefined>): boolean {
  const flag = env.SIMULATOR?.trim().toLowerCase();
  if (flag === "1" || flag === "true") return true;
  if (flag === "0" || flag === "false") return false;
  return ![
    env.TELEGRAM_BOT_TOKEN,
    env.WHATSAPP_TOKEN,
    env.WHATSAPP_APP_SECRET,
    env.WHATSAPP_VERIFY_TOKEN,
  ].some(set);
}

/** Fresh credentials per start: a fake bot token, random secrets, a phone number id of our own. */
export function simulatorCredentials(): SimulatorCredentials {
  const random = () => randomBytes(24).toString("hex");
  return {
    telegramToken: "1000000001:SIMULATOR",
    telegramWebhookSecret: random(),
    whatsappToken: `SIMULATOR-${random()}`,
    whatsappAppSecret: random(),
    whatsappVerifyToken: random(),
    whatsappPhoneNumberId: "100000000000001",
    whatsappDisplayPhoneNumber: "62721000001",
  };
}

const withId = (list: string | undefined, id: string) =>
  [...new Set([...(list ?? "").split(",").map((item) => item.trim()), id].filter(Boolean))].join(",");

/** The environment the app is configured from in simulator mode (the operator's other settings kept). */
export function simulatorEnv(
  env: Record<string, string | undefined>,
  port: number,
  credentials: SimulatorCredentials,
): Record<string, string | undefined> {
  const self = `http://127.0.0.1:${port}`;
  return {
    ...env,
    PORT: String(port),
    TELEGRAM_BOT_TOKEN: credentials.telegramToken,
    TELEGRAM_WEBHOOK_SECRET: credentials.telegramWebhookSecret,
    TELEGRAM_MODE: "webhook",
    TELEGRAM_API_ROOT: `${self}${telegramApiPrefix}`,
    STAFF_TELEGRAM_IDS: withId(env.STAFF_TELEGRAM_IDS, fixedPersonas.telegram.staff.userId),
    WHATSAPP_TOKEN: credentials.whatsappToken,
    WHATSAPP_APP_SECRET: credentials.whatsappAppSecret,
    WHATSAPP_VERIFY_TOKEN: credentials.whatsappVerifyToken,
    WHATSAPP_PHONE_NUMBER_ID: credentials.whatsappPhoneNumberId,
    WHATSAPP_API_BASE: `${self}${graphApiPrefix}`,
    // Outside the 24-hour window the messenger sends a template: show that path too.
    WHATSAPP_TEMPLATE_NAME: env.WHATSAPP_TEMPLATE_NAME?.trim() || "pemberitahuan_umkm",
    STAFF_WHATSAPP_IDS: withId(env.STAFF_WHATSAPP_IDS, fixedPersonas.whatsapp.staff.userId),
  };
}

export interface StartSimulatorOptions {
  readonly env: Record<string, string | undefined>;
  /** Where to listen (0 = any free port). */
  readonly port: number;
  readonly dynamodbEndpoint?: string;
  readonly documentClient?: DynamoDBDocumentClient;
  readonly logger?: Logger;
  /** Optional features for the staff panel (outbox jobs, weekend digest), from the app once it has them. */
  readonly hooks?: (app: App) => SimulatorHooks;
}

export interface RunningSimulator {
  readonly url: string;
  readonly port: number;
  readonly config: Config;
  readonly app: App;
  readonly hub: Hub;
  readonly server: Server;
  readonly credentials: SimulatorCredentials;
  close(): Promise<void>;
}

export async function startSimulator(options: StartSimulatorOptions): Promise<RunningSimulator> {
  const hub = createHub();
  const credentials = simulatorCredentials();
  let handler: ReturnType<typeof createSimulatorHandler> | undefined;
  let logger = options.logger;
  const server = createSimulatorServer(
    hub,
    () => handler,
    (error, path) => logger?.error("http.unhandled", { path, error }),
  );
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(options.port, () => {
      server.off("error", fail);
      done();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  try {
    const config = parseConfig(simulatorEnv(options.env, port, credentials));
    const finalConfig = options.dynamodbEndpoint
      ? { ...config, dynamodbEndpoint: options.dynamodbEndpoint }
      : config;
    logger ??= createLogger({ level: config.logLevel, secrets: secretsOf(config) });
    const app = createApp(finalConfig, {
      logger,
      console: createConsole,
      ...simulatorClock(options.env),
      ...(options.documentClient ? { documentClient: options.documentClient } : {}),
    });
    const panel = createStaffPanel({
      documentClient: app.documentClient,
      tableName: config.tableName,
      clock: app.clock,
      ...(options.hooks ? { hooks: options.hooks(app) } : {}),
    });
    handler = createSimulatorHandler({
      app,
      hub,
      credentials,
      selfUrl: `http://127.0.0.1:${port}`,
      panel,
    });
    return {
      url: `http://localhost:${port}/`,
      port,
      config: finalConfig,
      app,
      hub,
      server,
      credentials,
      close: async () => {
        hub.close();
        server.closeAllConnections();
        await new Promise<void>((done) => server.close(() => done()));
      },
    };
  } catch (error) {
    server.close();
    throw error;
  }
}

/** What the staff panel can do through the app: the outbox jobs and running the weekend digest now. */
export function appHooks(app: App): SimulatorHooks {
  return {
    runDigestNow: async () => {
      const result = await app.digest.run(app.clock.now());
      const summary =
        result.status === "empty"
          ? `Belum ada promo yang disetujui untuk akhir pekan ${result.weekend}: tidak ada yang dikirim.`
          : result.status === "already"
            ? `Kiriman promo akhir pekan ${result.weekend} sudah pernah dibuat (${result.jobId}): tidak dikirim dua kali.`
            : `Kiriman promo akhir pekan ${result.weekend} dibuat (${result.jobId}, ${result.promos} promo) dan sedang dikirim.`;
      return { summary };
    },
    listOutboxJobs: async () =>
      (await app.outbox.jobs.listRecent(10)).map((job) => ({
        id: job.id,
        state: job.state,
        audience: "value" in job.audience ? `${job.audience.kind}: ${job.audience.value}` : job.audience.kind,
        sendAt: job.sendAt,
        counters: { ...job.counters },
      })),
  };
}

/** `npm start` in simulator mode: start, say where the page is, stop cleanly on Ctrl+C / SIGTERM. */
export async function serveSimulator(options: {
  readonly env: Record<string, string | undefined>;
  readonly port: number;
  readonly dynamodbEndpoint: string;
  readonly stopStore: () => Promise<void>;
}): Promise<RunningSimulator> {
  const sim = await startSimulator({ ...options, hooks: appHooks });
  const { logger } = sim.app;
  // Broadcasts are planned and sent by this process, as in the normal `npm start`.
  const outbox = sim.app.outbox.localQueue ? sim.app.outbox.startLocal() : undefined;
  logger.info("simulator.listening", {
    url: sim.url,
    telegramApi: sim.config.telegram.apiRoot,
    graphApi: sim.config.whatsapp.apiBase,
  });
  if (set(options.env.TELEGRAM_BOT_TOKEN) || set(options.env.WHATSAPP_TOKEN)) {
    logger.warn("simulator.real_tokens_ignored", { hint: "unset SIMULATOR to use your real tokens" });
  }
  console.log(
    [
      "",
      `Simulator Layanan UMKM: buka ${sim.url} di browser.`,
      "Chat Telegram dan WhatsApp berdampingan; semua balasan lewat kode bot yang sebenarnya (webhook +",
      "Bot API / Graph API tiruan di server ini). Tidak ada yang dikirim ke Telegram atau WhatsApp.",
      "Untuk bot Telegram sungguhan: `TELEGRAM_BOT_TOKEN=123456:ABC... npm start`. Ctrl+C untuk berhenti.",
      "",
    ].join("\n"),
  );
  const shutdown = async (signal: string) => {
    logger.info("server.stopping", { signal });
    await outbox?.stop().catch(() => undefined);
    await sim.close();
    await options.stopStore();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  return sim;
}

/**
 * SIMULATOR_NOW=<ISO time> starts the simulator's clock at that moment (it then runs normally), so a
 * demo or a test can stand on, say, a Monday morning whatever the real day: weekend cut-offs and the
 * digest weekend depend on the day. Only the simulator reads it.
 */
export function simulatorClock(env: Record<string, string | undefined>): { clock?: { now(): Date } } {
  const start = env.SIMULATOR_NOW ? Date.parse(env.SIMULATOR_NOW) : Number.NaN;
  if (Number.isNaN(start)) return {};
  const offset = start - Date.now();
  return { clock: { now: () => new Date(Date.now() + offset) } };
}
