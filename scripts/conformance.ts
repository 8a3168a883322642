// `npm run conformance -- <fixtures dir> [--spec <bot-api spec json>]`: replays real-world webhook payloads
// (<dir>/telegram/*.json, <dir>/whatsapp/*.json) through the real app, twice each, and validates every outbound
// call. One line per failing fixture or violation, then
// `conformance: inbound A/N ok, outbound C calls, V violations`; exit code 1 when anything failed.
// The rule for who gets a reply is written down in scripts/lib/conformance.ts.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { runConformance } from "./lib/conformance.js";
import { JavaMissingError } from "./lib/dynamodb-local.js";

const usage = "usage: npm run conformance -- <fixtures dir> [--spec <bot-api spec json>]";

async function main() {
  const args = process.argv.slice(2);
  let fixturesDir: string | undefined;
  let specPath: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--spec") specPath = args[++i];
    else if (arg.startsWith("--spec=")) specPath = arg.slice("--spec=".length);
    else if (arg === "--help" || arg === "-h") {
      console.log(usage);
      return;
    } else if (!fixturesDir) fixturesDir = arg;
    else {
      console.error(`unexpected argument: ${arg}\n${usage}`);
      process.exit(2);
    }
  }
  if (!fixturesDir || (args.includes("--spec") && !specPath)) {
    console.error(usage);
    process.exit(2);
  }
  for (const path of [fixturesDir, specPath]) {
    if (path && !existsSync(path)) {
      console.error(`not found: ${path}`);
      process.exit(2);
    }
  }
  const result = await runConformance({
    fixturesDir: resolve(fixturesDir),
    ...(specPath ? { specPath: resolve(specPath) } : {}),
  });
  for (const line of result.lines) console.log(line);
  process.exit(result.ok ? 0 : 1);
}

main().catch((error) => {
  console.error(error instanceof JavaMissingError ? error.message : error);
  process.exit(1);
});
