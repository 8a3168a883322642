// What a feature plugs into the router: commands, keywords, choices, flow steps, menu entries.
import type { ConversationState } from "./contact.js";
import type { Choice } from "./replies.js";
import type { TurnContext } from "./turn.js";
import type { Understanding } from "./understand/understand.js";

export type Handler = (ctx: TurnContext) => void | Promise<void>;

export interface Feature {
  readonly name: string;
  /** Commands without the slash ("start", "bahasa"): the same intents on every channel. */
  readonly commands?: Readonly<Record<string, Handler>>;
  /** Whole-message keywords (normalised, lower case) that mean a command, e.g. { "ganti bahasa": "bahasa" }. */
  readonly keywords?: Readonly<Record<string, string>>;
  /** A looser whole-message intent than `keywords` (e.g. with "dong"/"ya"); returns the command or undefined. */
  matchKeyword?(text: string): string | undefined;
  /** Handles choice ids "<choicePrefix>:<arg>". */
  readonly choicePrefix?: string;
  onChoice?(ctx: TurnContext, arg: string): void | Promise<void>;
  /** Choice args that act only with a valid single-use token (a bare id, e.g. forged or very old, is stale). */
  singleUse?(arg: string): boolean;
  /** What to do now, said after "that button has expired" for this feature's choices. */
  staleChoiceHint?(ctx: TurnContext, arg: string): string;
  /** Answers a stale or already-used choice itself; false = the router's plain answer. */
  onStaleChoice?(ctx: TurnContext, arg: string, reason: "used" | "expired"): boolean | Promise<boolean>;
  /** Continues this feature's flow (conversation.flow === name); false = not handled. */
  onFlowEvent?(ctx: TurnContext, state: ConversationState): boolean | Promise<boolean>;
  /** Asks the current step of this feature's flow again, draft untouched (after a side question). */
  repeatStep?(ctx: TurnContext, state: ConversationState): void | Promise<void>;
  /** True when the flow's current step wants a number typed, so "1" is a value, not the first button. */
  takesNumber?(state: ConversationState): boolean;
  /** Answers a question asked in the middle of another flow, leaving the conversation alone; false = cannot. */
  onSideQuestion?(ctx: TurnContext, understanding: Understanding): boolean | Promise<boolean>;
  /** Answers free text nobody else took (e.g. the FAQ); false = not handled. */
  /** `understanding`: the turn's reading of `text` (its FAQ match is reused, not computed again). */
  onFreeText?(ctx: TurnContext, text: string, understanding?: Understanding): boolean | Promise<boolean>;
  /**
   * Sees every event before the router (keywords, choices, flows); true = handled. For input a feature
   * must own whatever it says, e.g. an open handover ticket. Must stay cheap: no store reads unless it
   * takes the event.
   */
  interceptInput?(ctx: TurnContext): boolean | Promise<boolean>;
  /** Entries this feature adds to the main menu (only for features that work). */
  menuEntries?(ctx: TurnContext): readonly Choice[];
}
