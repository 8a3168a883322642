// `npm run bench -- --only requests`: DynamoDB requests and consumed capacity per flow, counted on the client
// (every attempt, retries included) with ReturnConsumedCapacity on every call, against the issue #21
// targets. Capacity is what DynamoDB Local reports; the local outbox queue (QUEUE# items, SQS on AWS) is
// counted apart.
import { type App, createApp } from "../../functions/lib/app/create-app.js";
import { parseConfig } from "../../functions/lib/config/config.js";
import type { HttpRequest } from "../../functions/lib/http/types.js";
import { createLogger } from "../../functions/lib/log/logger.js";
import { createDocumentClient } from "../../functions/lib/store/dynamo.js";
import type { DynamoDBDocumentClient as DocumentClient } from "../../functions/lib/store/dynamo-commands.js";
import type { FakeTelegramApi } from "../../tests/fakes/telegram-api.js";
import { startFakeWhatsAppApi } from "../../tests/fakes/whatsapp-api.js";
import { seedContacts } from "../../tests/outbox/seed.js";
import { whatsappEnv } from "../../tests/whatsapp/helpers.js";
import { createLocalClient, ensureTable, localRegion } from "./dynamodb-local.js";

export const token = "123456:BENCH-token";
export const secret = "bench-secret";
export const staffId = 777_000;

export interface Tally {
  requests: number;
  queueRequests: number;
  rcu: number;
  wcu: number;
  /** WCU as AWS bills them: a transaction's items at 2 WCU each (DynamoDB Local reports about one). */
  awsWcu: number;
  /** Of `wcu`: the part written to the GSIs. */
  indexWcu: number;
  byOperation: Record<string, number>;
}
export const emptyTally = (): Tally => ({
  requests: 0,
  queueRequests: 0,
  rcu: 0,
  wcu: 0,
  awsWcu: 0,
  indexWcu: 0,
  byOperation: {},
});

interface Capacity {
  CapacityUnits?: number;
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

/** True when the request only touches the local queue (QUEUE# items): SQS on AWS, not DynamoDB. */
function isQueueRequest(input: Record<string, unknown>): boolean {
  const text = JSON.stringify(input);
  return text.includes('"QUEUE#') && !/"(USER|JOB|STATS|INBOUND)#?/.test(text);
}

const dataCommands =
  /^((Get|Put|Update|Delete)Item|Query|Scan|BatchGetItem|BatchWriteItem|TransactWriteItems|TransactGetItems)$/;

export function countingClient(endpoint: string, tally: { current: Tally }) {
  // Per attempt, inside the client's retry loop: retries are counted, and each asks for its consumed capacity.
  const documentClient = createDocumentClient({
    endpoint,
    region: localRegion,
    interceptors: [
      async (call, next) => {
        const input = call.input;
        const queue = isQueueRequest(input);
        const command = call.operation;
        if (queue) tally.current.queueRequests++;
        else {
          tally.current.requests++;
          tally.current.byOperation[command] = (tally.current.byOperation[command] ?? 0) + 1;
        }
        const writes = /^(Put|Update|Delete|BatchWrite|TransactWrite)/.test(command);
        if (dataCommands.test(command)) input.ReturnConsumedCapacity = "INDEXES";
        const result = await next();
        const consumed = result.ConsumedCapacity as Capacity | Capacity[] | undefined;
        if (!queue) {
          let reported = 0;
          for (const each of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
            const write = each.WriteCapacityUnits ?? 0;
            const read = each.ReadCapacityUnits ?? 0;
            tally.current.wcu += write;
            tally.current.rcu += read;
            // Local reports only the total for some calls: a call that writes has no reads.
            reported += write;
            if (!write && !read && each.CapacityUnits) {
              if (writes) {
                tally.current.wcu += each.CapacityUnits;
                reported += each.CapacityUnits;
              } else tally.current.rcu += each.CapacityUnits;
            }
            if (writes)
              for (const index of Object.values(each.GlobalSecondaryIndexes ?? {}))
                tally.current.indexWcu += index.CapacityUnits ?? 0;
          }
          // A lower bound of AWS's bill: every item of a transaction at least 2 WCU (Local reports about one).
          const transactItems = (input.TransactItems as unknown[] | undefined)?.length ?? 0;
          tally.current.awsWcu +=
            command === "TransactWriteItems" ? Math.max(reported, 2 * transactItems) : reported;
        }
        return result;
      },
    ],
  });
  return { documentClient };
}

let updateId = 9_000_000;
export const request = (update: object): HttpRequest => ({
  method: "POST",
  path: "/telegram",
  headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
  query: {},
  rawBody: Buffer.from(JSON.stringify(update)),
});
export const text = (userId: number, value: string) => ({
  update_id: ++updateId,
  message: {
    message_id: updateId,
    date: Math.floor(Date.now() / 1000),
    chat: { id: userId, type: "private", first_name: "Bench" },
    from: { id: userId, is_bot: false, first_name: "Bench" },
    text: value,
  },
});
const press = (userId: number, data: string) => ({
  update_id: ++updateId,
  callback_query: {
    id: `q${updateId}`,
    from: { id: userId, is_bot: false, first_name: "Bench" },
    chat_instance: "c",
    data,
    message: {
      message_id: 1,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: "private", first_name: "Bench" },
    },
  },
});
const contact = (userId: number) => ({
  update_id: ++updateId,
  message: {
    message_id: updateId,
    date: Math.floor(Date.now() / 1000),
    chat: { id: userId, type: "private", first_name: "Bench" },
    from: { id: userId, is_bot: false, first_name: "Bench" },
    contact: { phone_number: "6281234567890", first_name: "Bench", user_id: userId },
  },
});

