// `npm run bench -- --only saturation`: the real `npm start` process under closed-loop load (N workers, each
// walking its own users through menu, registration and an FAQ question), with the server's and the
// DynamoDB Local JVM's CPU read from /proc. A report, not a test.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { freePort } from "./dynamodb-local.js";

export interface SaturationOptions {
  readonly root: string;
  readonly apiRoot: string;
  readonly token: string;
  readonly secret: string;
  /** Closed-loop worker counts, each measured once per round. */
  readonly levels?: readonly number[];
  readonly rounds?: number;
  readonly windowMs?: number;
  /** The server's LOG_LEVEL (npm start's default is info). */
  readonly logLevel?: string;
  /** Write a V8 CPU profile of the server here (node --cpu-prof). */
  readonly cpuProfDir?: string;
}

interface LevelSample {
  readonly workers: number;
  readonly messages: number;
  readonly errors: number;
  readonly perSecond: number;
  readonly nodeCpuMsPerMessage: number;
  readonly jvmCpuMsPerMessage: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a process in ms (/proc/<pid>/stat fields 14 and 15, after the command name). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const round1 = (n: number) => Math.round(n * 10) / 10;

interface BenchServer {
  runLevel(workers: number, durationMs: number): Promise<LevelSample>;
  stop(): Promise<void>;
}

/** `npm start` of the tree at `root` (this one, or a baseline worktree), healthy and warmed up. */
async function startBenchServer(options: SaturationOptions, root: string): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "umkm-bench-sat-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const nodeArgs = ["--import", "tsx"];
  if (options.cpuProfDir && root === options.root) {
    nodeArgs.unshift("--cpu-prof", `--cpu-prof-dir=${options.cpuProfDir}`);
  }
  const server = spawn(process.execPath, [...nodeArgs, "scripts/start.ts"], {
    cwd: root,
    env: {
      ...inherited(),
      PORT: String(port),
      DATA_DIR: dataDir,
      TELEGRAM_MODE: "webhook",
      TELEGRAM_BOT_TOKEN: options.token,
      TELEGRAM_API_ROOT: options.apiRoot,
      TELEGRAM_WEBHOOK_SECRET: options.secret,
      LOG_LEVEL: options.logLevel ?? "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Drained like a terminal would (the server's log lines are part of its cost); only the tail is kept.
  let tail = "";
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-2000);
  };
  server.stdout?.on("data", keep);
  server.stderr?.on("data", keep);
  const stop = async () => {
    server.kill("SIGTERM");
    await exitOf(server, 20_000);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitHealthy(base, server, () => tail);
  } catch (error) {
    await stop();
    throw error;
  }
  const jvmPid = Number(readFileSync(join(dataDir, "dynamodb", "dynamodb-local.pid"), "utf8").trim());
  const serverPid = server.pid ?? 0;
  let updateId = 1;
  let nextUser = 7_000_000;
  const post = async (update: object) => {
    const response = await fetch(`${base}/telegram`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": options.secret },
      body: JSON.stringify({ update_id: updateId++, ...update }),
    });
    await response.arrayBuffer();
    return response.status;
  };
  const text = (user: number, value: string) => ({
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: user, type: "private", first_name: "Bench" },
      from: { id: user, is_bot: false, first_name: "Bench" },
      text: value,
    },
  });
  const callback = (user: number, data: string) => ({
    callback_query: {
      id: `q${updateId}`,
      from: { id: user, is_bot: false, first_name: "Bench" },
      chat_instance: "bench",
      data,
    },
  });
  // One user's visit: menu, a registration start and step, an FAQ question (the mix of the in-process bench).
  const visit = (user: number) => [
    text(user, "menu"),
    text(user, "/daftar"),
    callback(user, "reg:consent:yes"),
    text(user, "Siti Rahayu"),
    text(user, "gmn cara dapet pinjaman tanpa bunga?"),
  ];

  const runLevel = async (workers: number, durationMs: number): Promise<LevelSample> => {
    const latencies: number[] = [];
    let errors = 0;
    let stopped = false;
    const nodeBefore = cpuMs(serverPid);
    const jvmBefore = cpuMs(jvmPid);
    const started = performance.now();
    const worker = async () => {
      while (!stopped) {
        for (const update of visit(nextUser++)) {
          if (stopped) return;
          const at = performance.now();
          const status = await post(update).catch(() => 0);
          latencies.push(performance.now() - at);
          if (status !== 200) errors++;
        }
      }
    };
    const timer = setTimeout(() => {
      stopped = true;
    }, durationMs);
    await Promise.all(Array.from({ length: workers }, worker));
    clearTimeout(timer);
    const seconds = (performance.now() - started) / 1000;
    const messages = latencies.length;
    const sorted = latencies.sort((a, b) => a - b);
    return {
      workers,
      messages,
      errors,
      perSecond: round1(messages / seconds),
      nodeCpuMsPerMessage: round1((cpuMs(serverPid) - nodeBefore) / Math.max(1, messages)),
      jvmCpuMsPerMessage: round1((cpuMs(jvmPid) - jvmBefore) / Math.max(1, messages)),
      p50Ms: round1(sorted[Math.floor(messages * 0.5)] ?? 0),
      p99Ms: round1(sorted[Math.floor(messages * 0.99)] ?? 0),
    };
  };
  // Warm-up: JIT, connections, FAQ index, DynamoDB Local's first writes.
  await runLevel(4, 4_000);
  return { runLevel, stop };
}

