// What the bot says to small talk and to questions outside its scope (never logged as unanswered).
import type { Choice } from "../replies.js";
import type { TurnContext } from "../turn.js";
import type { SmallTalk } from "./small-talk.js";
import { OTHER_SERVICE, type Understanding } from "./understand.js";

/** A short friendly answer with a way back to the menu (a greeting gets the menu itself, from the router). */
export function answerSmallTalk(ctx: TurnContext, kind: Exclude<SmallTalk, "greeting">) {
  if (kind === "bye") return ctx.say(ctx.t("smallTalk.bye"));
  ctx.ask(ctx.t(`smallTalk.${kind}`), [{ id: "menu", label: ctx.t("menu.back") }]);
}

const regionNames: Record<string, string> = { metro: "Kota Metro", "kota metro": "Kota Metro" };
const titleCase = (text: string) => text.replace(/\b\p{L}/gu, (letter) => letter.toUpperCase());
const regionName = (region: string) => regionNames[region] ?? titleCase(region);

/**
 * What to say, in the middle of a flow, to a message its step could not take: small talk, another region,
 * a question outside the bot's scope. Undefined when the message is none of these (the step's own error stands).
 */
export function asideAnswer(ctx: TurnContext, understanding: Understanding): string | undefined {
  if (
    understanding.intent === "smalltalk" &&
    understanding.smallTalk &&
    understanding.smallTalk !== "greeting"
  )
    return ctx.t(`aside.${understanding.smallTalk}`);
  if (understanding.otherRegion)
    return ctx.t("aside.region", { region: regionName(understanding.otherRegion) });
  if (
    understanding.intent === "out_of_scope" &&
    understanding.isQuestion &&
    understanding.confidence >= OTHER_SERVICE
  )
    return ctx.t("aside.outOfScope");
  return undefined;
}

/** Out of scope has its own answer: what the bot does help with, and where a place's own office is. */
export function answerOutOfScope(ctx: TurnContext, understanding: Understanding, menu: readonly Choice[]) {
  const region = understanding.otherRegion;
  const text = region
    ? ctx.t("outOfScope.region", { region: regionName(region) })
    : ctx.t("outOfScope.general");
  ctx.ask(text, menu, { choicesTitle: ctx.t("menu.choicesTitle") });
}
