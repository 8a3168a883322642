// The broadcasts page in Debian's Chromium: a staff member signs in through the bot's link, composes a
// broadcast to sellers on both channels, sees the exact count and the per-channel preview, edits the draft,
// sends it; the outbox (drained in-process) delivers it to the fake Telegram and WhatsApp APIs; WhatsApp's
// delivered/read receipts come in through the real webhook and the page's counters follow (sent -> delivered
// -> read). A scheduled broadcast is stopped from the page. Screenshots (1280 px and 390 px) go to
// tests/artifacts/, or to docs/ with UPDATE_DOCS_SCREENSHOTS=1.
import { beforeAll, expect, it } from "vitest";
import { runOutboxUntilDone } from "../outbox/drain.js";
import { fastOutboxEnv, seedContacts } from "../outbox/seed.js";
import { consoleInBrowser } from "../support/console.js";
import { postWhatsApp, waNotification } from "../whatsapp/helpers.js";

const timeout = 30_000;
const staffTg = 7801;
const sellersTg = ["7811", "7812"];
const sellersWa = ["6281378000821", "6281378000822"];

const web = consoleInBrowser({
  name: "konsolbcweb",
  admins: [staffTg],
  // A fallback template carrying the text: the preview shows how it looks outside the 24-hour window.
  env: { ...fastOutboxEnv, WHATSAPP_TEMPLATE_NAME: "umkm_info" },
});

beforeAll(async () => {
  const recent = Date.now() - 60 * 60 * 1000;
  await seedContacts(web.harness.table.documentClient, web.harness.table.tableName, [
    ...sellersTg.map((userId) => ({
      channel: "telegram" as const,
      userId,
      seller: { category: "kuliner", kecamatan: "kemiling" },
    })),
    ...sellersWa.map((userId) => ({
      channel: "whatsapp" as const,
      userId,
      lastInboundAt: recent,
      seller: { category: "kerajinan-tapis", kecamatan: "kemiling" },
    })),
    { channel: "telegram", userId: "7819" },
  ]);
});

const counter = (id: string, name: string) =>
  web.browser.page.locator(`li.bc-item[data-id="${id}"] [data-counter="${name}"] .bc-counter-value`);

async function receipts(status: "delivered" | "read", wamids: Map<string, string>) {
  const statuses = [...wamids].map(([to, id]) => ({
    id,
    status,
    timestamp: String(Math.floor(Date.now() / 1000)),
    recipient_id: to,
  }));
  const response = await postWhatsApp(web.harness.test.app, waNotification([], { statuses }));
  expect(response.status).toBe(200);
}

