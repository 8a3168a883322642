// `admin -- templates [--format text|json|csv]`: the WhatsApp template of each purpose and language, from
// the configuration (WHATSAPP_TEMPLATES, WHATSAPP_TEMPLATE_NAME), and which purposes lack their own.
import { type Config, ConfigError, parseConfig } from "../../functions/lib/config/config.js";
import { languages } from "../../functions/lib/core/contact.js";
import { messagePurposes, purposeSpecs } from "../../functions/lib/core/purpose.js";
import { render } from "../lib/output.js";
import { type AdminIo, flagsOnly, UsageError } from "./command.js";

const spec = { values: ["format"] };
const columns = ["purpose", "category", "language", "status", "template", "code", "params"] as const;

export interface TemplateRow {
  readonly purpose: string;
  readonly category: string;
  readonly language: string;
  /** own; other-language: the purpose's template in its other language; fallback: WHATSAPP_TEMPLATE_NAME; missing. */
  readonly status: "own" | "other-language" | "fallback" | "missing";
  readonly template: string;
  readonly code: string;
  readonly params: string;
}

export function templateRows(whatsapp: Config["whatsapp"]): TemplateRow[] {
  const fallback = whatsapp.template;
  return messagePurposes.flatMap((purpose) =>
    languages.map((language): TemplateRow => {
      const entry = whatsapp.templates[purpose];
      const own = entry?.languages[language];
      const other = entry && (entry.languages.id ?? entry.languages.en);
      const base = { purpose, category: purposeSpecs[purpose].category, language };
      // The messenger sends the purpose's other language before it falls back to the general template.
      const used = own ?? other;
      if (entry && used)
        return {
          ...base,
          status: own ? "own" : "other-language",
          template: used.name,
          code: used.code,
          params: entry.params.join(","),
        };
      if (fallback)
        return {
          ...base,
          status: "fallback",
          template: fallback.name,
          code: fallback.language,
          params: fallback.params.join(","),
        };
      return { ...base, status: "missing", template: "", code: "", params: "" };
    }),
  );
}

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
