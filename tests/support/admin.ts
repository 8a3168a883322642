// Runs the admin CLI on a test's table: in-process for logic, or as the real process for the wiring.
import { systemClock } from "../../functions/lib/clock.js";
import type { Clock } from "../../functions/lib/core/ports.js";
import { runAdmin } from "../../scripts/admin/main.js";
import { spawnScript } from "./process.js";
import type { TestTable } from "./store.js";

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `runAdmin` with the test's own client (close() leaves it open); stdout and stderr captured. */
export async function runAdminInProcess(
  argv: readonly string[],
  options: { table: TestTable; clock?: Clock },
): Promise<CliResult> {
  const { table, clock = systemClock } = options;
  let stdout = "";
  let stderr = "";
  const code = await runAdmin(argv, {
    io: {
      out: (text) => {
        stdout += text;
      },
      err: (text) => {
        stderr += text;
      },
      clock,
    },
    // What openAdminStore returns for DYNAMODB_ENDPOINT + TABLE_NAME, on the shared client.
    openStore: async () => ({
      documentClient: table.documentClient,
      tableName: table.tableName,
      description: table.endpoint,
      close: async () => {},
    }),
  });
  return { code, stdout, stderr };
}

/** `scripts/admin.ts` as a real process, finding the table from its environment as operators run it. */
export async function runAdminProcess(argv: readonly string[], table: TestTable): Promise<CliResult> {
  const child = spawnScript(
    "scripts/admin.ts",
    { DYNAMODB_ENDPOINT: table.endpoint, TABLE_NAME: table.tableName },
    [...argv],
  );
  // "close", not "exit": the output pipes are drained by then.
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  return { code, stdout: child.stdoutText(), stderr: child.stderrText() };
}
