// Exactly-once processing of one inbound event: load, check it is new, decide, commit atomically (the commit
// records the update, so a duplicate fails it), then reply.
import type { Logger } from "../log/logger.js";
import { logKey } from "../log/pseudonym.js";
import type { Bot } from "./bot.js";
import { cleanInboundEvent } from "./clean-event.js";
import type { Contact, Language } from "./contact.js";
import { ConversationConflictError, UpdateInProgressError, UpdateRecordedError } from "./errors.js";
import type { Channel, InboundEvent, UserRef } from "./events.js";
import type { ReplyRetry } from "./outbox/reply-retry.js";
import type {
  Clock,
  InboundLedger,
  Messenger,
  SendContext,
  SendOutcome,
  SessionCommit,
  SessionStore,
  StoredSession,
} from "./ports.js";
import type { Reply } from "./replies.js";
import type { TurnResult } from "./turn.js";

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
  /** Per-person flood control; staff are exempt. */
  readonly floodControl?: FloodControl;
  /** Where replies the platform refused for now go (the outbox); without it they are only logged. */
  readonly replyRetry?: ReplyRetry;
  /** How long a turn's sends may take before the rest is queued (the webhook must answer in time). */
  readonly replyBudgetMs?: number;
}

export type ProcessOutcome =
  | { readonly status: "processed"; readonly replies: number; readonly send: SendOutcome | null }
  | { readonly status: "duplicate" };

export interface InboundProcessor {
  process(event: InboundEvent): Promise<ProcessOutcome>;
}

const maxAttempts = 5;
/** Well inside the platforms' webhook timeouts (grammY's 25 s here; Meta resends after ~20 s). */
const defaultReplyBudgetMs = 8_000;
/** A refused reply without retry_after is tried again after this long. */
const defaultRetryDelayMs = 2_000;
const errorName = (error: unknown) => (error instanceof Error ? error.name : "error");

export function createInboundProcessor(deps: InboundProcessorDeps): InboundProcessor {
  const { ledger, sessions, bot, clock, logger } = deps;

  // One person's messages are decided one at a time in this process (conflicts across processes still retry).
  const perUser = new Map<string, Promise<unknown>>();
  const serialised = <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const previous = perUser.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    perUser.set(key, settled);
    void settled.then(() => {
      if (perUser.get(key) === settled) perUser.delete(key);
    });
    return next;
  };

  return {
    async process(received) {
      const event = cleanInboundEvent(received);
      // Hashed: a WhatsApp dedupe key holds the wamid, which encodes the sender's number.
      const log = logger.child({ channel: event.user.channel, update: logKey(event.dedupeKey) });
      // One person's turns run one at a time here, so a duplicate delivered to this process waits and is seen.
      const result = await serialised(`${event.user.channel}:${event.user.userId}`, () =>
        decideAndCommit(event),
      );
      if (result === "duplicate") {
        log.info("inbound.duplicate");
        return { status: "duplicate" };
      }

      const { replies, notifications, language } = result;
      // One budget for all of this turn's sends: what has not gone out by then is queued, not waited for.
      const signal = AbortSignal.timeout(deps.replyBudgetMs ?? defaultReplyBudgetMs);
      // The answer needs no lookup of the person: this turn just wrote their contact.
      const send = await deliver(event.dedupeKey, event.user, replies, language, {
        inReplyTo: { language },
        signal,
      });
      // Messages to other people (staff, sellers) also leave only after the commit.
      for (const notification of notifications) {
        await deliver(event.dedupeKey, notification.to, notification.replies, "id", {
          signal,
          ...(notification.purpose ? { purpose: notification.purpose } : {}),
        });
      }
      log.info("inbound.processed", {
        kind: event.payload.kind,
        replies: replies.length,
        notifications: notifications.length,
      });
      return { status: "processed", replies: replies.length, send };
    },
  };

  async function deliver(
    update: string,
    to: UserRef,
    replies: readonly Reply[],
    language: Language,
    context: SendContext,
  ): Promise<SendOutcome | null> {
    const messenger = deps.messengers[to.channel];
    if (!replies.length || !messenger) return null;
    const outcome = await messenger
      .send(to, replies, context)
      .catch(
        (error: unknown): SendOutcome => ({ status: "failed", reason: errorName(error), retryable: true }),
      );
    if (outcome.status !== "sent") logger.warn("reply.not_sent", { channel: to.channel, outcome });
    // 429, 5xx, no answer in time: the platform did not take the rest, so the outbox sends it later.
    if (outcome.status === "failed" && outcome.retryable && deps.replyRetry) {
      const sent = outcome.sentReplies ?? 0;
      const rest = replies.slice(sent);
      await deps.replyRetry
        .later(to, rest, {
          language,
          delayMs: outcome.retryAfterMs ?? defaultRetryDelayMs,
          reason: outcome.reason,
          seed: `${update}#${to.channel}:${to.userId}#${sent}`,
        })
        .catch((error: unknown) =>
          logger.error("reply.lost", { channel: to.channel, replies: rest.length, error }),
        );
    }
    await deps.onSendOutcome?.(to, outcome);
    return outcome;
  }

  async function decideAndCommit(event: InboundEvent) {
    // The claim a decision took (it wrote something): kept across attempts, given back if the turn fails.
    let claim: string | null = null;
    try {
      for (let attempt = 1; ; attempt++) {
        const now = clock.now();
        // The knowledge version (read at most once a minute) is read beside the session, not after it.
        const [session] = await Promise.all([sessions.load(event.user, now), bot.prepare(now)]);
        try {
          // No read of the update's record first: a duplicate's first write finds the record (a write-free
          // turn's commit does), and only then is the record read to tell done from in progress.
          const decided: { readonly result: Decided; readonly claim: string | null } = await ledger.deciding(
            event.dedupeKey,
            now,
            claim,
            () => decide(event, session, now),
          );
          claim = decided.claim;
          await sessions.commit({ ...decided.result.commit, update: { dedupeKey: event.dedupeKey, claim } });
          return decided.result.outcome;
        } catch (error) {
          if (error instanceof UpdateRecordedError) {
            claim = null;
            const seen = await ledger.check(event.dedupeKey, now);
            if (seen === "duplicate") return "duplicate" as const;
            if (seen === "in-progress")
              throw new UpdateInProgressError(`update ${logKey(event.dedupeKey)} is being processed`, {
                cause: error,
              });
            // Released or expired meanwhile: decide again.
            if (attempt < maxAttempts) continue;
          }
          // Another message of the same person changed the conversation first: decide again on fresh state.
          if (error instanceof ConversationConflictError && attempt < maxAttempts) {
            // Jitter so that racing workers do not collide again in lockstep.
            await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
            continue;
          }
          throw error;
        }
      }
    } catch (error) {
      // Free the claim so the platform's retry gets processed; the lease covers us if this fails too.
      if (claim)
        await ledger.release(event.dedupeKey, claim).catch((releaseError: unknown) => {
          logger.warn("inbound.release_failed", { error: releaseError });
        });
      throw error;
    }
  }

  /** One decision on the state just read: what to commit and what to answer. */
  async function decide(event: InboundEvent, session: StoredSession, now: Date): Promise<Decided> {
    const contact = reconcileRole(
      materialiseContact(session.contact, event, now),
      deps.isConfiguredStaff(event.user),
      session.approvedSeller === true,
    );
    const flood =
      deps.floodControl && contact.role !== "staff" ? checkFlood(contact, now, deps.floodControl) : undefined;
    // Muted: the update is recorded as done, nothing is decided or answered (no bot cost for a flood).
    const result: TurnResult =
      flood?.verdict === "muted"
        ? { replies: [], notifications: [], contactChanges: {}, conversation: undefined, forget: false }
        : flood?.verdict === "warn"
          ? {
              replies: bot.slowDown(contact),
              notifications: [],
              contactChanges: {},
              conversation: undefined,
              forget: false,
            }
          : await bot.handle({ event, contact, conversation: session.conversation, now });
    const contactChanges = { ...result.contactChanges, ...(flood ? { rate: flood.rate } : {}) };
    // A role granted or revoked by the configuration is written with this turn's commit.
    if (
      !contactChanges.role &&
      (contact.role !== (session.contact?.role ?? "buyer") ||
        contact.roleSource !== session.contact?.roleSource)
    ) {
      contactChanges.role = contact.role;
      if (contact.roleSource) contactChanges.roleSource = contact.roleSource;
    }
    const commit: Omit<SessionCommit, "update"> = {
      user: event.user,
      now,
      isNewContact: session.contact === null,
      storedRole: session.contact?.role ?? null,
      initialContact: contact,
      contactChanges,
      conversation: result.conversation,
      forget: result.forget,
      expectedConversationVersion: session.conversationVersion,
    };
    return { commit, outcome: { ...result, language: contactChanges.language ?? contact.language } };
  }
}

