// Issue #17 item 3: every place that shortens text cuts whole graphemes and fits the platform's limit.
// Part 1: properties over seeded random emoji/ZWJ/flag/combining/RTL strings. Part 2 (truncation-chat):
// the same through the real webhooks, with a fake Bot API that refuses half an emoji like Telegram does.
import { describe, expect, it } from "vitest";
import {
  escapeHtml,
  renderTelegramReplies,
  splitText as splitTelegram,
  telegramLimits,
} from "../../functions/lib/channels/telegram/render.js";
import {
  templateParamMaxLength,
  templateParamText,
} from "../../functions/lib/channels/whatsapp/messenger.js";
import {
  distinctTitles,
  renderWhatsAppReplies,
  splitText as splitWhatsApp,
  whatsappLimits,
} from "../../functions/lib/channels/whatsapp/render.js";
import { cleanInboundEvent, maxProfileNameLength } from "../../functions/lib/core/clean-event.js";
import type { Choice, Reply } from "../../functions/lib/core/replies.js";
import {
  cutIndex,
  graphemePrefix,
  type LengthUnit,
  lengthIn,
  shorten,
  truncate,
  wellFormed,
} from "../../functions/lib/core/text.js";
import {
  codePoints,
  graphemeBoundaries,
  hasLoneSurrogate,
  isGraphemePrefix,
  randomText,
  seededRandom,
} from "./random-text.js";

const runs = 400;
const units: LengthUnit[] = ["utf16", "codePoint"];

describe("grapheme-safe text helpers (property: random emoji, ZWJ, flags, combining marks, RTL)", () => {
  it("lengthIn counts UTF-16 units for Telegram and characters for WhatsApp", () => {
    expect(lengthIn("a😀", "utf16")).toBe(3);
    expect(lengthIn("a😀", "codePoint")).toBe(2);
    expect(lengthIn("👩‍👩‍👧‍👦", "codePoint")).toBe(7);
  });

  it("truncate and graphemePrefix: no lone surrogate, whole graphemes, within the limit", () => {
    const random = seededRandom(17);
    for (let run = 0; run < runs; run++) {
      const text = randomText(random, 40);
      const max = 1 + Math.floor(random() * 60);
      for (const unit of units) {
        const prefix = graphemePrefix(text, max, unit);
        expect(hasLoneSurrogate(prefix)).toBe(false);
        expect(lengthIn(prefix, unit)).toBeLessThanOrEqual(max);
        expect(isGraphemePrefix(prefix, text, "")).toBe(true);

        const cut = truncate(text, max, { unit });
        expect(hasLoneSurrogate(cut), JSON.stringify({ text, max, unit })).toBe(false);
        expect(lengthIn(cut, unit)).toBeLessThanOrEqual(max);
        expect(isGraphemePrefix(cut, text), JSON.stringify({ text, cut, max, unit })).toBe(true);
        if (lengthIn(text, unit) <= max) expect(cut).toBe(text);
      }
    }
  });

  it("shorten (titles, labels, promo names): whole graphemes, within the limit, ending with …", () => {
    const random = seededRandom(4242);
    for (let run = 0; run < runs; run++) {
      const text = randomText(random, 30);
      const clean = text.replace(/\s+/g, " ").trim();
      const max = 3 + Math.floor(random() * 40);
      for (const unit of units) {
        const short = shorten(text, max, unit);
        expect(hasLoneSurrogate(short)).toBe(false);
        expect(lengthIn(short, unit), JSON.stringify({ text, short, max })).toBeLessThanOrEqual(max);
        expect(isGraphemePrefix(short, clean), JSON.stringify({ clean, short, max, unit })).toBe(true);
      }
    }
  });

  it("cutIndex never falls inside a surrogate pair, and inside a grapheme only when one grapheme is too long", () => {
    const random = seededRandom(99);
    for (let run = 0; run < runs; run++) {
      const text = randomText(random, 30) || "x";
      const max = 1 + Math.floor(random() * 30);
      const at = cutIndex(text, max);
      expect(at).toBeGreaterThan(0);
      expect(hasLoneSurrogate(text.slice(0, at))).toBe(false);
      expect(hasLoneSurrogate(text.slice(at))).toBe(false);
      if (graphemePrefix(text, max).length > 0) expect(graphemeBoundaries(text).has(at)).toBe(true);
    }
  });

  it("graphemePrefix cuts exactly where Intl.Segmenter over the whole text does, ASCII runs included", () => {
    const segmenter = new Intl.Segmenter("und", { granularity: "grapheme" });
    const reference = (raw: string, max: number, unit: LengthUnit) => {
      const text = wellFormed(raw);
      let end = 0;
      for (const { segment, index } of segmenter.segment(text)) {
        if (lengthIn(text.slice(0, index + segment.length), unit) > max) break;
        end = index + segment.length;
      }
      return text.slice(0, end);
    };
    const random = seededRandom(2121);
    const fixed = [
      "Pinjaman KUR e\u0301",
      "abc\r\ndef",
      "ab🇮🇩🇮🇩x",
      "Toko 👩‍👩‍👧‍👦 ok",
      "a\u200Db",
      "plain ascii only",
      "",
    ];
    const texts = [...fixed, ...Array.from({ length: runs }, () => `Syarat KUR ${randomText(random, 12)}`)];
    for (const text of texts) {
      for (const unit of units) {
        for (let max = 0; max <= lengthIn(text, unit) + 1; max++) {
          expect(graphemePrefix(text, max, unit), JSON.stringify({ text, max, unit })).toBe(
            reference(text, max, unit),
          );
        }
      }
    }
  });

  it("wellFormed replaces lone surrogates and keeps pairs", () => {
    expect(wellFormed("ok😀")).toBe("ok😀");
    expect(wellFormed("bad\uD83D")).toBe("bad\uFFFD");
    expect(wellFormed("\uDE00bad")).toBe("\uFFFDbad");
  });
});

