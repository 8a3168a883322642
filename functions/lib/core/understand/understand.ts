// The one place where a chat message becomes an intent with a confidence, before any routing:
// small talk, an action (in a natural sentence), an FAQ question, or something out of scope.
import type { FaqCandidate, FaqMatch } from "../faq/faq-match.js";
import type { FaqMatcher } from "../faq/faq-matcher.js";
import type { FaqLanguage, FaqTopicId, ShippedFaqTopicId } from "../faq/faq-topic-schema.js";
import { otherServiceCount } from "../faq/message-clauses.js";
import { hasPhrase, readChat } from "./chat-words.js";
import { type ActionIntent, actionIntents, framingOf, scoreIntents } from "./intents.js";
import { otherRegionOf, placesSelfIn } from "./regions.js";
import { type SmallTalk, smallTalkOf, smallTalkWithin } from "./small-talk.js";

/** Every intent a message can be read as (the `understand` CLI's fixed vocabulary). */
export const intents = [...actionIntents, "smalltalk", "faq", "out_of_scope"] as const;
export type Intent = (typeof intents)[number];

export interface Understanding {
  readonly intent: Intent;
  /** The FAQ topic the bot would answer (only for intent "faq" when it is sure enough to answer). */
  readonly topic: FaqTopicId | null;
  /** 0..1: how sure the reading is. */
  readonly confidence: number;
  readonly candidates: readonly FaqCandidate[];
  /** The FAQ's own verdict on the message (answer / did-you-mean / nothing). */
  readonly faq: FaqMatch;
  readonly smallTalk: SmallTalk | null;
  /** A place outside Bandar Lampung the message asks about ("kota metro"): its programmes are not ours. */
  readonly otherRegion: string | null;
  /** The person says they or their business are in that other region ("usaha sy di pringsewu"). */
  readonly placedThere: boolean;
  /** A second FAQ topic the same message asks about ("syarat KUR dan cara daftar halal"). */
  readonly alsoTopic: FaqTopicId | null;
  /** The message asks for information ("gimana", "syaratnya apa", "?"), as opposed to an answer or an act. */
  readonly isQuestion: boolean;
}

export interface Understander {
  understand(text: string, language?: FaqLanguage): Understanding;
}

/** The confidence of "out of scope" when the message names another office's service (SIM, BPJS, flights). */
export const OTHER_SERVICE = 0.85;

/** An action needs this much to be taken without asking; below it, a sure FAQ answer wins. */
const ACT = 0.7;
const LEAN = 0.5;
const SURE = 0.9;
const QUESTION_WORDS = [
  "apa",
  "apakah",
  "dimana",
  "kapan",
  "siapa",
  "berapa",
  "bagaimana",
  "kenapa",
  "mengapa",
  "mana",
  "where",
  "when",
  "who",
  "what",
  "how",
  "which",
  "bisa tidak",
  "ada tidak",
];

/** FAQ topics that describe an action: said without a question ("sambungin ke orang dinas"), they ask for it. */
const actionTopics: ReadonlyMap<FaqTopicId, ActionIntent> = new Map(
  Object.entries({
    "hubungi-petugas": "handover.request",
    "langganan-promo": "promo.subscribe",
    "berhenti-langganan": "promo.stop",
    "kirim-promo": "promo.post",
    "status-pendaftaran": "registration.status",
    "daftar-penjual": "registration.start",
    "data-pribadi": "privacy.info",
    "jadwal-pelatihan": "training.list",
  } satisfies Partial<Record<ShippedFaqTopicId, ActionIntent>>),
);

export function createUnderstander(deps: { readonly matcher: () => FaqMatcher }): Understander {
  return {
    understand(text, language = "id") {
      const message = readChat(text);
      const framing = framingOf(message);
      // Asked in words or with "?"; framing adds "gimana caranya", "syaratnya" (not a thank-you's "tanya lagi").
      const asking = message.hasQuestionMark || hasPhrase(message, QUESTION_WORDS);
      const isQuestion = framing.asksHow || asking;
      const smallTalk = smallTalkOf(text);
      const faq = deps.matcher().match(text, language);
      const base = {
        candidates: faq.candidates,
        faq,
        smallTalk,
        otherRegion: null,
        placedThere: false,
        alsoTopic: null,
        isQuestion,
      };
      if (smallTalk) return { ...base, intent: "smalltalk", topic: null, confidence: 0.95 };

      const otherRegion = otherRegionOf(message);
      const [top] = scoreIntents(message);
      // SIM, CPNS, flights, weather: another office's business, whatever word it shares with a topic or action.
      const weakFaq = !faq.topic || faq.score < 0.4;
      if (weakFaq && otherServiceCount(text) >= 1 && (!top || top.score < 0.95))
        return { ...base, intent: "out_of_scope", topic: null, confidence: OTHER_SERVICE };
      const within = smallTalkWithin(text);
      // "udah cukup infonya makasih", "sy udh ngobrol sm petugas kemarin, makasih ya": thanks, not a request.
      // "nanti kalo bingung sy tanya lagi" and "mau ngucapin makasih" are still thanks, not a question or a wish.
      const wishesThanks = hasPhrase(message, ["mau ngucapin", "mau mengucapkan", "mau bilang"]);
      const thanks = asking || (framing.wants && !wishesThanks) ? null : within;
      // Thanks and goodbyes outweigh all but a plain request; praise and laughter only a weak reading.
      const outweighs = thanks === "thanks" || thanks === "bye" ? 0.95 : LEAN;
      if (thanks && thanks !== "greeting" && thanks !== "wait" && (!top || top.score < outweighs))
        return { ...base, smallTalk: thanks, intent: "smalltalk", topic: null, confidence: 0.8 };
      if (top && top.score >= SURE)
        return { ...base, intent: top.intent, topic: null, confidence: top.score };
      if (otherRegion && (faq.candidates.length || top))
        return {
          ...base,
          otherRegion,
          placedThere: placesSelfIn(message, otherRegion),
          intent: "out_of_scope",
          topic: null,
          confidence: 0.8,
        };
      if (top && top.score >= ACT) return { ...base, intent: top.intent, topic: null, confidence: top.score };
      if (faq.topic && faq.confidence === "confident") {
        const action = isQuestion ? undefined : actionTopics.get(faq.topic);
        if (action) return { ...base, intent: action, topic: null, confidence: 0.75 };
        return {
          ...base,
          intent: "faq",
          topic: faq.topic,
          confidence: Math.min(0.99, 0.6 + faq.score * 0.4),
          alsoTopic: faq.alsoTopic ?? null,
        };
      }
      // A question the FAQ half-recognises ("langganan promo itu bayar gk") gets its topics offered, not the act.
      if (top && top.score >= LEAN && !(isQuestion && faq.confidence === "unsure"))
        return { ...base, intent: top.intent, topic: null, confidence: top.score };
      // Nothing asked, but thanks or a greeting in a longer message: still small talk, never "not understood".
      const social = isQuestion ? null : within;
      if (social && (!top || top.score < LEAN))
        return { ...base, smallTalk: social, intent: "smalltalk", topic: null, confidence: 0.7 };
      if (faq.confidence === "unsure") return { ...base, intent: "faq", topic: null, confidence: 0.4 };
      return { ...base, intent: "out_of_scope", topic: null, confidence: faq.candidates.length ? 0.5 : 0.7 };
    },
  };
}
