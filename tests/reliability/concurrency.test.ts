// Many messages at once: one person's 50 concurrent updates, and 200 people registering together.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { buildTestApp, postTelegram, type TestApp, telegramEnv, tgCallback, tgText } from "../support/app.js";
import { createTestTable, type TestTable } from "../support/store.js";

let table: TestTable;
let fake: FakeTelegramApi;
let test: TestApp;

beforeAll(async () => {
  table = await createTestTable("concurrency");
  fake = await startFakeTelegramApi();
  test = buildTestApp(
    table,
    telegramEnv(fake.url, { USER_RATE_LIMIT_PER_MINUTE: "1000", LOG_LEVEL: "warn" }),
  );
});
afterAll(async () => {
  await fake.close();
});

/** Delivers like Telegram does: a 5xx answer means "send it again later". */
async function deliver(update: object) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const response = await postTelegram(test.app, update);
    if (response.status === 200) return;
    expect(response.status).toBeGreaterThanOrEqual(500);
    await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 50));
  }
  throw new Error("update never accepted");
}

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

describe("concurrency", () => {
  it("keeps one person's state consistent under 50 concurrent updates", async () => {
    const user = 700_001;
    await deliver(tgText(user, "/start"));
    const updates = Array.from({ length: 50 }, (_, i) =>
      i % 2 ? tgText(user, "bahasa") : tgCallback(user, i % 4 ? "lang:en" : "lang:id"),
    );
    await Promise.all(updates.map((update) => deliver(update)));
    // Every update answered exactly once, none lost, none twice.
    const replies = fake.callsTo("sendMessage").filter((call) => call.payload.chat_id === String(user));
    expect(replies).toHaveLength(51);
    const items = (await table.scanAll()).filter((item) => item.pk === `USER#telegram#${user}`);
    const contact = items.find((item) => item.sk === "CONTACT");
    const conversation = items.find((item) => item.sk === "CONVERSATION");
    expect(["id", "en"]).toContain(contact?.language);
    // The conversation version counts committed turns that wrote it: one per update.
    expect(conversation?.version).toBe(51);
  });

  it("stores all 200 people who register at the same time", async () => {
    const users = Array.from({ length: 200 }, (_, i) => 800_000 + i);
    await inBatches(users, 25, async (user) => {
      const steps: object[] = [
        tgText(user, "/daftar"),
        tgCallback(user, "reg:consent:yes"),
        tgText(
          user,
          `Pemilik ${String.fromCharCode(65 + (user % 26))}${String.fromCharCode(97 + ((user >> 3) % 26))}`,
        ),
        tgText(user, `Usaha ${user}`),
        tgCallback(user, "reg:cat:kuliner"),
        tgText(user, "way halim"),
        tgText(user, `0812${String(user).padStart(8, "0")}`),
        tgText(user, "kopi dan keripik"),
        tgCallback(user, "reg:lic:none"),
        tgCallback(user, "reg:stall:no"),
        tgCallback(user, "reg:bc:no"),
        tgCallback(user, "reg:save"),
      ];
      for (const step of steps) await deliver(step);
    });
    const sellers = (await table.scanAll()).filter((item) => item.sk === "SELLER");
    expect(sellers).toHaveLength(200);
    for (const user of users) {
      const seller = sellers.find((item) => item.userId === String(user));
      expect(seller).toMatchObject({
        businessName: `Usaha ${user}`,
        status: "pending",
        kecamatan: "way-halim",
      });
      expect(seller?.phone).toBe(`+62812${String(user).padStart(8, "0")}`);
    }
  }, 240_000);
});
