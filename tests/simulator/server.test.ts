// The simulator server without a browser: real-format webhooks (signed WhatsApp payloads, Telegram secret
// header) through the real app, the fake platform endpoints recording sends, the staff panel's slots.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isValidSignature } from "../../functions/lib/channels/whatsapp/webhook.js";
import { createLogger } from "../../functions/lib/log/logger.js";
import type { Entry } from "../../scripts/simulator/hub.js";
import {
  isSimulatorRequested,
  type RunningSimulator,
  simulatorEnv,
  startSimulator,
} from "../../scripts/simulator/index.js";
import { parseTelegramHtml } from "../../scripts/simulator/view.js";
import { signWhatsAppBody } from "../../scripts/simulator/wire.js";
import { createTestTable, type TestTable } from "../support/store.js";

let table: TestTable;
let sim: RunningSimulator;
let base: string;
const logs: string[] = [];

beforeAll(async () => {
  table = await createTestTable("simulator");
  sim = await startSimulator({
    env: { TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: table.endpoint, LOG_LEVEL: "debug" },
    port: 0,
    documentClient: table.documentClient,
    logger: createLogger({ level: "debug", write: (line) => logs.push(line) }),
  });
  base = `http://127.0.0.1:${sim.port}`;
});
afterAll(async () => {
  await sim?.close();
});

const postJson = (path: string, body: unknown) =>
  fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

async function send(persona: string, action: Record<string, unknown>) {
  const response = await postJson("/sim/api/send", { persona, action });
  expect(response.status).toBe(200);
  return (await response.json()) as { status: number; error?: string };
}

async function entriesOf(persona: string): Promise<Entry[]> {
  const state = (await (await fetch(`${base}/sim/api/state`)).json()) as { entries: Entry[] };
  return state.entries.filter((entry) => entry.persona === persona);
}

describe("simulator mode configuration", () => {
  it("is on without any platform token, off with one, and forced by SIMULATOR", () => {
    expect(isSimulatorRequested({})).toBe(true);
    expect(isSimulatorRequested({ TELEGRAM_BOT_TOKEN: "  " })).toBe(true);
    expect(isSimulatorRequested({ TELEGRAM_BOT_TOKEN: "123:abc" })).toBe(false);
    expect(isSimulatorRequested({ WHATSAPP_APP_SECRET: "s" })).toBe(false);
    expect(isSimulatorRequested({ TELEGRAM_BOT_TOKEN: "123:abc", SIMULATOR: "1" })).toBe(true);
    expect(isSimulatorRequested({ SIMULATOR: "0" })).toBe(false);
  });

  it("points both production clients at this server and makes the staff personas staff", () => {
    expect(sim.config.telegram.apiRoot).toBe(`http://127.0.0.1:${sim.port}/sim/telegram`);
    expect(sim.config.telegram.mode).toBe("webhook");
    expect(sim.config.whatsapp.apiBase).toBe(`http://127.0.0.1:${sim.port}/sim/graph`);
    expect(sim.config.whatsapp.enabled).toBe(true);
    expect(sim.config.telegram.staffIds).toContain(sim.hub.personas.telegram.staff.userId);
    expect(sim.config.whatsapp.staffIds).toContain(sim.hub.personas.whatsapp.staff.userId);
    const env = simulatorEnv({ STAFF_TELEGRAM_IDS: "42" }, 1234, sim.credentials);
    expect(env.STAFF_TELEGRAM_IDS).toBe(`42,${sim.hub.personas.telegram.staff.userId}`);
  });
});

