import { describe, expect, it } from "vitest";
import { normaliseTelegramUpdate } from "../../functions/lib/channels/telegram/normalise.js";
import {
  ChoiceIdTooLongError,
  renderTelegramReplies,
  splitText,
} from "../../functions/lib/channels/telegram/render.js";

describe("Telegram rendering", () => {
  it("escapes HTML and attaches the keyboard to the message", () => {
    const [call] = renderTelegramReplies("42", [
      { text: "1 < 2 & <b>", choices: [{ id: "menu", label: "Menu" }] },
    ]);
    expect(call?.method).toBe("sendMessage");
    expect(call?.payload.text).toBe("1 &lt; 2 &amp; &lt;b&gt;");
    expect(call?.payload.reply_markup).toEqual({
      inline_keyboard: [[{ text: "Menu", callback_data: "menu" }]],
    });
  });

  it("refuses callback data over 64 bytes", () => {
    expect(() =>
      renderTelegramReplies("1", [{ text: "x", choices: [{ id: "é".repeat(33), label: "x" }] }]),
    ).toThrow(ChoiceIdTooLongError);
  });

  it("splits long texts under 4096 characters and keeps the keyboard on the last part", () => {
    const long = Array.from({ length: 300 }, (_, i) => `Baris ${i} dengan teks yang cukup panjang`).join(
      "\n",
    );
    const calls = renderTelegramReplies("1", [{ text: long, choices: [{ id: "menu", label: "Menu" }] }]);
    expect(calls.length).toBeGreaterThan(1);
    for (const call of calls) expect(String(call.payload.text).length).toBeLessThanOrEqual(4096);
    expect(calls.at(-1)?.payload.reply_markup).toBeDefined();
    expect(calls[0]?.payload.reply_markup).toBeUndefined();
    expect(splitText("pendek", 4096)).toEqual(["pendek"]);
  });

  it("renders a contact request as a one-time reply keyboard", () => {
    const [call] = renderTelegramReplies("1", [
      { text: "Nomor?", request: { kind: "contact", label: "Kirim nomor" } },
    ]);
    expect(call?.payload.reply_markup).toMatchObject({
      keyboard: [[{ text: "Kirim nomor", request_contact: true }]],
    });
  });

  it("sends photos with the caption", () => {
    const [call] = renderTelegramReplies("1", [{ text: "Promo", photo: "file-1" }]);
    expect(call).toMatchObject({ method: "sendPhoto", payload: { photo: "file-1", caption: "Promo" } });
  });
});

describe("Telegram normalisation", () => {
  const now = new Date("2026-01-05T03:00:00Z");
  const base = {
    message_id: 1,
    date: 1_700_000_000,
    chat: { id: 7, type: "private" as const, first_name: "A" },
    from: { id: 7, is_bot: false, first_name: "A" },
  };

  it("turns /cmd@thisbot into a command and ignores commands for other bots", () => {
    const mine = normaliseTelegramUpdate(
      { update_id: 1, message: { ...base, text: "/Start@umkm_bot payload" } } as never,
      "umkm_bot",
      { now },
    );
    expect(mine?.payload).toEqual({ kind: "command", command: "start", args: "payload" });
    const other = normaliseTelegramUpdate(
      { update_id: 2, message: { ...base, text: "/start@other_bot" } } as never,
      "umkm_bot",
      { now },
    );
    expect(other?.payload.kind).toBe("text");
  });

  it("marks whether a shared contact is the sender's own number", () => {
    const own = normaliseTelegramUpdate(
      {
        update_id: 3,
        message: { ...base, contact: { phone_number: "+628123", first_name: "A", user_id: 7 } },
      } as never,
      "b",
      { now },
    );
    expect(own?.payload).toEqual({ kind: "contact", phone: "+628123", isSender: true });
  });

  it("takes the largest photo size and its caption", () => {
    const event = normaliseTelegramUpdate(
      {
        update_id: 4,
        message: {
          ...base,
          caption: "keripik",
          photo: [
            { file_id: "small", file_unique_id: "s", width: 1, height: 1 },
            { file_id: "big", file_unique_id: "b", width: 9, height: 9 },
          ],
        },
      } as never,
      "b",
      { now },
    );
    expect(event?.payload).toEqual({ kind: "photo", mediaId: "big", caption: "keripik" });
    expect(event?.dedupeKey).toBe("telegram:update:4");
  });

  it("ignores updates it has nothing to do with", () => {
    expect(normaliseTelegramUpdate({ update_id: 5, my_chat_member: {} } as never, "b", { now })).toBeNull();
  });
});
