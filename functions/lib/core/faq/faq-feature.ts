// The FAQ in chat: browse menus by group, free-text answers, "did you mean", feedback, unanswered log.

import enAnswers from "../../../../locales/en/answers.json" with { type: "json" };
import idAnswers from "../../../../locales/id/answers.json" with { type: "json" };
import { maskContactDetails } from "../contact-details.js";
import type { Feature } from "../feature.js";
import type { Choice } from "../replies.js";
import { truncate } from "../text.js";
import type { TurnContext } from "../turn.js";
import type {
  FaqAction,
  FaqGroup,
  FaqLanguage,
  FaqSource,
  FaqTopic,
  FaqTopicId,
} from "./faq-topic-schema.js";
import type { Knowledge } from "./knowledge.js";
import type { UnansweredLog, UnansweredReason } from "./unanswered.js";

export interface FaqFeatureDeps {
  /** The topics answered now and their matcher (built on first use: a button press need not pay for it). */
  readonly knowledge: Pick<Knowledge, "matcher" | "topic" | "topics">;
  readonly unanswered: UnansweredLog;
  /** Buttons that start the feature a topic belongs to (only for features that exist). */
  readonly actionChoices: Partial<Record<FaqAction, (ctx: TurnContext) => Choice>>;
  /** What "Contact staff" does (the handover feature once it exists; else the contact topic). */
  readonly contactStaffChoice?: (ctx: TurnContext) => Choice;
}

const browseGroups: readonly FaqGroup[] = ["pelatihan", "pembiayaan", "legalitas", "lokasi"];

// Month names from the locales, not Intl.DateTimeFormat: its first use loads ICU locale data (~6 ms of a cold start).
const monthNames: Record<FaqLanguage, readonly string[]> = {
  id: idAnswers.monthsShort.split(" "),
  en: enAnswers.monthsShort.split(" "),
};

/** "2 Des 2026" / "2 Dec 2026": a calendar date (YYYY-MM-DD, already the WIB day) as people read it. */
export function checkedDate(date: string, language: FaqLanguage): string {
  const [year, month, day] = date.split("-");
  return `${Number(day)} ${monthNames[language][Number(month) - 1]} ${year}`;
}

/** A source as plain text: its name and where to read it (no markup, both platforms show it as is). */
function sourceLine(source: FaqSource): string {
  if (source.url) return `${source.publisher ?? source.title}: ${source.url}`;
  return source.regulation ?? source.title;
}

