// The channel-agnostic bot: routes one normalised event through the features and returns neutral replies.
import { attachChoiceToken, choiceTokenFor, splitChoiceToken, withChoiceTokens } from "./choice-tokens.js";
import type { Contact, ConversationState } from "./contact.js";
import { commandOfStartPayload } from "./deep-links.js";
import type { UserRef } from "./events.js";
import type { Feature, Handler } from "./feature.js";
import { createBasicsFeatures } from "./features/basics.js";
import { createPagingFeature } from "./features/paging.js";
import type { I18n } from "./i18n.js";
import type { Choice, Reply } from "./replies.js";
import { normaliseKeyword } from "./text.js";
import { type Turn, TurnContext, type TurnResult } from "./turn.js";
import { readChat } from "./understand/chat-words.js";
import type { ActionIntent } from "./understand/intents.js";
import { answerOutOfScope, answerSmallTalk, asideAnswer } from "./understand/replies.js";
import { OTHER_SERVICE, type Understander, type Understanding } from "./understand/understand.js";

export interface Bot {
  handle(turn: Turn): Promise<TurnResult>;
  /** The one polite warning someone gets when they send too many messages. */
  slowDown(contact: Contact): Reply[];
  /** What a turn reads besides the person's session (the knowledge version): started beside that read. */
  prepare(now: Date): Promise<void>;
}

export interface BotDeps {
  readonly i18n: I18n;
  /** Domain features (registration, FAQ, promos...), in main-menu order. */
  readonly features?: readonly Feature[];
  /** Reads free text into an intent (absent: only keywords, flows and free-text features route). */
  readonly understander: Understander;
  /** Takes a single-use choice token in the store before the choice acts (absent: the commit alone decides). */
  readonly choiceTokens?: { claim(user: UserRef, token: string, claim: string): Promise<boolean> };
  /** Brings the answered knowledge up to date (a cached version read) before a turn reads it. */
  readonly knowledge?: { refresh(now: Date): Promise<void> };
}

/** The command each action intent runs (the same as its keyword or button). */
const intentCommands: Readonly<Record<ActionIntent, string>> = {
  "registration.start": "daftar",
  "registration.status": "status",
  "promo.subscribe": "promo",
  "promo.stop": "berhenti",
  "promo.browse": "caripromo",
  "promo.post": "kirimpromo",
  "training.list": "pelatihan",
  "handover.request": "petugas",
  "privacy.info": "privasi",
  "privacy.delete": "hapusdata",
  language: "bahasa",
};

const unsupportedKeys: Record<string, string> = {
  sticker: "unsupported.sticker",
  voice: "unsupported.voice",
  audio: "unsupported.voice",
  edited: "unsupported.edited",
};

