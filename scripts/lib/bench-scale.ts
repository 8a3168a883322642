// `npm run bench -- --only scale`: the same counted client as `--only requests`, at growing sizes (default
// 1,000, 10,000 and 100,000 users seeded with BatchWriteItem). Per size: `/statistik` and the audience counts,
// then a broadcast to everyone: planning measured over the whole audience, sending on a sample of the
// deliveries (the worker's per-message work does not depend on the audience's size; sending 100,000 messages
// through DynamoDB Local would take about half an hour here). The local queue (SQS on AWS) is counted apart.
import { performance } from "node:perf_hooks";
import type { FakeTelegramApi } from "../../tests/fakes/telegram-api.js";
import { type SeedContact, seedContacts } from "../../tests/outbox/seed.js";
import { benchApp, countingClient, emptyTally, staffId, type Tally, text } from "./bench-requests.js";

export interface ScaleCount {
  readonly requests: number;
  readonly rcu: number;
  readonly wcu: number;
  /** Modelled AWS WCU: transactions at 2 WCU per item (DynamoDB Local reports about one). */
  readonly awsWcu: number;
  readonly byOperation: Record<string, number>;
}

export interface ScalePoint {
  readonly users: number;
  readonly sellers: number;
  readonly seedSeconds: number;
  readonly statistik: ScaleCount;
  readonly audienceCounts: Record<string, ScaleCount>;
  /** Planning the broadcast to every contact, per recipient (all of them). */
  readonly planning: ScaleCount & { readonly recipients: number; readonly seconds: number };
  /** The worker's sends and settles, per delivered message (a sample). */
  readonly sending: ScaleCount & { readonly sampled: number; readonly seconds: number };
  /** planning + sending, per recipient. */
  readonly perRecipient: ScaleCount;
}

const per = (tally: Tally, n: number): ScaleCount => ({
  requests: tally.requests / n,
  rcu: tally.rcu / n,
  wcu: tally.wcu / n,
  awsWcu: tally.awsWcu / n,
  byOperation: Object.fromEntries(Object.entries(tally.byOperation).map(([k, v]) => [k, v / n])),
});

/** One seller in this many users (the 5,000 sellers among 50,000 people). */
const sellerEvery = 10;

