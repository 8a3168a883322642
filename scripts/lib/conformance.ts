// The conformance replay: real-world webhook payloads through the real app (composition root, DynamoDB Local,
// fake Telegram and WhatsApp APIs on 127.0.0.1), each posted twice (a re-delivery), with every outbound call
// validated. `scripts/conformance.ts` is the command; tests call `runConformance` on their own fixtures.
//
// WHO GETS A REPLY (the rule this replay checks; "reply" = an outbound message to that person's chat):
//
// Telegram (one Update per delivery)
//   reply   message in a private chat from a person (not a bot), any content (text, command, media, sticker,
//           contact, location, voice, dice, poll, forward...), unless it is a service message (below);
//           edited_message in a private chat from a person (they wrote something; the bot may say it cannot
//           use edits); callback_query with data from a private chat (also when the message is inaccessible,
//           date 0: the answer goes to the presser's private chat).
//   silent  service messages (auto-delete timer, members joining/leaving, chat created, migrations, pins,
//           topics, video chats, proximity alerts, boosts, giveaways, gifts...: see SERVICE_FIELDS); anything in
//           groups, supergroups and channels (the bot serves private chats: can_join_groups is false, and the
//           staff group is never one of the replayed chats); channel_post / edited_channel_post; messages from
//           bots; business_message / edited_business_message / deleted_business_messages (the bot has no
//           business connection; an answer would need business_connection_id); callback queries without data
//           (games) or without a chat (inline messages); inline_query and chosen_inline_result (no inline mode;
//           answerInlineQuery is not a chat message); my_chat_member, chat_member, chat_join_request,
//           message_reaction(_count), poll, poll_answer, chat_boost, removed_chat_boost, purchased_paid_media,
//           shipping/pre-checkout queries and any update kind this rule does not know.
//   Not counted as a reply: answerCallbackQuery (stops the spinner) and sendChatAction (typing).
//
// WhatsApp (one notification per delivery; every entry/change/message counted)
//   reply   value.messages[] of field "messages" whose type is a person writing: text, image, video, audio,
//           voice, document, sticker, location, contacts, interactive (button/list/flow reply, also Meta's
//           "interactive" with an error), button (template quick reply), order, edit, unsupported (Meta could
//           not show it to us, but the person did write), and any other type not listed as silent.
//   silent  reaction (and its removal), revoke (a deleted message), system (user_changed_number,
//           customer_identity_changed...), ephemeral, request_welcome; statuses (sent/delivered/read/failed);
//           every change whose field is not "messages" (message_echoes, calls, account/template updates,
//           user_preferences...).
//   A reply is counted for a person by phone number (`to`) or business-scoped user id (`to` or `recipient`).
//
// Every delivery: HTTP 200, or 400 only where the payload is invalid per the spec (Telegram: the Update type tree
// of --spec, else the built-in core of it; WhatsApp: object/entry missing); the second, identical post must not
// produce any further reply.
import { createHmac } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { basename, join } from "node:path";
import { type App, createApp } from "../../functions/lib/app/create-app.js";
import { SERVICE_FIELDS } from "../../functions/lib/channels/telegram/service-fields.js";
import { parseConfig } from "../../functions/lib/config/config.js";
import { createNodeServer } from "../../functions/lib/http/node-server.js";
import { createLogger } from "../../functions/lib/log/logger.js";
import { type RecordedCall, startFakeTelegramApi } from "../../tests/fakes/telegram-api.js";
import { type RecordedGraphCall, startFakeWhatsAppApi } from "../../tests/fakes/whatsapp-api.js";
import { createLocalClient, ensureTable, startDynamoDbLocal } from "./dynamodb-local.js";
import {
  loadTelegramSpec,
  type TelegramSpec,
  validateTelegramCall,
  validateTelegramUpdate,
  validateWhatsAppCall,
} from "./outbound-validator.js";

export const conformanceSettings = {
  telegramToken: "123456:CONFORMANCE-token",
  telegramSecret: "conformance-secret",
  staffTelegramId: "990000001",
  waToken: "EAAG-conformance-token",
  waAppSecret: "conformance-app-secret",
  waVerifyToken: "conformance-verify",
  waPhoneNumberId: "100000000000001",
  staffWhatsAppId: "6289900000001",
  waTemplate: "umkm_update",
} as const;

