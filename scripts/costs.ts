// `npm run costs`: the README's monthly cost table, recomputed from measured DynamoDB counts per flow (the
// scale run's bench/scale.json when present, else the figures of the last run recorded below) and list prices.
// Usage volumes per user are ASSUMPTIONS, printed with the table; prices can be replaced with `--prices file.json`.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(new URL("..", import.meta.url).pathname);

/** Per request of one flow: DynamoDB requests, RCU, WCU as AWS bills them (transactions at 2 WCU per item). */
interface FlowCost {
  readonly requests: number;
  readonly rcu: number;
  readonly awsWcu: number;
}

/**
 * Measured with `npm run bench -- --only requests` and `--only scale` (DynamoDB Local, 2026-12-03). The chat turn
 * and registration come from the requests run; the bulk message and `/statistik` are replaced by bench/scale.json.
 */
const measured = {
  at: "2026-12-03 (AWS WRU: transactions at 2 per item, at least what Local reports)",
  chatTurn: { requests: 2, rcu: 1, awsWcu: 6 },
  registration: { requests: 7, rcu: 2, awsWcu: 14 },
  approval: { requests: 6, rcu: 2.3, awsWcu: 19.4 },
  /**
   * A WhatsApp status callback on a bulk message: NOT measured; from the code, a GetItem of the message's
   * pointer and a two-item transaction (the delivery record and a counter shard, 2 x 2 WRU).
   */
  statusCallback: { requests: 2, rcu: 1, awsWcu: 4 },
  /**
   * What a WhatsApp bulk message adds to the scale run's Telegram one (`--only requests`, 2026-12-03 15:40 UTC:
   * 4.58 vs 3.56 requests, 1.62 vs 1.69 RRU, 3.20 vs 2.18 WRU): its message pointer; the contact is read once.
   */
  whatsappBulkExtra: { requests: 1.02, rcu: 0, awsWcu: 1.02 },
  scale: [
    {
      users: 1_000,
      bulk: { requests: 3.39, rcu: 1.26, awsWcu: 2.12 },
      statistik: { requests: 3, rcu: 2, awsWcu: 6 },
      semua: { requests: 1, rcu: 0.5, awsWcu: 0 },
    },
    {
      users: 10_000,
      bulk: { requests: 3.31, rcu: 1.19, awsWcu: 2.12 },
      statistik: { requests: 3, rcu: 2, awsWcu: 6 },
      semua: { requests: 1, rcu: 0.5, awsWcu: 0 },
    },
    {
      users: 100_000,
      bulk: { requests: 3.31, rcu: 1.19, awsWcu: 2.12 },
      statistik: { requests: 3, rcu: 2, awsWcu: 6 },
      semua: { requests: 1, rcu: 0.5, awsWcu: 0 },
    },
  ] as { users: number; bulk: FlowCost; statistik: FlowCost; semua: FlowCost }[],
};

interface ScaleFile {
  at: string;
  points: {
    users: number;
    statistik: FlowCost;
    audienceCounts: Record<string, FlowCost>;
    perRecipient: FlowCost;
  }[];
}

const scaleFile = join(root, "bench/scale.json");
if (existsSync(scaleFile)) {
  const data = JSON.parse(readFileSync(scaleFile, "utf8")) as ScaleFile;
  measured.at = `${measured.at}; scale run ${data.at.slice(0, 10)}`;
  measured.scale = data.points.map((point) => ({
    users: point.users,
    bulk: point.perRecipient,
    statistik: point.statistik,
    semua: point.audienceCounts.semua ?? { requests: Number.NaN, rcu: Number.NaN, awsWcu: Number.NaN },
  }));
}

/**
 * US East (N. Virginia) list prices in USD (on-demand DynamoDB after the November 2024 cut). Jakarta's
 * (ap-southeast-3) could not be read from this machine: pass them with `--prices file.json` (same keys).
 */
let prices = {
  region: "us-east-1 list prices (Jakarta: supply with --prices)",
  dynamoWruPerMillion: 0.625,
  dynamoRruPerMillion: 0.125,
  dynamoGbMonth: 0.25,
  lambdaRequestsPerMillion: 0.2,
  lambdaArmGbSecond: 0.0000133334,
  apiGatewayHttpPerMillion: 1.0,
  sqsPerMillion: 0.4,
  cloudwatchLogsPerGb: 0.5,
  cloudwatchAlarm: 0.1,
  pitrGbMonth: 0.2,
  schedulerPerMillion: 1.0,
};
const pricesArg = process.argv.indexOf("--prices");
if (pricesArg > 0 && process.argv[pricesArg + 1]) {
  prices = { ...prices, ...JSON.parse(readFileSync(process.argv[pricesArg + 1]!, "utf8")) };
}

