import type { FaqTopicId } from "./faq-topic-schema.js";

/** confident: answer it; unsure: offer up to 3 "Maksud Anda" choices; none: out of scope. */
export type FaqConfidence = "confident" | "unsure" | "none";

export interface FaqCandidate {
  topic: FaqTopicId;
  score: number;
}

export interface FaqMatch {
  /** What the bot would answer; null when unsure or out of scope. */
  topic: FaqTopicId | null;
  score: number;
  /** Best first, at most 5. */
  candidates: FaqCandidate[];
  confidence: FaqConfidence;
  /** A second topic the same message clearly asks about (answered too), when there is one. */
  alsoTopic?: FaqTopicId | null;
}
