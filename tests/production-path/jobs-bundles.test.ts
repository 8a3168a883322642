// The functions that only send (worker, planner, digest, hourly) are built from the jobs app, not the whole
// bot: their deployment bundles stay under 1 MB without the FAQ, the bot's features or the console, and the
// digest and hourly bundles still do their work when EventBridge Scheduler invokes them.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { buildTestApp, postTelegram, telegramEnv, tgText } from "../support/app.js";
import { schedulerEvent } from "../support/lambda-host.js";
import { createTestTable } from "../support/store.js";
import { deployedBundle, deploymentHost, lambdaEnv } from "./deployment.js";

const jobEntries = ["outbox-worker", "outbox-dispatch", "weekend-digest", "hourly"] as const;
const dayMs = 24 * 60 * 60 * 1000;

const host = deploymentHost(["weekend-digest", "hourly"]);
let tg: FakeTelegramApi;

beforeAll(async () => {
  tg = await startFakeTelegramApi();
  await host.build();
}, 120_000);

afterEach(async () => {
  await host.closeContainers();
  tg.clear();
});

afterAll(async () => {
  await tg?.close();
  host.remove();
});

const start = (name: "weekend-digest" | "hourly", env: Record<string, string>) =>
  host.start(name, env, { timeoutMs: 300_000 });

describe("the jobs functions' deployment bundles", () => {
  it("carry no bot, FAQ, understanding or console code and stay under 1,000,000 bytes", async () => {
    for (const name of jobEntries) {
      const output = await deployedBundle(name);
      const inputs = output.inputs;
      expect(
        inputs.filter((path) =>
          /functions\/lib\/(core\/(faq\/(faq-index-snapshot|faq-matcher|knowledge-base)|understand\/|bot\.ts)|console\/|app\/create-app\.ts)|\/minisearch\//.test(
            path,
          ),
        ),
        name,
      ).toEqual([]);
      expect(
        inputs.some((path) => path.includes("functions/lib/app/jobs-app.ts")),
        name,
      ).toBe(true);
      expect(output.bytes, name).toBeLessThan(1_000_000);
    }
  }, 120_000);

  it("the hourly function closes an idle ticket and tells the person on Telegram; the digest queues this weekend's job", async () => {
    const table = await createTestTable("jobs-bundles");
    // The ticket was opened two weeks ago (the in-process app on a clock in the past): idle by any office hours.
    const opened = new Date(Date.now() - 14 * dayMs);
    const { app } = buildTestApp(table, telegramEnv(tg.url), { clock: { now: () => opened } });
    const userId = 730_001;
    expect((await postTelegram(app, tgText(userId, "hubungi petugas"))).status).toBe(200);
    tg.clear();

    const env: Record<string, string> = {
      ...lambdaEnv(table),
      ...telegramEnv(tg.url),
      LOG_LEVEL: "warn",
      DIGEST_EMPTY_NOTE: "true",
    };
    const hourly = await start("hourly", env);
    const result = await hourly.invoke<{ ticketsClosed: number }>(schedulerEvent());
    expect(result).toMatchObject({ ticketsClosed: 1 });
    const notices = tg
      .callsTo("sendMessage")
      .filter((call) => String(call.payload.chat_id) === String(userId))
      .map((call) => String(call.payload.text));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain("tidak ada aktivitas selama 24 jam kerja");

    const digest = await start("weekend-digest", env);
    const run = await digest.invoke<{ status: string; jobId?: string }>(schedulerEvent());
    expect(run).toMatchObject({ status: "queued" });
    expect(await app.outbox.jobs.get(run.jobId!)).toMatchObject({ state: "scheduled" });
  }, 120_000);
});