interface Decided {
  readonly commit: Omit<SessionCommit, "update">;
  readonly outcome: TurnResult & { readonly language: Language };
}

export interface FloodControl {
  /** Messages per person per minute before the warning. */
  readonly perMinute: number;
  /** How long a person who flooded is ignored after the warning. */
  readonly muteMs: number;
}

/** Fixed one-minute windows counted on the contact item, which every turn writes anyway: no extra request. */
export function checkFlood(contact: Contact, now: Date, control: FloodControl) {
  const windowStart = Math.floor(now.getTime() / 60_000) * 60_000;
  const previous = contact.rate;
  if (previous?.mutedUntil && previous.mutedUntil > now.getTime()) {
    return { verdict: "muted" as const, rate: previous };
  }
  const count = previous?.windowStart === windowStart ? previous.count + 1 : 1;
  if (count > control.perMinute) {
    return {
      verdict: "warn" as const,
      rate: { windowStart, count, mutedUntil: now.getTime() + control.muteMs },
    };
  }
  return { verdict: "ok" as const, rate: { windowStart, count } };
}

function materialiseContact(stored: Contact | null, event: InboundEvent, now: Date): Contact {
  return (
    stored ?? {
      ...event.user,
      role: "buyer",
      language: "id",
      consents: [],
      unreachable: false,
      createdAt: now.getTime(),
      stored: false,
      ...(event.profile.name ? { displayName: event.profile.name } : {}),
    }
  );
}

/**
 * Configured staff hold the role only while configured; staff added with the admin CLI keep it until
 * removed there. A staff role without a source (stored before sources existed) counts as configured.
 */
export function reconcileRole(contact: Contact, configured: boolean, approvedSeller: boolean): Contact {
  if (configured) {
    if (contact.role !== "staff") return { ...contact, role: "staff", roleSource: "config" };
    return contact.roleSource ? contact : { ...contact, roleSource: "config" };
  }
  if (contact.role !== "staff" || contact.roleSource === "admin") return contact;
  const { roleSource: _revoked, ...rest } = contact;
  return { ...rest, role: approvedSeller ? "seller" : "buyer" };
}
