// Spawns the project's own scripts (npm start, CLIs) as real processes.
import { type ChildProcess, spawn } from "node:child_process";
import { connect } from "node:net";

export const repoRoot = new URL("../../", import.meta.url).pathname;

export function spawnScript(
  script: string,
  env: Record<string, string>,
  args: string[] = [],
): ChildProcess & { output: () => string; stdoutText: () => string; stderrText: () => string } {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Both streams interleaved (what a terminal shows), and each on its own (decoded whole, not per chunk).
  let output = "";
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    stdout.push(chunk);
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    stderr.push(chunk);
  });
  return Object.assign(child, {
    output: () => output,
    stdoutText: () => Buffer.concat(stdout).toString("utf8"),
    stderrText: () => Buffer.concat(stderr).toString("utf8"),
  });
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

export function portAcceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
