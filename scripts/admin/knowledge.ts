// `admin -- knowledge export|import|history|assign|stale`: the FAQ knowledge staff keep current without a deploy.
import { readFile } from "node:fs/promises";
import { parseConfig } from "../../functions/lib/config/config.js";
import type { FaqTopic } from "../../functions/lib/core/faq/faq-topic-schema.js";
import { answeredTopics, staleTopics } from "../../functions/lib/core/faq/knowledge.js";
import { getFaqTopics } from "../../functions/lib/core/faq/knowledge-base.js";
import {
  assignQuestion,
  type KnowledgeChange,
  KnowledgeConflictError,
  type KnowledgeStore,
  KnowledgeTooLargeError,
  planChange,
} from "../../functions/lib/core/faq/knowledge-edit.js";
import { createKnowledgeRepository } from "../../functions/lib/store/knowledge-repository.js";
import type { AdminStore } from "../lib/admin-store.js";
import {
  crossCheck,
  knowledgeCsv,
  type ParsedKnowledge,
  parseKnowledgeCsv,
  parseKnowledgeJson,
} from "../lib/knowledge-file.js";
import { render } from "../lib/output.js";
import { type AdminCommand, type AdminIo, formatFlag, parseArgs, UsageError } from "./command.js";

const usage = [
  "admin -- knowledge export [--format csv|json]          every topic; CSV: one row per topic and language",
  "admin -- knowledge import <file> [--dry-run] [--by <name>]   validates, shows the diff, applies atomically",
  "admin -- knowledge history <topic> [--format json|csv]  every stored version of a topic",
  'admin -- knowledge assign "<question>" <topic> [--by <name>]  the question becomes an example of the topic',
  "admin -- knowledge stale [--days <n>] [--format json|csv] topics checked longer ago than KNOWLEDGE_MAX_AGE_DAYS",
].join("\n");

const spec = { values: ["format", "by", "days"], booleans: ["dry-run"] };

function validate(args: readonly string[]) {
  const { positional, flags } = parseArgs(args, spec);
  const [action, first, second, extra] = positional;
  const by = typeof flags.by === "string" && flags.by.trim() ? flags.by.trim().slice(0, 60) : "cli";
  const none = (...values: (string | undefined)[]) => {
    const stray = values.find((value) => value !== undefined);
    if (stray !== undefined) throw new UsageError(`unexpected argument: ${stray}`);
  };
  if (action === "export") {
    none(first, second, extra);
    const format = flags.format === undefined ? "csv" : formatFlag(flags);
    return { action, format } as const;
  }
  if (action === "import") {
    if (!first) throw new UsageError("give the file to import");
    none(second, extra);
    return { action, file: first, dryRun: flags["dry-run"] === true, by } as const;
  }
  if (action === "history") {
    if (!first) throw new UsageError("give the topic id (see: admin -- knowledge export)");
    none(second, extra);
    return { action, topic: first, format: formatFlag(flags) } as const;
  }
  if (action === "assign") {
    if (!first?.trim() || !second) throw new UsageError('expected: assign "<question>" <topic>');
    none(extra);
    return { action, question: first.trim(), topic: second, by } as const;
  }
  if (action === "stale") {
    none(first, second, extra);
    const days = flags.days === undefined ? undefined : Number(flags.days);
    if (days !== undefined && (!Number.isInteger(days) || days < 1))
      throw new UsageError("--days must be 1 or more");
    return { action, days, format: formatFlag(flags) } as const;
  }
  throw new UsageError("expected export, import, history, assign or stale");
}

/** What chat answers now: the shipped topics with the store's valid edits over them. */
async function answered(repository: KnowledgeStore) {
  const current = await repository.current();
  return {
    current,
    topics: answeredTopics(
      getFaqTopics(),
      current.topics.map((entry) => entry.topic),
    ),
  };
}

const clip = (value: unknown) => {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
};

/** The diff: per topic its changed fields, with before and after of each (per language for texts). */
function describe(change: KnowledgeChange, before: ReadonlyMap<string, FaqTopic>): string {
  const out: string[] = [];
  for (const entry of change.topics) {
    const old = before.get(entry.topic.id);
    out.push(`${old ? "~" : "+"} ${entry.topic.id} (v${entry.version}): ${entry.changed.join(", ")}`);
    if (!old) continue;
    for (const field of entry.changed as (keyof FaqTopic)[]) {
      const was = old[field];
      const now = entry.topic[field];
      const bilingual = (value: unknown) => value && typeof value === "object" && !Array.isArray(value);
      if (bilingual(was) || bilingual(now)) {
        for (const language of ["id", "en"] as const) {
          const a = (was as Record<string, unknown> | undefined)?.[language];
          const b = (now as Record<string, unknown> | undefined)?.[language];
          if (JSON.stringify(a) !== JSON.stringify(b))
            out.push(`    ${field}.${language}: ${clip(a)}\n      -> ${clip(b)}`);
        }
      } else out.push(`    ${field}: ${clip(was)}\n      -> ${clip(now)}`);
    }
  }
  return out.join("\n");
}