export function createBot(deps: BotDeps): Bot {
  const domain = deps.features ?? [];
  let basics: Feature[] = [];
  const mainMenu = (ctx: TurnContext): Choice[] =>
    [...domain, ...basics].flatMap((feature) => feature.menuEntries?.(ctx) ?? []);
  basics = [...createBasicsFeatures(mainMenu), createPagingFeature(mainMenu)];
  const features = [...domain, ...basics];

  const commands = new Map<string, Handler>();
  const commandOwner = new Map<string, string>();
  const keywords = new Map<string, string>();
  const byPrefix = new Map<string, Feature>();
  const byName = new Map<string, Feature>();
  for (const feature of features) {
    byName.set(feature.name, feature);
    for (const [name, handler] of Object.entries(feature.commands ?? {})) {
      commands.set(name, handler);
      commandOwner.set(name, feature.name);
    }
    for (const [word, command] of Object.entries(feature.keywords ?? {}))
      keywords.set(normaliseKeyword(word), command);
    if (feature.choicePrefix) byPrefix.set(feature.choicePrefix, feature);
  }

  // Looser whole-message intents ("stop promo dong!") that a fixed keyword list cannot spell out.
  const matchKeyword = (text: string) => {
    for (const feature of features) {
      const command = feature.matchKeyword?.(text);
      if (command) return command;
    }
    return undefined;
  };

  const menuFallback = (ctx: TurnContext, key: string) =>
    ctx.ask(ctx.t(key), mainMenu(ctx), { choicesTitle: ctx.t("menu.choicesTitle") });

  // Leaving a flow for another feature pauses it (resumable) instead of feeding it the next message.
  const pauseFlowFor = (ctx: TurnContext, owner: string | undefined) => {
    const state = ctx.conversation;
    if (!state || state.flow === "idle" || owner === state.flow || owner === "cancel" || owner === "paging")
      return;
    ctx.setConversation({
      flow: "idle",
      step: "idle",
      data: {},
      paused: { flow: state.flow, step: state.step, data: state.data },
    });
  };

  const runCommand = async (ctx: TurnContext, name: string) => {
    pauseFlowFor(ctx, commandOwner.get(name));
    const handler = commands.get(name);
    if (handler) await handler(ctx);
    else menuFallback(ctx, "fallback.unknown");
  };

  const choiceTarget = (choiceId: string) => {
    const separator = choiceId.indexOf(":");
    const prefix = separator === -1 ? choiceId : choiceId.slice(0, separator);
    return { feature: byPrefix.get(prefix), arg: separator === -1 ? "" : choiceId.slice(separator + 1) };
  };

  const runChoice = async (ctx: TurnContext, choiceId: string) => {
    const { feature, arg } = choiceTarget(choiceId);
    pauseFlowFor(ctx, feature?.name);
    if (feature?.onChoice) await feature.onChoice(ctx, arg);
    else menuFallback(ctx, "errors.choiceExpired");
  };

  // A single-use button that was used already (a double tap) or belongs to an older state: said plainly.
  const staleChoice = async (ctx: TurnContext, choiceId: string, reason: "used" | "expired") => {
    const { feature, arg } = choiceTarget(choiceId);
    if (await feature?.onStaleChoice?.(ctx, arg, reason)) return;
    if (reason === "used") {
      // Not even the offered choices change: the tap that did act must not have to decide again.
      ctx.leaveConversation = true;
      return ctx.say(ctx.t("errors.choiceUsed"));
    }
    const hint = feature?.staleChoiceHint?.(ctx, arg) ?? ctx.t("errors.choiceStaleHint");
    ctx.ask(`${ctx.t("errors.choiceStale")} ${hint}`, mainMenu(ctx), {
      choicesTitle: ctx.t("menu.choicesTitle"),
    });
  };

  /** A tapped or typed choice: its single-use token (if any) is checked and taken before it acts. */
  const pickChoice = async (ctx: TurnContext, rawId: string) => {
    const { id, token } = splitChoiceToken(rawId);
    if (token === undefined) {
      const { feature, arg } = choiceTarget(id);
      if (feature?.singleUse?.(arg)) return staleChoice(ctx, id, "expired");
      return runChoice(ctx, id);
    }
    const state = ctx.conversation;
    if (state?.usedTokens?.includes(token)) return staleChoice(ctx, id, "used");
    if (state?.choiceToken !== token) return staleChoice(ctx, id, "expired");
    const claim = `${token}#${ctx.event.dedupeKey}`;
    // Another tap of the same buttons holds the token (in flight in another process): this one is a double tap.
    if (state.tokenClaim && state.tokenClaim !== claim) return staleChoice(ctx, id, "used");
    if (deps.choiceTokens && !(await deps.choiceTokens.claim(ctx.event.user, token, claim)))
      return staleChoice(ctx, id, "used");
    ctx.usedChoiceToken = token;
    return runChoice(ctx, id);
  };

  const activeFlow = (state: ConversationState | null) =>
    state && state.flow !== "idle" ? byName.get(state.flow) : undefined;

  // Something the FAQ half-recognises ("mau tanya pinjaman") is "not understood" (ask again), not "not ours".
  const nearTopic = (understanding: Understanding) =>
    understanding.confidence < OTHER_SERVICE && (understanding.candidates[0]?.score ?? 0) >= 0.15;
  const isPureSmallTalk = (understanding: Understanding) =>
    understanding.intent === "smalltalk" &&
    understanding.confidence >= 0.95 &&
    ["thanks", "laugh", "bye", "wait"].includes(understanding.smallTalk ?? "");
  const isSideQuestion = (understanding: Understanding) =>
    understanding.intent === "faq" && !!understanding.topic && understanding.isQuestion;
  const answerAside = async (ctx: TurnContext, understanding: Understanding) => {
    for (const feature of features) {
      if (feature.onSideQuestion && (await feature.onSideQuestion(ctx, understanding))) return true;
    }
    return false;
  };

  // Features that must see input first (an open handover ticket); none of them reads the store for others.
  const interceptors = features.filter((feature) => feature.interceptInput);

  const route = async (ctx: TurnContext) => {
    for (const feature of interceptors) if (await feature.interceptInput?.(ctx)) return;
    const { payload } = ctx.event;
    switch (payload.kind) {
      case "command": {
        // A poster's link: `/start promo`, `/start daftar`, `/start lapak_w6281...` open that intent.
        const linked = payload.command === "start" ? commandOfStartPayload(payload.args) : undefined;
        if (linked && commands.has(linked)) return runCommand(ctx, linked);
        return runCommand(ctx, payload.command);
      }
      case "choice":
        return pickChoice(ctx, payload.choiceId);
      case "unsupported":
        return menuFallback(ctx, unsupportedKeys[payload.what] ?? "unsupported.media");
      case "text": {
        const text = payload.text;
        const keyword = keywords.get(normaliseKeyword(text)) ?? matchKeyword(text);
        if (keyword) return runCommand(ctx, keyword);
        const state = ctx.conversation;
        const flow = activeFlow(state);
        // At a step that wants a number, "1" is the number, not the first button.
        const numberStep = !!(state && flow?.takesNumber?.(state));
        const typed = matchOfferedChoice(text, state?.offered, { digits: !numberStep });
        if (typed) return pickChoice(ctx, typed.id);
        const understanding = deps.understander.understand(text, ctx.language);
        if (flow?.onFlowEvent && state) {
          // The draft stays as it was; the step is asked again (not after a goodbye).
          const backToStep = async () => {
            ctx.setConversation(state);
            if (understanding.smallTalk !== "bye") await flow.repeatStep?.(ctx, state);
          };
          if (isSideQuestion(understanding) && (await answerAside(ctx, understanding))) return backToStep();
          // A whole message of thanks or laughter is never a name or a product ("makasih kak" at "nama usaha?").
          // So is a question about another region's programmes ("ada pinjaman umkm di kota metro?") or saying one's
          // business is there ("usaha sy di pringsewu"); otherwise it may be a name ("Usaha Jahit Palembang").
          const plainAside =
            isPureSmallTalk(understanding) ||
            (understanding.otherRegion && (understanding.isQuestion || understanding.placedThere));
          const answerFirst = plainAside ? asideAnswer(ctx, understanding) : undefined;
          if (answerFirst) {
            ctx.say(answerFirst);
            return backToStep();
          }
          const mark = ctx.replies.length;
          if (await flow.onFlowEvent(ctx, state)) {
            // "ok", "pinjaman di kota metro" at a step that wants something else: a short answer instead of
            // the step's error, then the step again.
            const aside = ctx.answerRejected ? asideAnswer(ctx, understanding) : undefined;
            if (aside) {
              ctx.replies.splice(mark);
              ctx.say(aside);
              await backToStep();
            }
            return;
          }
        }
        if (understanding.intent === "smalltalk" && understanding.smallTalk) {
          if (understanding.smallTalk === "greeting") return runCommand(ctx, "start");
          return answerSmallTalk(ctx, understanding.smallTalk);
        }
        const command =
          understanding.intent in intentCommands
            ? intentCommands[understanding.intent as ActionIntent]
            : undefined;
        if (command && commands.has(command)) return runCommand(ctx, command);
        if (understanding.otherRegion) return answerOutOfScope(ctx, understanding, mainMenu(ctx));
        // A real question about something else gets its own answer: not a content gap, never a ticket.
        if (understanding.intent === "out_of_scope" && understanding.isQuestion && !nearTopic(understanding))
          return answerOutOfScope(ctx, understanding, mainMenu(ctx));
        // The FAQ answers, offers "did you mean", or logs the question (and may hand it to staff).
        for (const feature of features) {
          if (feature.onFreeText && (await feature.onFreeText(ctx, text, understanding))) return;
        }
        return menuFallback(ctx, "fallback.unknown");
      }
      default: {
        const state = ctx.conversation;
        const flow = activeFlow(state);
        if (flow?.onFlowEvent && state && (await flow.onFlowEvent(ctx, state))) return;
        return menuFallback(ctx, `unsupported.${payload.kind}`);
      }
    }
  };

  return {
    slowDown: (contact) => [{ text: deps.i18n.t(contact.language)("abuse.slowDown") as string }],
    prepare: async (now) => {
      await deps.knowledge?.refresh(now);
    },
    async handle(turn) {
      await deps.knowledge?.refresh(turn.now);
      const ctx = new TurnContext(turn, deps.i18n);
      await route(ctx);
      const token = choiceTokenFor(turn.event.dedupeKey);
      const issued = attachChoiceToken(ctx.replies, token) ? token : undefined;
      if (ctx.forget) {
        return {
          replies: ctx.replies,
          notifications: ctx.notifications,
          contactChanges: {},
          conversation: null,
          forget: true,
        };
      }
      return {
        replies: ctx.replies,
        notifications: ctx.notifications,
        contactChanges: ctx.changes,
        conversation: ctx.leaveConversation
          ? undefined
          : withChoiceTokens(turn.conversation, rememberOffered(ctx), issued, ctx.usedChoiceToken),
        forget: false,
      };
    },
  };
}