export interface ConformanceOptions {
  readonly fixturesDir: string;
  /** Path of the Bot API spec JSON; omitted = built-in Telegram checks only. */
  readonly specPath?: string;
  /** An existing DynamoDB(-Local) endpoint; omitted = start DynamoDB Local (in memory) for this run. */
  readonly dynamodbEndpoint?: string;
  /** Wall clock for ids and timestamps (tests). */
  readonly now?: () => Date;
}

export interface DeliveryResult {
  /** `telegram/file.json`, or `telegram/file.json#2` for the third payload of a file holding several. */
  readonly name: string;
  readonly channel: "telegram" | "whatsapp";
  /** What this payload is, and the rule applied (reply expected or not). */
  readonly kind: string;
  readonly status: number;
  readonly redeliveryStatus: number;
  readonly replies: number;
  readonly redeliveryReplies: number;
  readonly failures: string[];
  readonly notes: string[];
}

export interface ConformanceViolation {
  readonly fixture: string;
  readonly channel: "telegram" | "whatsapp";
  readonly call: string;
  readonly problem: string;
}

export interface ConformanceResult {
  readonly deliveries: DeliveryResult[];
  readonly outboundCalls: number;
  readonly violations: ConformanceViolation[];
  /** Output lines: failing deliveries, notes (accepted 400s), violations, then the summary line. */
  readonly lines: string[];
  readonly summary: string;
  readonly ok: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------------------

interface Fixture {
  readonly name: string;
  readonly channel: "telegram" | "whatsapp";
  readonly body: unknown;
}

export function loadFixtures(dir: string): Fixture[] {
  const fixtures: Fixture[] = [];
  for (const channel of ["telegram", "whatsapp"] as const) {
    let files: string[];
    try {
      files = readdirSync(join(dir, channel))
        .filter((file) => file.endsWith(".json"))
        .sort();
    } catch {
      continue;
    }
    for (const file of files) {
      const parsed: unknown = JSON.parse(readFileSync(join(dir, channel, file), "utf8"));
      // A file may hold one payload or several (an array of updates / notifications, or getUpdates' {result}).
      const result = (parsed as { result?: unknown })?.result;
      const items = Array.isArray(parsed) ? parsed : Array.isArray(result) ? result : [parsed];
      items.forEach((body, index) => {
        fixtures.push({
          name: `${channel}/${basename(file)}${items.length > 1 ? `#${index}` : ""}`,
          channel,
          body,
        });
      });
    }
  }
  return fixtures;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const clone = <T>(value: T): T => structuredClone(value);

/** Fresh ids for every run and fixture, and one clock for the timestamps. */
class Refresher {
  private updateId = (Math.floor(Date.now() / 1000) % 100_000) * 10_000;
  private numeric = 0;
  private wamid = 0;
  constructor(
    private readonly runTag: string,
    private readonly nowSeconds: () => number,
  ) {}

  private freshNumber(): number {
    return ++this.numeric;
  }

  telegram(update: unknown): unknown {
    const body = clone(update);
    if (!isObject(body)) return body;
    const ids = new Map<number, number>();
    const mapId = (id: number) => {
      let fresh = ids.get(id);
      if (fresh === undefined) {
        const n = 7_000_000_000 + this.freshNumber();
        fresh = id <= -1_000_000_000_000 ? -1_000_000_000_000 - n : id < 0 ? -n : n;
        ids.set(id, fresh);
      }
      return fresh;
    };
    const now = this.nowSeconds();
    const looksLikeUserOrChat = (node: Record<string, unknown>) =>
      "is_bot" in node || "first_name" in node || "title" in node || "username" in node || "type" in node;
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) {
        for (const item of node) walk(item);
        return;
      }
      if (!isObject(node)) return;
      for (const [key, value] of Object.entries(node)) {
        if (typeof value === "number" && Number.isInteger(value)) {
          if (key === "id" && looksLikeUserOrChat(node)) node[key] = mapId(value);
          else if (["chat_id", "user_id", "migrate_to_chat_id", "migrate_from_chat_id"].includes(key))
            node[key] = mapId(value);
          else if (["date", "edit_date", "forward_date"].includes(key) && value !== 0) node[key] = now;
        } else if (key === "id" && typeof value === "string" && "chat_instance" in node) {
          node[key] = `${this.runTag}-cq-${this.freshNumber()}`;
        } else {
          walk(value);
        }
      }
    };
    walk(body);
    body.update_id = ++this.updateId;
    return body;
  }

