// Buyers browse and search the weekend's approved promos on demand, through the real webhooks of both channels.
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../functions/lib/app/create-app.js";
import type { Promo } from "../../functions/lib/core/promo/promo.js";
import { wibInstant } from "../../functions/lib/core/promo/weekend.js";
import { createPromoRepository } from "../../functions/lib/store/promo-repository.js";
import { createSubscriptionRepository } from "../../functions/lib/store/subscription-repository.js";
import type { FakeTelegramApi } from "../fakes/telegram-api.js";
import type { FakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { seededPromo } from "../support/promo.js";
import type { TestTable } from "../support/store.js";
import { telegramChat } from "../support/telegram-chat.js";
import { startTwoChannelApp } from "../support/two-channels.js";
import { whatsappChat } from "../support/whatsapp-chat.js";

let table: TestTable;
let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;
let app: App;
// Wednesday 2 December 2026, 10:00 WIB: before the cut-off (Friday 12:00) of the weekend of 5-6 December.
const wednesday = wibInstant("2026-12-02", 10);
const clock = { current: wednesday.getTime(), now: () => new Date(clock.current) };
const weekend = "2026-12-05";

const promo = (id: string, fields: Partial<Promo>) => seededPromo(id, weekend, wednesday, fields);

beforeAll(async () => {
  ({ table, telegram, whatsapp, app } = await startTwoChannelApp({ name: "browse", clock }));
  const promos = createPromoRepository({ client: table.documentClient, tableName: table.tableName });
  const seed = [
    promo("pKeripik", {
      userId: "71",
      businessName: "Keripik Siger",
      product: "Keripik pisang coklat",
      photo: "tg-photo-keripik",
      photoChannel: "telegram",
      createdAt: wednesday.getTime() - 5,
    }),
    promo("pKopi", {
      userId: "72",
      businessName: "Kopi Way Halim",
      product: "Kopi robusta 250 gram",
      normalPrice: 60_000,
      promoPrice: 50_000,
      photo: "https://example.org/kopi.jpg",
      createdAt: wednesday.getTime() - 4,
    }),
    promo("pPempek", {
      userId: "73",
      businessName: "Pempek Cek Ida",
      product: "Pempek kapal selam",
      createdAt: wednesday.getTime() - 3,
    }),
    promo("pKemplang", {
      userId: "74",
      businessName: "Kemplang Bu Ani",
      product: "Kemplang panggang",
      createdAt: wednesday.getTime() - 2,
    }),
    promo("pTapis", {
      userId: "75",
      businessName: "Tapis Bu Made",
      category: "kerajinan-tapis",
      product: "Kain tapis mini",
      promoPrice: undefined,
      discountText: "diskon 20%",
      createdAt: wednesday.getTime() - 1,
    }),
    promo("pPending", { userId: "76", product: "Belum disetujui", status: "pending" }),
    promo("pNext", {
      userId: "77",
      businessName: "Lapak Depan",
      product: "Gula aren minggu depan",
      weekend: "2026-12-12",
    }),
  ];
  for (const item of seed) await promos.create(item, 3);
}, 60_000);

const telegramTo = (chat: number) =>
  telegram.calls.filter(
    (call) => call.method.startsWith("send") && String(call.payload.chat_id) === String(chat),
  );
const whatsappTo = (to: string) => whatsapp.calls.filter((call) => call.payload.to === to);

describe("browsing promos on demand", () => {
  it("Telegram: a buyer who never subscribed asks in words, picks a category and pages, with photos", async () => {
    const chat = telegramChat(app, telegram, 8101, "Rina", clock);
    await chat.say("promo minggu ini apa aja?");
    const overview = chat.last();
    expect(overview.text).toContain("5 promo");
    expect(overview.text).toContain("5-6 Desember 2026");
    expect(overview.choices.map((choice) => choice.label)).toEqual([
      "Semua (5)",
      "Kuliner (4)",
      "Kerajinan & Tapis (1)",
      "🛍️ Langganan promo",
    ]);
    // Only this weekend's approved promos: not the pending one, not next weekend's (before the cut-off).
    const before = telegramTo(8101).length;
    await chat.press("br:c:20261205:kuliner:1");
    const page1 = telegramTo(8101).slice(before);
    expect(page1.map((call) => call.method)).toEqual([
      "sendPhoto",
      "sendPhoto",
      "sendMessage",
      "sendMessage",
    ]);
    expect(page1[0]!.payload.photo).toBe("tg-photo-keripik");
    const caption = String(page1[0]!.payload.caption);
    for (const part of [
      "Keripik pisang coklat",
      "Rp20.000 → Rp15.000",
      "Keripik Siger",
      "Taman UMKM Bung Karno",
    ])
      expect(caption).toContain(part);
    expect(page1[1]!.payload.photo).toBe("https://example.org/kopi.jpg");
    expect(String(page1[2]!.payload.text)).toContain("Pempek kapal selam");
    expect(chat.last().text).toContain("halaman 1 dari 2");
    for (const call of page1) {
      const markup = call.payload.reply_markup as
        | { inline_keyboard?: { callback_data: string }[][] }
        | undefined;
      for (const button of markup?.inline_keyboard?.flat() ?? [])
        expect(new TextEncoder().encode(button.callback_data).length).toBeLessThanOrEqual(64);
    }
    await chat.choose("Berikutnya");
    const page2 = chat.replies().slice(-2);
    expect(page2[0]!.text).toContain("Kemplang panggang");
    expect(page2[0]!.text).not.toContain("Belum disetujui");
    expect(chat.last().text).toContain("halaman 2 dari 2");
    expect(chat.last().choices.map((choice) => choice.label)).not.toContain("➡️ Berikutnya");
    const all = chat
      .replies()
      .map((reply) => reply.text)
      .join("\n");
    expect(all).not.toContain("Belum disetujui");
    expect(all).not.toContain("Gula aren");
    // Browsing never subscribes anyone.
    const subscriptions = createSubscriptionRepository({
      client: table.documentClient,
      tableName: table.tableName,
    });
    expect(await subscriptions.get({ channel: "telegram", userId: "8101" })).toBeNull();
  });

  it("WhatsApp: 'promo' lists categories, pages stay within 3 buttons and 1024-character captions", async () => {
    const chat = whatsappChat(app, whatsapp, "6281311110001", "Dewi", clock);
    await chat.say("promo");
    expect(chat.last().text).toContain("5 promo");
    await chat.choose("Kuliner");
    const page = whatsappTo("6281311110001").slice(-3);
    // The Telegram photo cannot be shown on WhatsApp: its card is text; the https photo is an image.
    const image = page.find((call) => call.payload.type === "image")?.payload.image as
      | { link: string; caption: string }
      | undefined;
    expect(image?.link).toBe("https://example.org/kopi.jpg");
    expect(image?.caption).toContain("Kopi robusta 250 gram");
    expect(image?.caption).toContain("Rp60.000 → Rp50.000");
    const texts = chat
      .replies()
      .map((reply) => reply.text)
      .join("\n");
    expect(texts).toContain("Keripik pisang coklat");
    expect(texts).toContain("Pempek kapal selam");
    for (const call of whatsappTo("6281311110001")) {
      const interactive = call.payload.interactive as { action?: { buttons?: unknown[] } } | undefined;
      expect(interactive?.action?.buttons?.length ?? 0).toBeLessThanOrEqual(3);
      expect(
        String((call.payload.image as { caption?: string } | undefined)?.caption ?? "").length,
      ).toBeLessThanOrEqual(1024);
    }
    expect(chat.last().text).toContain("halaman 1 dari 2");
    await chat.choose("Berikutnya");
    expect(chat.replies().at(-2)?.text).toContain("Kemplang panggang");
    expect(chat.last().text).toContain("halaman 2 dari 2");
  });

  it("after the cut-off also offers next weekend's promos", async () => {
    const saved = clock.current;
    clock.current = wibInstant("2026-12-05", 8).getTime();
    try {
      const chat = whatsappChat(app, whatsapp, "6281311110002", "Yanti", clock);
      await chat.say("ada promo apa sabtu ini");
      expect(chat.last().text).toContain("5-6 Desember 2026");
      await chat.choose("Pekan");
      expect(chat.replies().at(-2)?.text).toContain("Gula aren minggu depan");
      expect(chat.last().text).toContain("12-13 Desember 2026");
    } finally {
      clock.current = saved;
    }
  });
});

describe("searching what is on offer", () => {
  it("WhatsApp: a typo and chat spelling still find the product", async () => {
    const chat = whatsappChat(app, whatsapp, "6281311110003", "Ani", clock);
    await chat.say("ada yg jual kripik pisng ga?");
    const found = chat.replies().at(-2)!.text;
    expect(found).toContain("Keripik pisang coklat");
    expect(found).not.toContain("Kopi robusta");
    expect(chat.last().text).toMatch(/"keripik pisng": 1 · halaman 1 dari 1/);
  });

  it("Telegram: a business name, a contact question and a word nobody sells", async () => {
    const chat = telegramChat(app, telegram, 8102, "Budi", clock);
    await chat.say("cari tapis");
    expect(chat.replies().at(-2)!.text).toContain("Kain tapis mini");
    await chat.say("nomor wa penjual kopi robustaa");
    const kopi = telegramTo(8102).at(-2)!;
    expect(String(kopi.payload.caption)).toContain("Kopi Way Halim");
    await chat.say("cari Pempek Cek Ida");
    expect(chat.replies().at(-2)!.text).toContain("Pempek kapal selam");
    await chat.say("cari sepatu kulit");
    expect(chat.last().text).toContain("Belum ada promo atau penjual");
    expect(chat.last().choices.map((choice) => choice.id)).toContain("br");
  });
});

describe("poster links (deep links)", () => {
  it("Telegram: /start promo browses and /start daftar registers; WhatsApp's pre-filled keywords do the same", async () => {
    const tg = telegramChat(app, telegram, 8110, "Poster", clock);
    await tg.say("/start promo");
    expect(tg.last().text).toContain("5 promo");
    const other = telegramChat(app, telegram, 8111, "Poster", clock);
    await other.say("/start daftar");
    expect(
      other
        .last()
        .choices.map((choice) => choice.label)
        .join(" "),
    ).toContain("Setuju");
    const plain = telegramChat(app, telegram, 8112, "Poster", clock);
    await plain.say("/start tidak_dikenal");
    expect(plain.last().text).not.toContain("5 promo");
    const wa = whatsappChat(app, whatsapp, "6281311110010", "Poster", clock);
    await wa.say("daftar");
    expect(
      wa
        .last()
        .choices.map((choice) => choice.label)
        .join(" "),
    ).toContain("Setuju");
  });

  it("admin qr prints both links and writes a PNG per channel (or one with --channel)", async () => {
    const { mkdtemp, readFile } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const QRCode = (await import("qrcode")).default;
    const { runAdmin } = await import("../../scripts/admin/main.js");
    const dir = await mkdtemp(join(tmpdir(), "qr-"));
    let stdout = "";
    let stderr = "";
    const io = {
      out: (text: string) => {
        stdout += text;
      },
      err: (text: string) => {
        stderr += text;
      },
      clock,
    };
    const env = { TELEGRAM_BOT_USERNAME: "umkm_test_bot", WHATSAPP_DISPLAY_NUMBER: "6281200001111" };
    const code = await runAdmin(
      ["qr", "--target", "lapak:whatsapp:6281399990001", "--out", join(dir, "p.png")],
      {
        io,
        env,
      },
    );
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const telegramLink = "https://t.me/umkm_test_bot?start=lapak_w6281399990001";
    const whatsappLink = "https://wa.me/6281200001111?text=lapak%20w6281399990001";
    expect(stdout).toContain(`telegram: ${telegramLink}`);
    expect(stdout).toContain(`whatsapp: ${whatsappLink}`);
    const options = { type: "png", errorCorrectionLevel: "M", margin: 2, width: 600 } as const;
    expect(await readFile(join(dir, "p-telegram.png"))).toEqual(await QRCode.toBuffer(telegramLink, options));
    expect(await readFile(join(dir, "p-whatsapp.png"))).toEqual(await QRCode.toBuffer(whatsappLink, options));
    const one = await runAdmin(
      ["qr", "--target", "promo", "--out", join(dir, "t.png"), "--channel", "telegram"],
      {
        io,
        env: { TELEGRAM_BOT_USERNAME: "umkm_test_bot" },
      },
    );
    expect(one).toBe(0);
    expect(await readFile(join(dir, "t.png"))).toEqual(
      await QRCode.toBuffer("https://t.me/umkm_test_bot?start=promo", options),
    );
    // No display number: no WhatsApp code, said plainly; a bad target is a usage error.
    expect(await runAdmin(["qr", "--target", "daftar", "--out", join(dir, "d.png")], { io, env: {} })).toBe(
      1,
    );
    expect(stderr).toContain("WHATSAPP_DISPLAY_NUMBER");
    expect(await runAdmin(["qr", "--target", "lapak:nobody", "--out", join(dir, "x.png")], { io, env })).toBe(
      2,
    );
  });
});
