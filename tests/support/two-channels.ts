// The real app on DynamoDB Local with both fake platform APIs (Telegram and WhatsApp), for tests that drive
// both channels' webhooks.
import type { App } from "../../functions/lib/app/create-app.js";
import type { Clock } from "../../functions/lib/core/ports.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { type FakeWhatsAppApi, startFakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { whatsappEnv } from "../whatsapp/helpers.js";
import { buildTestApp, type TestApp, telegramEnv } from "./app.js";
import { createTestTable, type TestTable } from "./store.js";

export interface TwoChannelApp {
  readonly table: TestTable;
  readonly telegram: FakeTelegramApi;
  readonly whatsapp: FakeWhatsAppApi;
  readonly test: TestApp;
  readonly app: App;
  close(): Promise<void>;
}

export interface TwoChannelAppOptions {
  /** The test table's name prefix. */
  readonly name: string;
  /** The app's clock; default: the machine's. */
  readonly clock?: Clock;
  /** Added to (and overriding) the Telegram and WhatsApp settings, e.g. STAFF_TELEGRAM_IDS, PROMO_MODERATION. */
  readonly env?: Record<string, string>;
  readonly whatsappApi?: Parameters<typeof startFakeWhatsAppApi>[0];
}

export async function startTwoChannelApp(options: TwoChannelAppOptions): Promise<TwoChannelApp> {
  const table = await createTestTable(options.name);
  const telegram = await startFakeTelegramApi();
  const whatsapp = await startFakeWhatsAppApi(options.whatsappApi);
  const test = buildTestApp(
    table,
    { ...telegramEnv(telegram.url), ...whatsappEnv(whatsapp.url), ...options.env },
    options.clock ? { clock: options.clock } : {},
  );
  return {
    table,
    telegram,
    whatsapp,
    test,
    app: test.app,
    async close() {
      await telegram.close();
      await whatsapp.close();
    },
  };
}
