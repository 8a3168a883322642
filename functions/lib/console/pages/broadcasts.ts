// Broadcasts page: compose, audience with the exact count, preview per channel, send now or at a WIB time,
// cancel, live counters, CSV. The same core as /siaran and the CLI (compose.ts, the outbox job repository):
// the planner sends it (every minute on AWS, polled by `npm start` locally).
import * as z from "zod";
import enStrings from "../../../../locales/en/console-broadcasts.json" with { type: "json" };
import idStrings from "../../../../locales/id/console-broadcasts.json" with { type: "json" };
import { templateParamMaxLength, templateParamText } from "../../channels/whatsapp/messenger.js";
import {
  broadcastAudienceKinds,
  checkBroadcastText,
  createBroadcast,
  maxTextLength,
  mayBroadcastTo,
} from "../../core/broadcast/compose.js";
import { parseWibTime } from "../../core/broadcast/schedule.js";
import type { I18n } from "../../core/i18n.js";
import {
  type Audience,
  audienceKey,
  counterNames,
  jobIdFor,
  jobIdPattern,
  type OutboxJob,
} from "../../core/outbox/model.js";
import type { AudienceResolver, JobRepository } from "../../core/outbox/ports.js";
import { audienceLabel } from "../../core/outbox/report.js";
import type { Clock } from "../../core/ports.js";
import { categories } from "../../core/registration/fields.js";
import { kecamatanById, kecamatanList } from "../../core/registration/kecamatan.js";
import { apiJson, badRequest, csvDownload } from "../respond.js";
import type { ConsoleCall, ConsolePage } from "../route.js";

export interface BroadcastsPageDeps {
  readonly jobs: JobRepository;
  readonly audiences: AudienceResolver;
  readonly i18n: I18n;
  readonly clock: Clock;
  /** WhatsApp is on and has a template for messages outside the 24-hour window. */
  readonly whatsapp: { readonly enabled: boolean; readonly template: boolean };
}

const listed = 50;
/** Jobs read to find them: reply retries and digests share the job index with broadcasts. */
const scanned = 200;

const audienceSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("semua") }),
  z.strictObject({ kind: z.literal("penjual") }),
  z.strictObject({ kind: z.literal("pelanggan") }),
  z.strictObject({ kind: z.literal("kategori"), value: z.enum(categories) }),
  z.strictObject({
    kind: z.literal("kecamatan"),
    value: z.string().refine((value) => kecamatanById(value) !== undefined),
  }),
]);
const draftSchema = z.strictObject({
  text: z
    .string()
    .trim()
    .max(maxTextLength * 2),
  audience: audienceSchema,
  /** WIB, as the page's date and time inputs give it: "2026-12-25 08:00". */
  sendAt: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
    .optional(),
});
const sendSchema = draftSchema.extend({
  /** The page's id for this draft: a retried click makes the same job, not a second one. */
  draft: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
});
const idSchema = z.strictObject({ id: z.string().regex(jobIdPattern) });
const idQuery = z.object({ id: z.string().regex(jobIdPattern) });

const listColumns = [
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
] as const;

type Refusal = { readonly response: ReturnType<typeof apiJson> };
type Checked = {
  readonly text: string;
  readonly audience: Audience;
  readonly sendAt?: number;
  readonly count: number;
};