/** Assumed usage per user and month (the README lists them). */
const usage = {
  chatMessagesPerUser: 8.7, // 10,000 messages a week for 5,000 users
  bulkMessagesPerUser: 5.35, // the weekly digest to everyone (4.35) plus one broadcast
  whatsappShare: 0.5, // half of the people write on WhatsApp
  statusCallbacksPerWhatsAppMessage: 3, // sent, delivered, read
  registrationsPerUser: 0.01, // 1% of users register as sellers in a month
  staffStatistikPerMonth: 60,
  audienceCountsPerMonth: 20,
  webhookSeconds: 0.15, // a webhook waits for its reply to be sent
  workerSecondsPerMessage: 0.12,
  statusSeconds: 0.02,
  memoryGb: 0.5,
  itemKbPerUser: 2, // contact, session, subscription
  deliveryKbPerBulkMessage: 0.5, // delivery records (kept a month)
  logKbPerInvocation: 1,
  sqsRequestsPerBulkMessage: 0.3, // SendMessageBatch, ReceiveMessage and DeleteMessageBatch, 10 at a time
  sqsEmptyPollsPerMonth: 650_000, // the event source's long polls
  marketingTemplateUsd: 0.04, // Meta, Indonesia, per delivered marketing template (check the rate card)
  marketingShareOfWhatsAppBulk: 1, // the digest goes out as a marketing template outside the 24 h window
};

/** The measured point nearest to `users` (counts per recipient are flat, so the nearest is representative). */
function nearest(users: number) {
  return [...measured.scale].sort((a, b) => Math.abs(a.users - users) - Math.abs(b.users - users))[0]!;
}

const usd = (value: number) => (value < 0.01 ? "< $0.01" : `$${value.toFixed(2)}`);
const million = (value: number) => `${(value / 1e6).toFixed(2)} M`;

function monthly(users: number) {
  const point = nearest(users);
  const chats = users * usage.chatMessagesPerUser;
  const bulk = users * usage.bulkMessagesPerUser;
  const whatsappBulk = bulk * usage.whatsappShare;
  const statuses = whatsappBulk * usage.statusCallbacksPerWhatsAppMessage;
  const registrations = users * usage.registrationsPerUser;
  // /statistik and the `semua` count, as measured at the nearest size.
  const staffReads =
    usage.staffStatistikPerMonth * point.statistik.rcu + usage.audienceCountsPerMonth * point.semua.rcu;
  const dispatcherRuns = 60 * 24 * 31;
  const wru =
    chats * measured.chatTurn.awsWcu +
    bulk * point.bulk.awsWcu +
    whatsappBulk * measured.whatsappBulkExtra.awsWcu +
    statuses * measured.statusCallback.awsWcu +
    registrations * (measured.registration.awsWcu + measured.approval.awsWcu) +
    usage.staffStatistikPerMonth * point.statistik.awsWcu;
  const rru =
    chats * measured.chatTurn.rcu +
    bulk * point.bulk.rcu +
    whatsappBulk * measured.whatsappBulkExtra.rcu +
    statuses * measured.statusCallback.rcu +
    registrations * (measured.registration.rcu + measured.approval.rcu) +
    staffReads +
    dispatcherRuns; // the every-minute planner's query for due jobs
  const storageGb = (users * usage.itemKbPerUser + bulk * usage.deliveryKbPerBulkMessage) / 1024 / 1024;
  const webhookCalls = chats + statuses + registrations * 12;
  const invocations = webhookCalls + bulk / 10 + dispatcherRuns + 24 * 31 + 5;
  const gbSeconds =
    (chats + registrations * 12) * usage.webhookSeconds * usage.memoryGb +
    statuses * usage.statusSeconds * usage.memoryGb +
    bulk * usage.workerSecondsPerMessage * usage.memoryGb;
  const sqs = bulk * usage.sqsRequestsPerBulkMessage + usage.sqsEmptyPollsPerMonth;
  const logsGb = (invocations * usage.logKbPerInvocation) / 1024 / 1024;
  const rows: [string, string, number][] = [
    [
      "DynamoDB requests (on-demand)",
      `${million(wru)} WRU x $${prices.dynamoWruPerMillion}/M + ${million(rru)} RRU x $${prices.dynamoRruPerMillion}/M (chat ${measured.chatTurn.awsWcu} WRU, bulk ${point.bulk.awsWcu.toFixed(2)} WRU per Telegram recipient, +${measured.whatsappBulkExtra.awsWcu} on WhatsApp, a WhatsApp receipt ${measured.statusCallback.awsWcu})`,
      (wru / 1e6) * prices.dynamoWruPerMillion + (rru / 1e6) * prices.dynamoRruPerMillion,
    ],
    [
      "DynamoDB storage",
      `${storageGb.toFixed(2)} GB x $${prices.dynamoGbMonth} (25 GB free not deducted)`,
      storageGb * prices.dynamoGbMonth,
    ],
    [
      "API Gateway HTTP API",
      `${million(webhookCalls)} webhook calls x $${prices.apiGatewayHttpPerMillion}/M`,
      (webhookCalls / 1e6) * prices.apiGatewayHttpPerMillion,
    ],
    [
      "Lambda requests",
      `${million(invocations)} x $${prices.lambdaRequestsPerMillion}/M`,
      (invocations / 1e6) * prices.lambdaRequestsPerMillion,
    ],
    [
      "Lambda compute (arm64)",
      `${Math.round(gbSeconds).toLocaleString("en")} GB-s x $${prices.lambdaArmGbSecond}`,
      gbSeconds * prices.lambdaArmGbSecond,
    ],
    ["SQS", `${million(sqs)} requests x $${prices.sqsPerMillion}/M`, (sqs / 1e6) * prices.sqsPerMillion],
    [
      "DynamoDB point-in-time recovery",
      `${storageGb.toFixed(2)} GB x $${prices.pitrGbMonth}`,
      storageGb * prices.pitrGbMonth,
    ],
    [
      "EventBridge Scheduler",
      `${million(dispatcherRuns + 24 * 31 + 5)} runs x $${prices.schedulerPerMillion}/M (14 M free not deducted)`,
      ((dispatcherRuns + 24 * 31 + 5) / 1e6) * prices.schedulerPerMillion,
    ],
    ["CloudWatch alarms", `2 x $${prices.cloudwatchAlarm}`, 2 * prices.cloudwatchAlarm],
    [
      "CloudWatch Logs",
      `${logsGb.toFixed(2)} GB x $${prices.cloudwatchLogsPerGb}`,
      logsGb * prices.cloudwatchLogsPerGb,
    ],
  ];
  const aws = rows.reduce((sum, row) => sum + row[2], 0);
  const templates = bulk * usage.whatsappShare * usage.marketingShareOfWhatsAppBulk;
  return { rows, aws, templates, meta: templates * usage.marketingTemplateUsd, point };
}