describe("WhatsApp through the simulator", () => {
  it("posts a correctly signed notification to /whatsapp and records the Graph API send", async () => {
    const buyer = sim.hub.personas.whatsapp.buyer;
    expect(await send(buyer.key, { type: "text", text: "halo" })).toEqual({ status: 200 });
    const [mine, reply] = await entriesOf(buyer.key);
    const posted = mine?.wire.payload as { headers: Record<string, string>; body: unknown };
    expect(mine?.wire.what).toBe("POST /whatsapp");
    const raw = Buffer.from(JSON.stringify(posted.body));
    expect(
      isValidSignature(raw, posted.headers["x-hub-signature-256"]!, sim.credentials.whatsappAppSecret),
    ).toBe(true);
    expect(reply?.from).toBe("bot");
    expect(reply?.wire.what).toBe("Graph API POST /v23.0/100000000000001/messages");
    expect(reply?.view.text?.[0]?.text).toContain("Selamat datang");
    expect(reply?.view.list?.sections[0]?.rows.map((row) => row.id)).toContain("sub");
    expect(reply?.platformId).toMatch(/^wamid\./);
  });

  it("is refused by the real webhook when the body does not match its signature", async () => {
    const body = JSON.stringify({ object: "whatsapp_business_account", entry: [] });
    const response = await fetch(`${base}/whatsapp`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-hub-signature-256": signWhatsAppBody(`${body} `, sim.credentials.whatsappAppSecret),
      },
      body,
    });
    expect(response.status).toBe(403);
  });

  it("answers a list row and a photo like WhatsApp delivers them", async () => {
    const buyer = sim.hub.personas.whatsapp.buyer;
    await send(buyer.key, { type: "choice", id: "sub", label: "Langganan promo", kind: "list" });
    const afterList = await entriesOf(buyer.key);
    const posted = afterList.at(-2)?.wire.payload as { body: { entry: { changes: { value: unknown }[] }[] } };
    expect(JSON.stringify(posted.body.entry[0]?.changes[0]?.value)).toContain('"list_reply"');
    expect(afterList.at(-1)?.view.text?.[0]?.text).toContain("Dengan berlangganan");

    await send(buyer.key, { type: "photo", sample: "kopi", caption: "kopi robusta" });
    const photo = (await entriesOf(buyer.key)).find((entry) => entry.from === "user" && entry.view.photo);
    const image = await fetch(`${base}${photo?.view.photo?.src}`);
    expect(image.headers.get("content-type")).toBe("image/svg+xml");
    expect(await image.text()).toContain("Kopi Robusta");
  });

  it("refuses a send without the simulator's access token", async () => {
    const response = await fetch(`${base}/sim/graph/v23.0/100000000000001/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer wrong" },
      body: JSON.stringify({
        messaging_product: "whatsapp",
        to: "628123",
        type: "text",
        text: { body: "x" },
      }),
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: number } }).error.code).toBe(190);
  });
});

describe("Telegram through the simulator", () => {
  it("posts updates with the secret header and records the Bot API calls with their keyboards", async () => {
    const seller = sim.hub.personas.telegram.seller;
    await send(seller.key, { type: "text", text: "/start" });
    const [mine, reply] = await entriesOf(seller.key);
    const posted = mine?.wire.payload as { headers: Record<string, string>; body: { update_id: number } };
    expect(posted.headers["x-telegram-bot-api-secret-token"]).toBe(sim.credentials.telegramWebhookSecret);
    expect(Number.isSafeInteger(posted.body.update_id)).toBe(true);
    expect(reply?.wire.what).toBe("Bot API sendMessage");
    const buttons = reply?.view.inlineKeyboard?.flat() ?? [];
    expect(buttons.map((button) => button.id)).toContain("reg");

    await send(seller.key, { type: "choice", id: "reg", label: "Daftar UMKM", messageId: reply?.platformId });
    const last = (await entriesOf(seller.key)).at(-1);
    expect(last?.view.text?.map((segment) => segment.text).join("")).toContain("Apakah Anda setuju?");
  });

  it("offers share-contact as a reply keyboard and sends the persona's own number", async () => {
    const seller = sim.hub.personas.telegram.seller;
    // Consent, owner, business, category, kecamatan: then the bot asks for the phone number.
    const pressLast = async (label: string) => {
      const entry = (await entriesOf(seller.key)).at(-1);
      const choice = entry?.view.inlineKeyboard?.flat().find((button) => button.label.includes(label));
      if (!choice) throw new Error(`no "${label}" in ${JSON.stringify(entry?.view)}`);
      await send(seller.key, {
        type: "choice",
        id: choice.id,
        label: choice.label,
        messageId: entry?.platformId,
      });
    };
    await pressLast("Setuju");
    await send(seller.key, { type: "text", text: "Siti Rahayu" });
    await send(seller.key, { type: "text", text: "Keripik <b>Siger</b> & Co" });
    await pressLast("Kuliner");
    await send(seller.key, { type: "text", text: "way halim" });
    const ask = (await entriesOf(seller.key)).at(-1);
    expect(ask?.view.replyKeyboard).toEqual([
      { label: expect.stringContaining("nomor"), request: "contact" },
    ]);
    await send(seller.key, { type: "contact" });
    const contactEntry = (await entriesOf(seller.key)).at(-2);
    expect(contactEntry?.view.contact?.phone).toBe(`+${seller.phone}`);
    expect((await entriesOf(seller.key)).at(-1)?.view.text?.[0]?.text).toContain("produk");
  });

  it("refuses Bot API calls with another token", async () => {
    const response = await postJson("/sim/telegram/bot999:WRONG/sendMessage", { chat_id: 1, text: "x" });
    expect(response.status).toBe(401);
  });
});

describe("the page's API", () => {
  it("serves the page with a strict content security policy and streams a snapshot first", async () => {
    const page = await fetch(`${base}/`);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(await page.text()).toContain("Simulator Layanan UMKM");
    const events = await fetch(`${base}/sim/events`);
    expect(events.headers.get("content-type")).toContain("text/event-stream");
    const reader = events.body!.getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toContain("event: snapshot");
    await reader.cancel();
  });

  it("refuses unknown personas and non-JSON posts", async () => {
    expect(
      (await postJson("/sim/api/send", { persona: "telegram:1", action: { type: "contact" } })).status,
    ).toBe(404);
    const form = await fetch(`${base}/sim/api/send`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "persona=x",
    });
    expect(form.status).toBe(415);
  });

  it("makes a new buyer with an id nobody used", async () => {
    const before = sim.hub.personas.telegram.buyer;
    const response = await postJson("/sim/api/buyer", { channel: "telegram" });
    const buyer = (await response.json()) as { key: string; role: string };
    expect(buyer.role).toBe("buyer");
    expect(buyer.key).not.toBe(before.key);
    expect(sim.hub.personas.telegram.buyer.key).toBe(buyer.key);
  });

  it("shows only the staff-panel parts the app provides", async () => {
    const panel = (await (await fetch(`${base}/sim/api/staff`)).json()) as {
      pendingRegistrations: number;
      outbox: { available: boolean };
      digest: { available: boolean };
    };
    expect(panel.pendingRegistrations).toBe(0);
    expect(panel.outbox.available).toBe(false);
    expect(panel.digest.available).toBe(false);
    expect((await postJson("/sim/api/digest", {})).status).toBe(404);
  });
});

describe("Telegram HTML in the page model", () => {
  it("decodes entities to text and keeps formatting as flags, never as markup", () => {
    expect(parseTelegramHtml("Usaha &lt;img src=x onerror=alert(1)&gt; &amp; <b>tebal</b>")).toEqual([
      { text: "Usaha <img src=x onerror=alert(1)> & " },
      { text: "tebal", bold: true },
    ]);
    expect(parseTelegramHtml('<a href="https://x.id/?a=1&amp;b=2">tautan</a>')).toEqual([
      { text: "tautan", href: "https://x.id/?a=1&b=2" },
    ]);
  });
});