async function apply(
  repository: KnowledgeStore,
  change: KnowledgeChange,
  before: ReadonlyMap<string, FaqTopic>,
  io: AdminIo,
  dryRun: boolean,
): Promise<number> {
  if (change.topics.length === 0) {
    io.out("Tidak ada perubahan (no changes).\n");
    return 0;
  }
  io.out(`${describe(change, before)}\n`);
  if (dryRun) {
    io.out(`Dry run: ${change.topics.length} topic(s) would change; nothing applied.\n`);
    return 0;
  }
  try {
    const version = await repository.apply(change);
    io.out(`Applied as content version ${version}; every chat answers with it within a minute.\n`);
    return 0;
  } catch (error) {
    if (error instanceof KnowledgeConflictError || error instanceof KnowledgeTooLargeError) {
      io.err(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

function parseFile(file: string, text: string): ParsedKnowledge {
  return file.toLowerCase().endsWith(".json") ? parseKnowledgeJson(text) : parseKnowledgeCsv(text);
}

export const knowledgeCommand: AdminCommand = {
  summary: "FAQ knowledge: export, import (validated, atomic), history, assign a question, stale topics",
  usage,
  parse(args) {
    validate(args);
  },
  async run(args, store: AdminStore, io) {
    const command = validate(args);
    const repository = createKnowledgeRepository({
      client: store.documentClient,
      tableName: store.tableName,
    });
    if (command.action === "export") {
      const { topics } = await answered(repository);
      io.out(command.format === "csv" ? knowledgeCsv(topics) : `${JSON.stringify(topics, null, 2)}\n`);
      return 0;
    }
    if (command.action === "history") {
      const versions = await repository.history(command.topic);
      const shipped = getFaqTopics().find((topic) => topic.id === command.topic);
      if (versions.length === 0 && !shipped) {
        io.err(`Unknown topic: ${command.topic}\n`);
        return 1;
      }
      // Never edited: the shipped text is the only version.
      const rows = (
        versions.length
          ? versions
          : [
              {
                version: 1,
                contentVersion: 0,
                at: shipped!.checkedAt,
                by: "shipped",
                changed: ["seed"],
                topic: shipped!,
              },
            ]
      ).map((entry) => ({
        version: entry.version,
        contentVersion: entry.contentVersion,
        at: entry.at,
        by: entry.by,
        changed: [...entry.changed],
        checkedAt: entry.topic.checkedAt,
        answer: entry.topic.answer.id,
      }));
      io.out(
        render(rows, command.format, [
          "version",
          "contentVersion",
          "at",
          "by",
          "changed",
          "checkedAt",
          "answer",
        ]),
      );
      return 0;
    }
    if (command.action === "stale") {
      const maxAge =
        command.days ?? parseConfig({ ...process.env, TABLE_NAME: store.tableName }).knowledgeMaxAgeDays;
      const { topics } = await answered(repository);
      io.out(
        render(staleTopics(topics, io.clock.now(), maxAge), command.format, ["id", "checkedAt", "ageDays"]),
      );
      return 0;
    }
    const { current, topics } = await answered(repository);
    const before = new Map(topics.map((topic) => [topic.id, topic]));
    if (command.action === "assign") {
      const result = await assignQuestion(
        repository,
        (stored) =>
          answeredTopics(
            getFaqTopics(),
            stored.topics.map((entry) => entry.topic),
          ),
        getFaqTopics(),
        { question: command.question, topicId: command.topic, by: command.by, at: io.clock.now() },
      ).catch((error: unknown) => {
        if (error instanceof KnowledgeConflictError)
          return { status: "conflict", message: error.message } as const;
        throw error;
      });
      if (result.status === "assigned") {
        io.out(
          `${describe(result.change, before)}\nApplied as content version ${result.version}; every chat answers with it within a minute.\n`,
        );
        return 0;
      }
      if (result.status === "known") {
        io.out(`Already an example of ${command.topic}.\n`);
        return 0;
      }
      if (result.status === "conflict") io.err(`${result.message}\n`);
      else if (result.status === "unknown-topic") io.err(`Unknown topic: ${command.topic}\n`);
      else io.err("The question cannot be an example (at most 200 characters).\n");
      return 1;
    }
    let text: string;
    try {
      text = await readFile(command.file, "utf8");
    } catch (error) {
      io.err(`Cannot read ${command.file}: ${(error as NodeJS.ErrnoException).code ?? "error"}\n`);
      return 1;
    }
    const parsed = parseFile(command.file, text);
    const problems = [...parsed.problems, ...crossCheck(parsed.topics, topics, parsed.rowOf)];
    if (problems.length) {
      for (const problem of problems)
        io.err(`Row ${problem.row}, field ${problem.field}: ${problem.message}\n`);
      io.err(`${problems.length} problem(s); nothing applied.\n`);
      return 1;
    }
    const change = planChange(current, getFaqTopics(), parsed.topics, command.by, io.clock.now());
    return apply(repository, change, before, io, command.dryRun);
  },
};
