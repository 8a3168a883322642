// Channel drivers for contract scenarios: the same conversation, spoken through Telegram or WhatsApp,
// read back as neutral {text, choices}. A later flow writes its scenario once and runs it on both.
import type { App } from "../../functions/lib/app/create-app.js";
import type { Channel } from "../../functions/lib/core/events.js";
import type { FakeTelegramApi } from "../fakes/telegram-api.js";
import type { FakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { postTelegram, tgCallback, tgText } from "../support/app.js";
import {
  type NeutralChoice,
  neutralOf,
  postWhatsApp,
  waButtonReply,
  waListReply,
  waNotification,
  waTextMessage,
} from "../whatsapp/helpers.js";

export interface NeutralReply {
  readonly text: string;
  readonly choices: readonly NeutralChoice[];
}

export interface ChannelDriver {
  readonly channel: Channel;
  /** The person's partition key in the table (USER#<channel>#<id>). */
  readonly userKey: string;
  /** The person types a message. */
  sendText(text: string): Promise<void>;
  /** The person taps the choice with this id (or label) among the latest replies. */
  press(idOrLabel: string): Promise<void>;
  /** What the bot answered to the last action. */
  lastReplies(): readonly NeutralReply[];
  /** Everything the bot answered in this conversation. */
  transcript(): readonly NeutralReply[];
}

abstract class BaseDriver implements ChannelDriver {
  abstract readonly channel: Channel;
  abstract readonly userKey: string;
  private latest: NeutralReply[] = [];
  private all: NeutralReply[] = [];

  protected abstract act(action: { text: string } | { choice: NeutralChoice; via: string }): Promise<number>;
  protected abstract repliesSince(mark: number): { reply: NeutralReply; via: string }[];
  private vias = new Map<string, string>();

  async sendText(text: string) {
    await this.record(await this.act({ text }));
  }

  async press(idOrLabel: string) {
    const choice = [...this.latest]
      .reverse()
      .flatMap((reply) => reply.choices)
      .find((candidate) => candidate.id === idOrLabel || candidate.label === idOrLabel);
    if (!choice) {
      throw new Error(`${this.channel}: no choice "${idOrLabel}" in ${JSON.stringify(this.latest)}`);
    }
    await this.record(await this.act({ choice, via: this.vias.get(choice.id) ?? "button" }));
  }

  lastReplies() {
    return this.latest;
  }

  transcript() {
    return this.all;
  }

  private async record(mark: number) {
    const replies = this.repliesSince(mark);
    for (const { reply, via } of replies) for (const choice of reply.choices) this.vias.set(choice.id, via);
    this.latest = replies.map(({ reply }) => reply);
    this.all.push(...this.latest);
  }
}

const unescapeHtml = (text: string) =>
  text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

export class TelegramDriver extends BaseDriver {
  readonly channel = "telegram" as const;
  readonly userKey: string;
  constructor(
    private readonly app: App,
    private readonly fake: FakeTelegramApi,
    private readonly userId: number,
  ) {
    super();
    this.userKey = `USER#telegram#${userId}`;
  }

  protected async act(action: { text: string } | { choice: NeutralChoice }) {
    const mark = this.fake.calls.length;
    const update =
      "text" in action ? tgText(this.userId, action.text) : tgCallback(this.userId, action.choice.id);
    const response = await postTelegram(this.app, update);
    if (response.status !== 200) throw new Error(`telegram webhook answered ${response.status}`);
    return mark;
  }

  protected repliesSince(mark: number) {
    return this.fake.calls
      .slice(mark)
      .filter((call) => call.method === "sendMessage" && call.payload.chat_id === String(this.userId))
      .map((call) => {
        const markup = call.payload.reply_markup as
          | { inline_keyboard?: { text: string; callback_data: string }[][] }
          | undefined;
        const choices = (markup?.inline_keyboard ?? [])
          .flat()
          .map((button) => ({ id: button.callback_data, label: button.text }));
        return { reply: { text: unescapeHtml(String(call.payload.text)), choices }, via: "button" };
      });
  }
}

export class WhatsAppDriver extends BaseDriver {
  readonly channel = "whatsapp" as const;
  readonly userKey: string;
  constructor(
    private readonly app: App,
    private readonly fake: FakeWhatsAppApi,
    private readonly waId: string,
  ) {
    super();
    this.userKey = `USER#whatsapp#${waId}`;
  }

  protected async act(action: { text: string } | { choice: NeutralChoice; via: string }) {
    const mark = this.fake.calls.length;
    const message =
      "text" in action
        ? waTextMessage(this.waId, action.text)
        : action.via === "list"
          ? waListReply(this.waId, action.choice.id, action.choice.label)
          : waButtonReply(this.waId, action.choice.id, action.choice.label);
    const response = await postWhatsApp(this.app, waNotification([message]));
    if (response.status !== 200) throw new Error(`whatsapp webhook answered ${response.status}`);
    return mark;
  }

  protected repliesSince(mark: number) {
    return this.fake.calls
      .slice(mark)
      .filter((call) => call.payload.to === this.waId)
      .map((call) => {
        const neutral = neutralOf(call.payload);
        return {
          reply: { text: neutral.text, choices: neutral.choices },
          via: neutral.kind === "list" ? "list" : "button",
        };
      });
  }
}
