// One turn: an inbound event plus what we know, in; replies and state changes, out.
import type { Contact, ContactChanges, ConversationState, Language } from "./contact.js";
import type { InboundEvent, UserRef } from "./events.js";
import type { I18n, Translate } from "./i18n.js";
import type { PurposeOf } from "./purpose.js";
import type { Choice, Reply } from "./replies.js";

export interface Turn {
  readonly event: InboundEvent;
  readonly contact: Contact;
  readonly conversation: ConversationState | null;
  readonly now: Date;
}

/** A message to someone else (staff, a seller), sent only after the turn is committed. */
export interface Notification {
  readonly to: UserRef;
  readonly replies: readonly Reply[];
  /** A service notice's purpose (ticket reply, decision...): the template WhatsApp uses outside 24 h. */
  readonly purpose?: PurposeOf;
}

export interface TurnResult {
  readonly replies: readonly Reply[];
  readonly notifications: readonly Notification[];
  /** The person asked to delete their data: remove contact and conversation instead of saving them. */
  readonly forget: boolean;
  readonly contactChanges: ContactChanges;
  /** undefined = unchanged, null = cleared. */
  readonly conversation: ConversationState | null | undefined;
}

/** Collects what handlers decide during one turn. */
export class TurnContext {
  readonly replies: Reply[] = [];
  readonly notifications: Notification[] = [];
  readonly changes: ContactChanges = {};
  forget = false;
  /** The active flow could not take this message as its step's answer (the router may answer it otherwise). */
  answerRejected = false;
  /** The single-use choice token this turn used (moved to the conversation's used tokens at the end). */
  usedChoiceToken: string | undefined = undefined;
  /** Leave the stored conversation exactly as it is (no write that could make a concurrent turn retry). */
  leaveConversation = false;
  private nextConversation: ConversationState | null | undefined = undefined;
  private translate: Translate;
  private currentLanguage: Language;

  constructor(
    readonly turn: Turn,
    private readonly i18n: I18n,
  ) {
    this.currentLanguage = turn.contact.language;
    this.translate = i18n.t(this.currentLanguage);
  }

  get event() {
    return this.turn.event;
  }
  get contact() {
    return this.turn.contact;
  }
  get now() {
    return this.turn.now;
  }
  get language(): Language {
    return this.currentLanguage;
  }
  /** The conversation as it stands now in this turn (after any change a handler made). */
  get conversation(): ConversationState | null {
    return this.nextConversation === undefined ? this.turn.conversation : this.nextConversation;
  }
  get conversationResult(): ConversationState | null | undefined {
    return this.nextConversation;
  }

  t(key: string, options?: Record<string, unknown>): string {
    return this.translate(key, options ?? {}) as string;
  }

  /** Called by a flow step that re-asks because the message was no answer to it. */
  rejectAnswer(): void {
    this.answerRejected = true;
  }

  say(text: string, extra: Omit<Reply, "text"> = {}): void {
    this.replies.push({ text, ...extra });
  }

  ask(text: string, choices: readonly Choice[], extra: Omit<Reply, "text" | "choices"> = {}): void {
    this.replies.push({ text, choices, ...extra });
  }

  notify(to: UserRef, replies: readonly Reply[], purpose?: PurposeOf): void {
    this.notifications.push({ to, replies, ...(purpose ? { purpose } : {}) });
  }

  /** A translator for someone else's language (notifications). */
  tFor(language: Language): Translate {
    return this.i18n.t(language);
  }

  setLanguage(language: Language): void {
    this.changes.language = language;
    this.currentLanguage = language;
    this.translate = this.i18n.t(language);
  }

  setConversation(next: ConversationState | null): void {
    this.nextConversation = next;
  }
}