  whatsapp(notification: unknown, phoneNumberId: string): unknown {
    const body = clone(notification);
    const phones = new Map<string, string>();
    const bsuids = new Map<string, string>();
    const messageIds = new Map<string, string>();
    const now = this.nowSeconds();
    const phone = (old: string) => {
      let fresh = phones.get(old);
      if (!fresh) {
        fresh = `6281${String(this.freshNumber()).padStart(9, "0")}`;
        phones.set(old, fresh);
      }
      return fresh;
    };
    const bsuid = (old: string) => {
      let fresh = bsuids.get(old);
      if (!fresh) {
        const match = /^([A-Z]{2})\.(ENT\.)?/.exec(old);
        fresh = `${match?.[1] ?? "ID"}.${match?.[2] ?? ""}${this.runTag.replace(/\D/g, "")}${String(this.freshNumber()).padStart(8, "0")}`;
        bsuids.set(old, fresh);
      }
      return fresh;
    };
    const messageId = (old: string) => {
      let fresh = messageIds.get(old);
      if (!fresh) {
        fresh = `wamid.CONF${this.runTag}${(++this.wamid).toString(36).padStart(6, "0")}`;
        messageIds.set(old, fresh);
      }
      return fresh;
    };
    const phoneish = (value: unknown): value is string =>
      typeof value === "string" && (/^\+?\d{5,20}$/.test(value) || /^<[A-Z_]*PHONE[A-Z_]*>$/.test(value));
    const walk = (node: unknown, parentKey: string): void => {
      if (Array.isArray(node)) {
        for (const item of node) {
          if (isObject(item) && ["messages", "statuses", "message_echoes", "calls"].includes(parentKey)) {
            if (typeof item.id === "string") item.id = messageId(item.id);
          }
          walk(item, parentKey);
        }
        return;
      }
      if (!isObject(node)) return;
      for (const [key, value] of Object.entries(node)) {
        if (key === "metadata" && isObject(value)) {
          value.phone_number_id = phoneNumberId;
          continue;
        }
        if (["from", "wa_id", "recipient_id", "to"].includes(key) && phoneish(value)) {
          // The business's own number (echoes, calls) is mapped too: harmless, never one of ours.
          node[key] = phone(value);
        } else if (/(^|_)user_id$/.test(key) && typeof value === "string") {
          node[key] = bsuid(value);
        } else if (["message_id", "original_message_id"].includes(key) && typeof value === "string") {
          node[key] = messageId(value);
        } else if (key === "id" && parentKey === "context" && typeof value === "string") {
          node[key] = messageId(value);
        } else if (key === "timestamp") {
          node[key] = typeof value === "number" ? now : String(now);
        } else if (key === "time" && typeof value === "number") {
          node[key] = now;
        } else {
          walk(value, key);
        }
      }
    };
    walk(body, "");
    return body;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Expectations (the rule in the header comment)
// ---------------------------------------------------------------------------------------------------------

interface Expectation {
  /** What the payload is and why a reply is (not) expected. */
  readonly kind: string;
  /** Person keys that must get a reply. */
  readonly replyTo: readonly string[];
  /** Every person key the payload mentions (a reply to any of them not in replyTo is a failure). */
  readonly people: readonly string[];
  /** Person keys that sent a message of any type (this opens their 24-hour window on WhatsApp). */
  readonly senders?: readonly string[];
  /** Telegram: another id of the same person (the presser's user id -> their private chat id). */
  readonly aliases?: Readonly<Record<string, string>>;
}

const CONTENT_FIELDS = [
  "text",
  "photo",
  "video",
  "animation",
  "audio",
  "voice",
  "video_note",
  "document",
  "sticker",
  "contact",
  "location",
  "venue",
  "poll",
  "dice",
  "game",
  "story",
  "paid_media",
  "checklist",
  "invoice",
];

export function telegramExpectation(update: Record<string, unknown>): Expectation {
  const kind = Object.keys(update).find((key) => key !== "update_id") ?? "(empty)";
  const value = update[kind];
  const chatKey = (chat: unknown) => (isObject(chat) && chat.id !== undefined ? String(chat.id) : undefined);
  const people = new Set<string>();
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) collect(item);
      return;
    }
    if (!isObject(node)) return;
    if (Number.isInteger(node.id) && ("is_bot" in node || "type" in node || "first_name" in node))
      people.add(String(node.id));
    Object.values(node).forEach(collect);
  };
  collect(value);
  const silent = (why: string): Expectation => ({
    kind: `${kind}: ${why} (no reply)`,
    replyTo: [],
    people: [...people],
  });
  if (!isObject(value)) return silent("not an object");
  if (kind === "message" || kind === "edited_message") {
    const from = isObject(value.from) ? value.from : undefined;
    const chat = isObject(value.chat) ? value.chat : undefined;
    if (!from) return silent("no sender (channel or anonymous admin)");
    if (from.is_bot === true) return silent("from a bot");
    const isPrivate = chat?.type === "private" || (chat?.type === undefined && chat?.id === from.id);
    if (!isPrivate) return silent(`in a ${String(chat?.type ?? "non-private")} chat`);
    const service = SERVICE_FIELDS.find((field) => field in value);
    if (service) return silent(`service message (${service})`);
    const content = CONTENT_FIELDS.find((field) => field in value) ?? "other content";
    const target = chatKey(chat);
    return {
      kind: `${kind}: a person wrote to the bot in a private chat (${content}) (reply)`,
      replyTo: target ? [target] : [],
      people: [...people],
      ...(target ? { aliases: { [String(from.id)]: target } } : {}),
    };
  }
  if (kind === "callback_query") {
    if (typeof value.data !== "string") return silent("button press without data (game)");
    const message = isObject(value.message) ? value.message : undefined;
    if (!message) return silent("press on an inline message (no chat)");
    const chat = isObject(message.chat) ? message.chat : undefined;
    if (chat?.type !== "private") return silent(`press in a ${String(chat?.type ?? "unknown")} chat`);
    const target = chatKey(chat);
    const from = isObject(value.from) ? value.from : {};
    return {
      kind: `callback_query: a person pressed a button in a private chat${message.date === 0 ? " (inaccessible message)" : ""} (reply)`,
      replyTo: target ? [target] : [],
      people: [...people],
      // In a private chat the chat id is the presser's user id (some test data disagrees: both count).
      ...(target ? { aliases: { [String(from.id)]: target } } : {}),
    };
  }
  const reasons: Record<string, string> = {
    channel_post: "channel post",
    edited_channel_post: "channel post edited",
    business_message: "business-account chat (no business connection)",
    edited_business_message: "business-account chat (no business connection)",
    deleted_business_messages: "deleted messages",
    business_connection: "business connection change",
    inline_query: "inline mode (not a chat message)",
    chosen_inline_result: "inline mode (not a chat message)",
    my_chat_member: "the bot's membership changed",
    chat_member: "someone's membership changed",
    chat_join_request: "join request",
    message_reaction: "reaction",
    message_reaction_count: "reaction counts",
    poll: "poll state",
    poll_answer: "poll vote",
    chat_boost: "boost",
    removed_chat_boost: "boost removed",
    purchased_paid_media: "paid media purchase",
  };
  return silent(reasons[kind] ?? "update kind nobody writes with");
}

