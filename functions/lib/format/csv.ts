// Spreadsheet-friendly CSV, shared by the admin CLIs and the staff console's exports.

/** CSV that opens cleanly in Excel/LibreOffice/Sheets: UTF-8 BOM, every field quoted, CRLF rows. */
export function toCsv(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  const quote = (value: unknown) => {
    const text = Array.isArray(value)
      ? value.join("; ")
      : value === undefined || value === null
        ? ""
        : String(value);
    // A leading =, +, - or @ would run as a formula in a spreadsheet.
    const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
    return `"${safe.replace(/"/g, '""')}"`;
  };
  const lines = [
    columns.map(quote).join(","),
    ...rows.map((row) => columns.map((column) => quote(row[column])).join(",")),
  ];
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
