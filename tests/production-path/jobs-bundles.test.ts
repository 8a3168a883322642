// The functions that only send (worker, planner, digest, hourly) are built from the jobs app, not the whole
// bot: their deployment bundles stay under 1 MB without the FAQ, the bot's features or the console, and the
// digest and hourly bundles still do their work when EventBridge Scheduler invokes them.
import { build } from "esbuild";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sstDeployBuildOptions } from "../../scripts/lib/lambda-bundle.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { buildTestApp, postTelegram, telegramEnv, tgText } from "../support/app.js";
import {
  buildDeploymentBundles,
  type DeploymentBundles,
  type LambdaContainer,
  schedulerEvent,
  startContainer,
} from "../support/lambda-host.js";
import { createTestTable } from "../support/store.js";

const jobEntries = ["outbox-worker", "outbox-dispatch", "weekend-digest", "hourly"] as const;
const dayMs = 24 * 60 * 60 * 1000;

let bundles: DeploymentBundles;
let tg: FakeTelegramApi;
const containers: LambdaContainer[] = [];

beforeAll(async () => {
  tg = await startFakeTelegramApi();
  bundles = await buildDeploymentBundles(["weekend-digest", "hourly"]);
}, 120_000);

afterEach(async () => {
  await Promise.all(containers.splice(0).map((container) => container.close()));
  tg.clear();
});

afterAll(async () => {
  await tg?.close();
  bundles?.remove();
});

async function start(name: "weekend-digest" | "hourly", env: Record<string, string>) {
  const container = await startContainer(bundles, name, env, { timeoutMs: 300_000 });
  containers.push(container);
  return container;
}

describe("the jobs functions' deployment bundles", () => {
  it("carry no bot, FAQ, understanding or console code and stay under 1,000,000 bytes", async () => {
    for (const name of jobEntries) {
      const options = sstDeployBuildOptions(`functions/${name}.ts`, `/dev/null/${name}.mjs`);
      const result = await build({ ...options, write: false, metafile: true });
      const output = Object.values(result.metafile.outputs)[0]!;
      const inputs = Object.keys(output.inputs);
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
      AWS_REGION: "ap-southeast-3",
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      TABLE_NAME: table.tableName,
      DYNAMODB_ENDPOINT: table.endpoint,
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