const lines: string[] = [];
lines.push(`Prices: ${prices.region}. Measured counts: ${measured.at}. Free tiers not deducted.`);
lines.push("");
lines.push("Assumed usage per user and month:");
for (const [key, value] of Object.entries(usage)) lines.push(`- ${key}: ${value}`);
for (const users of [5_000, 100_000]) {
  const result = monthly(users);
  lines.push("");
  lines.push(
    `#### ${users.toLocaleString("en")} users (DynamoDB counts of the ${result.point.users.toLocaleString("en")}-user scale point)`,
  );
  lines.push("");
  lines.push("| Service | Arithmetic | Per month |");
  lines.push("| --- | --- | --- |");
  for (const [service, arithmetic, cost] of result.rows)
    lines.push(`| ${service} | ${arithmetic} | ${usd(cost)} |`);
  lines.push(`| **AWS total** | | **${usd(result.aws)}** |`);
  lines.push(
    `| WhatsApp (Meta, not AWS) | ${Math.round(result.templates).toLocaleString("en")} marketing templates x $${usage.marketingTemplateUsd} | ${usd(result.meta)} |`,
  );
}
lines.push("");
lines.push(
  "Measured per size: DynamoDB cost per bulk recipient (planning + sending, AWS WRU model), /statistik and the `semua` count:",
);
for (const point of measured.scale) {
  const perRecipient =
    (point.bulk.awsWcu / 1e6) * prices.dynamoWruPerMillion +
    (point.bulk.rcu / 1e6) * prices.dynamoRruPerMillion;
  lines.push(
    `- ${point.users.toLocaleString("en")} users: per recipient ${point.bulk.requests.toFixed(2)} requests, ${point.bulk.rcu.toFixed(2)} RCU, ${point.bulk.awsWcu.toFixed(2)} WRU = $${(perRecipient * 1e6).toFixed(2)} per million recipients; /statistik ${point.statistik.requests} requests; \`semua\` count ${point.semua.requests} requests, ${point.semua.rcu} RCU`,
  );
}
console.log(lines.join("\n"));