export interface FlowCount {
  readonly flow: string;
  readonly samples: number;
  /** Per sample. */
  readonly requests: number;
  readonly rcu: number;
  readonly wcu: number;
  /** Modelled AWS WCU (transactions at 2 per item). */
  readonly awsWcu: number;
  /** Of `wcu`: the part written to the GSIs. */
  readonly indexWcu: number;
  readonly byOperation: Record<string, number>;
  readonly target?: string;
  readonly meets?: boolean;
}

/**
 * The app both request benches drive: a fresh table, the Telegram webhook against the fake Bot API, limits
 * raised out of the way, and the counting client; `send` posts one update and insists on a 200.
 */
export async function benchApp(
  endpoint: string,
  fake: FakeTelegramApi,
  documentClient: DocumentClient,
  tableName: string,
  extraEnv: Record<string, string> = {},
) {
  const admin = createLocalClient(endpoint);
  await ensureTable(admin, tableName);
  admin.destroy();
  const config = parseConfig({
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: endpoint,
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_WEBHOOK_SECRET: secret,
    TELEGRAM_API_ROOT: fake.url,
    TELEGRAM_MODE: "webhook",
    LOG_LEVEL: "silent",
    STAFF_TELEGRAM_IDS: String(staffId),
    USER_RATE_LIMIT_PER_MINUTE: "10000",
    TELEGRAM_RATE_PER_SECOND: "5000",
    TELEGRAM_RATE_PER_CHAT_PER_SECOND: "1000",
    AWS_REGION: localRegion,
    ...extraEnv,
  });
  const app = createApp(config, { logger: createLogger({ level: "silent" }), documentClient });
  const send = async (update: object) => {
    const response = await app.http(request(update));
    if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
  };
  return { app, send };
}

