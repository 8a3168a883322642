// The knowledge and the unanswered-questions queue as CSV rows: shared by the admin CLI and the staff console.
import type { FaqTopic } from "../core/faq/faq-topic-schema.js";
import type { UnansweredSummary } from "../core/faq/unanswered.js";
import { toCsv } from "./csv.js";

export const KNOWLEDGE_COLUMNS = [
  "topic",
  "language",
  "group",
  "action",
  "office",
  "checkedAt",
  "related",
  "title",
  "answer",
  "detail",
  "examples",
  "keywords",
  "sources",
] as const;

const LANGUAGES = ["id", "en"] as const;

/** Lists are one item per line inside their cell; sources (read rarely by hand) are JSON. */
const lines = (items: readonly string[]) => items.join("\n");

export function knowledgeRows(topics: readonly FaqTopic[]): Record<string, string>[] {
  return topics.flatMap((topic) =>
    LANGUAGES.map((language) => {
      // Fields of the topic as a whole are in its "id" row only: one place to change them.
      const whole = language === "id";
      return {
        topic: topic.id,
        language,
        group: whole ? topic.group : "",
        action: whole ? (topic.action ?? "") : "",
        office: whole ? topic.office : "",
        checkedAt: whole ? topic.checkedAt : "",
        related: whole ? lines(topic.related) : "",
        title: topic.title[language],
        answer: topic.answer[language],
        detail: topic.detail?.[language] ?? "",
        examples: lines(topic.examples[language]),
        keywords: lines(topic.keywords[language]),
        sources: whole ? JSON.stringify(topic.sources) : "",
      };
    }),
  );
}

export function knowledgeCsv(topics: readonly FaqTopic[]): string {
  return toCsv(knowledgeRows(topics), KNOWLEDGE_COLUMNS);
}

export const UNANSWERED_COLUMNS = [
  "count",
  "normalised",
  "examples",
  "topicGuess",
  "reasons",
  "channels",
  "lastAt",
] as const;

/** One row per group of similar questions; tallies as "reason:count" lists. */
export function unansweredRows(groups: readonly UnansweredSummary[]) {
  return groups.map((row) => ({
    ...row,
    reasons: Object.entries(row.reasons).map(([reason, count]) => `${reason}:${count}`),
    channels: Object.entries(row.channels).map(([channel, count]) => `${channel}:${count}`),
  }));
}
