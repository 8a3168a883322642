// The weekend digest with photos on WhatsApp too: a photo a seller sent on Telegram is read from Telegram once,
// uploaded to WhatsApp's /media, and sent by that media id (as an image with caption inside the 24 h window, as
// the header of the image template outside it).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../functions/lib/app/create-app.js";
import { wibInstant } from "../../functions/lib/core/promo/weekend.js";
import { createSubscriptionRepository } from "../../functions/lib/store/subscription-repository.js";
import type { FakeTelegramApi } from "../fakes/telegram-api.js";
import type { FakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { fastOutboxEnv, seedContacts } from "../outbox/seed.js";
import { buildTestApp, postTelegram, telegramEnv, tgMessage } from "../support/app.js";
import { runJobToDone, submitPromo } from "../support/promo.js";
import { seedApprovedSeller } from "../support/sellers.js";
import type { TestTable } from "../support/store.js";
import { telegramChat } from "../support/telegram-chat.js";
import { startTwoChannelApp } from "../support/two-channels.js";
import { whatsappChat } from "../support/whatsapp-chat.js";
import { whatsappEnv } from "../whatsapp/helpers.js";

let table: TestTable;
let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;
let app: App;
// Monday 23 November 2026, 09:00 WIB: sellers post for 28-29 November; the digest goes out on Friday.
const clock = { current: wibInstant("2026-11-23", 9).getTime(), now: () => new Date(clock.current) };
const jpeg = (size: number) => {
  const bytes = new Uint8Array(size).fill(7);
  bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
  bytes.set([0xff, 0xd9], size - 2);
  return bytes;
};
const inside = "6281300000011";
const outside = "6281300000012";
const fallbackImage = "https://example.org/taman-umkm.jpg";

let nextSeller = 81_000;
async function telegramSellerPosts(product: string, photoId: string, weekendButton: string) {
  const userId = ++nextSeller;
  await seedApprovedSeller(table, { channel: "telegram", userId: String(userId) }, clock.now());
  const chat = telegramChat(app, telegram, userId, "Rina", clock);
  await chat.say("kirim promo");
  await chat.say(product);
  await chat.say("20rb");
  await chat.say("Rp 15.000");
  await postTelegram(
    app,
    tgMessage(userId, { photo: [{ file_id: photoId, file_unique_id: `u${photoId}`, width: 9, height: 9 }] }),
  );
  await chat.choose("Taman UMKM Bung Karno");
  await chat.choose(weekendButton);
  await chat.choose("Kirim");
  expect(chat.last().text).toContain("sudah terdaftar");
}

async function runDigest(at: Date) {
  clock.current = at.getTime();
  const result = await app.digest.run(clock.now());
  expect(result.status).toBe("queued");
  await runJobToDone(app, result.jobId!);
}

const whatsappTo = (to: string) => whatsapp.calls.filter((call) => call.payload.to === to);

beforeAll(async () => {
  ({ table, telegram, whatsapp, app } = await startTwoChannelApp({
    name: "digest-photos",
    clock,
    whatsappApi: { strictMedia: true },
    env: {
      WHATSAPP_TEMPLATES: JSON.stringify({
        weekend_digest: {
          name: "promo_akhir_pekan_foto",
          header: "image",
          headerImage: fallbackImage,
          params: ["weekend", "text"],
        },
      }),
      ...fastOutboxEnv,
      PROMO_MODERATION: "false",
    },
  }));
  const subscriptions = createSubscriptionRepository({
    client: table.documentClient,
    tableName: table.tableName,
  });
  await seedContacts(table.documentClient, table.tableName, [
    { channel: "telegram", userId: "5101" },
    { channel: "whatsapp", userId: outside },
  ]);
  for (const user of [
    { channel: "telegram" as const, userId: "5101" },
    { channel: "whatsapp" as const, userId: inside },
    { channel: "whatsapp" as const, userId: outside },
  ])
    await subscriptions.subscribe(user, [], "promo-v1", clock.now());
}, 60_000);

afterAll(async () => {
  await telegram.close();
  await whatsapp.close();
});

describe("weekend digest photos on WhatsApp", () => {
  it("uploads a Telegram photo once and sends it by media id, with a caption, on both channels", async () => {
    telegram.addFile("tg-photo-keripik", jpeg(2048));
    await telegramSellerPosts("Keripik pisang coklat", "tg-photo-keripik", "Sab 28 – Min 29 Nov");
    // Friday 17:00 WIB: one WhatsApp subscriber wrote this afternoon (window open), the other never did.
    const friday = wibInstant("2026-11-27", 17);
    clock.current = friday.getTime() - 3_600_000;
    await whatsappChat(app, whatsapp, inside, "Siti", clock).say("halo");
    whatsapp.clear();
    await runDigest(friday);

    // Read from Telegram and uploaded to WhatsApp once, for both WhatsApp subscribers.
    expect(telegram.callsTo("getFile")).toHaveLength(1);
    expect(telegram.downloads).toEqual([{ token: expect.any(String), path: "photos/tg-photo-keripik" }]);
    expect(whatsapp.uploads).toEqual([{ id: expect.any(String), mimeType: "image/jpeg", bytes: 2048 }]);
    const mediaId = whatsapp.uploads[0]!.id;

    // Inside the window: the photo as an image message whose caption names the promo, then the digest text.
    const free = whatsappTo(inside);
    expect(free.map((call) => call.payload.type)).toEqual(["image", "interactive"]);
    const image = free[0]!.payload.image as { id: string; caption: string };
    expect(image.id).toBe(mediaId);
    expect(image.caption).toContain("Keripik pisang coklat");
    expect(image.caption).toContain("Rp20.000 → Rp15.000");
    expect(image.caption).toContain("📍 Taman UMKM Bung Karno");
    expect(JSON.stringify(free[1]!.payload)).toContain("sub:stop");

    // Outside it: the approved image template, the uploaded photo in its header.
    const template = whatsappTo(outside);
    expect(template).toHaveLength(1);
    expect(template[0]!.payload.type).toBe("template");
    const components = (template[0]!.payload.template as { components: Record<string, unknown>[] })
      .components;
    expect(components[0]).toEqual({
      type: "header",
      parameters: [{ type: "image", image: { id: mediaId } }],
    });
    expect(JSON.stringify(components[1])).toContain("Keripik pisang coklat");

    // Telegram keeps its own file id (no upload needed there).
    const tg = telegram.calls.filter((call) => String(call.payload.chat_id) === "5101");
    expect(tg.map((call) => call.method)).toEqual(["sendPhoto", "sendMessage"]);
    expect(tg[0]!.payload.photo).toBe("tg-photo-keripik");
    expect(String(tg[0]!.payload.caption)).toContain("Keripik pisang coklat");
  });

  it("reuses the stored media id in a later process, and sends the digest without a photo Telegram no longer has", async () => {
    clock.current = wibInstant("2026-11-30", 9).getTime();
    telegram.addFile("tg-photo-tapis", jpeg(4096));
    await telegramSellerPosts("Kain tapis mini", "tg-photo-tapis", "Sab 5 – Min 6 Des");
    // The same Telegram photo again (the seller re-used it), and one whose file id Telegram refuses.
    await telegramSellerPosts("Keripik pisang coklat", "tg-photo-keripik", "Sab 5 – Min 6 Des");
    await telegramSellerPosts("Kopi robusta", "tg-photo-gone", "Sab 5 – Min 6 Des");
    const before = whatsapp.uploads.map((upload) => upload.id);
    // A new app instance (another Lambda): the media id of the keripik photo comes from the table.
    app = buildTestApp(
      table,
      {
        ...telegramEnv(telegram.url),
        ...whatsappEnv(whatsapp.url, {
          WHATSAPP_TEMPLATES: JSON.stringify({
            weekend_digest: { name: "promo_akhir_pekan_foto", header: "image", headerImage: fallbackImage },
          }),
        }),
        ...fastOutboxEnv,
        PROMO_MODERATION: "false",
      },
      { clock },
    ).app;
    telegram.clear();
    telegram.addFile("tg-photo-tapis", jpeg(4096));
    telegram.addFile("tg-photo-keripik", jpeg(2048));
    whatsapp.clear();
    await runDigest(wibInstant("2026-12-04", 17));

    // Only the new photo was uploaded; the refused one was tried once, not per recipient.
    expect(whatsapp.uploads).toHaveLength(1);
    expect(before).not.toContain(whatsapp.uploads[0]!.id);
    expect(
      telegram
        .callsTo("getFile")
        .map((call) => call.payload.file_id)
        .sort(),
    ).toEqual(["tg-photo-gone", "tg-photo-tapis"]);
    expect(
      telegram.callsTo("getFile").filter((call) => call.payload.file_id === "tg-photo-gone"),
    ).toHaveLength(1);
    // The template header: the first promo photo that reached WhatsApp (both ids are known to the fake).
    const header = (
      whatsappTo(outside)[0]!.payload.template as {
        components: { parameters: { image?: { id: string } }[] }[];
      }
    ).components[0]!.parameters[0]!.image!.id;
    expect([...before, whatsapp.uploads[0]!.id]).toContain(header);
    expect(JSON.stringify(whatsappTo(outside)[0]!.payload)).toContain("Kopi robusta");
  });

  it("puts the configured fallback image in the template header when no promo has a photo", async () => {
    clock.current = wibInstant("2026-12-07", 9).getTime();
    const userId = ++nextSeller;
    await seedApprovedSeller(table, { channel: "telegram", userId: String(userId) }, clock.now(), {
      profile: {
        ownerName: "Made",
        businessName: "Tapis Bu Made",
        category: "fashion",
        kecamatan: "kemiling",
        phone: "+6281234567891",
        products: "tapis",
        wantsStall: false,
      },
    });
    const chat = telegramChat(app, telegram, userId, "Made", clock);
    await submitPromo(chat, {
      product: "Selendang tapis",
      normalPrice: "100rb",
      offer: "80rb",
      weekend: "Sab 12 – Min 13 Des",
    });
    whatsapp.clear();
    await runDigest(wibInstant("2026-12-11", 17));
    const template = whatsappTo(outside)[0]!.payload.template as { components: Record<string, unknown>[] };
    expect(template.components[0]).toEqual({
      type: "header",
      parameters: [{ type: "image", image: { link: fallbackImage } }],
    });
    expect(whatsapp.uploads).toHaveLength(0);
  });
});