export async function requestCountBench(
  endpoint: string,
  fake: FakeTelegramApi,
  options: { recipients?: number; sellers?: number } = {},
): Promise<FlowCount[]> {
  const tally = { current: emptyTally() };
  const { documentClient } = countingClient(endpoint, tally);
  const tableName = `bench-req-${Date.now()}`;
  const { app, send } = await benchApp(endpoint, fake, documentClient, tableName, {
    OUTBOX_POLL_MS: "20",
  });
  /** The callback data of the latest offered button whose label contains `label`. */
  const choice = (userId: number, label: string) => {
    const calls = fake.calls.filter((c) => String(c.payload.chat_id) === String(userId));
    for (const call of calls.reverse()) {
      const markup = call.payload.reply_markup as
        | { inline_keyboard?: { text: string; callback_data: string }[][] }
        | undefined;
      const button = (markup?.inline_keyboard ?? [])
        .flat()
        .find((each) => each.text.toLowerCase().includes(label.toLowerCase()));
      if (button) return button.callback_data;
    }
    const last = calls[0]?.payload.text;
    throw new Error(`no choice "${label}" offered to ${userId}; last message: ${String(last).slice(0, 300)}`);
  };
  const results: FlowCount[] = [];
  const measure = async (
    flow: string,
    samples: number,
    run: (i: number) => Promise<void>,
    target?: { label: string; check: (count: FlowCount) => boolean },
  ) => {
    const sum = emptyTally();
    for (let i = 0; i < samples; i++) {
      tally.current = emptyTally();
      await run(i);
      sum.requests += tally.current.requests;
      sum.rcu += tally.current.rcu;
      sum.wcu += tally.current.wcu;
      sum.awsWcu += tally.current.awsWcu;
      sum.indexWcu += tally.current.indexWcu;
      for (const [name, n] of Object.entries(tally.current.byOperation))
        sum.byOperation[name] = (sum.byOperation[name] ?? 0) + n;
    }
    tally.current = emptyTally();
    const count: FlowCount = {
      flow,
      samples,
      requests: sum.requests / samples,
      rcu: sum.rcu / samples,
      wcu: sum.wcu / samples,
      awsWcu: sum.awsWcu / samples,
      indexWcu: sum.indexWcu / samples,
      byOperation: Object.fromEntries(Object.entries(sum.byOperation).map(([k, v]) => [k, v / samples])),
    };
    results.push(target ? { ...count, target: target.label, meets: target.check(count) } : count);
  };

  // A chat turn: an existing person asks for the menu (warm: the contact exists).
  for (let i = 0; i < 10; i++) await send(text(100 + i, "menu"));
  await measure("chat turn (menu, existing person)", 10, (i) => send(text(100 + i, "menu")), {
    label: "<= 3 requests, <= 6 WCU (Local and AWS model)",
    check: (c) => c.requests <= 3 && c.wcu <= 6 && c.awsWcu <= 6,
  });
  await measure("chat turn (FAQ answer)", 10, (i) => send(text(100 + i, "gmn cara daftar nib")), {
    label: "<= 3 requests, <= 6 WCU (Local and AWS model)",
    check: (c) => c.requests <= 3 && c.wcu <= 6 && c.awsWcu <= 6,
  });

  // A tapped button (the menu's "Bantuan"): the choice's single-use token is claimed before it acts.
  for (let i = 0; i < 10; i++) await send(text(300 + i, "menu"));
  await measure("chat turn (menu button)", 10, (i) => send(press(300 + i, choice(300 + i, "Bantuan"))), {
    label: "<= 3 requests, <= 6 WCU (Local and AWS model)",
    check: (c) => c.requests <= 3 && c.wcu <= 6 && c.awsWcu <= 6,
  });

  // Registration up to the summary, then the measured submit and the measured staff approval.
  const registrants = Array.from({ length: 5 }, (_, i) => 200 + i);
  for (const user of registrants) {
    await send(text(user, "/daftar"));
    await send(press(user, choice(user, "Setuju")));
    await send(text(user, "Siti Rahayu"));
    await send(text(user, `Keripik ${user}`));
    await send(press(user, choice(user, "Kuliner")));
    await send(text(user, "kemiling"));
    await send(contact(user));
    await send(text(user, "keripik pisang"));
    await send(press(user, choice(user, "Belum ada")));
    await send(press(user, choice(user, "Tidak")));
    // Buyers may see the seller's chat contact (the step added with buyer browsing).
    await send(press(user, choice(user, "Tampilkan")));
  }
  await measure("registration submit", registrants.length, (i) =>
    send(press(registrants[i]!, choice(registrants[i]!, "Simpan"))),
  );
  await measure("staff approval", registrants.length, (i) =>
    send(press(staffId, `rv:ok:telegram:${registrants[i]}`)),
  );

  // /statistik and audience counts, after seeding contacts and approved sellers.
  const sellers = options.sellers ?? Number(process.env.BENCH_SELLERS ?? 200);
  await seedContacts(
    documentClient,
    tableName,
    Array.from({ length: sellers }, (_, i) => ({
      channel: "telegram" as const,
      userId: String(300_000 + i),
      seller: { category: i % 2 ? "kuliner" : "fashion", kecamatan: "kemiling" },
    })),
  );
  await measure("/statistik", 3, () => send(text(staffId, "/statistik")), {
    label: "<= 5 requests",
    check: (c) => c.requests <= 5,
  });
  const audiences = app.outbox.audiences;
  for (const audience of [
    { kind: "penjual" },
    { kind: "kategori", value: "kuliner" },
    { kind: "pelanggan" },
    { kind: "semua" },
  ] as const) {
    await measure(
      `audience count (${audience.kind})`,
      3,
      async () => void (await audiences.count(audience)),
      {
        label: "<= 5 requests",
        check: (c) => c.requests <= 5,
      },
    );
  }

  // A bulk message: a broadcast to every contact, planned and delivered through the local outbox; Telegram
  // in this table, WhatsApp in a table of its own (a WhatsApp delivery also writes its message pointer).
  const recipients = options.recipients ?? Number(process.env.BENCH_RECIPIENTS ?? 200);
  await seedContacts(
    documentClient,
    tableName,
    Array.from({ length: recipients }, (_, i) => ({
      channel: "telegram" as const,
      userId: String(400_000 + i),
    })),
  );
  results.push(await bulkMessage(app, tally, "Telegram"));

  const whatsapp = await startFakeWhatsAppApi();
  try {
    const wa = countingClient(endpoint, tally);
    const waTable = `${tableName}-wa`;
    const { app: waApp } = await benchApp(endpoint, fake, wa.documentClient, waTable, {
      OUTBOX_POLL_MS: "20",
      ...whatsappEnv(whatsapp.url),
      WHATSAPP_RATE_PER_SECOND: "5000",
      WHATSAPP_PAIR_RATE_SECONDS: "0.001",
    });
    const recent = Date.now() - 60 * 60 * 1000;
    await seedContacts(
      wa.documentClient,
      waTable,
      Array.from({ length: recipients }, (_, i) => ({
        channel: "whatsapp" as const,
        userId: `62813${String(400_000 + i).padStart(7, "0")}`,
        lastInboundAt: recent,
      })),
    );
    results.push(await bulkMessage(waApp, tally, "WhatsApp"));
  } finally {
    await whatsapp.close();
  }
  return results;
}