it("composes, previews, edits and sends a broadcast; the counters follow sent, delivered and read", async () => {
  const { page } = web;
  await web.browser.signIn(staffTg);
  await page.getByRole("button", { name: "Siaran" }).click();
  await page.getByLabel("Pesan").fill("Pelatihan kemasan <b>gratis</b>\nSabtu 09.00 di Kemiling");
  await page.getByLabel("Penerima").selectOption({ label: "Per kecamatan" });
  await page.locator("#bc-kecamatan").selectOption({ label: "Kemiling" });
  await page.getByRole("button", { name: "Pratinjau" }).click();
  await page.getByText("Jumlah penerima: 4").waitFor({ timeout });
  await page.getByText("penjual di Kecamatan Kemiling").waitFor({ timeout });

  // Edit before sending: the draft keeps its audience; the preview shows the new text on both channels.
  await page.getByRole("button", { name: "Ubah" }).click();
  await page.getByLabel("Pesan").fill("Pelatihan kemasan <b>gratis</b>\nSabtu 10.00 di Kemiling");
  await page.getByRole("button", { name: "Pratinjau" }).click();
  await page.getByText("Jumlah penerima: 4").waitFor({ timeout });
  const bubbles = page.locator("#bc-preview .bc-bubble");
  expect(await bubbles.count()).toBe(3);
  // Text stays text, line break and all (no markup is interpreted).
  expect(await bubbles.nth(0).textContent()).toBe("Pelatihan kemasan <b>gratis</b>\nSabtu 10.00 di Kemiling");
  expect(await page.locator("#bc-preview b").count()).toBe(0);
  expect(await page.locator("#bc-preview").textContent()).not.toContain("undefined");
  // Outside WhatsApp's 24-hour window the template makes it one line.
  expect(await bubbles.nth(2).textContent()).toBe("Pelatihan kemasan <b>gratis</b> Sabtu 10.00 di Kemiling");
  await web.browser.screenshot("konsol-broadcasts-preview");

  await page.getByRole("button", { name: "Kirim sekarang" }).click();
  const created = await page.getByText(/Siaran #[a-z0-9]+ dibuat\./).textContent({ timeout });
  const id = /#([a-z0-9]+)/.exec(created ?? "")![1]!;
  await page.locator(`li.bc-item[data-id="${id}"]`).waitFor({ timeout });

  const job = await runOutboxUntilDone(web.harness.test.app, id);
  expect(job.counters).toMatchObject({ total: 4, sent: 4, failed: 0, blocked: 0 });
  const toTelegram = web.harness.telegram.calls
    .filter((call) => call.method === "sendMessage" && String(call.payload.text).includes("Sabtu 10.00"))
    .map((call) => String(call.payload.chat_id))
    .sort();
  expect(toTelegram).toEqual(sellersTg);
  const toWhatsApp = web.harness.whatsapp.calls
    .filter((call) => JSON.stringify(call.payload).includes("Sabtu 10.00"))
    .map((call) => String(call.payload.to))
    .sort();
  expect(toWhatsApp).toEqual(sellersWa);
  await expect.poll(() => counter(id, "sent").textContent(), { timeout }).toBe("4");
  expect(await counter(id, "delivered").textContent()).toBe("0");

  // WhatsApp's receipts through the real webhook; the page polls the job's counters.
  const wamids = new Map(
    (await web.harness.table.scanAll())
      .filter((item) => String(item.pk).startsWith("MSG#whatsapp#") && item.jobId === id)
      .map((item) => [String(item.userId), String(item.pk).slice("MSG#whatsapp#".length)]),
  );
  expect([...wamids.keys()].sort()).toEqual(sellersWa);
  await receipts("delivered", wamids);
  await expect.poll(() => counter(id, "delivered").textContent(), { timeout }).toBe("2");
  expect(await counter(id, "read").textContent()).toBe("0");
  await receipts("read", wamids);
  await expect.poll(() => counter(id, "read").textContent(), { timeout }).toBe("2");
  expect(await page.locator(`li.bc-item[data-id="${id}"] .bc-state`).textContent()).toBe("selesai");
  await web.browser.screenshot("konsol-broadcasts-desktop");

  // Phone-first: at 390 px nothing scrolls sideways.
  await web.browser.phone();
  const overflow = await web.browser.sidewaysOverflow();
  expect(overflow).toBeLessThanOrEqual(0);
  await web.browser.screenshot("konsol-broadcasts-390");
  await web.browser.desktop();
  expect(web.browser.pageErrors).toEqual([]);
}, 180_000);

it("schedules a broadcast at a WIB time and stops it from the page", async () => {
  const { page } = web;
  const tomorrow = new Date(web.harness.clock.now().getTime() + 31 * 3_600_000).toISOString().slice(0, 10);
  await page.getByLabel("Pesan").fill("Bazar UMKM minggu depan");
  await page.getByLabel("Penerima").selectOption({ label: "Penjual terdaftar" });
  await page.getByLabel("Jadwalkan (WIB)").check();
  await page.locator("section#broadcasts").getByLabel("Tanggal").fill(tomorrow);
  await page.getByLabel("Jam (WIB)").fill("07:30");
  await page.getByRole("button", { name: "Pratinjau" }).click();
  await page.getByText("Jumlah penerima: 4").waitFor({ timeout });
  await page.getByRole("button", { name: "Jadwalkan", exact: true }).click();
  const created = await page.getByText(/Siaran #[a-z0-9]+ dijadwalkan .* WIB\./).textContent({ timeout });
  const id = /#([a-z0-9]+)/.exec(created ?? "")![1]!;
  const job = await web.harness.test.app.outbox.jobs.get(id);
  expect(new Date(job!.sendAt).toISOString()).toBe(`${tomorrow}T00:30:00.000Z`);
  const item = page.locator(`li.bc-item[data-id="${id}"]`);
  await item.getByText("terjadwal").waitFor({ timeout });
  await item.getByRole("button", { name: "Hentikan" }).click();
  await page.getByText(`Siaran #${id} dihentikan.`).waitFor({ timeout });
  await item.getByText("dihentikan").waitFor({ timeout });
  expect((await web.harness.test.app.outbox.jobs.get(id))?.state).toBe("cancelled");
  expect(web.browser.pageErrors).toEqual([]);
}, 120_000);
