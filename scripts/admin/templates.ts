// `admin -- templates [--format text|json|csv]`: the WhatsApp template of each purpose and language, from
// the configuration (WHATSAPP_TEMPLATES, WHATSAPP_TEMPLATE_NAME), and which purposes lack their own.
import { type Config, ConfigError, parseConfig } from "../../functions/lib/config/config.js";
import { type TemplateRow, templateRows } from "../../functions/lib/config/template-usage.js";
import { render } from "../lib/output.js";
import { type AdminIo, flagsOnly, UsageError } from "./command.js";

export { type TemplateRow, templateRows };

const spec = { values: ["format"] };
const columns = ["purpose", "category", "language", "status", "template", "code", "params"] as const;

function asText(rows: readonly TemplateRow[]): string {
  const widths = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => String(row[column]).length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  const lacking = [...new Set(rows.filter((row) => row.status !== "own").map((row) => row.purpose))];
  const missing = [...new Set(rows.filter((row) => row.status === "missing").map((row) => row.purpose))];
  return [
    line(columns),
    ...rows.map((row) => line(columns.map((column) => String(row[column])))),
    "",
    lacking.length
      ? `Without their own template (in some language): ${lacking.join(", ")}`
      : "Every purpose has its own template in id and en.",
    ...(missing.length
      ? [`Missing (nothing is sent outside the 24-hour window): ${[...new Set(missing)].join(", ")}`]
      : []),
    "",
  ].join("\n");
}

function formatOf(flags: ReturnType<typeof flagsOnly>): "text" | "json" | "csv" {
  const format = flags.format ?? "text";
  if (format !== "text" && format !== "json" && format !== "csv")
    throw new UsageError("--format must be text, json or csv");
  return format;
}

/** Reads only the configuration (no store). */
export const templatesCommand = {
  summary:
    "WhatsApp templates per purpose and language, and which purposes lack one [--format text|json|csv]",
  usage:
    "admin -- templates [--format text|json|csv]   (reads WHATSAPP_TEMPLATES and WHATSAPP_TEMPLATE_NAME)",
  parse(args: readonly string[]) {
    formatOf(flagsOnly(args, spec));
  },
  run(args: readonly string[], io: AdminIo, env: Record<string, string | undefined>): number {
    const format = formatOf(flagsOnly(args, spec));
    let config: Config;
    try {
      config = parseConfig(env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      io.err(`${error.message}\n`);
      return 1;
    }
    const rows = templateRows(config.whatsapp);
    io.out(format === "text" ? asText(rows) : render(rows as never[], format, columns));
    return 0;
  },
};
