// One structured JSON line per event; secrets and phone numbers never reach the log.

import { wallClockMs } from "../clock.js";
import type { LogLevel } from "../config/config.js";
import { redact } from "./redact.js";

export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface LoggerOptions {
  readonly level: LogLevel;
  /** Where lines go; defaults to stdout (CloudWatch on Lambda). */
  readonly write?: (line: string) => void;
  /** Known secret values to scrub wherever they appear. */
  readonly secrets?: readonly (string | undefined)[];
}

export function createLogger(options: LoggerOptions, base: Record<string, unknown> = {}): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === "string" && s.length >= 6);
  const emit = (level: LogLevel, event: string, fields?: Record<string, unknown>) => {
    if (order[level] < order[options.level]) return;
    const record = redact(
      { time: new Date(wallClockMs()).toISOString(), level, event, ...base, ...fields },
      secrets,
    );
    write(JSON.stringify(record));
  };
  return {
    debug: (event, fields) => emit("debug", event, fields),
    info: (event, fields) => emit("info", event, fields),
    warn: (event, fields) => emit("warn", event, fields),
    error: (event, fields) => emit("error", event, fields),
    child: (fields) => createLogger(options, { ...base, ...fields }),
  };
}
