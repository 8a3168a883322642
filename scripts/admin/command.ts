// The shape of an admin subcommand, and a small strict flag parser.
import type { Clock } from "../../functions/lib/core/ports.js";
import type { AdminStore } from "../lib/admin-store.js";

/** Where a command writes and what time it is: the process's streams and clock, or a test's. */
export interface AdminIo {
  /** Writes text to stdout as is (no newline added). */
  out(text: string): void;
  /** Writes text to stderr as is (no newline added). */
  err(text: string): void;
  readonly clock: Clock;
}

export interface AdminCommand {
  readonly summary: string;
  readonly usage: string;
  /** Validates arguments before the store is opened (throws UsageError). */
  parse(args: readonly string[], io: AdminIo): void;
  run(args: readonly string[], store: AdminStore, io: AdminIo): Promise<number>;
}

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export interface ParsedArgs {
  readonly positional: string[];
  readonly flags: Record<string, string | true>;
}

/** `--flag value`, `--flag=value` and boolean `--flag`; unknown flags are usage errors. */
export function parseArgs(
  args: readonly string[],
  spec: { readonly values?: readonly string[]; readonly booleans?: readonly string[] },
): ParsedArgs {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const [rawName, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (spec.booleans?.includes(rawName)) {
      flags[rawName] = true;
    } else if (spec.values?.includes(rawName)) {
      const value = inline ?? args[++i];
      if (value === undefined || value.startsWith("--")) throw new UsageError(`--${rawName} needs a value`);
      flags[rawName] = value;
    } else {
      throw new UsageError(`unknown option --${rawName}`);
    }
  }
  return { positional, flags };
}

/** Options only: a stray positional argument is a usage error. Returns the flags. */
export function flagsOnly(
  args: readonly string[],
  spec: Parameters<typeof parseArgs>[1],
): ParsedArgs["flags"] {
  const { positional, flags } = parseArgs(args, spec);
  if (positional.length) throw new UsageError(`unexpected argument: ${positional[0]}`);
  return flags;
}

export function formatFlag(flags: ParsedArgs["flags"]): "json" | "csv" {
  const format = flags.format ?? "json";
  if (format !== "json" && format !== "csv") throw new UsageError("--format must be json or csv");
  return format;
}