export async function scaleBench(
  endpoint: string,
  fake: FakeTelegramApi,
  options: { sizes?: readonly number[]; sample?: number; log?: (line: string) => void } = {},
): Promise<ScalePoint[]> {
  const sizes = options.sizes ?? [1_000, 10_000, 100_000];
  const sample = options.sample ?? 300;
  const log = options.log ?? (() => {});
  const tally = { current: emptyTally() };
  const { documentClient } = countingClient(endpoint, tally);
  const counted = async (run: () => Promise<unknown>): Promise<Tally> => {
    tally.current = emptyTally();
    await run();
    const result = tally.current;
    tally.current = emptyTally();
    return result;
  };
  const points: ScalePoint[] = [];
  for (const users of sizes) {
    // One table per size: the previous size's unsent queue messages stay out of this one's sample.
    const tableName = `bench-scale-${users}-${Date.now()}`;
    const { app, send } = await benchApp(endpoint, fake, documentClient, tableName);
    const queue = app.outbox.localQueue;
    if (!queue) throw new Error("the scale bench needs the local queue (no OUTBOX_QUEUE_URL)");
    // The staff member exists (a contact) before the first /statistik.
    await send(text(staffId, "menu"));
    const seedStarted = performance.now();
    const contacts: SeedContact[] = [];
    for (let i = 0; i < users; i++) {
      contacts.push({
        channel: "telegram",
        userId: String(1_000_000 + i),
        ...(i % sellerEvery === 0
          ? { seller: { category: i % 20 === 0 ? "kuliner" : "fashion", kecamatan: "kemiling" } }
          : {}),
      });
    }
    await seedContacts(documentClient, tableName, contacts);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    log(`scale: ${users} users seeded in ${seedSeconds.toFixed(0)} s`);
    // Seeding can outlast the minute the knowledge version is cached for: that read (once a minute per
    // instance, whatever the size) is paid by this turn, not by the measured /statistik.
    await send(text(staffId, "menu"));

    const statistik = per(await counted(() => send(text(staffId, "/statistik"))), 1);
    const audienceCounts: Record<string, ScaleCount> = {};
    for (const audience of [
      { kind: "penjual" },
      { kind: "kategori", value: "kuliner" },
      { kind: "pelanggan" },
      { kind: "semua" },
    ] as const) {
      audienceCounts[audience.kind] = per(await counted(() => app.outbox.audiences.count(audience)), 1);
    }

    // Everyone, as a staff broadcast to `semua` would reach them.
    const recipients = await app.outbox.audiences.count({ kind: "semua" });
    const now = new Date();
    await app.outbox.jobs.create({
      id: `scale${users}x${Date.now()}`,
      audience: { kind: "semua" },
      content: { text: "Pengumuman bench skala." },
      createdByLanguage: "id",
      sendAt: now,
      now,
    });
    const planStarted = performance.now();
    const planTally = await counted(() => app.outbox.planner.runDue());
    const planSeconds = (performance.now() - planStarted) / 1000;
    log(`scale: planned ${recipients} deliveries in ${planSeconds.toFixed(0)} s`);

    // The worker as Lambda's SQS event source drives it: batches of 10, in parallel within a batch.
    fake.clear();
    const sendStarted = performance.now();
    let handled = 0;
    const sendTally = await counted(async () => {
      while (handled < sample) {
        const batch = await queue.receive(Math.min(10, sample - handled), 60_000);
        if (!batch.length) break;
        const counts = app.outbox.worker.batch();
        await Promise.all(
          batch.map(async (received) => {
            if ((await counts.handle(received.message)) === "done") await queue.ack(received.handle);
          }),
        );
        await counts.close();
        handled += batch.length;
      }
    });
    const sendSeconds = (performance.now() - sendStarted) / 1000;
    const sent = fake.calls.filter((call) => call.method === "sendMessage").length;
    if (sent < handled) throw new Error(`only ${sent} of ${handled} sampled deliveries were sent`);
    const planning = { ...per(planTally, recipients), recipients, seconds: planSeconds };
    const sending = { ...per(sendTally, handled), sampled: handled, seconds: sendSeconds };
    points.push({
      users,
      sellers: Math.ceil(users / sellerEvery),
      seedSeconds,
      statistik,
      audienceCounts,
      planning,
      sending,
      perRecipient: {
        requests: planning.requests + sending.requests,
        rcu: planning.rcu + sending.rcu,
        wcu: planning.wcu + sending.wcu,
        awsWcu: planning.awsWcu + sending.awsWcu,
        byOperation: {},
      },
    });
    log(formatScale(points.slice(-1)));
  }
  return points;
}

const n2 = (value: number) => value.toFixed(2);

export function formatScale(points: readonly ScalePoint[]): string {
  const lines = [
    "users | /statistik req (RCU) | audience counts req: penjual / kategori / pelanggan / semua | planning req RCU WCU (AWS WCU) per recipient | sending req RCU WCU (AWS WCU) per message (sample) | per recipient req RCU WCU (AWS WCU)",
  ];
  for (const p of points) {
    const a = p.audienceCounts;
    lines.push(
      [
        `${p.users} (${p.sellers} sellers)`,
        `${p.statistik.requests} (${n2(p.statistik.rcu)})`,
        ["penjual", "kategori", "pelanggan", "semua"].map((k) => a[k]?.requests ?? "-").join(" / "),
        `${n2(p.planning.requests)} ${n2(p.planning.rcu)} ${n2(p.planning.wcu)} (${n2(p.planning.awsWcu)}) [${p.planning.recipients} in ${p.planning.seconds.toFixed(0)} s]`,
        `${n2(p.sending.requests)} ${n2(p.sending.rcu)} ${n2(p.sending.wcu)} (${n2(p.sending.awsWcu)}) [${p.sending.sampled} in ${p.sending.seconds.toFixed(0)} s]`,
        `${n2(p.perRecipient.requests)} ${n2(p.perRecipient.rcu)} ${n2(p.perRecipient.wcu)} (${n2(p.perRecipient.awsWcu)})`,
      ].join(" | "),
    );
  }
  return lines.join("\n");
}
