// Editing a promo before the cut-off, on both channels through the real webhooks: a new photo keeps the
// approval; a new price sends it back to staff (hidden from buyers until approved again); nothing changed
// writes nothing; after the cut-off an old "Ubah" button and a pending save both say it is too late.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserRef } from "../../functions/lib/core/events.js";
import { wibInstant } from "../../functions/lib/core/promo/weekend.js";
import { createPromoRepository } from "../../functions/lib/store/promo-repository.js";
import { computeStatItems, readStatItems } from "../../functions/lib/store/stat-recount.js";
import { postTelegram, tgMessage } from "../support/app.js";
import { chatOf, submitPromo } from "../support/promo.js";
import { seedApprovedSeller } from "../support/sellers.js";
import { telegramChat } from "../support/telegram-chat.js";
import { startTwoChannelApp, type TwoChannelApp } from "../support/two-channels.js";
import { postWhatsApp, waMessage, waNotification } from "../whatsapp/helpers.js";

const staffTg = 83900;
let h: TwoChannelApp;
// Monday 23 November 2026, 09:00 WIB: the open weekend is 28-29 November (cut-off Friday 27th 12.00 WIB).
const clock = { current: wibInstant("2026-11-23", 9).getTime(), now: () => new Date(clock.current) };

beforeAll(async () => {
  h = await startTwoChannelApp({
    name: "promo-edit",
    clock,
    env: { STAFF_TELEGRAM_IDS: String(staffTg), PROMO_MODERATION: "true" },
  });
});
afterAll(() => h.close());

const cases = [
  { channel: "telegram" as const, userId: "83001" },
  { channel: "whatsapp" as const, userId: "6281300000083" },
];

const promos = () => createPromoRepository({ client: h.table.documentClient, tableName: h.table.tableName });
const staffChat = () => telegramChat(h.app, h.telegram, staffTg, "Petugas", clock);

async function sendPhoto(user: UserRef, mediaId: string) {
  const response =
    user.channel === "telegram"
      ? await postTelegram(
          h.app,
          tgMessage(Number(user.userId), {
            date: Math.floor(clock.now().getTime() / 1000),
            photo: [{ file_id: mediaId, file_unique_id: `u${mediaId}`, width: 9, height: 9 }],
          }),
        )
      : await postWhatsApp(
          h.app,
          waNotification([
            waMessage(
              user.userId,
              { type: "image", image: { id: mediaId, mime_type: "image/jpeg" } },
              {
                timestamp: Math.floor(clock.now().getTime() / 1000),
              },
            ),
          ]),
        );
  expect(response.status).toBe(200);
}

