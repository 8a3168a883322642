// Drives one WhatsApp user through the real, signed webhook and reads what the bot sent them on the fake
// Graph API: the WhatsApp twin of telegram-chat.ts, with the same shape.
import type { App } from "../../functions/lib/app/create-app.js";
import { shareContactChoiceId } from "../../functions/lib/channels/whatsapp/normalise.js";
import type { Clock } from "../../functions/lib/core/ports.js";
import type { FakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import {
  neutralOf,
  postWhatsApp,
  type WaMessageOptions,
  waButtonReply,
  waListReply,
  waMessage,
  waNotification,
  waTextMessage,
} from "../whatsapp/helpers.js";
import type { SeenReply } from "./telegram-chat.js";

export type { SeenReply } from "./telegram-chat.js";

/** One offered choice as the person sees it: how it was offered (button or list row) and its row description. */
interface Offered {
  readonly id: string;
  readonly label: string;
  readonly via: "button" | "list";
  readonly description?: string;
}

interface Seen extends SeenReply {
  readonly offered: Offered[];
}

function seenOf(payload: Record<string, unknown>): Seen {
  const neutral = neutralOf(payload);
  const image = payload.image as { caption?: string } | undefined;
  const text = payload.type === "image" ? String(image?.caption ?? "") : neutral.text;
  const rows =
    neutral.kind === "list"
      ? ((
          payload.interactive as { action: { sections?: { rows: { id: string; description?: string }[] }[] } }
        ).action.sections?.flatMap((section) => section.rows) ?? [])
      : [];
  const offered = neutral.choices.map((choice): Offered => {
    const description = rows.find((row) => row.id === choice.id)?.description;
    return {
      id: choice.id,
      label: choice.label,
      via: neutral.kind === "list" ? "list" : "button",
      ...(description ? { description } : {}),
    };
  });
  return {
    text,
    // The "use this number" button (WhatsApp has no share-contact button) stays a choice: it is one to tap.
    choices: neutral.choices.map((choice) => ({ id: choice.id, label: choice.label })),
    requestContact: neutral.choices.some((choice) => choice.id === shareContactChoiceId),
    offered,
  };
}

export function whatsappChat(
  app: App,
  fake: FakeWhatsAppApi,
  waId: string,
  name = "Siti",
  /** Dates the messages by this clock (the app's), as WhatsApp would on that day; default: the machine's. */
  clock?: Clock,
) {
  const seen = (): Seen[] =>
    fake.calls.filter((call) => call.payload.to === waId).map((c) => seenOf(c.payload));
  const options = (): WaMessageOptions =>
    clock ? { timestamp: Math.floor(clock.now().getTime() / 1000) } : {};
  const expectOk = async (message: Record<string, unknown>) => {
    const response = await postWhatsApp(app, waNotification([message], { names: { [waId]: name } }));
    if (response.status !== 200) throw new Error(`webhook answered ${response.status}: ${response.body}`);
  };
  const publicView = ({ text, choices, requestContact }: Seen): SeenReply => ({
    text,
    choices,
    requestContact,
  });
  return {
    userId: waId,
    waId,
    async say(text: string) {
      await expectOk(waTextMessage(waId, text, options()));
    },
    /** Taps the choice with this id: as a list row when the latest offer of it was a list, else a button. */
    async press(choiceId: string) {
      const offered = seen()
        .reverse()
        .flatMap((reply) => reply.offered)
        .find((choice) => choice.id === choiceId);
      const title = offered?.label ?? choiceId;
      await expectOk(
        offered?.via === "list"
          ? waListReply(waId, choiceId, title, options())
          : waButtonReply(waId, choiceId, title, options()),
      );
    },
    /**
     * Taps the offered choice whose label contains `label` (fails when there is none). WhatsApp shortens
     * titles (20 characters for buttons, 24 for rows); a list row then shows the whole label as its
     * description, which is read too.
     */
    async choose(label: string) {
      const last = seen().at(-1);
      if (!last) throw new Error(`no reply to ${waId} yet`);
      const wanted = label.toLowerCase();
      const choice =
        last.offered.find((c) => c.label.toLowerCase().includes(wanted)) ??
        last.offered.find((c) => c.description?.toLowerCase().includes(wanted));
      if (!choice)
        throw new Error(`no choice "${label}" in ${JSON.stringify(last.offered.map((c) => c.label))}`);
      await this.press(choice.id);
    },
    /** Sends a contact card (`contacts` message) with this number, as WhatsApp's "share contact" does. */
    async shareContact(phone: string) {
      const digits = phone.replace(/\D/g, "");
      await expectOk(
        waMessage(
          waId,
          {
            type: "contacts",
            contacts: [
              {
                name: { formatted_name: name, first_name: name },
                phones: [{ phone: `+${digits}`, wa_id: digits, type: "CELL" }],
              },
            ],
          },
          options(),
        ),
      );
    },
    replies: (): SeenReply[] => seen().map(publicView),
    last(): SeenReply {
      const last = seen().at(-1);
      if (!last) throw new Error(`no reply to ${waId} yet`);
      return publicView(last);
    },
  };
}
