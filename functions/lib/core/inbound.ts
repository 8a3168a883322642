// Exactly-once processing of one inbound event: claim, load, decide, commit atomically, then reply.
import type { Logger } from "../log/logger.js";
import type { Bot } from "./bot.js";
import type { Contact } from "./contact.js";
import { ConversationConflictError, UpdateInProgressError } from "./errors.js";
import type { Channel, InboundEvent, UserRef } from "./events.js";
import type { Clock, InboundLedger, Messenger, SendOutcome, SessionStore } from "./ports.js";
import type { Reply } from "./replies.js";

export interface InboundProcessorDeps {
  readonly ledger: InboundLedger;
  readonly sessions: SessionStore;
  readonly bot: Bot;
  readonly messengers: Partial<Record<Channel, Messenger>>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Users who are staff from the start (configuration), per channel. */
  readonly isConfiguredStaff: (user: UserRef) => boolean;
  readonly onSendOutcome?: (user: UserRef, outcome: SendOutcome) => Promise<void>;
}

export type ProcessOutcome =
  | { readonly status: "processed"; readonly replies: number; readonly send: SendOutcome | null }
  | { readonly status: "duplicate" };

export interface InboundProcessor {
  process(event: InboundEvent): Promise<ProcessOutcome>;
}

const maxAttempts = 3;

export function createInboundProcessor(deps: InboundProcessorDeps): InboundProcessor {
  const { ledger, sessions, bot, clock, logger } = deps;

  return {
    async process(event) {
      const log = logger.child({ channel: event.user.channel, dedupeKey: event.dedupeKey });
      const claim = await ledger.claim(event.dedupeKey, clock.now());
      if (claim.status === "duplicate") {
        log.info("inbound.duplicate");
        return { status: "duplicate" };
      }
      if (claim.status === "in-progress")
        throw new UpdateInProgressError(`${event.dedupeKey} is being processed`);

      let result: Awaited<ReturnType<typeof decideAndCommit>>;
      try {
        result = await decideAndCommit(event, claim.token);
      } catch (error) {
        // Free the claim so the platform's retry gets processed; the lease covers us if this fails too.
        await ledger.release(event.dedupeKey, claim.token).catch((releaseError: unknown) => {
          log.warn("inbound.release_failed", { error: releaseError });
        });
        throw error;
      }

      const { replies, notifications } = result;
      const send = await deliver(event.user, replies);
      // Messages to other people (staff, sellers) also leave only after the commit.
      for (const notification of notifications) await deliver(notification.to, notification.replies);
      log.info("inbound.processed", {
        kind: event.payload.kind,
        replies: replies.length,
        notifications: notifications.length,
      });
      return { status: "processed", replies: replies.length, send };
    },
  };

  async function deliver(to: UserRef, replies: readonly Reply[]): Promise<SendOutcome | null> {
    const messenger = deps.messengers[to.channel];
    if (!replies.length || !messenger) return null;
    const outcome = await messenger.send(to, replies);
    if (outcome.status !== "sent") logger.warn("reply.not_sent", { channel: to.channel, outcome });
    await deps.onSendOutcome?.(to, outcome);
    return outcome;
  }

  async function decideAndCommit(event: InboundEvent, token: string) {
    for (let attempt = 1; ; attempt++) {
      const now = clock.now();
      const session = await sessions.load(event.user);
      const contact = materialiseContact(session.contact, event, now, deps.isConfiguredStaff(event.user));
      const result = await bot.handle({ event, contact, conversation: session.conversation, now });
      const contactChanges = { ...result.contactChanges };
      if (contact.role !== session.contact?.role && contact.role === "staff") contactChanges.role ??= "staff";
      try {
        await sessions.commit({
          user: event.user,
          now,
          isNewContact: session.contact === null,
          initialContact: contact,
          contactChanges,
          conversation: result.conversation,
          forget: result.forget,
          expectedConversationVersion: session.conversationVersion,
          claim: { dedupeKey: event.dedupeKey, token },
        });
        return result;
      } catch (error) {
        // Another message of the same person changed the conversation first: decide again on fresh state.
        if (error instanceof ConversationConflictError && attempt < maxAttempts) continue;
        throw error;
      }
    }
  }
}

function materialiseContact(stored: Contact | null, event: InboundEvent, now: Date, staff: boolean): Contact {
  const base: Contact = stored ?? {
    ...event.user,
    role: "buyer",
    language: "id",
    consents: [],
    unreachable: false,
    createdAt: now.getTime(),
    stored: false,
    ...(event.profile.name ? { displayName: event.profile.name } : {}),
  };
  return staff && base.role !== "staff" ? { ...base, role: "staff" } : base;
}
