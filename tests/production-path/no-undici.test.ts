// The webhook functions' cold path never reads global fetch (or Response, FormData...) and loads no undici beyond
// what node:http itself loads on this Node (nothing on Node 20; Node 22 loads undici with node:http, so there the
// echo pays it too): global fetch's first use costs ~30-36 ms of CPU at a cold start on Node 20. Each deployment bundle runs in a fresh Node process, answers one FAQ question
// from a new person (the reply goes out over the fake Telegram / Graph API), then lists the undici modules Node
// loaded. grammY and the Graph client send through nodeFetch (functions/lib/http/node-fetch.ts) instead.
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { type FakeWhatsAppApi, startFakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { telegramEnv, telegramSecret, tgText } from "../support/app.js";
import { apiGatewayV2Event, buildDeploymentBundles, type DeploymentBundles } from "../support/lambda-host.js";
import { createTestTable } from "../support/store.js";
import { sign, waNotification, waTextMessage, whatsappEnv } from "../whatsapp/helpers.js";

const question = "min sy mau nanya, syarat pinjaman tanpa bunga dr pemkot apa aja ya?";

interface Run {
  readonly result: { statusCode: number; body?: string };
  /** process.moduleLoadList entries naming undici (e.g. "NativeModule internal/deps/undici/undici"). */
  readonly undici: string[];
  /** Reads of the undici-backed globals (fetch, Response, ...): none may happen on this path. */
  readonly webGlobals: string[];
}

let bundles: DeploymentBundles;
let tg: FakeTelegramApi;
let wa: FakeWhatsAppApi;

beforeAll(async () => {
  tg = await startFakeTelegramApi();
  wa = await startFakeWhatsAppApi();
  bundles = await buildDeploymentBundles(["telegram", "whatsapp"]);
  // One invocation in a fresh process, then what Node loaded (no bootstrap IPC: nothing loaded but ours).
  writeFileSync(
    join(bundles.dir, "once.mjs"),
    `const webGlobals = [];
for (const name of ["fetch", "Response", "Request", "Headers", "FormData"]) {
  const own = Object.getOwnPropertyDescriptor(globalThis, name);
  if (!own) continue;
  // Node 20 defines these as lazy getters that load undici on first read (wrapped without reading them);
  // Node 22 as plain values.
  let value = own.value;
  const read = own.get ? function () { return own.get.call(this); } : () => value;
  Object.defineProperty(globalThis, name, {
    configurable: true,
    enumerable: own.enumerable,
    get() { webGlobals.push(name); return read.call(this); },
    set(next) { value = next; },
  });
}
const { handler } = await import(process.argv[2]);
const result = await handler(JSON.parse(process.argv[3]), { awsRequestId: "r1", getRemainingTimeInMillis: () => 15000 });
const undici = process.moduleLoadList.filter((name) => name.toLowerCase().includes("undici"));
process.stdout.write("\\n" + JSON.stringify({ result, undici, webGlobals }) + "\\n", () => process.exit(0));
`,
  );
}, 120_000);

/** The undici modules Node loads for node:http and node:https alone (none on Node 20; Node 22 loads undici). */
async function baselineUndici(): Promise<string[]> {
  const { stdout } = await promisify(execFile)(process.execPath, [
    "--input-type=module",
    "-e",
    `await import("node:http"); await import("node:https");
process.stdout.write(JSON.stringify(process.moduleLoadList.filter((name) => name.toLowerCase().includes("undici"))));`,
  ]);
  return JSON.parse(stdout) as string[];
}

afterAll(async () => {
  await tg?.close();
  await wa?.close();
  bundles?.remove();
});

async function runOnce(name: string, event: unknown): Promise<Run> {
  const table = await createTestTable(`no-undici-${name}`);
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(bundles.dir, "once.mjs"), bundles.files[name]!, JSON.stringify(event)],
    {
      // Lambda's environment: ours, not the test runner's.
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        AWS_REGION: "ap-southeast-3",
        AWS_ACCESS_KEY_ID: "test",
        AWS_SECRET_ACCESS_KEY: "test",
        TABLE_NAME: table.tableName,
        DYNAMODB_ENDPOINT: table.endpoint,
        LOG_LEVEL: "warn",
        ...telegramEnv(tg.url),
        ...whatsappEnv(wa.url),
      },
      timeout: 60_000,
    },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as Run;
}

describe("the webhook functions' cold path", () => {
  it("Telegram: a FAQ question from a new person is answered without loading undici", async () => {
    const run = await runOnce(
      "telegram",
      apiGatewayV2Event("POST", "/telegram", {
        headers: { "x-telegram-bot-api-secret-token": telegramSecret },
        body: JSON.stringify(tgText(4343, question)),
      }),
    );
    expect(run.result.statusCode, run.result.body).toBe(200);
    // The answer went out over HTTP (not in the webhook reply), so the outbound client did run.
    const sent = tg.callsTo("sendMessage").filter((call) => String(call.payload.chat_id) === "4343");
    expect(String(sent[0]?.payload.text)).toContain("Pinjaman tanpa bunga");
    expect(run.webGlobals).toEqual([]);
    expect(run.undici).toEqual(await baselineUndici());
  }, 90_000);

  it("WhatsApp: a signed FAQ question from a new person is answered without loading undici", async () => {
    const body = JSON.stringify(waNotification([waTextMessage("6281234567001", question)]));
    const run = await runOnce(
      "whatsapp",
      apiGatewayV2Event("POST", "/whatsapp", { headers: { "x-hub-signature-256": sign(body) }, body }),
    );
    expect(run.result.statusCode, run.result.body).toBe(200);
    const sent = wa.calls.filter((call) => call.payload.to === "6281234567001");
    expect(JSON.stringify(sent[0]?.payload)).toContain("Pinjaman tanpa bunga");
    expect(run.webGlobals).toEqual([]);
    expect(run.undici).toEqual(await baselineUndici());
  }, 90_000);
});
