import { describe, expect, it } from "vitest";
import { createBot, matchOfferedChoice } from "../../functions/lib/core/bot.js";
import type { Contact } from "../../functions/lib/core/contact.js";
import type { InboundPayload } from "../../functions/lib/core/events.js";
import { getFaqMatcher } from "../../functions/lib/core/faq/faq-matcher.js";
import { createI18n } from "../../functions/lib/core/i18n.js";
import { createUnderstander } from "../../functions/lib/core/understand/understand.js";

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

const bot = createBot({ i18n: createI18n(), understander: createUnderstander({ matcher: getFaqMatcher }) });
const turn = (
  payload: InboundPayload,
  conversation = null as Parameters<typeof bot.handle>[0]["conversation"],
) =>
  bot.handle({
    event: { dedupeKey: "k", user: contact, receivedAt: new Date(), profile: {}, payload },
    contact,
    conversation,
    now: new Date(),
  });

describe("core router", () => {
  it("treats keyword messages as the same commands on every channel", async () => {
    const result = await turn({ kind: "text", text: "  Bahasa! " });
    expect(result.replies[0]?.choices?.map((c) => c.id)).toEqual(["lang:id", "lang:en"]);
    expect(result.conversation?.offered?.map((c) => c.id)).toEqual(["lang:id", "lang:en"]);
  });

  it("greets greetings with the main menu", async () => {
    const result = await turn({ kind: "text", text: "Assalamualaikum" });
    expect(result.replies[0]?.text).toContain("Halo lagi");
    expect(result.replies[0]?.choices?.length).toBeGreaterThan(0);
  });

  it("matches a typed number or label against the offered choices", () => {
    const offered = [
      { id: "lang:id", label: "Bahasa Indonesia" },
      { id: "lang:en", label: "English" },
    ];
    expect(matchOfferedChoice("2", offered)?.id).toBe("lang:en");
    expect(matchOfferedChoice("english.", offered)?.id).toBe("lang:en");
    expect(matchOfferedChoice("3", offered)).toBeUndefined();
    expect(matchOfferedChoice("2", undefined)).toBeUndefined();
    // Typed the chat way: abbreviations spelt out, the label's emoji and a trailing "min" left out.
    const contact = [
      { id: "reg:bc:yes", label: "✅ Boleh tampilkan" },
      { id: "reg:bc:no", label: "🙈 Jangan tampilkan" },
    ];
    expect(matchOfferedChoice("jgn tampilkan min", contact)?.id).toBe("reg:bc:no");
    expect(matchOfferedChoice("boleh tampilkan", contact)?.id).toBe("reg:bc:yes");
    expect(matchOfferedChoice("tampilkan", contact)).toBeUndefined();
  });

  it("sets the language from a choice and answers in it", async () => {
    const result = await turn({ kind: "choice", choiceId: "lang:en" });
    expect(result.contactChanges.language).toBe("en");
    expect(result.replies[0]?.text).toContain("English");
  });

  it("answers unknown choices and unknown text with the menu instead of failing", async () => {
    const forged = await turn({ kind: "choice", choiceId: "nonexistent:payload" });
    expect(forged.replies[0]?.text).toContain("tidak berlaku");
    const unknown = await turn({ kind: "text", text: "qwerty asdf" });
    expect(unknown.replies[0]?.text).toContain("belum mengerti");
    const location = await turn({ kind: "location", latitude: -5.4, longitude: 105.2 });
    expect(location.replies[0]?.text).toContain("lokasi");
  });

  it("cancels an active flow with 'batal'", async () => {
    const result = await turn({ kind: "text", text: "batal" }, { flow: "register", step: "name", data: {} });
    expect(result.conversation?.flow).toBe("idle");
    expect(result.replies[0]?.text).toContain("dibatalkan");
  });
});