/** Every string anywhere in a payload. */
function stringsOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === "object") return Object.values(value).flatMap(stringsOf);
  return [];
}

function randomReply(random: () => number): Reply {
  const choiceCount = Math.floor(random() * 14);
  const choices: Choice[] = Array.from({ length: choiceCount }, (_, index) => ({
    id: `x:${index}`,
    label: randomText(random, 30) || `pilihan ${index}`,
    ...(random() < 0.3 ? { description: randomText(random, 60) } : {}),
  }));
  // Long texts too: the part boundaries of a split must fall between graphemes.
  const text = random() < 0.2 ? randomText(random, 2500) : randomText(random, 60) || "halo";
  return {
    text,
    ...(choices.length ? { choices } : {}),
    ...(random() < 0.2 ? { choicesTitle: randomText(random, 12) } : {}),
  };
}

describe("channel renderers over random text", () => {
  it("Telegram: message text and button labels fit (UTF-16) and hold no half emoji", () => {
    const random = seededRandom(7);
    for (let run = 0; run < 150; run++) {
      const reply = randomReply(random);
      for (const call of renderTelegramReplies("42", [reply])) {
        for (const value of stringsOf(call.payload)) expect(hasLoneSurrogate(value)).toBe(false);
        const text = call.payload.text as string | undefined;
        if (text !== undefined) expect(text.length).toBeLessThanOrEqual(telegramLimits.text);
        const keyboard = (call.payload.reply_markup as { inline_keyboard?: { text: string }[][] } | undefined)
          ?.inline_keyboard;
        for (const [index, button] of (keyboard ?? []).flat().entries()) {
          expect(button.text.length).toBeLessThanOrEqual(telegramLimits.buttonText);
          const label = wellFormed(reply.choices![index]!.label);
          expect(isGraphemePrefix(button.text, label), JSON.stringify({ label, got: button.text })).toBe(
            true,
          );
        }
      }
    }
  });

  it("WhatsApp: titles, rows, descriptions, list buttons and bodies fit (characters), no half emoji", () => {
    const random = seededRandom(8);
    for (let run = 0; run < 150; run++) {
      const payloads = renderWhatsAppReplies("628111", [randomReply(random)], {
        choose: "Pilih",
        next: "Berikutnya ›",
      });
      for (const payload of payloads) {
        for (const value of stringsOf(payload)) expect(hasLoneSurrogate(value)).toBe(false);
        const interactive = payload.interactive as
          | {
              body: { text: string };
              action: {
                button?: string;
                buttons?: { reply: { title: string } }[];
                sections?: { title: string; rows: { title: string; description?: string }[] }[];
              };
            }
          | undefined;
        if (payload.type === "text")
          expect(codePoints((payload.text as { body: string }).body)).toBeLessThanOrEqual(
            whatsappLimits.text,
          );
        if (!interactive) continue;
        expect(codePoints(interactive.body.text)).toBeLessThanOrEqual(whatsappLimits.body);
        for (const button of interactive.action.buttons ?? [])
          expect(codePoints(button.reply.title)).toBeLessThanOrEqual(whatsappLimits.buttonTitle);
        if (interactive.action.button)
          expect(codePoints(interactive.action.button)).toBeLessThanOrEqual(whatsappLimits.listButton);
        for (const section of interactive.action.sections ?? []) {
          expect(codePoints(section.title)).toBeLessThanOrEqual(whatsappLimits.sectionTitle);
          for (const row of section.rows) {
            expect(codePoints(row.title)).toBeLessThanOrEqual(whatsappLimits.rowTitle);
            if (row.description)
              expect(codePoints(row.description)).toBeLessThanOrEqual(whatsappLimits.rowDescription);
          }
        }
      }
    }
  });

  it("distinct titles stay whole graphemes even when numbered", () => {
    const random = seededRandom(21);
    for (let run = 0; run < runs; run++) {
      const label = randomText(random, 20) || "sama";
      for (const title of distinctTitles([label, label, label], whatsappLimits.buttonTitle)) {
        expect(hasLoneSurrogate(title)).toBe(false);
        expect(codePoints(title)).toBeLessThanOrEqual(whatsappLimits.buttonTitle);
        const base = title.replace(/ \d+$/, "");
        const clean = label.replace(/\s+/g, " ").trim();
        expect(isGraphemePrefix(base, clean), JSON.stringify({ clean, title })).toBe(true);
      }
    }
  });

  it("long texts split into parts at grapheme boundaries, each within the limit, nothing lost", () => {
    const random = seededRandom(1234);
    for (let run = 0; run < 60; run++) {
      const text = randomText(random, 1500);
      for (const [split, limit] of [
        [splitTelegram, 500],
        [splitWhatsApp, 300],
      ] as const) {
        const parts = split(text, limit);
        let at = 0;
        for (const part of parts) {
          expect(hasLoneSurrogate(part)).toBe(false);
          expect(split === splitTelegram ? escapeHtml(part).length : part.length).toBeLessThanOrEqual(limit);
          at = text.indexOf(part, at);
          expect(at).toBeGreaterThanOrEqual(0);
          expect(graphemeBoundaries(text).has(at)).toBe(true);
          at += part.length;
        }
      }
    }
  });

  it("template parameters: whole graphemes within Meta's limit", () => {
    const random = seededRandom(600);
    for (let run = 0; run < 60; run++) {
      const text = randomText(random, 400);
      const param = templateParamText(text);
      expect(hasLoneSurrogate(param)).toBe(false);
      expect(codePoints(param)).toBeLessThanOrEqual(templateParamMaxLength);
      expect(isGraphemePrefix(param, text.replace(/\s+/g, " ").trim())).toBe(true);
    }
  });

  it("profile names (greetings, tickets): whole graphemes within 64 UTF-16 units", () => {
    const random = seededRandom(64);
    for (let run = 0; run < runs; run++) {
      const name = randomText(random, 40);
      const event = cleanInboundEvent({
        dedupeKey: "k",
        user: { channel: "telegram", userId: "1" },
        receivedAt: new Date(0),
        profile: { name },
        payload: { kind: "text", text: "halo" },
      });
      const kept = event.profile.name ?? "";
      expect(hasLoneSurrogate(kept)).toBe(false);
      expect(kept.length).toBeLessThanOrEqual(maxProfileNameLength);
      expect(isGraphemePrefix(kept, name.trim(), ""), JSON.stringify({ name, kept })).toBe(true);
    }
  });
});
