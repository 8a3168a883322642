// `npm start` as an operator runs it: a real process, DynamoDB Local persisted in DATA_DIR, a fake Bot API.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/dynamodb-local.js";
import { type FakeTelegramApi, startFakeTelegramApi } from "../fakes/telegram-api.js";
import { telegramSecret, telegramToken, tgText } from "../support/app.js";
import { exited, portAcceptsConnections, repoRoot, spawnScript, waitFor } from "../support/process.js";

let fake: FakeTelegramApi;
const dataDir = mkdtempSync(join(tmpdir(), "umkm-start-"));

beforeAll(async () => {
  fake = await startFakeTelegramApi();
});
afterAll(async () => {
  await fake.close();
});

const serverEnv = (port: number, dir: string) => ({
  PORT: String(port),
  DATA_DIR: dir,
  TELEGRAM_MODE: "webhook",
  TELEGRAM_BOT_TOKEN: telegramToken,
  TELEGRAM_API_ROOT: fake.url,
  TELEGRAM_WEBHOOK_SECRET: telegramSecret,
  LOG_LEVEL: "info",
});

async function startServer(dir = dataDir) {
  const port = await freePort();
  const child = spawnScript("scripts/start.ts", serverEnv(port, dir));
  const base = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => ((await fetch(`${base}/health`)).ok ? true : undefined),
    60_000,
    `GET /health (output so far: ${child.output().slice(-500)})`,
  );
  const runtime = JSON.parse(readFileSync(join(dir, "runtime.json"), "utf8")) as { endpoint: string };
  return { child, base, storePort: Number(new URL(runtime.endpoint).port) };
}

/** Processes whose command line contains every one of `parts` (Linux /proc). */
function pidsMatching(...parts: string[]): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
        return parts.every((part) => cmdline.includes(part));
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Every process below `root` (children, grandchildren, ...): another `npm start` on the machine is not ours. */
function descendantsOf(root: number): Set<number> {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      // "pid (comm) state ppid ...": the command may hold spaces and parentheses, so read after the last ")".
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      parentOf.set(Number(name), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const found = new Set<number>([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, parent] of parentOf)
      if (found.has(parent) && !found.has(pid)) {
        found.add(pid);
        grew = true;
      }
  }
  found.delete(root);
  return found;
}

const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\S+ \(.*\) [ZX]/.test(stat);
  } catch {
    return false;
  }
};

const jvmOf = (dir: string) =>
  Number(readFileSync(join(dir, "dynamodb", "dynamodb-local.pid"), "utf8").trim());

const gone = (what: string, check: () => boolean) =>
  waitFor(async () => (check() ? true : undefined), 30_000, what);

const postUpdate = (base: string, update: object) =>
  fetch(`${base}/telegram`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": telegramSecret },
    body: JSON.stringify(update),
  });

describe("npm start", () => {
  it("serves /health, answers a webhook /start, keeps data across a restart and stops DynamoDB Local", async () => {
    const first = await startServer();
    expect((await postUpdate(first.base, tgText(777001, "/start"))).status).toBe(200);
    const [greeting] = fake.callsTo("sendMessage");
    expect(greeting?.payload.text).toContain("Selamat datang");
    expect(greeting?.payload.reply_markup).toHaveProperty("inline_keyboard");
    expect(first.child.output()).not.toContain(telegramToken);

    first.child.kill("SIGTERM");
    await exited(first.child);
    await waitFor(
      async () => ((await portAcceptsConnections(first.storePort)) ? undefined : true),
      30_000,
      "JVM exit",
    );

    const second = await startServer();
    try {
      expect((await postUpdate(second.base, tgText(777001, "/start"))).status).toBe(200);
      // The contact survived the restart, so the greeting is the returning one.
      expect(fake.callsTo("sendMessage").at(-1)?.payload.text).toContain("Halo lagi");
    } finally {
      second.child.kill("SIGINT");
      await exited(second.child);
    }
    await waitFor(
      async () => ((await portAcceptsConnections(second.storePort)) ? undefined : true),
      30_000,
      "JVM exit",
    );
  }, 150_000);

  it("leaves no DynamoDB Local behind after kill -9, and a new start clears one that was left", async () => {
    const dir = mkdtempSync(join(tmpdir(), "umkm-kill-"));
    // The server and the JVM's watchdog killed together: the JVM is orphaned (the worst case).
    const first = await startServer(dir);
    const orphan = jvmOf(dir);
    expect(alive(orphan)).toBe(true);
    const watchdogs = pidsMatching("/bin/sh", "DynamoDBLocal.jar", dir);
    expect(watchdogs.length).toBeGreaterThan(0);
    for (const pid of [first.child.pid ?? 0, ...watchdogs]) process.kill(pid, "SIGKILL");
    await exited(first.child);
    expect(alive(orphan)).toBe(true);

    // The next start on the same DATA_DIR stops that JVM before starting its own.
    const second = await startServer(dir);
    expect(alive(orphan)).toBe(false);
    const jvm = jvmOf(dir);
    expect(jvm).not.toBe(orphan);

    // kill -9 of the server alone: the watchdog sees its pipe close and stops the JVM.
    second.child.kill("SIGKILL");
    await exited(second.child);
    await gone("the JVM to stop after kill -9 of the server", () => !alive(jvm));
    expect(await portAcceptsConnections(second.storePort)).toBe(false);
  }, 180_000);

  it("stops the server and its JVM when the npm process that started it is killed with -9", async () => {
    const dir = mkdtempSync(join(tmpdir(), "umkm-npm-"));
    const port = await freePort();
    const npm = spawn("npm", ["start"], {
      cwd: repoRoot,
      env: { ...process.env, ...serverEnv(port, dir) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    npm.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    npm.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(
      async () => ((await fetch(`http://127.0.0.1:${port}/health`)).ok ? true : undefined),
      90_000,
      `npm start to serve /health (output: ${output.slice(-500)})`,
    );
    const jvm = jvmOf(dir);
    const ours = descendantsOf(npm.pid!);
    const servers = pidsMatching("scripts/start.ts").filter((pid) => ours.has(pid));
    expect(servers.length).toBeGreaterThan(0);
    npm.kill("SIGKILL");
    await gone("the server to stop after kill -9 of npm", () => servers.every((pid) => !alive(pid)));
    await gone("its JVM to stop", () => !alive(jvm));
    expect(await portAcceptsConnections(port)).toBe(false);
  }, 180_000);

  it("refuses to start with invalid configuration and lists every problem", async () => {
    const child = spawnScript("scripts/start.ts", {
      PORT: "not-a-port",
      TELEGRAM_BOT_TOKEN: "nonsense",
      TELEGRAM_MODE: "carrier-pigeon",
      DATA_DIR: dataDir,
    });
    expect(await exited(child)).toBe(1);
    const output = child.output();
    expect(output).toContain("PORT");
    expect(output).toContain("TELEGRAM_BOT_TOKEN");
    expect(output).toContain("TELEGRAM_MODE");
  });
});