export function createFaqFeature(deps: FaqFeatureDeps): Feature {
  // Staff edits change the topics between turns: always the current version's.
  const topics = { get: (id: FaqTopicId) => deps.knowledge.topic(id), values: () => deps.knowledge.topics() };
  const t = (ctx: TurnContext, key: string, options?: Record<string, unknown>) =>
    ctx.t(`answers:${key}`, options);
  const topicChoice = (ctx: TurnContext, topic: FaqTopic): Choice => ({
    id: `faq:t:${topic.id}`,
    label: topic.title[ctx.language],
  });
  const contactStaff = (ctx: TurnContext): Choice =>
    deps.contactStaffChoice?.(ctx) ?? { id: "faq:t:hubungi-petugas", label: t(ctx, "contactStaff") };
  const menuChoice = (ctx: TurnContext): Choice => ({ id: "menu", label: ctx.t("menu.back") });

  const moreChoice = (ctx: TurnContext, topic: FaqTopic): Choice => ({
    id: `faq:d:${topic.id}`,
    label: t(ctx, "more.button"),
  });
  const footer = (ctx: TurnContext, topic: FaqTopic) =>
    t(ctx, "footer", {
      date: checkedDate(topic.checkedAt, ctx.language),
      office: t(ctx, `office.${topic.office}`),
    });
  const relatedChoices = (ctx: TurnContext, topic: FaqTopic) =>
    topic.related
      .map((id) => topics.get(id))
      .filter((item): item is FaqTopic => !!item)
      .slice(0, 3)
      .map((item) => topicChoice(ctx, item));

  function answer(ctx: TurnContext, topic: FaqTopic, question?: string, options: { aside?: boolean } = {}) {
    const lang = ctx.language;
    const body = `${topic.title[lang]}\n\n${topic.answer[lang]}\n\n${footer(ctx, topic)}`;
    // Asked in the middle of a flow: the answer alone (its buttons would leave the flow), then the step again.
    if (options.aside) return ctx.say(body);
    const action = topic.action ? deps.actionChoices[topic.action]?.(ctx) : undefined;
    // One message with at most three buttons, so WhatsApp shows reply buttons: the details (or the
    // topic's feature) and the two feedback answers; related topics come with the details.
    const lead = topic.detail ? moreChoice(ctx, topic) : action;
    ctx.ask(`${body}\n\n${t(ctx, "helpful.question")}`, [
      ...(lead ? [lead] : []),
      { id: `faq:fb:y:${topic.id}`, label: t(ctx, "helpful.yes") },
      { id: `faq:fb:n:${topic.id}`, label: t(ctx, "helpful.no") },
    ]);
    // Remember the question so "not helpful" can be logged with it.
    // A paused draft (a registration left for this question) stays resumable.
    const paused = ctx.conversation?.paused;
    ctx.setConversation({
      flow: "idle",
      step: "idle",
      data: { lastQuestion: question ?? topic.title[lang], lastTopic: topic.id },
      ...(paused ? { paused } : {}),
    });
  }

  /** "Selengkapnya": the detail, where the facts come from, then the topic's feature and related topics. */
  function details(ctx: TurnContext, topic: FaqTopic) {
    const lang = ctx.language;
    const sources = topic.sources.map((source) => `• ${sourceLine(source)}`);
    const text = [
      topic.title[lang],
      "",
      topic.detail?.[lang] ?? topic.answer[lang],
      "",
      t(ctx, "more.sources"),
      ...sources,
    ].join("\n");
    // Plain text (4096 characters on both platforms): an interactive body would be cut at 1024, links too.
    ctx.say(text);
    const action = topic.action ? deps.actionChoices[topic.action]?.(ctx) : undefined;
    ctx.ask(t(ctx, "related"), [...(action ? [action] : []), ...relatedChoices(ctx, topic), menuChoice(ctx)]);
  }

  async function log(ctx: TurnContext, text: string, topicGuess: string | null, reason: UnansweredReason) {
    // Staff type commands and replies, not questions: their stray "5" or "ok" is no content gap.
    if (ctx.contact.role === "staff") return;
    // Numbers and e-mail addresses in the question are masked before it is kept for 180 days.
    const kept = maskContactDetails(truncate(text, 500));
    await deps.unanswered.record(
      {
        text: kept,
        normalised: deps.knowledge.matcher().normalise(kept),
        topicGuess,
        reason,
        channel: ctx.event.user.channel,
        at: ctx.now.getTime(),
      },
      ctx.event.user,
    );
  }

  function showGroup(ctx: TurnContext, group: FaqGroup) {
    const inGroup = topics.values().filter((topic) => topic.group === group);
    ctx.ask(t(ctx, `group.${group}`), [...inGroup.map((topic) => topicChoice(ctx, topic)), menuChoice(ctx)], {
      choicesTitle: t(ctx, `menu.${group}`).replace(/^\S+\s/, ""),
    });
  }

  return {
    name: "faq",
    choicePrefix: "faq",
    async onChoice(ctx, arg) {
      const [kind, rest = ""] = arg.split(/:(.*)/s, 2);
      if (kind === "g" && (browseGroups as readonly string[]).includes(rest))
        return showGroup(ctx, rest as FaqGroup);
      if (kind === "t") {
        const topic = topics.get(rest);
        if (topic) return answer(ctx, topic);
      }
      if (kind === "d") {
        const topic = topics.get(rest);
        if (topic) return details(ctx, topic);
      }
      if (kind === "fb") {
        const [verdict, topicId = ""] = rest.split(":");
        if (verdict === "y") return ctx.ask(t(ctx, "helpful.thanks"), [menuChoice(ctx)]);
        const question = String(
          ctx.conversation?.data.lastQuestion ?? topics.get(topicId)?.title.id ?? topicId,
        );
        await log(ctx, question, topicId || null, "not-helpful");
        return ctx.ask(t(ctx, "helpful.sorry"), [contactStaff(ctx), menuChoice(ctx)]);
      }
      return ctx.ask(ctx.t("errors.choiceExpired"), [menuChoice(ctx)]);
    },
    async onFreeText(ctx, text, understanding) {
      const match = understanding?.faq ?? deps.knowledge.matcher().match(text, ctx.language);
      if (match.topic && match.confidence === "confident") {
        const topic = topics.get(match.topic);
        const also = match.alsoTopic ? topics.get(match.alsoTopic) : undefined;
        if (topic) {
          // Two things asked in one message: both answers, in the order asked, the feedback after the last.
          if (also) answer(ctx, topic, text, { aside: true });
          answer(ctx, also ?? topic, text);
          return true;
        }
      }
      if (match.confidence === "unsure") {
        await log(ctx, text, match.candidates[0]?.topic ?? null, "unsure");
        const candidates = match.candidates
          .slice(0, 3)
          .map((candidate) => topics.get(candidate.topic))
          .filter((topic): topic is FaqTopic => !!topic)
          .map((topic) => topicChoice(ctx, topic));
        ctx.ask(t(ctx, "didYouMean"), [...candidates, contactStaff(ctx)]);
        return true;
      }
      await log(ctx, text, null, "out-of-scope");
      return false;
    },
    onSideQuestion(ctx, understanding) {
      const topic = understanding.topic ? topics.get(understanding.topic) : undefined;
      if (!topic) return false;
      answer(ctx, topic, understanding.faq.topic ?? undefined, { aside: true });
      const also = understanding.alsoTopic ? topics.get(understanding.alsoTopic) : undefined;
      if (also) answer(ctx, also, undefined, { aside: true });
      return true;
    },
    menuEntries: (ctx) =>
      browseGroups.map((group) => ({ id: `faq:g:${group}`, label: t(ctx, `menu.${group}`) })),
  };
}