function summarise(samples: readonly LevelSample[], levels: readonly number[]) {
  const perLevel = levels.map((workers) => {
    const of = samples.filter((s) => s.workers === workers);
    const spread = (key: keyof LevelSample) => {
      const values = of.map((s) => s[key]);
      return { median: round1(median(values)), min: Math.min(...values), max: Math.max(...values) };
    };
    return {
      workers,
      perSecond: spread("perSecond"),
      nodeCpuMsPerMessage: spread("nodeCpuMsPerMessage"),
      jvmCpuMsPerMessage: spread("jvmCpuMsPerMessage"),
      p50Ms: spread("p50Ms"),
      p99Ms: spread("p99Ms"),
      errors: of.reduce((sum, s) => sum + s.errors, 0),
    };
  });
  const saturation = perLevel.reduce((best, level) =>
    level.perSecond.median > best.perSecond.median ? level : best,
  );
  return { perLevel, saturation };
}

export type SaturationSummary = ReturnType<typeof summarise>;

/**
 * Every level once per round, rounds interleaved; with a baseline tree both servers run and alternate window by
 * window, so the machine's drift (other work on the same cores) hits both alike.
 */
export async function saturationBench(options: SaturationOptions & { readonly baselineRoot?: string }) {
  const levels = options.levels ?? [1, 2, 4, 8, 16, 32];
  const rounds = options.rounds ?? 3;
  const windowMs = options.windowMs ?? 6_000;
  const head = await startBenchServer(options, options.root);
  let baseline: BenchServer | undefined;
  try {
    if (options.baselineRoot) baseline = await startBenchServer(options, options.baselineRoot);
    const samples = { head: [] as LevelSample[], baseline: [] as LevelSample[] };
    for (let r = 0; r < rounds; r++) {
      for (const workers of levels) {
        // Alternate which side goes first, round by round.
        const order = r % 2 ? (["baseline", "head"] as const) : (["head", "baseline"] as const);
        for (const side of order) {
          const server = side === "head" ? head : baseline;
          if (server) samples[side].push(await server.runLevel(workers, windowMs));
        }
      }
    }
    return {
      windowMs,
      rounds,
      logLevel: options.logLevel ?? "info",
      ...summarise(samples.head, levels),
      baseline: baseline ? summarise(samples.baseline, levels) : undefined,
      samples,
    };
  } finally {
    await head.stop();
    await baseline?.stop();
  }
}

/** This environment minus what would change the server under test (its own store, WhatsApp, the simulator). */
function inherited(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(DYNAMODB_ENDPOINT|SIMULATOR|WHATSAPP_|STAFF_|TABLE_NAME)/.test(name)) delete env[name];
  }
  return env;
}

async function waitHealthy(base: string, server: ChildProcess, output: () => string) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`npm start exited: ${output()}`);
    const ok = await fetch(`${base}/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`npm start did not answer /health: ${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function exitOf(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve();
    }, timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

const range = (s: { median: number; min: number; max: number }) => `${s.median} [${s.min}..${s.max}]`;

function formatLevels(summary: SaturationSummary): string[] {
  return [
    "workers  msg/s                Node CPU ms/msg   JVM CPU ms/msg    p50 ms            p99 ms            errors",
    ...summary.perLevel.map((l) =>
      [
        String(l.workers).padEnd(7),
        range(l.perSecond).padEnd(20),
        range(l.nodeCpuMsPerMessage).padEnd(17),
        range(l.jvmCpuMsPerMessage).padEnd(17),
        range(l.p50Ms).padEnd(17),
        range(l.p99Ms).padEnd(17),
        String(l.errors),
      ].join("  "),
    ),
    `Saturation: ${range(summary.saturation.perSecond)} msg/s at ${summary.saturation.workers} workers; per message ` +
      `Node ${range(summary.saturation.nodeCpuMsPerMessage)} ms CPU, DynamoDB Local JVM ${range(summary.saturation.jvmCpuMsPerMessage)} ms CPU.`,
  ];
}

/** The report lines, with what the figures cannot tell. */
export function formatSaturation(
  result: Awaited<ReturnType<typeof saturationBench>>,
  baselineRef?: string,
): string {
  const lines = [
    `npm start under closed-loop load (${result.rounds} interleaved rounds x ${result.windowMs / 1000} s per level, LOG_LEVEL=${result.logLevel}); median [min..max]:`,
    ...formatLevels(result),
  ];
  if (result.baseline) {
    lines.push(
      `Baseline ${baselineRef ?? ""} (same windows, alternating with the one above):`,
      ...formatLevels(result.baseline),
    );
  }
  lines.push(
    "Cannot measure: the load generator and the fake Bot API run in this process on the same cores as the server",
    "and the JVM (their CPU is not counted but competes); DynamoDB Local is not DynamoDB (its CPU is not what AWS",
    "charges or how fast it answers); one message = one webhook POST, its replies to the fake API included.",
  );
  return lines.join("\n");
}
