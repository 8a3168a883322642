// JSON and spreadsheet-friendly CSV output for the admin CLIs.
import { toCsv } from "../../functions/lib/format/csv.js";

export { toCsv };

export type Format = "json" | "csv";

/** The rows as the CLIs print them: CSV, or indented JSON with a trailing newline. */
export function render(
  rows: readonly Record<string, unknown>[],
  format: Format,
  columns: readonly string[],
): string {
  return format === "csv" ? toCsv(rows, columns) : `${JSON.stringify(rows, null, 2)}\n`;
}
