// Neutral replies -> WhatsApp payloads within Meta's limits; and the core paging of long choice lists.

import { describe, expect, it } from "vitest";
import {
  distinctTitles,
  renderWhatsAppReplies,
  whatsappLimits,
} from "../../functions/lib/channels/whatsapp/render.js";
import { createBot } from "../../functions/lib/core/bot.js";
import type { Contact, ConversationState } from "../../functions/lib/core/contact.js";
import type { InboundPayload } from "../../functions/lib/core/events.js";
import { getFaqMatcher } from "../../functions/lib/core/faq/faq-matcher.js";
import type { Feature } from "../../functions/lib/core/feature.js";
import { createI18n } from "../../functions/lib/core/i18n.js";
import type { Choice } from "../../functions/lib/core/replies.js";
import { shorten } from "../../functions/lib/core/text.js";
import { createUnderstander } from "../../functions/lib/core/understand/understand.js";
import { neutralOf } from "./helpers.js";

const labels = { choose: "Pilih", next: "Berikutnya ›" };
const render = (reply: Parameters<typeof renderWhatsAppReplies>[1][number]) =>
  renderWhatsAppReplies("628111", [reply], labels);
const kecamatan = [
  "Bumi Waras",
  "Enggal",
  "Kedamaian",
  "Kedaton",
  "Kemiling",
  "Labuhan Ratu",
  "Langkapura",
  "Panjang",
  "Rajabasa",
  "Sukabumi",
  "Sukarame",
  "Tanjung Karang Barat",
  "Tanjung Karang Pusat",
  "Tanjung Karang Timur",
  "Tanjung Senang",
  "Teluk Betung Barat",
  "Teluk Betung Selatan",
  "Teluk Betung Timur",
  "Teluk Betung Utara",
  "Way Halim",
];
const choicesOf = (names: readonly string[]): Choice[] =>
  names.map((name, index) => ({ id: `kec:${index + 1}`, label: name }));

describe("WhatsApp rendering", () => {
  it("shortens at a word boundary without splitting emoji", () => {
    expect(shorten("Daftar Usaha Saya Sekarang Juga", 20)).toBe("Daftar Usaha Saya…");
    expect(shorten("Pendek", 20)).toBe("Pendek");
    const emoji = shorten("😀😀😀😀😀😀😀😀😀😀😀😀", 20);
    expect(emoji.length).toBeLessThanOrEqual(20);
    expect(emoji).not.toMatch(/[\uD800-\uDBFF]…$/);
    expect(distinctTitles(["Pelatihan Tapis Kemiling A", "Pelatihan Tapis Kemiling B"], 20)).toEqual([
      "Pelatihan Tapis…",
      "Pelatihan Tapis… 2",
    ]);
  });

  it("renders up to 3 choices as reply buttons with titles <= 20 and unique ids", () => {
    const [message] = render({
      text: "Pilih:",
      choices: [
        { id: "a", label: "📝 Daftar UMKM" },
        { id: "b", label: "Promo" },
        { id: "a", label: "duplicate id" },
      ],
    });
    const neutral = neutralOf(message!);
    expect(neutral.kind).toBe("buttons");
    expect(neutral.choices.map((choice) => choice.id)).toEqual(["a", "b"]);
    for (const choice of neutral.choices)
      expect(choice.label.length).toBeLessThanOrEqual(whatsappLimits.buttonTitle);
    expect(message).toMatchObject({ messaging_product: "whatsapp", to: "628111", type: "interactive" });
  });

  it("renders a few choices as a list when a label would be cut as a button, the whole label beside it", () => {
    const [message] = render({
      text: "Pilih:",
      choices: [
        { id: "a", label: "📝 Daftarkan usaha saya sebagai penjual" },
        { id: "b", label: "Promo" },
      ],
    });
    const interactive = message!.interactive as {
      type: string;
      action: { sections: { rows: { id: string; title: string; description?: string }[] }[] };
    };
    expect(interactive.type).toBe("list");
    const [first, second] = interactive.action.sections[0]!.rows;
    expect(first).toEqual({
      id: "a",
      title: "📝 Daftarkan usaha saya",
      description: "📝 Daftarkan usaha saya sebagai penjual",
    });
    expect(second).toEqual({ id: "b", title: "Promo" });
  });

  it("renders 4-10 choices as a list: section titled, row title <= 24, the long label as description <= 72", () => {
    const choices = [
      ...choicesOf(kecamatan.slice(10, 19)),
      { id: "faq:kur", label: "Kredit Usaha Rakyat (KUR) untuk usaha mikro dan kecil" },
    ];
    const [message] = render({ text: "Kecamatan?", choices, choicesTitle: "Pilih kecamatan sekarang juga" });
    const interactive = message!.interactive as {
      type: string;
      action: {
        button: string;
        sections: { title?: string; rows: { id: string; title: string; description?: string }[] }[];
      };
    };
    expect(interactive.type).toBe("list");
    expect(interactive.action.button.length).toBeLessThanOrEqual(20);
    // Every section has a title (required by Meta's list reference), within 24 characters.
    for (const section of interactive.action.sections) {
      expect(section.title?.length).toBeGreaterThan(0);
      expect(section.title!.length).toBeLessThanOrEqual(24);
    }
    const rows = interactive.action.sections.flatMap((section) => section.rows);
    expect(rows).toHaveLength(10);
    for (const row of rows) {
      expect(row.title.length).toBeLessThanOrEqual(24);
      if (row.description) expect(row.description.length).toBeLessThanOrEqual(72);
    }
    expect(rows.find((row) => row.id === "kec:2")?.title).toBe("Tanjung Karang Barat");
    expect(rows.at(-1)).toEqual({
      id: "faq:kur",
      title: "Kredit Usaha Rakyat",
      description: "Kredit Usaha Rakyat (KUR) untuk usaha mikro dan kecil",
    });
  });

  it("renders more than 10 choices as numbered text with a next-page button", () => {
    const [message] = render({ text: "Di kecamatan mana usaha Anda?", choices: choicesOf(kecamatan) });
    const neutral = neutralOf(message!);
    expect(neutral.kind).toBe("buttons");
    expect(neutral.text).toContain("1. Bumi Waras");
    expect(neutral.text).toContain("10. Sukabumi");
    expect(neutral.text).not.toContain("11. Sukarame");
    expect(neutral.choices).toEqual([{ id: "more:2", label: "Berikutnya ›" }]);
  });

  it("splits long texts: 4096 per text message, 1024 for an interactive body", () => {
    const long = `${"Informasi pelatihan UMKM. ".repeat(300)}`.trim();
    const messages = renderWhatsAppReplies(
      "628111",
      [{ text: long }, { text: long, choices: [{ id: "menu", label: "Menu" }] }],
      labels,
    );
    for (const message of messages) {
      const neutral = neutralOf(message);
      expect(neutral.text.length).toBeLessThanOrEqual(neutral.kind === "text" ? 4096 : 1024);
    }
    expect(neutralOf(messages.at(-1)!).kind).toBe("buttons");
    const total = messages.map((message) => neutralOf(message).text).join(" ");
    expect(total.replace(/\s+/g, "").length).toBe(`${long}${long}`.replace(/\s+/g, "").length);
  });

  it("offers the sender's number as a button for a contact request, and a location request natively", () => {
    const [contact] = render({
      text: "Nomor HP Anda?",
      request: { kind: "contact", label: "📱 Kirim nomor saya" },
    });
    expect(neutralOf(contact!).choices).toEqual([
      { id: "whatsapp:share-contact", label: "📱 Kirim nomor saya" },
    ]);
    const [location] = render({
      text: "Lokasi usaha?",
      request: { kind: "location", label: "Kirim lokasi" },
    });
    expect(location!.interactive).toMatchObject({
      type: "location_request_message",
      action: { name: "send_location" },
    });
  });

  it("sends photos with a caption, or as the header of a button message", () => {
    const [plain] = render({ text: "Promo minggu ini", photo: "https://example.com/p.jpg" });
    expect(plain).toMatchObject({
      type: "image",
      image: { link: "https://example.com/p.jpg", caption: "Promo minggu ini" },
    });
    const [withButtons] = render({
      text: "Promo",
      photo: "MEDIA123",
      choices: [{ id: "menu", label: "Menu" }],
    });
    expect(withButtons!.interactive).toMatchObject({
      type: "button",
      header: { type: "image", image: { id: "MEDIA123" } },
    });
  });
});

