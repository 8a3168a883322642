import { getFaqMatcher } from "./faq-matcher.js";

/** Query normalisation (slang, stemming, typo fixes) with the bundled knowledge base's vocabulary. */
export function normalise(text: string): string {
  return getFaqMatcher().normalise(text);
}