const WHATSAPP_SILENT_TYPES: Record<string, string> = {
  reaction: "reaction",
  revoke: "deleted message",
  system: "system notice",
  ephemeral: "disappearing-message notice",
  request_welcome: "chat opened (no message)",
};

interface WhatsAppPeople {
  /** person key (wa_id, else BSUID) by any of their addresses. */
  readonly keyOf: Map<string, string>;
}

export function whatsappExpectation(notification: unknown, people: WhatsAppPeople): Expectation {
  const keys = new Set<string>();
  const replyTo = new Set<string>();
  const senders = new Set<string>();
  const kinds: string[] = [];
  const entries = isObject(notification) && Array.isArray(notification.entry) ? notification.entry : [];
  for (const entry of entries) {
    const changes = isObject(entry) && Array.isArray(entry.changes) ? entry.changes : [];
    for (const change of changes) {
      if (!isObject(change)) continue;
      const value = isObject(change.value) ? change.value : {};
      const contacts = Array.isArray(value.contacts) ? value.contacts.filter(isObject) : [];
      for (const contact of contacts) {
        const waId = typeof contact.wa_id === "string" ? contact.wa_id : undefined;
        const userId = typeof contact.user_id === "string" ? contact.user_id : undefined;
        const key = waId ?? userId;
        if (!key) continue;
        for (const address of [waId, userId]) if (address) people.keyOf.set(address, key);
        keys.add(key);
      }
      const keyFor = (address: string) => {
        const key = people.keyOf.get(address) ?? address;
        people.keyOf.set(address, key);
        keys.add(key);
        return key;
      };
      if (change.field !== "messages") {
        kinds.push(`${String(change.field)} change (no reply)`);
        collectAddresses(value, keyFor);
        continue;
      }
      for (const status of Array.isArray(value.statuses) ? value.statuses.filter(isObject) : []) {
        kinds.push(`status ${String(status.status)} (no reply)`);
        for (const address of [status.recipient_id, status.recipient_user_id]) {
          if (typeof address === "string") keyFor(address);
        }
      }
      for (const message of Array.isArray(value.messages) ? value.messages.filter(isObject) : []) {
        const type = typeof message.type === "string" ? message.type : "(no type)";
        const sender =
          typeof message.from === "string"
            ? message.from
            : typeof message.from_user_id === "string"
              ? message.from_user_id
              : undefined;
        const key = sender ? keyFor(sender) : undefined;
        if (key) senders.add(key);
        if (typeof message.from === "string" && typeof message.from_user_id === "string") {
          people.keyOf.set(message.from_user_id, key!);
        }
        const system = isObject(message.system) ? message.system : undefined;
        if (typeof system?.wa_id === "string") keyFor(system.wa_id);
        const silentWhy = WHATSAPP_SILENT_TYPES[type];
        if (silentWhy) {
          kinds.push(`${type}${system?.type ? `:${String(system.type)}` : ""}: ${silentWhy} (no reply)`);
        } else {
          kinds.push(`message ${type}: a person wrote (reply)`);
          if (key) replyTo.add(key);
        }
      }
    }
  }
  return {
    kind: kinds.join("; ") || "no messages (no reply)",
    replyTo: [...replyTo],
    people: [...keys],
    senders: [...senders],
  };
}

