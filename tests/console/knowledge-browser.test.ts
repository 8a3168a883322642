// The knowledge page in Debian's Chromium: a petugas has no menu entry; an admin edits a topic's answer and a
// person asking the bot on WhatsApp (the real webhook) gets the new answer; an edit made meanwhile elsewhere
// refuses a stale form with a clear message; an unanswered question is assigned to a topic and answered next;
// the topics' CSV downloads. Screenshots (1280 px and 390 px) go to tests/artifacts/, or to docs/ with
// UPDATE_DOCS_SCREENSHOTS=1 (the README's pictures), so a test run never rewrites tracked files.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { getFaqTopic } from "../../functions/lib/core/faq/knowledge-base.js";
import { consoleInBrowser } from "../support/console.js";
import { whatsappChat } from "../support/whatsapp-chat.js";

const timeout = 30_000;
const adminTg = 7801;
const petugasTg = 7802;
const loan = getFaqTopic("pinjaman-tanpa-bunga");
const aid = getFaqTopic("bantuan-modal");
const loanQuestion = "gmn cara dapet pinjaman tanpa bunga?";
const unanswered = "ada bazar sembako murah gak";
const newAnswer =
  "Pinjaman tanpa bunga dari Pemkot dibuka lagi Januari 2027 lewat bank mitra. Syarat dan jadwalnya diumumkan Dinas Koperasi dan UKM.";

const web = consoleInBrowser({ name: "konsolkbweb", admins: [adminTg], petugas: [petugasTg] });

const topicItem = (id: string) => web.page.locator(`li.item[data-topic="${id}"]`);

/** The answer shown on a topic's card (not its edit form or history). */
const shownAnswer = (id: string, text: string) =>
  topicItem(id).locator(":scope > p.kb-answer").filter({ hasText: text });

async function noSidewaysScroll() {
  const overflow = await web.browser.sidewaysOverflow();
  expect(overflow).toBeLessThanOrEqual(0);
}

describe("the knowledge page in Chromium", () => {
  it("lets an admin edit an answer the bot then uses, and assign an unanswered question", async () => {
    const wa = whatsappChat(
      web.harness.test.app,
      web.harness.whatsapp,
      "628111780301",
      "Rina",
      web.harness.clock,
    );
    await wa.say(unanswered);
    expect(wa.last().text).not.toContain(aid.answer.id);

    // A petugas sees no knowledge entry in the menu.
    await web.browser.signIn(petugasTg);
    await web.page.getByRole("button", { name: "Pendaftaran" }).waitFor({ timeout });
    expect(await web.page.getByRole("button", { name: "Pengetahuan" }).count()).toBe(0);

    await web.browser.signIn(adminTg);
    await web.page.getByRole("button", { name: "Pengetahuan" }).click();
    await web.page.locator("#kb-search").fill("pinjaman tanpa bunga");
    // The search has narrowed the list (typing is debounced): other topics are gone.
    await topicItem("nib").waitFor({ state: "detached", timeout });
    const item = topicItem(loan.id);
    await shownAnswer(loan.id, loan.answer.id).waitFor({ timeout });
    await item.getByRole("button", { name: "Ubah" }).click();
    await item.locator('textarea[name="answer-id"]').fill(newAnswer);
    await item.getByRole("button", { name: "Simpan" }).click();
    await web.page
      .getByText(`Topik ${loan.title.id} disimpan (versi 2).`, { exact: false })
      .waitFor({ timeout });
    await shownAnswer(loan.id, newAnswer).waitFor({ timeout });

    // The bot answers with the new text on the very next message (the real WhatsApp webhook).
    const before = web.harness.whatsapp.calls.length;
    await wa.say(loanQuestion);
    const sent = web.harness.whatsapp.calls
      .slice(before)
      .filter((call) => call.payload.to === "628111780301");
    expect(JSON.stringify(sent.map((call) => call.payload))).toContain(newAnswer);

    // History shows both versions.
    await topicItem(loan.id).getByRole("button", { name: "Riwayat" }).click();
    await topicItem(loan.id).locator(".kb-history li").filter({ hasText: "v1" }).waitFor({ timeout });
    await topicItem(loan.id)
      .locator(".kb-history li")
      .filter({ hasText: `telegram:${adminTg}` })
      .waitFor({ timeout });
    await web.browser.screenshot("konsol-knowledge-desktop");

    // Someone else saves meanwhile: this form's save is refused with a clear message, nothing overwritten.
    await topicItem(loan.id).getByRole("button", { name: "Ubah" }).click();
    const other = await web.harness.signIn(adminTg);
    const response = await web.harness.post(other, "knowledge/save", {
      id: loan.id,
      version: 2,
      answer: { id: `${newAnswer} Kuota terbatas.`, en: loan.answer.en },
      examples: loan.examples,
    });
    expect(response.status).toBe(200);
    await topicItem(loan.id).locator('textarea[name="answer-id"]').fill("Teks yang terlambat.");
    await topicItem(loan.id).getByRole("button", { name: "Simpan" }).click();
    await web.page
      .getByText(/sudah diubah orang lain sejak Anda membukanya \(sekarang versi 3\)/)
      .waitFor({ timeout });
    await topicItem(loan.id).getByRole("button", { name: "Muat ulang" }).click();
    await shownAnswer(loan.id, `${newAnswer} Kuota terbatas.`).waitFor({ timeout });

    // The CSV of the topics on screen.
    const [download] = await Promise.all([
      web.page.waitForEvent("download"),
      web.page.locator("#kb-export a").click(),
    ]);
    expect(download.suggestedFilename()).toBe("pengetahuan.csv");
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv).toContain(`${newAnswer} Kuota terbatas.`);

    // The queue: the unanswered question is assigned to a topic; the bot answers it next.
    await web.page.getByRole("button", { name: "Pertanyaan belum terjawab" }).click();
    const group = web.page.locator("li.item[data-group]").filter({ hasText: unanswered });
    await group.waitFor({ timeout });
    await group.getByRole("combobox").selectOption(aid.id);
    await group.getByRole("button", { name: "Jadikan contoh" }).click();
    await web.page
      .getByText(`Pertanyaan itu sekarang menjadi contoh topik ${aid.title.id}.`, { exact: false })
      .waitFor({
        timeout,
      });
    await web.page
      .locator("li.item[data-group]")
      .filter({ hasText: unanswered })
      .getByText(/sudah diajarkan/)
      .waitFor({
        timeout,
      });
    await wa.say(unanswered);
    expect(wa.last().text).toContain(aid.answer.id);

    await web.browser.phone();
    await noSidewaysScroll();
    await web.browser.screenshot("konsol-knowledge-390");
    // Back on the topics: the assigned topic is now a staff edit.
    await web.page.getByRole("button", { name: "Topik FAQ" }).click();
    await topicItem(aid.id).getByText("diubah petugas").waitFor({ timeout });
    await noSidewaysScroll();
    await web.browser.desktop();
    expect(web.browser.pageErrors).toEqual([]);
  }, 180_000);
});
