// `admin -- jobs [--format json|csv]`: recent outbox jobs (broadcasts) with their counters.
import { audienceKey, counterNames } from "../../functions/lib/core/outbox/model.js";
import { createOutboxJobRepository } from "../../functions/lib/store/outbox-jobs.js";
import { render } from "../lib/output.js";
import { type AdminCommand, flagsOnly, formatFlag, UsageError } from "./command.js";

const spec = { values: ["format", "limit"] };
const columns = [
  "id",
  "state",
  "audience",
  "sendAt",
  "createdAt",
  "startedAt",
  "finishedAt",
  "createdBy",
  ...counterNames,
  "text",
];

function limitOf(value: string | true | undefined): number {
  if (value === undefined) return 50;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError("--limit must be 1-1000");
  return limit;
}

const iso = (epochMs: number | undefined) => (epochMs === undefined ? "" : new Date(epochMs).toISOString());

export const jobsCommand: AdminCommand = {
  summary: "outbox jobs (broadcasts) with their counters, newest first [--format json|csv] [--limit n]",
  usage: "admin -- jobs [--format json|csv] [--limit n]",
  parse(args) {
    const flags = flagsOnly(args, spec);
    formatFlag(flags);
    limitOf(flags.limit);
  },
  async run(args, store, io) {
    const flags = flagsOnly(args, spec);
    const jobs = await createOutboxJobRepository({
      client: store.documentClient,
      tableName: store.tableName,
    }).listRecent(limitOf(flags.limit));
    const rows = jobs.map((job) => ({
      id: job.id,
      state: job.state,
      audience: audienceKey(job.audience),
      sendAt: iso(job.sendAt),
      createdAt: iso(job.createdAt),
      startedAt: iso(job.startedAt),
      finishedAt: iso(job.finishedAt),
      createdBy: job.createdBy ? `${job.createdBy.channel}:${job.createdBy.userId}` : "cli",
      ...job.counters,
      text: job.content.text,
    }));
    io.out(render(rows, formatFlag(flags), columns));
    return 0;
  },
};
