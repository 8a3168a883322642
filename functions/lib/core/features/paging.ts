// Long choice lists (more than a channel can show at once, e.g. WhatsApp's 10 list rows) page by page.
// The full list stays stored as the conversation's `offered`, so a typed number keeps working on any page.
import type { Feature } from "../feature.js";
import type { Choice } from "../replies.js";
import type { TurnContext } from "../turn.js";
import type { MenuBuilder } from "./basics.js";

/** Choices per page; WhatsApp lists hold at most 10 rows. */
export const choicePageSize = 10;
export const pagingChoicePrefix = "more";

export const pagingChoiceId = (page: number) => `${pagingChoicePrefix}:${page}`;

/** "11. Label" lines, numbered within the whole list (what a typed number refers to). */
export function numberedChoiceLines(choices: readonly Choice[], firstNumber: number): string[] {
  return choices.map((choice, index) => `${firstNumber + index}. ${choice.label}`);
}

export function createPagingFeature(mainMenu: MenuBuilder): Feature {
  return {
    name: "paging",
    choicePrefix: pagingChoicePrefix,
    onChoice(ctx: TurnContext, arg: string) {
      const offered = ctx.conversation?.offered;
      const requested = Number(arg);
      if (!offered?.length || !Number.isInteger(requested) || requested < 1) {
        ctx.ask(ctx.t("errors.choiceExpired"), mainMenu(ctx), { choicesTitle: ctx.t("menu.choicesTitle") });
        return;
      }
      const pages = Math.ceil(offered.length / choicePageSize);
      const page = Math.min(requested, pages);
      const start = (page - 1) * choicePageSize;
      const shown = offered.slice(start, start + choicePageSize);
      const lines = numberedChoiceLines(shown, start + 1).join("\n");
      const heading = ctx.t("paging.page", {
        from: start + 1,
        to: start + shown.length,
        total: offered.length,
      });
      const navigation: Choice[] = [];
      if (page > 1) navigation.push({ id: pagingChoiceId(page - 1), label: ctx.t("paging.previous") });
      if (page < pages) navigation.push({ id: pagingChoiceId(page + 1), label: ctx.t("paging.next") });
      ctx.ask(`${heading}\n\n${lines}\n\n${ctx.t("paging.hint")}`, navigation);
      // Keep the whole list as the offered choices (not just the navigation buttons).
      ctx.setConversation({ ...(ctx.conversation ?? { flow: "idle", step: "idle", data: {} }), offered });
    },
  };
}