describe("core paging of long choice lists", () => {
  const contact: Contact = {
    channel: "whatsapp",
    userId: "1",
    role: "buyer",
    language: "id",
    consents: [],
    unreachable: false,
    createdAt: 0,
    stored: true,
  };
  const picker: Feature = {
    name: "picker",
    commands: { pilih: (ctx) => ctx.ask("Di kecamatan mana?", choicesOf(kecamatan)) },
    keywords: { kecamatan: "pilih" },
    choicePrefix: "kec",
    onChoice: (ctx, arg) => ctx.say(`Dipilih: ${kecamatan[Number(arg) - 1]}`),
  };
  const bot = createBot({
    i18n: createI18n(),
    features: [picker],
    understander: createUnderstander({ matcher: getFaqMatcher }),
  });
  const turn = (payload: InboundPayload, conversation: ConversationState | null) =>
    bot.handle({
      event: { dedupeKey: "k", user: contact, receivedAt: new Date(), profile: {}, payload },
      contact,
      conversation,
      now: new Date(),
    });

  it("re-shows the stored choices page by page and keeps typed numbers working on every page", async () => {
    const first = await turn({ kind: "text", text: "kecamatan" }, null);
    expect(first.conversation?.offered).toHaveLength(20);
    const page2 = await turn({ kind: "choice", choiceId: "more:2" }, first.conversation ?? null);
    const reply = page2.replies[0]!;
    expect(reply.text).toContain("11–20 dari 20");
    expect(reply.text).toContain("12. Tanjung Karang Barat");
    expect(reply.choices?.map((choice) => choice.id)).toEqual(["more:1"]);
    // The whole list stays offered, not just the navigation button.
    expect(page2.conversation?.offered).toHaveLength(20);
    const typed = await turn({ kind: "text", text: "12" }, page2.conversation ?? null);
    expect(typed.replies[0]?.text).toBe("Dipilih: Tanjung Karang Barat");
    const back = await turn({ kind: "choice", choiceId: "more:1" }, page2.conversation ?? null);
    expect(back.replies[0]?.choices?.map((choice) => choice.id)).toEqual(["more:2"]);
  });

  it("answers a page request without stored choices with the menu", async () => {
    const result = await turn({ kind: "choice", choiceId: "more:3" }, null);
    expect(result.replies[0]?.text).toContain("tidak berlaku");
  });
});