function collectAddresses(node: unknown, keyFor: (address: string) => string): void {
  if (Array.isArray(node)) {
    for (const item of node) collectAddresses(item, keyFor);
    return;
  }
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (["wa_id", "from", "recipient_id", "to"].includes(key) && typeof value === "string") keyFor(value);
    else if (/(^|_)user_id$/.test(key) && typeof value === "string") keyFor(value);
    else collectAddresses(value, keyFor);
  }
}

// ---------------------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------------------

/** Telegram calls that put something in a chat (answerCallbackQuery and typing are not replies). */
const isTelegramReply = (call: RecordedCall) =>
  /^(send|edit|copy|forward)/.test(call.method) && call.method !== "sendChatAction";

const waAddress = (call: RecordedGraphCall) => {
  const payload = call.payload;
  if (payload.status === "read") return undefined;
  const address = payload.recipient ?? payload.to;
  return typeof address === "string" ? address : undefined;
};

export async function runConformance(options: ConformanceOptions): Promise<ConformanceResult> {
  const spec: TelegramSpec | undefined = options.specPath ? loadTelegramSpec(options.specPath) : undefined;
  const fixtures = loadFixtures(options.fixturesDir);
  const clock = options.now ?? (() => new Date());
  const runTag = Date.now().toString(36).slice(-6);
  const settings = conformanceSettings;

  const cleanups: (() => Promise<void>)[] = [];
  try {
    let endpoint = options.dynamodbEndpoint;
    if (!endpoint) {
      const local = await startDynamoDbLocal();
      cleanups.push(local.stop);
      endpoint = local.endpoint;
    }
    const tableName = `conformance-${runTag}`;
    const admin = createLocalClient(endpoint);
    await ensureTable(admin, tableName);
    admin.destroy();

    const telegramApi = await startFakeTelegramApi({ validate: false }); // validated below, with the spec
    cleanups.push(telegramApi.close);
    const whatsappApi = await startFakeWhatsAppApi({ validate: false });
    cleanups.push(whatsappApi.close);

    const config = parseConfig({
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: endpoint,
      LOG_LEVEL: "error",
      USER_RATE_LIMIT_PER_MINUTE: "10000",
      TELEGRAM_BOT_TOKEN: settings.telegramToken,
      TELEGRAM_API_ROOT: telegramApi.url,
      TELEGRAM_WEBHOOK_SECRET: settings.telegramSecret,
      TELEGRAM_MODE: "webhook",
      STAFF_TELEGRAM_IDS: settings.staffTelegramId,
      WHATSAPP_TOKEN: settings.waToken,
      WHATSAPP_PHONE_NUMBER_ID: settings.waPhoneNumberId,
      WHATSAPP_APP_SECRET: settings.waAppSecret,
      WHATSAPP_VERIFY_TOKEN: settings.waVerifyToken,
      WHATSAPP_API_BASE: whatsappApi.url,
      WHATSAPP_TEMPLATE_NAME: settings.waTemplate,
      STAFF_WHATSAPP_IDS: settings.staffWhatsAppId,
    });
    const errors: string[] = [];
    const logger = createLogger({
      level: "error",
      write: (line) => errors.push(line),
      secrets: [settings.telegramToken, settings.telegramSecret, settings.waToken, settings.waAppSecret],
    });
    const app: App = createApp(config, { logger, clock: { now: clock } });
    const server: Server = createNodeServer(app.http, logger);
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    cleanups.push(() => new Promise((done) => server.close(() => done())));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const refresher = new Refresher(runTag, () => Math.floor(clock().getTime() / 1000));
    const waPeople: WhatsAppPeople = { keyOf: new Map() };
    /** Last inbound message per WhatsApp address (the 24-hour customer service window). */
    const lastInbound = new Map<string, number>();
    const windowOpen = (address: string) => {
      const key = waPeople.keyOf.get(address) ?? address;
      const at = lastInbound.get(key);
      return at !== undefined && clock().getTime() - at < 24 * 3600 * 1000;
    };

    const deliveries: DeliveryResult[] = [];
    const violations: ConformanceViolation[] = [];
    let outboundCalls = 0;

    const post = async (channel: "telegram" | "whatsapp", raw: Buffer) => {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (channel === "telegram") headers["x-telegram-bot-api-secret-token"] = settings.telegramSecret;
      else
        headers["x-hub-signature-256"] =
          `sha256=${createHmac("sha256", settings.waAppSecret).update(raw).digest("hex")}`;
      const response = await fetch(`${base}/${channel}`, { method: "POST", headers, body: raw });
      const text = await response.text();
      return { status: response.status, text };
    };
    const settle = async () => {
      // Replies are sent before the webhook answers; wait briefly for anything late.
      let last = -1;
      for (let i = 0; i < 40; i++) {
        const count = telegramApi.calls.length + whatsappApi.calls.length;
        if (count === last) return;
        last = count;
        await new Promise((done) => setTimeout(done, 25));
      }
    };

    for (const fixture of fixtures) {
      const body =
        fixture.channel === "telegram"
          ? refresher.telegram(fixture.body)
          : refresher.whatsapp(fixture.body, settings.waPhoneNumberId);
      const expectation =
        fixture.channel === "telegram"
          ? telegramExpectation(isObject(body) ? body : {})
          : whatsappExpectation(body, waPeople);
      // Every inbound WhatsApp message opens (refreshes) the sender's 24-hour window.
      for (const key of expectation.senders ?? []) lastInbound.set(key, clock().getTime());
      const raw = Buffer.from(JSON.stringify(body), "utf8");
      const failures: string[] = [];
      const notes: string[] = [];
      const invalid =
        fixture.channel === "telegram"
          ? validateTelegramUpdate(body, spec)
          : isObject(body) && typeof body.object === "string" && Array.isArray(body.entry)
            ? []
            : ["object/entry missing"];

      const personOfTelegram = (call: RecordedCall) => {
        const chat = String(call.payload.chat_id);
        return expectation.aliases?.[chat] ?? chat;
      };
      const personOfWhatsApp = (call: RecordedGraphCall) => {
        const address = waAddress(call);
        return address === undefined ? undefined : (waPeople.keyOf.get(address) ?? address);
      };
      const repliesIn = (tgFrom: number, waFrom: number) => {
        const byPerson = new Map<string, number>();
        const add = (person: string | undefined) => {
          if (person === undefined || !expectation.people.includes(person)) return;
          byPerson.set(person, (byPerson.get(person) ?? 0) + 1);
        };
        for (const call of telegramApi.calls.slice(tgFrom))
          if (isTelegramReply(call)) add(personOfTelegram(call));
        for (const call of whatsappApi.calls.slice(waFrom)) add(personOfWhatsApp(call));
        return byPerson;
      };
      const validateCalls = (tgFrom: number, waFrom: number) => {
        for (const call of telegramApi.calls.slice(tgFrom)) {
          outboundCalls++;
          for (const problem of validateTelegramCall(call.method, call.payload, spec)) {
            violations.push({ fixture: fixture.name, channel: "telegram", call: call.method, problem });
          }
        }
        for (const call of whatsappApi.calls.slice(waFrom)) {
          outboundCalls++;
          const type = String(call.payload.type ?? (call.payload.status === "read" ? "read" : "?"));
          for (const problem of validateWhatsAppCall(call.payload, { windowOpen })) {
            violations.push({
              fixture: fixture.name,
              channel: "whatsapp",
              call: `messages ${type} to ${waAddress(call) ?? "-"}`,
              problem,
            });
          }
        }
      };
      const checkStatus = (status: number, which: string) => {
        if (status === 200) return;
        if (status === 400 && invalid.length) {
          notes.push(`${which} answered 400: invalid per the spec (${invalid.slice(0, 2).join("; ")})`);
          return;
        }
        failures.push(
          status === 400
            ? `${which} answered 400 for a payload valid per the spec`
            : `${which} answered ${status} (expected 200)`,
        );
      };

      let tgFrom = telegramApi.calls.length;
      let waFrom = whatsappApi.calls.length;
      const errorsFrom = errors.length;
      const first = await post(fixture.channel, raw);
      await settle();
      checkStatus(first.status, "delivery");
      const replies = repliesIn(tgFrom, waFrom);
      validateCalls(tgFrom, waFrom);
      const accepted = first.status === 200;
      const expected = accepted ? expectation.replyTo : [];
      for (const person of expected) {
        if (!replies.get(person)) failures.push(`no reply to ${person} [${expectation.kind}]`);
      }
      for (const [person, count] of replies) {
        if (!expected.includes(person)) {
          failures.push(
            `${count} unexpected repl${count === 1 ? "y" : "ies"} to ${person} [${expectation.kind}]`,
          );
        }
      }

      tgFrom = telegramApi.calls.length;
      waFrom = whatsappApi.calls.length;
      const second = await post(fixture.channel, raw);
      await settle();
      if (second.status !== first.status) {
        checkStatus(second.status, "re-delivery");
        if (second.status !== 200 && second.status !== 400) {
          failures.push(`re-delivery answered ${second.status}, the first delivery ${first.status}`);
        }
      }
      const again = repliesIn(tgFrom, waFrom);
      validateCalls(tgFrom, waFrom);
      for (const [person, count] of again) {
        failures.push(`re-delivery: ${count} more repl${count === 1 ? "y" : "ies"} to ${person}`);
      }
      const newErrors = errors.slice(errorsFrom);
      if (failures.length && newErrors.length) {
        notes.push(`error log: ${newErrors[0]!.slice(0, 300)}`);
      }
      deliveries.push({
        name: fixture.name,
        channel: fixture.channel,
        kind: expectation.kind,
        status: first.status,
        redeliveryStatus: second.status,
        replies: [...replies.values()].reduce((a, b) => a + b, 0),
        redeliveryReplies: [...again.values()].reduce((a, b) => a + b, 0),
        failures,
        notes,
      });
    }

    const lines: string[] = [];
    for (const delivery of deliveries) {
      for (const failure of delivery.failures) lines.push(`FAIL ${delivery.name}: ${failure}`);
      for (const note of delivery.notes) lines.push(`note ${delivery.name}: ${note}`);
    }
    for (const violation of violations) {
      lines.push(
        `VIOLATION ${violation.fixture}: ${violation.channel} ${violation.call}: ${violation.problem}`,
      );
    }
    const okCount = deliveries.filter((delivery) => delivery.failures.length === 0).length;
    const summary = `conformance: inbound ${okCount}/${deliveries.length} ok, outbound ${outboundCalls} calls, ${violations.length} violations`;
    lines.push(summary);
    return {
      deliveries,
      outboundCalls,
      violations,
      lines,
      summary,
      ok: okCount === deliveries.length && violations.length === 0,
    };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}
