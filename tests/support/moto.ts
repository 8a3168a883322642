// Python's moto (`moto_server`) on a free 127.0.0.1 port: the SQS API for the production-path test. A
// missing moto_server is a failure that says how to install it, never a skipped test.
import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { createServer } from "node:net";
import { delimiter, join } from "node:path";
import { exited, portAcceptsConnections } from "./process.js";

export const motoInstallHint =
  "moto_server not found: install it with `sudo apt-get install python3-moto` (Debian/Ubuntu) or " +
  "`pip install 'moto[server]'`, or set MOTO_SERVER to its path (.ci/run installs it)";

export class MotoMissingError extends Error {
  override readonly name = "MotoMissingError";
}

/** MOTO_SERVER, else the first `moto_server` on PATH. */
export function findMotoServer(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = env.MOTO_SERVER
    ? [env.MOTO_SERVER]
    : (env.PATH ?? "").split(delimiter).map((dir) => join(dir, "moto_server"));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new MotoMissingError(motoInstallHint);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface MotoServer {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export async function startMoto(): Promise<MotoServer> {
  const binary = findMotoServer();
  const port = await freePort();
  const child: ChildProcess = spawn(binary, ["-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const deadline = Date.now() + 30_000;
  while (!(await portAcceptsConnections(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill();
      throw new Error(`moto_server did not start on port ${port}: ${output.slice(-500)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await exited(child);
    },
  };
}
