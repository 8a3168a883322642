// The knowledge page in Debian's Chromium: a petugas has no menu entry; an admin edits a topic's answer and a
// person asking the bot on WhatsApp (the real webhook) gets the new answer; an edit made meanwhile elsewhere
// refuses a stale form with a clear message; an unanswered question is assigned to a topic and answered next;
// the topics' CSV downloads. Screenshots (1280 px and 390 px) go to tests/artifacts/, or to docs/ with
// UPDATE_DOCS_SCREENSHOTS=1 (the README's pictures), so a test run never rewrites tracked files.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getFaqTopic } from "../../functions/lib/core/faq/knowledge-base.js";
import {
  type ConsoleBrowser,
  type ConsoleHarness,
  openConsoleBrowser,
  startConsoleHarness,
} from "../support/console.js";
import { repoRoot } from "../support/process.js";
import { whatsappChat } from "../support/whatsapp-chat.js";

const screenshots = join(repoRoot, process.env.UPDATE_DOCS_SCREENSHOTS === "1" ? "docs" : "tests/artifacts");
const timeout = 30_000;
const adminTg = 7801;
const petugasTg = 7802;
const loan = getFaqTopic("pinjaman-tanpa-bunga");
const aid = getFaqTopic("bantuan-modal");
const loanQuestion = "gmn cara dapet pinjaman tanpa bunga?";
const unanswered = "ada bazar sembako murah gak";
const newAnswer =
  "Pinjaman tanpa bunga dari Pemkot dibuka lagi Januari 2027 lewat bank mitra. Syarat dan jadwalnya diumumkan Dinas Koperasi dan UKM.";

let harness: ConsoleHarness;
let browser: ConsoleBrowser;
let page: Page;

beforeAll(async () => {
  harness = await startConsoleHarness({ name: "konsolkbweb", admins: [adminTg], petugas: [petugasTg] });
  browser = await openConsoleBrowser(harness);
  page = browser.page;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await harness?.close();
});

const topicItem = (id: string) => page.locator(`li.item[data-topic="${id}"]`);

/** The answer shown on a topic's card (not its edit form or history). */
const shownAnswer = (id: string, text: string) =>
  topicItem(id).locator(":scope > p.kb-answer").filter({ hasText: text });

async function noSidewaysScroll() {
  const overflow = await page.evaluate(
    () =>
      (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
        .documentElement.scrollWidth - (globalThis as unknown as { innerWidth: number }).innerWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

describe("the knowledge page in Chromium", () => {
  it("lets an admin edit an answer the bot then uses, and assign an unanswered question", async () => {
    const wa = whatsappChat(harness.test.app, harness.whatsapp, "628111780301", "Rina", harness.clock);
    await wa.say(unanswered);
    expect(wa.last().text).not.toContain(aid.answer.id);

    // A petugas sees no knowledge entry in the menu.
    await browser.signIn(petugasTg);
    await page.getByRole("button", { name: "Pendaftaran" }).waitFor({ timeout });
    expect(await page.getByRole("button", { name: "Pengetahuan" }).count()).toBe(0);

    await browser.signIn(adminTg);
    await page.getByRole("button", { name: "Pengetahuan" }).click();
    await page.locator("#kb-search").fill("pinjaman tanpa bunga");
    // The search has narrowed the list (typing is debounced): other topics are gone.
    await topicItem("nib").waitFor({ state: "detached", timeout });
    const item = topicItem(loan.id);
    await shownAnswer(loan.id, loan.answer.id).waitFor({ timeout });
    await item.getByRole("button", { name: "Ubah" }).click();
    await item.locator('textarea[name="answer-id"]').fill(newAnswer);
    await item.getByRole("button", { name: "Simpan" }).click();
    await page.getByText(`Topik ${loan.title.id} disimpan (versi 2).`, { exact: false }).waitFor({ timeout });
    await shownAnswer(loan.id, newAnswer).waitFor({ timeout });

    // The bot answers with the new text on the very next message (the real WhatsApp webhook).
    const before = harness.whatsapp.calls.length;
    await wa.say(loanQuestion);
    const sent = harness.whatsapp.calls.slice(before).filter((call) => call.payload.to === "628111780301");
    expect(JSON.stringify(sent.map((call) => call.payload))).toContain(newAnswer);

    // History shows both versions.
    await topicItem(loan.id).getByRole("button", { name: "Riwayat" }).click();
    await topicItem(loan.id).locator(".kb-history li").filter({ hasText: "v1" }).waitFor({ timeout });
    await topicItem(loan.id)
      .locator(".kb-history li")
      .filter({ hasText: `telegram:${adminTg}` })
      .waitFor({ timeout });
    await page.screenshot({ path: join(screenshots, "konsol-knowledge-desktop.png"), fullPage: true });

    // Someone else saves meanwhile: this form's save is refused with a clear message, nothing overwritten.
    await topicItem(loan.id).getByRole("button", { name: "Ubah" }).click();
    const other = await harness.signIn(adminTg);
    const response = await harness.post(other, "knowledge/save", {
      id: loan.id,
      version: 2,
      answer: { id: `${newAnswer} Kuota terbatas.`, en: loan.answer.en },
      examples: loan.examples,
    });
    expect(response.status).toBe(200);
    await topicItem(loan.id).locator('textarea[name="answer-id"]').fill("Teks yang terlambat.");
    await topicItem(loan.id).getByRole("button", { name: "Simpan" }).click();
    await page
      .getByText(/sudah diubah orang lain sejak Anda membukanya \(sekarang versi 3\)/)
      .waitFor({ timeout });
    await topicItem(loan.id).getByRole("button", { name: "Muat ulang" }).click();
    await shownAnswer(loan.id, `${newAnswer} Kuota terbatas.`).waitFor({ timeout });

    // The CSV of the topics on screen.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator("#kb-export a").click(),
    ]);
    expect(download.suggestedFilename()).toBe("pengetahuan.csv");
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv).toContain(`${newAnswer} Kuota terbatas.`);

    // The queue: the unanswered question is assigned to a topic; the bot answers it next.
    await page.getByRole("button", { name: "Pertanyaan belum terjawab" }).click();
    const group = page.locator("li.item[data-group]").filter({ hasText: unanswered });
    await group.waitFor({ timeout });
    await group.getByRole("combobox").selectOption(aid.id);
    await group.getByRole("button", { name: "Jadikan contoh" }).click();
    await page
      .getByText(`Pertanyaan itu sekarang menjadi contoh topik ${aid.title.id}.`, { exact: false })
      .waitFor({
        timeout,
      });
    await page
      .locator("li.item[data-group]")
      .filter({ hasText: unanswered })
      .getByText(/sudah diajarkan/)
      .waitFor({
        timeout,
      });
    await wa.say(unanswered);
    expect(wa.last().text).toContain(aid.answer.id);

    await page.setViewportSize({ width: 390, height: 844 });
    await noSidewaysScroll();
    await page.screenshot({ path: join(screenshots, "konsol-knowledge-390.png"), fullPage: true });
    // Back on the topics: the assigned topic is now a staff edit.
    await page.getByRole("button", { name: "Topik FAQ" }).click();
    await topicItem(aid.id).getByText("diubah petugas").waitFor({ timeout });
    await noSidewaysScroll();
    await page.setViewportSize({ width: 1280, height: 860 });
    expect(browser.pageErrors).toEqual([]);
  }, 180_000);
});
