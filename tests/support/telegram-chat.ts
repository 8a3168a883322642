// Drives one Telegram user through the real webhook and reads what the bot sent them on the fake Bot API.
import type { App } from "../../functions/lib/app/create-app.js";
import type { Clock } from "../../functions/lib/core/ports.js";
import type { FakeTelegramApi } from "../fakes/telegram-api.js";
import { postTelegram, tgCallback, tgMessage, tgText } from "./app.js";

export interface SeenReply {
  readonly text: string;
  readonly choices: { id: string; label: string }[];
  readonly requestContact: boolean;
}

export function telegramChat(
  app: App,
  fake: FakeTelegramApi,
  userId: number,
  firstName = "Siti",
  /** Dates the messages by this clock (the app's), as Telegram would on that day; default: the machine's. */
  clock?: Clock,
  /** The person's public @username, sent with every message and button press (absent: none). */
  username?: string,
) {
  const repliesTo = (id: number): SeenReply[] =>
    fake.calls
      .filter((call) => call.method.startsWith("send") && String(call.payload.chat_id) === String(id))
      .map((call) => {
        const markup = call.payload.reply_markup as
          | {
              inline_keyboard?: { text: string; callback_data: string }[][];
              keyboard?: { request_contact?: boolean }[][];
            }
          | undefined;
        const html = String(call.payload.text ?? call.payload.caption ?? "");
        return {
          text: html.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"),
          choices: (markup?.inline_keyboard ?? [])
            .flat()
            .map((button) => ({ id: button.callback_data, label: button.text })),
          requestContact: !!markup?.keyboard?.flat().some((button) => button.request_contact),
        };
      });
  const expectOk = async (update: {
    message?: { date: number };
    callback_query?: { message?: { date: number } };
  }) => {
    const dated = update.message ?? update.callback_query?.message;
    const from = ((update.message ?? update.callback_query) as { from?: Record<string, unknown> } | undefined)
      ?.from;
    if (username && from) from.username = username;
    if (clock && dated) dated.date = Math.floor(clock.now().getTime() / 1000);
    const response = await postTelegram(app, update);
    if (response.status !== 200) throw new Error(`webhook answered ${response.status}: ${response.body}`);
  };
  return {
    userId,
    async say(text: string) {
      const update = tgText(userId, text);
      (update.message.from as { first_name: string }).first_name = firstName;
      await expectOk(update);
    },
    async press(choiceId: string) {
      await expectOk(tgCallback(userId, choiceId));
    },
    /** Presses the offered choice whose label contains `label` (fails when there is none). */
    async choose(label: string) {
      const last = this.last();
      const choice = last.choices.find((c) => c.label.toLowerCase().includes(label.toLowerCase()));
      if (!choice)
        throw new Error(`no choice "${label}" in ${JSON.stringify(last.choices.map((c) => c.label))}`);
      await this.press(choice.id);
    },
    async shareContact(phone: string) {
      await expectOk(
        tgMessage(userId, { contact: { phone_number: phone, first_name: firstName, user_id: userId } }),
      );
    },
    replies: () => repliesTo(userId),
    last(): SeenReply {
      const all = repliesTo(userId);
      const last = all.at(-1);
      if (!last) throw new Error(`no reply to ${userId} yet`);
      return last;
    },
  };
}
