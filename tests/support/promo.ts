// Promo tests on both channels: the real app on DynamoDB Local with both fake platform APIs and the test's clock,
// a seller's chat on either channel, and a promo posted through it the way a seller types one.
import { expect } from "vitest";
import type { App } from "../../functions/lib/app/create-app.js";
import type { UserRef } from "../../functions/lib/core/events.js";
import type { OutboxJob } from "../../functions/lib/core/outbox/model.js";
import type { Clock } from "../../functions/lib/core/ports.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { type FakeWhatsAppApi, startFakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { runOutboxUntilDone } from "../outbox/drain.js";
import { whatsappEnv } from "../whatsapp/helpers.js";
import { buildTestApp, type TestApp, telegramEnv } from "./app.js";
import { createTestTable, type TestTable } from "./store.js";
import { telegramChat } from "./telegram-chat.js";
import { whatsappChat } from "./whatsapp-chat.js";

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
  readonly clock: Clock;
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
    { clock: options.clock },
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

export type SellerChat = ReturnType<typeof telegramChat> | ReturnType<typeof whatsappChat>;

/** The person `user` on their own channel, messages dated by `clock`. */
export function chatOf(harness: TwoChannelApp, user: UserRef, clock: Clock, name = "Rina"): SellerChat {
  return user.channel === "telegram"
    ? telegramChat(harness.app, harness.telegram, Number(user.userId), name, clock)
    : whatsappChat(harness.app, harness.whatsapp, user.userId, name, clock);
}

export interface TypedPromo {
  readonly product: string;
  readonly normalPrice?: string;
  readonly offer?: string;
  /** The weekend button's label. */
  readonly weekend?: string;
}

/** "kirim promo" to "Kirim": no photo, the default location, the weekend of 28-29 November unless told. */
export async function submitPromo(chat: SellerChat, promo: TypedPromo): Promise<void> {
  await chat.say("kirim promo");
  await chat.say(promo.product);
  await chat.say(promo.normalPrice ?? "20rb");
  await chat.say(promo.offer ?? "15rb");
  await chat.choose("Lewati");
  await chat.choose("Taman UMKM Bung Karno");
  await chat.choose(promo.weekend ?? "Sab 28 – Min 29 Nov");
  await chat.choose("Kirim");
}

/** Runs the local outbox until the job is finished; it must have ended done (not cancelled). */
export async function runJobToDone(app: App, jobId: string): Promise<OutboxJob> {
  const job = await runOutboxUntilDone(app, jobId);
  expect(job.state).toBe("done");
  return job;
}
