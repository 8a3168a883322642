// Withdrawing a promo asks first (Ya, tarik / Batal) on both channels; the single-use buttons act once, and an
// old "Ya, tarik" pressed again does nothing a second time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../functions/lib/app/create-app.js";
import type { UserRef } from "../../functions/lib/core/events.js";
import { wibInstant } from "../../functions/lib/core/promo/weekend.js";
import { createPromoRepository } from "../../functions/lib/store/promo-repository.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { type FakeWhatsAppApi, startFakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { buildTestApp, telegramEnv } from "../support/app.js";
import { seedApprovedSeller } from "../support/sellers.js";
import { createTestTable, type TestTable } from "../support/store.js";
import { telegramChat } from "../support/telegram-chat.js";
import { whatsappChat } from "../support/whatsapp-chat.js";
import { whatsappEnv } from "../whatsapp/helpers.js";

let table: TestTable;
let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;
let app: App;
// Monday 23 November 2026, 09:00 WIB: the open weekend is 28-29 November.
const clock = { current: wibInstant("2026-11-23", 9).getTime(), now: () => new Date(clock.current) };

beforeAll(async () => {
  table = await createTestTable("promo-withdraw");
  telegram = await startFakeTelegramApi();
  whatsapp = await startFakeWhatsAppApi();
  app = buildTestApp(
    table,
    { ...telegramEnv(telegram.url), ...whatsappEnv(whatsapp.url), PROMO_MODERATION: "false" },
    { clock },
  ).app;
});
afterAll(async () => {
  await telegram.close();
  await whatsapp.close();
});

async function seller(user: UserRef) {
  await seedApprovedSeller(table, user, clock.now());
}

const cases = [
  { channel: "telegram" as const, userId: "82001" },
  { channel: "whatsapp" as const, userId: "6281300000041" },
];

describe.each(cases)("withdrawing a promo on $channel", (user) => {
  it("asks first; Batal keeps it, Ya withdraws it once, an old Ya does nothing again", async () => {
    await seller(user);
    const chat =
      user.channel === "telegram"
        ? telegramChat(app, telegram, Number(user.userId), "Rina", clock)
        : whatsappChat(app, whatsapp, user.userId, "Rina", clock);
    await chat.say("kirim promo");
    await chat.say("Keripik tempe");
    await chat.say("20rb");
    await chat.say("15rb");
    await chat.choose("Lewati");
    await chat.choose("Taman UMKM Bung Karno");
    await chat.choose("Sab 28 – Min 29 Nov");
    await chat.choose("Kirim");
    expect(chat.last().text).toContain("sudah terdaftar");
    const promos = createPromoRepository({ client: table.documentClient, tableName: table.tableName });
    const status = async () => (await promos.listBySeller(user))[0]?.status;

    await chat.say("promo saya");
    await chat.choose("Tarik");
    expect(chat.last().text).toContain(
      'Tarik promo "Keripik tempe" untuk Sabtu-Minggu, 28-29 November 2026?',
    );
    const confirmation = chat.last().choices;
    expect(confirmation.map((choice) => choice.label)).toEqual(["Ya, tarik", "Batal"]);
    await chat.choose("Batal");
    expect(chat.last().text).toContain("promo tetap tayang");
    expect(await status()).toBe("approved");
    // The "Ya" of that message is spent with it (its token was used by "Batal").
    await chat.press(confirmation[0]!.id);
    expect(await status()).toBe("approved");

    await chat.say("promo saya");
    await chat.choose("Tarik");
    const yes = chat.last().choices.find((choice) => choice.label === "Ya, tarik")!;
    await chat.press(yes.id);
    expect(chat.last().text).toContain("sudah ditarik");
    expect(await status()).toBe("withdrawn");
    const sent = chat.replies().length;
    await chat.press(yes.id);
    expect(chat.replies().length).toBe(sent + 1);
    expect(chat.last().text).not.toContain("sudah ditarik");
    expect(await status()).toBe("withdrawn");
  });
});
