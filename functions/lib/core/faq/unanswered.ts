// Questions the bot could not answer (or whose answer did not help), kept for staff.
import type { Channel, UserRef } from "../events.js";

export type UnansweredReason = "unsure" | "out-of-scope" | "not-helpful";

export interface UnansweredQuestion {
  readonly text: string;
  readonly normalised: string;
  readonly topicGuess: string | null;
  readonly reason: UnansweredReason;
  readonly channel: Channel;
  readonly at: number;
}

export interface UnansweredLog {
  /** Kept without the person's id, but linked to them so "hapus data" deletes it with them. */
  record(question: UnansweredQuestion, from: UserRef): Promise<void>;
  /** Questions still kept at `now` (expired items may linger in DynamoDB for up to ~48 h). */
  list(now: Date): Promise<UnansweredQuestion[]>;
  /** The newest `limit` of them, in one read whatever the log's size (/statistik's top list). */
  listLatest?(now: Date, limit: number): Promise<UnansweredQuestion[]>;
}

export interface UnansweredSummary {
  readonly normalised: string;
  readonly count: number;
  readonly examples: string[];
  readonly topicGuess: string | null;
  readonly reasons: Record<string, number>;
  readonly channels: Record<string, number>;
  readonly lastAt: string;
}

/** Similar questions share a key: the same normalised words (stems, slang and typos already mapped), any order. */
export function similarityKey(question: Pick<UnansweredQuestion, "normalised" | "text">): string {
  const words = (question.normalised || question.text.toLowerCase()).split(/\s+/).filter(Boolean);
  return [...new Set(words)].sort().join(" ");
}

/** Share of words two questions have in common (Jaccard): 0.6 joins "harga sewa lapak" and "harga sewa lapak bung karno". */
const SIMILAR = 0.6;

function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared / (a.size + b.size - shared || 1);
}

/**
 * Groups similar questions, most frequent first (ties: most recent first): the same normalised words in any
 * order (see similarityKey), or most of them (a group is joined when it shares SIMILAR of its first wording's words).
 */
export function summariseUnanswered(questions: readonly UnansweredQuestion[]): UnansweredSummary[] {
  const groups = new Map<string, UnansweredQuestion[]>();
  const wordsOfGroup = new Map<string, ReadonlySet<string>>();
  for (const question of questions) {
    const key = similarityKey(question);
    const words = new Set(key.split(" ").filter(Boolean));
    let home = groups.has(key) ? key : undefined;
    for (const [other, otherWords] of home ? [] : wordsOfGroup) {
      if (overlap(words, otherWords) >= SIMILAR) {
        home = other;
        break;
      }
    }
    if (!home) {
      home = key;
      wordsOfGroup.set(key, words);
    }
    groups.set(home, [...(groups.get(home) ?? []), question]);
  }
  const tally = (items: readonly string[]) => {
    const counts: Record<string, number> = {};
    for (const item of items) counts[item] = (counts[item] ?? 0) + 1;
    return counts;
  };
  return [...groups.entries()]
    .map(([, items]) => {
      // Shown as the first wording's normalised form (the key itself is sorted words).
      const normalised = items[0]?.normalised || (items[0]?.text.toLowerCase() ?? "");
      const guesses = items.map((item) => item.topicGuess).filter((guess): guess is string => !!guess);
      const guessCounts = Object.entries(tally(guesses)).sort((a, b) => b[1] - a[1]);
      return {
        normalised,
        count: items.length,
        examples: [...new Set(items.map((item) => item.text))].slice(0, 3),
        topicGuess: guessCounts[0]?.[0] ?? null,
        reasons: tally(items.map((item) => item.reason)),
        channels: tally(items.map((item) => item.channel)),
        lastAt: new Date(Math.max(...items.map((item) => item.at))).toISOString(),
      };
    })
    .sort((a, b) => b.count - a.count || b.lastAt.localeCompare(a.lastAt));
}
