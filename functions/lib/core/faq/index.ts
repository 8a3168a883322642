export type { FaqCandidate, FaqConfidence, FaqMatch } from "./faq-match.js";
export {
  createFaqMatcher,
  type FaqExplanation,
  type FaqMatcher,
  type FaqMatcherOptions,
  getFaqMatcher,
} from "./faq-matcher.js";
export type {
  FaqAction,
  FaqGroup,
  FaqLanguage,
  FaqOffice,
  FaqSource,
  FaqTopic,
  FaqTopicId,
} from "./faq-topic-schema.js";
export {
  FAQ_ACTIONS,
  FAQ_ANSWER_MAX,
  FAQ_DETAIL_MAX,
  FAQ_GROUPS,
  FAQ_OFFICES,
  FAQ_TOPIC_IDS,
  faqTopicSchema,
} from "./faq-topic-schema.js";
export { getFaqTopic, getFaqTopics, parseKnowledgeBase } from "./knowledge-base.js";
export { normalise } from "./normalise-default.js";
