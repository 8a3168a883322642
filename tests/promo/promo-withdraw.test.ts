// Withdrawing a promo asks first (Ya, tarik / Batal) on both channels; the single-use buttons act once, and an
// old "Ya, tarik" pressed again does nothing a second time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wibInstant } from "../../functions/lib/core/promo/weekend.js";
import { createPromoRepository } from "../../functions/lib/store/promo-repository.js";
import { chatOf, submitPromo } from "../support/promo.js";
import { seedApprovedSeller } from "../support/sellers.js";
import { startTwoChannelApp, type TwoChannelApp } from "../support/two-channels.js";

let h: TwoChannelApp;
// Monday 23 November 2026, 09:00 WIB: the open weekend is 28-29 November.
const clock = { current: wibInstant("2026-11-23", 9).getTime(), now: () => new Date(clock.current) };

beforeAll(async () => {
  h = await startTwoChannelApp({ name: "promo-withdraw", clock, env: { PROMO_MODERATION: "false" } });
});
afterAll(() => h.close());

const cases = [
  { channel: "telegram" as const, userId: "82001" },
  { channel: "whatsapp" as const, userId: "6281300000041" },
];

describe.each(cases)("withdrawing a promo on $channel", (user) => {
  it("asks first; Batal keeps it, Ya withdraws it once, an old Ya does nothing again", async () => {
    await seedApprovedSeller(h.table, user, clock.now());
    const chat = chatOf(h, user, clock);
    await submitPromo(chat, { product: "Keripik tempe" });
    expect(chat.last().text).toContain("sudah terdaftar");
    const promos = createPromoRepository({ client: h.table.documentClient, tableName: h.table.tableName });
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