describe.each(cases)("editing a promo on $channel", (user) => {
  it("keeps the approval for a new photo, sends a new price back to staff, refuses after the cut-off", async () => {
    clock.current = wibInstant("2026-11-23", 9).getTime();
    await seedApprovedSeller(h.table, user, clock.now());
    const chat = chatOf(h, user, clock);
    await submitPromo(chat, { product: "Keripik tempe" });
    const [posted] = await promos().listBySeller(user);
    expect(posted?.status).toBe("pending");
    await promos().decide({
      user,
      id: posted!.id,
      decision: "approved",
      staff: { channel: "telegram", userId: String(staffTg) },
      now: clock.now(),
    });

    // A new photo only: still approved, staff are not asked again.
    const staffBefore = staffChat().replies().length;
    await chat.say("promo saya");
    await chat.choose("Ubah");
    expect(chat.last().text).toContain("Apa yang mau diubah");
    expect(chat.last().text).toContain("Keripik tempe");
    await chat.choose("Foto");
    await sendPhoto(user, `photo-${user.userId}`);
    expect(chat.last().text).toContain("Periksa perubahan");
    await chat.choose("Simpan");
    expect(chat.last().text).toContain("Promo tetap tayang");
    let [stored] = await promos().listBySeller(user);
    expect(stored).toMatchObject({ status: "approved", photo: `photo-${user.userId}`, promoPrice: 15_000 });
    expect(staffChat().replies().length).toBe(staffBefore);

    // A new price, the field typed instead of tapped: back to review, staff get the changed promo.
    await chat.say("promo saya");
    await chat.choose("Ubah");
    await chat.say("hrg nya kak");
    expect(chat.last().text).toContain("harga normal");
    await chat.say("25rb");
    await chat.say("diskon 20%");
    expect(chat.last().text).toContain("Rp25.000");
    expect(chat.last().text).toContain("diskon 20%");
    expect(chat.last().text).not.toContain("15.000");
    await chat.choose("Simpan");
    expect(chat.last().text).toContain("petugas akan memeriksanya lagi");
    [stored] = await promos().listBySeller(user);
    expect(stored).toMatchObject({ status: "pending", normalPrice: 25_000, discountText: "diskon 20%" });
    expect(stored?.promoPrice).toBeUndefined();
    expect(stored?.decidedBy).toBeUndefined();
    expect(stored?.photo).toBe(`photo-${user.userId}`);
    // The weekend's promo counts moved with it (what a recount finds).
    const store = { client: h.table.documentClient, tableName: h.table.tableName };
    expect(await readStatItems(store)).toEqual(await computeStatItems(store, clock.now()));
    const review = staffChat().last();
    expect(review.text).toContain("Promo DIUBAH oleh Kripik Rina");
    expect(review.text).toContain("Rp25.000");
    expect(review.choices.map((choice) => choice.label)).toEqual(["✅ Setujui promo", "❌ Tolak promo"]);

    // The same name again: nothing is written.
    const before = stored!.updatedAt;
    clock.current += 60_000;
    await chat.say("promo saya");
    await chat.choose("Ubah");
    await chat.choose("Nama produk");
    await chat.say("Keripik tempe");
    await chat.choose("Simpan");
    expect(chat.last().text).toContain("Tidak ada yang berubah");
    expect((await promos().listBySeller(user))[0]?.updatedAt).toBe(before);

    // An edit left at its summary, and an old "Ubah" button, after the Friday noon cut-off.
    await chat.say("promo saya");
    const edit = chat.last().choices.find((choice) => choice.label.includes("Ubah"))!;
    await chat.press(edit.id);
    await chat.choose("Lokasi");
    await chat.say("Lapak C7");
    expect(chat.last().text).toContain("Lapak C7");
    clock.current = wibInstant("2026-11-27", 12).getTime() + 60_000;
    await chat.choose("Simpan");
    expect(chat.last().text).toContain("Batas waktu perubahan");
    await chat.press(edit.id);
    expect(chat.last().text).toContain("Batas waktu perubahan");
    expect((await promos().listBySeller(user))[0]).toMatchObject({
      location: "Taman UMKM Bung Karno, Jl. Gatot Subroto",
      status: "pending",
    });
  });
});

describe("an edit racing a staff decision", () => {
  it("writes nothing when the status changed since the seller's edit read it", async () => {
    clock.current = wibInstant("2026-11-23", 9).getTime();
    const user: UserRef = { channel: "telegram", userId: "83101" };
    await seedApprovedSeller(h.table, user, clock.now());
    const chat = chatOf(h, user, clock);
    await submitPromo(chat, { product: "Kopi robusta", normalPrice: "30rb", offer: "25rb" });
    const [promo] = await promos().listBySeller(user);
    const values = { product: "Kopi robusta 250 g", normalPrice: 30_000, location: promo!.location };
    // The seller's save read "pending"; staff approved in between.
    await promos().decide({ user, id: promo!.id, decision: "approved", staff: user, now: clock.now() });
    const result = await promos().edit({
      user,
      id: promo!.id,
      from: "pending",
      values,
      status: "pending",
      now: clock.now(),
    });
    expect(result).toEqual({ status: "changed" });
    expect((await promos().listBySeller(user))[0]).toMatchObject({
      product: "Kopi robusta",
      status: "approved",
    });
  });

  it("offers no edit for a rejected promo", async () => {
    const user: UserRef = { channel: "telegram", userId: "83101" };
    const [promo] = await promos().listBySeller(user);
    const chat = chatOf(h, user, clock);
    await submitPromo(chat, { product: "Kopi arabika", normalPrice: "40rb", offer: "35rb" });
    const arabika = (await promos().listBySeller(user)).find((item) => item.product === "Kopi arabika")!;
    await promos().decide({
      user,
      id: arabika.id,
      decision: "rejected",
      reason: "foto",
      staff: user,
      now: clock.now(),
    });
    await chat.say("promo saya");
    const labels = chat.last().choices.map((choice) => choice.label);
    expect(labels.filter((label) => label.includes("Ubah"))).toEqual(['✏️ Ubah "Kopi robus…"']);
    expect(promo?.product).toBe("Kopi robusta");
  });
});