export function createBroadcastsPage(deps: BroadcastsPageDeps): ConsolePage {
  const iso = (ms?: number) => (ms ? new Date(ms).toISOString() : "");
  const actorOf = (job: OutboxJob) =>
    job.createdBy ? `${job.createdBy.channel}:${job.createdBy.userId}` : "cli";

  const view = (job: OutboxJob, call: ConsoleCall) => ({
    id: job.id,
    state: job.state,
    audience: audienceKey(job.audience),
    audienceLabel: audienceLabel(deps.i18n.t(call.language), job),
    sendAt: job.sendAt,
    createdAt: job.createdAt,
    ...(job.startedAt ? { startedAt: job.startedAt } : {}),
    ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
    createdBy: actorOf(job),
    text: job.content.text,
    counters: job.counters,
    cancellable:
      (job.state === "scheduled" || job.state === "running") && mayBroadcastTo(call.staff.role, job.audience),
  });

  /** The draft checked as the chat checks it: text, the role's audiences, availability, WIB time, count. */
  async function check(call: ConsoleCall, input: z.infer<typeof draftSchema>): Promise<Checked | Refusal> {
    const text = checkBroadcastText(input.text);
    if (!text.ok) return { response: apiJson(400, { error: `text-${text.error}`, max: text.max }) };
    const audience = input.audience as Audience;
    if (!mayBroadcastTo(call.staff.role, audience))
      return { response: apiJson(403, { error: "audience-not-allowed" }) };
    if (deps.audiences.availability(audience) === "unavailable")
      return { response: apiJson(409, { error: "audience-unavailable" }) };
    let sendAt: number | undefined;
    if (input.sendAt) {
      const parsed = parseWibTime(input.sendAt, deps.clock.now());
      if (!parsed.ok) return { response: apiJson(400, { error: `time-${parsed.error}` }) };
      sendAt = parsed.at.getTime();
    }
    const count = await deps.audiences.count(audience);
    return { text: input.text, audience, count, ...(sendAt ? { sendAt } : {}) };
  }

  async function recent(call: ConsoleCall) {
    const jobs = await deps.jobs.listRecent(scanned);
    return jobs
      .filter((job) => job.kind === "broadcast")
      .slice(0, listed)
      .map((job) => view(job, call));
  }

  async function oneJob(call: ConsoleCall) {
    const parsed = idQuery.safeParse(call.query);
    if (!parsed.success) return undefined;
    const job = await deps.jobs.get(parsed.data.id);
    return job?.kind === "broadcast" ? job : null;
  }

  const options = (call: ConsoleCall) => {
    const t = deps.i18n.t(call.language);
    return {
      kinds: broadcastAudienceKinds
        .filter((kind) => mayBroadcastTo(call.staff.role, { kind }))
        .map((kind) => ({
          kind,
          label: t(`broadcast:audience.choice.${kind}`),
          // Only "pelanggan" can be unavailable (no subscriber source); it has no value.
          available: kind !== "pelanggan" || deps.audiences.availability({ kind }) === "available",
        })),
      categories: categories.map((id) => ({ id, label: t(`registration:category.${id}`) })),
      kecamatan: kecamatanList.map(({ id, name }) => ({ id, name })),
      maxText: maxTextLength,
      templateMax: templateParamMaxLength,
      whatsapp: deps.whatsapp,
    };
  };

  return {
    id: "broadcasts",
    strings: { id: idStrings, en: enStrings },
    routes: [
      {
        method: "GET",
        path: "broadcasts",
        handle: async (call) => apiJson(200, { broadcasts: await recent(call), options: options(call) }),
      },
      {
        method: "GET",
        path: "broadcasts.csv",
        async handle(call) {
          const jobs = await recent(call);
          const rows = jobs.map((job) => ({
            ...job,
            ...job.counters,
            sendAt: iso(job.sendAt),
            createdAt: iso(job.createdAt),
            startedAt: iso(job.startedAt),
            finishedAt: iso(job.finishedAt),
          }));
          await call.audit("broadcast.export", "broadcasts", undefined, { rows: rows.length });
          return csvDownload("siaran.csv", rows, listColumns);
        },
      },
      {
        method: "GET",
        path: "broadcasts/job",
        async handle(call) {
          const job = await oneJob(call);
          if (job === undefined) return badRequest();
          return job ? apiJson(200, { broadcast: view(job, call) }) : apiJson(404, { error: "missing" });
        },
      },
      {
        method: "GET",
        path: "broadcasts/job.csv",
        async handle(call) {
          const job = await oneJob(call);
          if (job === undefined) return badRequest();
          if (!job) return apiJson(404, { error: "missing" });
          const rows = counterNames.map((counter) => ({ id: job.id, counter, value: job.counters[counter] }));
          await call.audit("broadcast.export", job.id, undefined, { rows: rows.length });
          return csvDownload(`siaran-${job.id}.csv`, rows, ["id", "counter", "value"]);
        },
      },
      {
        method: "POST",
        path: "broadcasts/preview",
        async handle(call) {
          const parsed = draftSchema.safeParse(call.body);
          if (!parsed.success) return badRequest();
          const checked = await check(call, parsed.data);
          if ("response" in checked) return checked.response;
          return apiJson(200, {
            count: checked.count,
            audienceLabel: audienceLabel(deps.i18n.t(call.language), checked),
            ...(checked.sendAt ? { sendAt: checked.sendAt } : {}),
            text: checked.text,
            length: checked.text.length,
            // Outside WhatsApp's 24-hour window the text goes as the template's one-line parameter.
            whatsappTemplateText: templateParamText(checked.text),
          });
        },
      },
      {
        method: "POST",
        path: "broadcasts/send",
        async handle(call) {
          const parsed = sendSchema.safeParse(call.body);
          if (!parsed.success) return badRequest();
          const { draft, ...input } = parsed.data;
          const checked = await check(call, input);
          if ("response" in checked) return checked.response;
          if (checked.count === 0) return apiJson(409, { error: "empty-audience" });
          const now = deps.clock.now();
          const { job, created } = await createBroadcast(deps.jobs, {
            id: jobIdFor(`console:${call.actor}:${draft}`),
            audience: checked.audience,
            content: { text: checked.text },
            createdBy: call.staff.user,
            createdByLanguage: call.language,
            ...(checked.sendAt ? { sendAt: checked.sendAt } : {}),
            now,
          });
          if (created)
            await call.audit("broadcast.create", job.id, undefined, {
              audience: audienceKey(job.audience),
              count: checked.count,
              sendAt: iso(job.sendAt),
              text: job.content.text,
            });
          return apiJson(200, { broadcast: view(job, call), created });
        },
      },
      {
        method: "POST",
        path: "broadcasts/cancel",
        async handle(call) {
          const parsed = idSchema.safeParse(call.body);
          if (!parsed.success) return badRequest();
          const found = await deps.jobs.get(parsed.data.id);
          if (found?.kind !== "broadcast") return apiJson(404, { error: "missing" });
          if (!mayBroadcastTo(call.staff.role, found.audience))
            return apiJson(403, { error: "audience-not-allowed" });
          const result = await deps.jobs.cancel(found.id, deps.clock.now());
          if (!result) return apiJson(404, { error: "missing" });
          if (!result.changed) return apiJson(409, { error: "already", broadcast: view(result.job, call) });
          await call.audit(
            "broadcast.cancel",
            found.id,
            { state: found.state },
            { state: result.job.state, sent: result.job.counters.sent },
          );
          return apiJson(200, { broadcast: view(result.job, call) });
        },
      },
    ],
  };
}
