// Sellers choose at registration (and in "Ubah profil") whether buyers see their chat contact and stall; buyers
// get a wa.me / t.me link and the market's pin only with that consent. Both channels, through the real webhooks.
import { beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../functions/lib/app/create-app.js";
import type { Promo } from "../../functions/lib/core/promo/promo.js";
import { wibInstant } from "../../functions/lib/core/promo/weekend.js";
import { createPromoRepository } from "../../functions/lib/store/promo-repository.js";
import { createSellerRepository } from "../../functions/lib/store/seller-repository.js";
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
// Wednesday 2 December 2026, 10:00 WIB: the weekend of 5-6 December is browsed.
const now = wibInstant("2026-12-02", 10);
const clock = { current: now.getTime(), now: () => new Date(clock.current) };
const store = () => ({ client: table.documentClient, tableName: table.tableName });

type Chat = ReturnType<typeof telegramChat> | ReturnType<typeof whatsappChat>;

async function register(
  chat: Chat,
  business: string,
  products: string,
  phone: string,
  answer: () => Promise<void>,
) {
  await chat.say("daftar");
  await chat.choose("Setuju");
  await chat.say("Pemilik Usaha");
  await chat.say(business);
  await chat.choose("Kuliner");
  await chat.say("kedaton");
  await chat.shareContact(phone);
  await chat.say(products);
  await chat.choose("Belum ada");
  await chat.choose("Ya");
  expect(chat.last().text).toContain("Boleh pembeli melihat kontak");
  await answer();
  expect(chat.last().text).toContain("Mohon periksa data pendaftaran");
  await chat.choose("Simpan");
}

const promo = (id: string, sellerId: string, fields: Partial<Promo>) => {
  const [channel, userId] = sellerId.split(":") as ["telegram" | "whatsapp", string];
  return seededPromo(id, "2026-12-05", now, { sellerId, channel, userId, ...fields });
};

beforeAll(async () => {
  ({ table, telegram, whatsapp, app } = await startTwoChannelApp({ name: "seller-contact", clock }));

  // A Telegram seller with a public @username agrees; a WhatsApp seller agrees by typing the stall number;
  // another Telegram seller (no username) says no.
  const kopi = telegramChat(app, telegram, 8201, "Rudi", clock, "kopi_siger");
  await register(kopi, "Kopi Siger", "kopi robusta bubuk", "081234560001", () =>
    kopi.choose("Boleh tampilkan"),
  );
  const madu = whatsappChat(app, whatsapp, "6281399990001", "Sari", clock);
  await register(madu, "Madu Hutan Sari", "madu hutan, gula aren", "6281399990001", () =>
    madu.say("lapak B12"),
  );
  const sambal = telegramChat(app, telegram, 8203, "Tono", clock);
  await register(sambal, "Sambal Tono", "sambal bawang, emping melinjo", "081234560003", () =>
    sambal.choose("Jangan tampilkan"),
  );
  const sellers = createSellerRepository(store());
  for (const id of ["telegram:8201", "whatsapp:6281399990001", "telegram:8203"])
    await sellers.decide({ id, decision: "approved", staff: { channel: "telegram", userId: "5999" }, now });
  const promos = createPromoRepository(store());
  await promos.create(
    promo("pKopi", "telegram:8201", { businessName: "Kopi Siger", product: "Kopi robusta bubuk 200 g" }),
    3,
  );
  await promos.create(
    promo("pMadu", "whatsapp:6281399990001", {
      businessName: "Madu Hutan Sari",
      product: "Madu hutan 250 ml",
    }),
    3,
  );
  await promos.create(
    promo("pSambal", "telegram:8203", { businessName: "Sambal Tono", product: "Sambal bawang pedas" }),
    3,
  );
}, 120_000);

const venuesTo = (chat: number) =>
  telegram.calls.filter(
    (call) => call.method === "sendVenue" && String(call.payload.chat_id) === String(chat),
  );

describe("seller contact with consent", () => {
  it("records the choice with the seller (and the @username only with consent)", async () => {
    const sellers = createSellerRepository(store());
    expect(await sellers.get({ channel: "telegram", userId: "8201" })).toMatchObject({
      buyerContact: { show: true },
      telegramUsername: "kopi_siger",
    });
    expect(await sellers.get({ channel: "whatsapp", userId: "6281399990001" })).toMatchObject({
      buyerContact: { show: true, stall: "B12" },
    });
    const refused = await sellers.get({ channel: "telegram", userId: "8203" });
    expect(refused?.buyerContact).toEqual({ show: false });
    expect(refused?.telegramUsername).toBeUndefined();
  });

  it("Telegram buyer: a t.me link for the seller who agreed; a WhatsApp seller's wa.me link, stall and map pin", async () => {
    const buyer = telegramChat(app, telegram, 8301, "Budi", clock);
    await buyer.say("cari kopi");
    const card = buyer.replies().at(-2)!.text;
    expect(card).toContain("Kopi robusta bubuk 200 g");
    expect(card).toContain("https://t.me/kopi_siger");
    expect(venuesTo(8301)).toHaveLength(0);
    await buyer.say("ada yg jual madu ga?");
    const madu = buyer.replies().find((reply) => reply.text.includes("Madu hutan 250 ml"))!.text;
    expect(madu).toContain("https://wa.me/6281399990001");
    expect(madu).toContain("Lapak B12");
    const [venue] = venuesTo(8301);
    expect(venue?.payload).toMatchObject({ title: "Taman UMKM Bung Karno" });
    expect(String(venue?.payload.address)).toContain("B12");
  });

  it("WhatsApp buyer: nothing of a seller who said no, and sellers are found by their products only with consent", async () => {
    const buyer = whatsappChat(app, whatsapp, "6281388880001", "Ani", clock);
    await buyer.say("cari sambal");
    const card = buyer.replies().at(-2)!.text;
    expect(card).toContain("Sambal bawang pedas");
    for (const hidden of ["wa.me", "t.me", "Lapak", "081234560003", "+6281234560003"])
      expect(card).not.toContain(hidden);
    expect(
      whatsapp.calls.filter(
        (call) => call.payload.to === "6281388880001" && call.payload.type === "location",
      ),
    ).toHaveLength(0);
    // "gula aren" is only in the consenting seller's products: found, with contact, stall and pin.
    await buyer.say("cari gula aren");
    // The card, the market's pin (a location message), then the navigation.
    const seller = buyer.replies().at(-3)!.text;
    expect(seller).toContain("Madu Hutan Sari");
    expect(seller).toContain("Lapak B12");
    expect(seller).toContain("https://wa.me/6281399990001");
    const pins = whatsapp.calls.filter(
      (call) => call.payload.to === "6281388880001" && call.payload.type === "location",
    );
    expect(pins).toHaveLength(1);
    expect(pins[0]!.payload.location).toMatchObject({ name: "Taman UMKM Bung Karno" });
    // "emping" is only in the refusing seller's products: not listed.
    await buyer.say("cari emping");
    expect(buyer.last().text).toContain("Belum ada promo atau penjual");
  });

  it("'Ubah profil' changes the choice; a Telegram seller without a username is reached through the market", async () => {
    const sambal = telegramChat(app, telegram, 8203, "Tono", clock);
    await sambal.say("status");
    await sambal.choose("Ubah profil");
    await sambal.choose("Ubah");
    await sambal.choose("Kontak untuk pembeli");
    await sambal.choose("Boleh tampilkan");
    expect(sambal.last().text).toContain("Kontak untuk pembeli: ditampilkan");
    await sambal.choose("Simpan");
    const sellers = createSellerRepository(store());
    expect(await sellers.get({ channel: "telegram", userId: "8203" })).toMatchObject({
      status: "approved",
      buyerContact: { show: true },
    });
    const buyer = whatsappChat(app, whatsapp, "6281388880002", "Rina", clock);
    await buyer.say("cari sambal");
    const card = buyer.replies().at(-2)!.text;
    expect(card).toContain("lewat pengelola Taman UMKM Bung Karno");
    expect(card).not.toContain("t.me");
  });
});

describe("a seller's poster link", () => {
  it("Telegram /start lapak_<seller> and WhatsApp 'lapak <seller>' open that seller with contact and pin", async () => {
    const tg = telegramChat(app, telegram, 8310, "Poster", clock);
    await tg.say("/start lapak_w6281399990001");
    const card = tg.replies().find((reply) => reply.text.includes("Madu hutan 250 ml"))?.text ?? "";
    expect(card).toContain("https://wa.me/6281399990001");
    expect(venuesTo(8310)).toHaveLength(1);
    expect(tg.last().text).toContain("Promo Madu Hutan Sari");
    const wa = whatsappChat(app, whatsapp, "6281388880010", "Poster", clock);
    await wa.say("lapak t8201");
    expect(wa.replies().at(-2)?.text).toContain("https://t.me/kopi_siger");
    // Nobody by that id: the general overview, nothing made up.
    await wa.say("lapak t999999");
    expect(wa.last().text).toContain("Semua · Sabtu-Minggu, 5-6 Desember 2026 · halaman 1 dari 1");
  });
});
