// The knowledge as a file staff edit: CSV (one row per topic and language) or JSON (the topic objects).
import { editableFaqTopicSchema, type FaqTopic } from "../../functions/lib/core/faq/faq-topic-schema.js";
import { KNOWLEDGE_COLUMNS } from "../../functions/lib/format/knowledge-csv.js";

export { KNOWLEDGE_COLUMNS, knowledgeCsv, knowledgeRows } from "../../functions/lib/format/knowledge-csv.js";

/** A problem in the file, named the way staff find it: the spreadsheet row (header = row 1) and the column. */
export interface RowProblem {
  readonly row: number;
  readonly field: string;
  readonly message: string;
}

/** RFC 4180 CSV (what spreadsheets save): quoted fields, doubled quotes, newlines inside quotes, BOM. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const input = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < input.length; i++) {
    const char = input[i]!;
    if (quoted) {
      if (char === '"' && input[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && input[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += char;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  // Spreadsheets add empty lines at the end.
  return rows.filter((cells) => cells.some((cell) => cell.trim() !== ""));
}

/** Undoes the export's formula defusing ('=... back to =...). */
const cell = (value: string | undefined) => {
  const text = (value ?? "").replace(/\r\n/g, "\n");
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
};
const list = (value: string) =>
  value
    .split("\n")
    .map((item) => item.trim())
    .filter(Boolean);

export interface ParsedKnowledge {
  readonly topics: FaqTopic[];
  readonly problems: RowProblem[];
  /** Where a topic is in the file (its "id" row for CSV). */
  readonly rowOf: (topicId: string) => number;
}

/** Topics from CSV rows; every problem is reported (row and column), not only the first. */
export function parseKnowledgeCsv(text: string): ParsedKnowledge {
  const [header = [], ...body] = parseCsv(text);
  const problems: RowProblem[] = [];
  const columns = header.map((name) => name.trim());
  const missing = KNOWLEDGE_COLUMNS.filter((name) => !columns.includes(name));
  if (missing.length) {
    for (const name of missing) problems.push({ row: 1, field: name, message: "column missing" });
    return { topics: [], problems, rowOf: () => 1 };
  }
  const byTopic = new Map<
    string,
    Partial<Record<"id" | "en", { row: number; values: Record<string, string> }>>
  >();
  for (const [index, cells] of body.entries()) {
    const row = index + 2;
    const values = Object.fromEntries(columns.map((name, i) => [name, cell(cells[i])]));
    const topicId = values.topic?.trim() ?? "";
    const language = values.language?.trim() ?? "";
    if (!topicId) {
      problems.push({ row, field: "topic", message: "empty" });
      continue;
    }
    if (language !== "id" && language !== "en") {
      problems.push({ row, field: "language", message: "must be id or en" });
      continue;
    }
    const entry = byTopic.get(topicId) ?? {};
    if (entry[language]) {
      problems.push({ row, field: "language", message: `second ${language} row for ${topicId}` });
      continue;
    }
    entry[language] = { row, values };
    byTopic.set(topicId, entry);
  }
  const topics: FaqTopic[] = [];
  for (const [topicId, rows] of byTopic) {
    const id = rows.id;
    const en = rows.en;
    if (!id || !en) {
      const present = (id ?? en)!;
      problems.push({
        row: present.row,
        field: "language",
        message: `${topicId} needs both an id and an en row`,
      });
      continue;
    }
    const both = (name: string) => ({ id: id.values[name]!.trim(), en: en.values[name]!.trim() });
    let sources: unknown = [];
    try {
      sources = JSON.parse(id.values.sources || "[]");
    } catch {
      problems.push({ row: id.row, field: "sources", message: "not valid JSON" });
      continue;
    }
    const detail = both("detail");
    const raw = {
      id: topicId,
      group: id.values.group!.trim(),
      ...(id.values.action!.trim() ? { action: id.values.action!.trim() } : {}),
      office: id.values.office!.trim(),
      checkedAt: id.values.checkedAt!.trim(),
      related: list(id.values.related!),
      title: both("title"),
      answer: both("answer"),
      ...(detail.id || detail.en ? { detail } : {}),
      examples: { id: list(id.values.examples!), en: list(en.values.examples!) },
      keywords: { id: list(id.values.keywords!), en: list(en.values.keywords!) },
      sources,
    };
    const parsed = editableFaqTopicSchema().safeParse(raw);
    if (parsed.success) {
      topics.push(parsed.data);
      continue;
    }
    for (const issue of parsed.error.issues) {
      const [field = "topic", language] = issue.path.map(String);
      const column = field === "id" ? "topic" : field;
      const where = language === "en" ? en : id;
      const detailPath = issue.path.length > 1 ? ` (${issue.path.slice(1).join(".")})` : "";
      problems.push({ row: where.row, field: column, message: `${issue.message}${detailPath}` });
    }
  }
  return {
    topics,
    problems: problems.sort((a, b) => a.row - b.row),
    rowOf: (topicId) => byTopic.get(topicId)?.id?.row ?? 0,
  };
}

/** Topics from a JSON array (as `export --format json` writes it); "row" is the topic's place in the array. */
export function parseKnowledgeJson(text: string): ParsedKnowledge {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { topics: [], problems: [{ row: 0, field: "file", message: "not valid JSON" }], rowOf: () => 0 };
  }
  if (!Array.isArray(raw))
    return {
      topics: [],
      problems: [{ row: 0, field: "file", message: "expected an array of topics" }],
      rowOf: () => 0,
    };
  const topics: FaqTopic[] = [];
  const problems: RowProblem[] = [];
  raw.forEach((item, index) => {
    const parsed = editableFaqTopicSchema().safeParse(item);
    if (parsed.success) topics.push(parsed.data);
    else
      for (const issue of parsed.error.issues)
        problems.push({ row: index + 1, field: issue.path.join(".") || "topic", message: issue.message });
  });
  const ids = raw.map((item) =>
    item && typeof item === "object" ? (item as { id?: unknown }).id : undefined,
  );
  return { topics, problems, rowOf: (topicId) => ids.indexOf(topicId) + 1 };
}

/** Checks across topics: one version of each id, and related topics that exist. */
export function crossCheck(
  incoming: readonly FaqTopic[],
  existing: readonly FaqTopic[],
  rowOf: (topicId: string) => number,
): RowProblem[] {
  const problems: RowProblem[] = [];
  const known = new Set([...existing, ...incoming].map((topic) => topic.id));
  const seen = new Set<string>();
  for (const topic of incoming) {
    if (seen.has(topic.id))
      problems.push({ row: rowOf(topic.id), field: "topic", message: `${topic.id} appears twice` });
    seen.add(topic.id);
    for (const related of topic.related) {
      if (!known.has(related))
        problems.push({ row: rowOf(topic.id), field: "related", message: `unknown topic ${related}` });
      if (related === topic.id)
        problems.push({
          row: rowOf(topic.id),
          field: "related",
          message: "a topic cannot be related to itself",
        });
    }
  }
  return problems;
}
