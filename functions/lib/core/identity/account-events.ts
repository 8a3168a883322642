// Account events (a new WhatsApp number, a blocked bot): applied once per platform notification, never answered.
import type { Logger } from "../../log/logger.js";
import { UpdateInProgressError } from "../errors.js";
import type { AccountEvent } from "../events.js";
import type { Clock, ContactDirectory, IdentityMover, InboundLedger } from "../ports.js";

export interface AccountEventDeps {
  readonly ledger: InboundLedger;
  readonly contacts: ContactDirectory;
  readonly identities: IdentityMover;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface AccountEvents {
  handle(event: AccountEvent): Promise<"done" | "duplicate">;
}

/** The last four digits are enough to follow a case in the logs; a whole number never goes there. */
export const maskId = (id: string) => (id.length > 4 ? `…${id.slice(-4)}` : "…");

export function createAccountEvents(deps: AccountEventDeps): AccountEvents {
  const { ledger, clock } = deps;
  const apply = async (event: AccountEvent) => {
    if (event.kind === "identity.changed") {
      const report = await deps.identities.move(event.from, event.to, clock.now());
      deps.logger.info("account.identity_changed", {
        channel: event.from.channel,
        from: maskId(event.from.userId),
        to: maskId(event.to.userId),
        ...report,
      });
      return;
    }
    await deps.contacts.setReachable(event.user, event.reachable, event.reason, event.at);
    deps.logger.info("account.reachability_changed", {
      channel: event.user.channel,
      user: maskId(event.user.userId),
      reachable: event.reachable,
    });
  };

  return {
    async handle(event) {
      const claim = await ledger.claim(event.dedupeKey, clock.now());
      if (claim.status === "duplicate") return "duplicate";
      if (claim.status === "in-progress")
        throw new UpdateInProgressError(`${event.dedupeKey} is being processed`);
      try {
        // Every step is idempotent: a crash midway leaves the claim to expire and the platform's retry re-runs it.
        await apply(event);
        await ledger.complete(event.dedupeKey, claim.token, clock.now());
      } catch (error) {
        await ledger.release(event.dedupeKey, claim.token).catch(() => undefined);
        throw error;
      }
      return "done";
    },
  };
}
