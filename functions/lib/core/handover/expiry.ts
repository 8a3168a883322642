// The hourly job's handover part: tickets idle for 24 office hours are closed and the person is told.
// Counted in office hours: a ticket opened on Saturday is still open when staff arrive on Monday.
import type { Language } from "../contact.js";
import type { UserRef } from "../events.js";
import type { I18n } from "../i18n.js";
import type { PurposeOf } from "../purpose.js";
import type { Reply } from "../replies.js";
import { defaultOfficeHours, type OfficeHours, officeMsBetween } from "./office-hours.js";
import { idleTicketMs, type TicketRepository } from "./ticket.js";

export type Send = (to: UserRef, replies: readonly Reply[], purpose?: PurposeOf) => Promise<unknown>;

export interface TicketExpiryDeps {
  readonly tickets: TicketRepository;
  readonly i18n: I18n;
  readonly send: Send;
  readonly officeHours?: OfficeHours;
}

export async function closeIdleTickets(deps: TicketExpiryDeps, now: Date, idleMs = idleTicketMs) {
  const hours = deps.officeHours ?? defaultOfficeHours;
  let closed = 0;
  for (const ticket of await deps.tickets.listOpen()) {
    if (officeMsBetween(hours, ticket.lastActivityAt, now.getTime()) < idleMs) continue;
    // Conditional: a ticket that got a message meanwhile, or that another run closed, is left alone.
    const done = await deps.tickets.close(ticket.id, "idle", now, { idleBefore: ticket.lastActivityAt });
    if (!done) continue;
    closed++;
    const t = deps.i18n.t(done.language as Language);
    await deps.send({ channel: done.channel, userId: done.userId }, [
      { text: t("handover:person.closedIdle", { id: done.id }) as string },
    ]);
  }
  return { closed };
}
