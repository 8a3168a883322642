// "Two unanswered questions in a row open a ticket": wraps the FAQ feature in the composition root, so the
// FAQ itself stays unaware of handover. The counter lives in the conversation data the turn already has.
import type { Feature } from "../feature.js";
import { truncate } from "../text.js";
import type { TurnContext } from "../turn.js";
import type { Understanding } from "../understand/understand.js";
import type { HandoverFeature } from "./handover-feature.js";

export const unansweredLimit = 2;

export function escalateUnanswered(
  faq: Feature,
  handover: HandoverFeature,
  limit = unansweredLimit,
): Feature {
  const answerFreeText = faq.onFreeText?.bind(faq);
  if (!answerFreeText) return faq;
  return {
    ...faq,
    async onFreeText(ctx: TurnContext, text: string, understanding?: Understanding) {
      const mark = ctx.replies.length;
      const resultBefore = ctx.conversationResult;
      const handled = await answerFreeText(ctx, text, understanding);
      // A confident answer stores its topic (and replaces the data, which resets the counter).
      const answered = ctx.conversationResult !== resultBefore && ctx.conversationResult?.data.lastTopic;
      const state = ctx.conversation;
      if (answered || ctx.contact.role === "staff" || (state && state.flow !== "idle")) return handled;
      const previous = Array.isArray(state?.data.unanswered) ? (state.data.unanswered as unknown[]) : [];
      const questions = [...previous.map(String), truncate(text.trim(), 300)].slice(-3);
      if (questions.length >= limit) {
        // Instead of "did you mean" / "I did not understand": a person who takes over.
        ctx.replies.splice(mark);
        ctx.say(ctx.t("handover:person.escalated"));
        await handover.openTicket(ctx, questions);
        return true;
      }
      ctx.setConversation({
        ...(state ?? { flow: "idle", step: "idle" }),
        data: { ...(state?.data ?? {}), unanswered: questions },
      });
      return handled;
    },
  };
}
