// One-time console sign-in links for staff (the bot's "/konsol"): 10 minutes, single use, rate-limited.
import type { ConsoleLinks } from "../core/console/console-feature.js";
import type { ConsoleStore } from "../store/console-store.js";
import type { ConsoleAccess } from "./access.js";

export const linkTtlMs = 10 * 60 * 1000;
export const linkRate = { max: 5, windowMs: 10 * 60 * 1000 } as const;

export function createConsoleLinks(deps: {
  readonly store: ConsoleStore;
  readonly access: ConsoleAccess;
  /** CONSOLE_BASE_URL, without a trailing slash. */
  readonly baseUrl: string;
}): ConsoleLinks {
  return {
    async issue(user, now) {
      if (!(await deps.access.staffOf(user))) return { status: "refused" };
      const issued = await deps.store.issueLink({ user, now, ttlMs: linkTtlMs, rate: linkRate });
      if (issued.status === "limited") return issued;
      return {
        status: "issued",
        url: `${deps.baseUrl}/konsol/masuk?t=${issued.token}`,
        minutes: linkTtlMs / 60_000,
      };
    },
  };
}
