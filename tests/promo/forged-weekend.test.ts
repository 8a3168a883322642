// Issue #17 item 7: the weekend of a promo is one of the two offered (computed from the clock with the same
// rule that drew the buttons), checked server-side. A forged callback_data (Telegram) or button_reply id
// (WhatsApp) naming any other date gets a plain answer and the weekend step again: no way past the limit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserRef } from "../../functions/lib/core/events.js";
import { wibInstant } from "../../functions/lib/core/promo/weekend.js";
import type { FakeTelegramApi } from "../fakes/telegram-api.js";
import type { FakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import type { TestApp } from "../support/app.js";
import type { SellerChat } from "../support/promo.js";
import { seedApprovedSeller } from "../support/sellers.js";
import type { TestTable } from "../support/store.js";
import { telegramChat } from "../support/telegram-chat.js";
import { startTwoChannelApp } from "../support/two-channels.js";
import { whatsappChat } from "../support/whatsapp-chat.js";

// Monday 23 November 2026, 09:00 WIB: the weekends offered are 28-29 November and 5-6 December.
const clock = { current: wibInstant("2026-11-23", 9), now: () => new Date(clock.current) };

let table: TestTable;
let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;
let test: TestApp;

beforeAll(async () => {
  ({ table, telegram, whatsapp, test } = await startTwoChannelApp({
    name: "forged",
    clock,
    env: { PROMO_MODERATION: "false", PROMO_MAX_PER_WEEKEND: "1" },
  }));
});
afterAll(async () => {
  await telegram.close();
  await whatsapp.close();
});

async function approvedSeller(user: UserRef, chat: SellerChat) {
  await seedApprovedSeller(table, user, clock.now(), { beforeApproval: () => chat.say("halo") });
}

/** Up to the weekend step of a new promo. */
async function toWeekendStep(chat: SellerChat) {
  await chat.say("kirim promo");
  await chat.say("Kripik pisang coklat");
  await chat.say("20rb");
  await chat.say("Rp 15.000");
  await chat.press("pr:skipphoto");
  await chat.press("pr:defloc");
  expect(chat.last().text).toContain("akhir pekan yang mana");
  expect(chat.last().choices.map((choice) => choice.id)).toEqual(["pr:wk:2026-11-28", "pr:wk:2026-12-05"]);
}

const promoWeekends = async (userId: string) =>
  (await table.scanAll())
    .filter((item) => item.userId === userId && typeof item.weekend === "string")
    .map((item) => String(item.weekend));

const channels = [
  {
    name: "Telegram (forged callback_data)",
    make: () => {
      const id = String(95_000 + Math.floor(Math.random() * 4000));
      return {
        user: { channel: "telegram", userId: id } as UserRef,
        chat: telegramChat(test.app, telegram, Number(id), "Rina", clock),
      };
    },
  },
  {
    name: "WhatsApp (forged button_reply id)",
    make: () => {
      const id = `62812955${String(Math.floor(Math.random() * 1e5)).padStart(5, "0")}`;
      return {
        user: { channel: "whatsapp", userId: id } as UserRef,
        chat: whatsappChat(test.app, whatsapp, id, "Rina", clock),
      };
    },
  },
] as const;

describe("forged promo weekends", () => {
  for (const channel of channels) {
    it(`${channel.name}: only the offered weekends are accepted; the weekly limit holds`, async () => {
      const { user, chat } = channel.make();
      await approvedSeller(user, chat);
      await toWeekendStep(chat);

      // A far future Tuesday, a date next week that is not a Saturday, a weekend three weeks on, garbage.
      for (const forged of ["2099-01-03", "2026-12-01", "2026-12-12", "besok", "2026-11-28x"]) {
        await chat.press(`pr:wk:${forged}`);
        expect(chat.last().text).toContain("Akhir pekan itu tidak bisa dipilih");
        expect(chat.last().text).toContain("akhir pekan yang mana");
        expect(chat.last().choices.map((choice) => choice.id)).toEqual([
          "pr:wk:2026-11-28",
          "pr:wk:2026-12-05",
        ]);
      }
      // A weekend whose cut-off has passed.
      await chat.press("pr:wk:2026-11-21");
      expect(chat.last().text).toContain("Batas waktu");
      expect(chat.last().choices.map((choice) => choice.id)).toEqual([
        "pr:wk:2026-11-28",
        "pr:wk:2026-12-05",
      ]);

      // The offered weekend works; a second promo for it meets the limit even when a date is forged.
      await chat.press("pr:wk:2026-11-28");
      expect(chat.last().text).toContain("Periksa promo Anda");
      await chat.press("pr:send");
      expect(chat.last().text).toContain("sudah terdaftar");

      await toWeekendStep(chat);
      await chat.press("pr:wk:2099-01-03");
      expect(chat.last().text).toContain("tidak bisa dipilih");
      await chat.press("pr:wk:2026-11-28");
      await chat.press("pr:send");
      expect(chat.last().text).toContain("batas promo untuk akhir pekan itu sudah tercapai");

      expect(await promoWeekends(user.userId)).toEqual(["2026-11-28"]);
    });
  }
});