/** Stores the last offered choices with the conversation, so "2" or a label typed back picks one. */
function rememberOffered(ctx: TurnContext): ConversationState | null | undefined {
  // A handler that stored the offered choices itself (paging keeps the whole list) knows best.
  if (ctx.conversationResult?.offered) return ctx.conversationResult;
  const lastChoices = [...ctx.replies].reverse().find((reply) => reply.choices?.length)?.choices;
  const offered = lastChoices?.map(({ id, label }) => ({ id, label }));
  const current = ctx.conversation;
  if (!offered) {
    if (!current?.offered) return ctx.conversationResult;
    const { offered: _dropped, ...rest } = current;
    return rest.flow === "idle" && !rest.paused ? null : rest;
  }
  return { ...(current ?? { flow: "idle", step: "idle", data: {} }), offered };
}

export function matchOfferedChoice(
  text: string,
  offered: readonly Choice[] | undefined,
  options: { digits?: boolean } = {},
): Choice | undefined {
  if (!offered?.length) return undefined;
  const typed = normaliseKeyword(text);
  // A number picks the n-th button only where it cannot be a value, and never a lone button ("Batal").
  if (/^\d{1,2}$/.test(typed))
    return options.digits !== false && offered.length > 1 ? offered[Number(typed) - 1] : undefined;
  const exact = offered.find((choice) => normaliseKeyword(choice.label) === typed);
  if (exact) return exact;
  // A label typed the chat way ("jgn tampilkan" for "Jangan tampilkan"): compared spelt out, emoji left out.
  const spelt = readChat(text).words.join(" ");
  return spelt ? offered.find((choice) => readChat(choice.label).words.join(" ") === spelt) : undefined;
}