/** Plans and delivers a broadcast to everyone in `app`'s table; the counts per recipient. */
async function bulkMessage(app: App, tally: { current: Tally }, channel: string): Promise<FlowCount> {
  const everyone = await app.outbox.audiences.count({ kind: "semua" });
  tally.current = emptyTally();
  const now = new Date();
  await app.outbox.jobs.create({
    id: `benchjob${Date.now()}`,
    audience: { kind: "semua" },
    content: { text: "Pengumuman bench." },
    createdByLanguage: "id",
    sendAt: now,
    now,
  });
  const runner = app.outbox.startLocal();
  const started = Date.now();
  for (;;) {
    const [job] = await app.outbox.jobs.listRecent(1);
    if (job?.finishedAt) break;
    if (Date.now() - started > 600_000) throw new Error("the bench broadcast did not finish in 10 minutes");
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await runner.stop();
  const bulk = tally.current;
  const count: FlowCount = {
    flow: `bulk message, ${channel} (per recipient, ${everyone} recipients, planner + worker, polling included)`,
    samples: everyone,
    requests: bulk.requests / everyone,
    rcu: bulk.rcu / everyone,
    wcu: bulk.wcu / everyone,
    awsWcu: bulk.awsWcu / everyone,
    indexWcu: bulk.indexWcu / everyone,
    byOperation: Object.fromEntries(Object.entries(bulk.byOperation).map(([k, v]) => [k, v / everyone])),
  };
  return { ...count, target: "<= 4 WCU on AWS (model)", meets: count.awsWcu <= 4 };
}

export function formatRequestCounts(rows: readonly FlowCount[]): string {
  const lines = [
    "DynamoDB requests and capacity per flow (client-side, every attempt; capacity as DynamoDB Local reports it)",
    "flow | requests | RCU | WCU (of which GSI) | AWS WCU (model) | target | meets | by operation",
  ];
  for (const row of rows) {
    lines.push(
      [
        row.flow,
        row.requests.toFixed(2),
        row.rcu.toFixed(2),
        `${row.wcu.toFixed(2)} (${row.indexWcu.toFixed(2)})`,
        row.awsWcu.toFixed(2),
        row.target ?? "-",
        row.meets === undefined ? "-" : row.meets ? "yes" : "NO",
        Object.entries(row.byOperation)
          .map(([name, n]) => `${name} ${n.toFixed(2)}`)
          .join(", "),
      ].join(" | "),
    );
  }
  return lines.join("\n");
}
