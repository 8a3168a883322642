// Issue #17 item 4: bidirectional control characters in names and messages never reach staff or the table
// ("Toko ‮gnp.exe" shown as "Toko exe.png"). Both webhooks, one core cleaning step.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanInboundEvent } from "../../functions/lib/core/clean-event.js";
import { ticketIdIn } from "../../functions/lib/core/handover/ticket.js";
import type { FakeTelegramApi } from "../fakes/telegram-api.js";
import type { FakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { postTelegram, type TestApp, tgText } from "../support/app.js";
import type { TestTable } from "../support/store.js";
import { startTwoChannelApp } from "../support/two-channels.js";
import { neutralOf, postWhatsApp, waNotification, waTextMessage } from "../whatsapp/helpers.js";

const staffGroup = "-1001555000222";
const controls = ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069"];
const marks = ["\u200E", "\u200F", "\u061C"];
const anyBidi = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;

let table: TestTable;
let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;
let test: TestApp;

beforeAll(async () => {
  ({ table, telegram, whatsapp, test } = await startTwoChannelApp({
    name: "bidi",
    env: { STAFF_TELEGRAM_CHAT_ID: staffGroup },
  }));
});
afterAll(async () => {
  await telegram.close();
  await whatsapp.close();
});

const staffTexts = () =>
  telegram.calls
    .filter((call) => call.method === "sendMessage" && call.payload.chat_id === staffGroup)
    .map((call) => String(call.payload.text));

describe("bidi controls are stripped on input", () => {
  it("every listed control and mark goes; the visible text stays", () => {
    const event = cleanInboundEvent({
      dedupeKey: "k",
      user: { channel: "whatsapp", userId: "1" },
      receivedAt: new Date(0),
      profile: { name: `Toko ${controls.join("")}gnp.exe${marks.join("")}` },
      payload: { kind: "text", text: `mau ${controls.join("")}tanya${marks.join("")} مرحبا` },
    });
    expect(event.profile.name).toBe("Toko gnp.exe");
    expect(event.payload).toMatchObject({ kind: "text", text: "mau tanya مرحبا" });
  });

  it("Telegram: staff see the person's name and message without controls", async () => {
    const person = 932_001;
    const hello = tgText(person, "hubungi petugas");
    (hello.message.from as { first_name: string }).first_name = "Toko \u202Egnp.exe";
    expect((await postTelegram(test.app, hello)).status).toBe(200);
    const opened = staffTexts().at(-1)!;
    expect(opened).toContain("Toko gnp.exe");
    expect(opened).not.toMatch(anyBidi);

    const message = tgText(person, "Lihat katalog \u2067\u202Efdp.exe\u2069 kami");
    (message.message.from as { first_name: string }).first_name = "Toko \u202Egnp.exe";
    expect((await postTelegram(test.app, message)).status).toBe(200);
    const relayed = staffTexts().at(-1)!;
    expect(relayed).toContain("Lihat katalog fdp.exe kami");
    expect(relayed).not.toMatch(anyBidi);
  });

  it("WhatsApp: staff see the profile name and message without controls, and the table holds none", async () => {
    const waId = "6281290000222";
    const names = { [waId]: "\u202BToko\u200F \u202Egnp.exe" };
    const open = await postWhatsApp(
      test.app,
      waNotification([waTextMessage(waId, "hubungi petugas")], { names }),
    );
    expect(open.status).toBe(200);
    const answer = neutralOf(whatsapp.calls.filter((call) => call.payload.to === waId).at(-1)!.payload).text;
    const id = ticketIdIn(answer)!;
    expect(id).toBeDefined();
    const opened = staffTexts().at(-1)!;
    expect(opened).toContain(`#${id}`);
    expect(opened).toContain("Toko gnp.exe");

    const relay = await postWhatsApp(
      test.app,
      waNotification([waTextMessage(waId, "Promo \u202Eicsk\u202C keripik")], { names }),
    );
    expect(relay.status).toBe(200);
    const relayed = staffTexts().at(-1)!;
    expect(relayed).toContain("Promo icsk keripik");
    expect(relayed).not.toMatch(anyBidi);

    const stored = JSON.stringify(await table.scanAll());
    expect(stored).toContain("Toko gnp.exe");
    expect(stored).not.toMatch(anyBidi);
  });
});
