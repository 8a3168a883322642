// The hourly job's handover part: tickets idle for 24 hours are closed and the person is told.
import type { Language } from "../contact.js";
import type { UserRef } from "../events.js";
import type { I18n } from "../i18n.js";
import type { PurposeOf } from "../purpose.js";
import type { Reply } from "../replies.js";
import { idleTicketMs, type TicketRepository } from "./ticket.js";

export type Send = (to: UserRef, replies: readonly Reply[], purpose?: PurposeOf) => Promise<unknown>;

export interface TicketExpiryDeps {
  readonly tickets: TicketRepository;
  readonly i18n: I18n;
  readonly send: Send;
}

export async function closeIdleTickets(deps: TicketExpiryDeps, now: Date, idleMs = idleTicketMs) {
  let closed = 0;
  for (const ticket of await deps.tickets.listOpen()) {
    if (now.getTime() - ticket.lastActivityAt < idleMs) continue;
    // Conditional: a ticket that got a message meanwhile, or that another run closed, is left alone.
    const done = await deps.tickets.close(ticket.id, "idle", now, {
      idleBefore: now.getTime() - idleMs,
    });
    if (!done) continue;
    closed++;
    const t = deps.i18n.t(done.language as Language);
    await deps.send({ channel: done.channel, userId: done.userId }, [
      { text: t("handover:person.closedIdle", { id: done.id }) as string },
    ]);
  }
  return { closed };
}
