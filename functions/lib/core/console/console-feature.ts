// "/konsol" (and "konsol"): a staff member gets a one-time link to the web console. Nobody else learns
// the command exists: for them the event passes on to the router, which answers as for any unknown word.
import type { UserRef } from "../events.js";
import type { Feature } from "../feature.js";
import { normaliseKeyword } from "../text.js";
import type { TurnContext } from "../turn.js";

export type ConsoleLinkResult =
  | { readonly status: "issued"; readonly url: string; readonly minutes: number }
  | { readonly status: "limited" }
  | { readonly status: "refused" };

/** Issues login links; checks the person's staff role again in the store before issuing. */
export interface ConsoleLinks {
  issue(user: UserRef, now: Date): Promise<ConsoleLinkResult>;
}

const asksForConsole = (ctx: TurnContext) => {
  const { payload } = ctx.event;
  if (payload.kind === "command") return payload.command === "konsol" && !payload.args;
  return payload.kind === "text" && normaliseKeyword(payload.text) === "konsol";
};

export function createConsoleFeature(deps: { readonly links: ConsoleLinks }): Feature {
  return {
    name: "console",
    // An interceptor, not a command: a registered command would answer non-staff differently.
    async interceptInput(ctx) {
      // Only a person's own chat: a link posted in the staff group would open a session for anyone in it.
      if (ctx.contact.role !== "staff" || !/^\d+$/.test(ctx.event.user.userId)) return false;
      if (!asksForConsole(ctx)) return false;
      const result = await deps.links.issue(ctx.event.user, ctx.now);
      if (result.status === "refused") return false;
      if (result.status === "limited") ctx.say(ctx.t("consoleLink.limited"));
      else ctx.say(ctx.t("consoleLink.link", { url: result.url, minutes: result.minutes }));
      return true;
    },
  };
}
