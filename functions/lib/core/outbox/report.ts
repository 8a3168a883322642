// Texts about a job (reports to staff, /siaran_status, the CLI) and sending them to the job's creator.
import type { Logger } from "../../log/logger.js";
import type { Channel } from "../events.js";
import type { I18n, Translate } from "../i18n.js";
import type { Messenger } from "../ports.js";
import { kecamatanById } from "../registration/kecamatan.js";
import { audienceKey, type OutboxJob } from "./model.js";

export function audienceLabel(t: Translate, job: Pick<OutboxJob, "audience">): string {
  const { audience } = job;
  switch (audience.kind) {
    case "kategori":
      return t("broadcast:audience.kategoriOf", { category: t(`registration:category.${audience.value}`) });
    case "kecamatan":
      return t("broadcast:audience.kecamatanOf", {
        kecamatan: kecamatanById(audience.value)?.name ?? audience.value,
      });
    default:
      return t(`broadcast:audience.${audience.kind}`);
  }
}

/** "Terkirim 10 · Gagal 0 · ..."; once sending started, the WhatsApp receipts (Telegram has none). */
export function countersLine(t: Translate, job: OutboxJob): string {
  const c = job.counters;
  const counters = t("broadcast:report.counters", { ...c });
  return job.state === "scheduled" ? counters : `${counters}\n${receiptsLine(t, job)}`;
}

/** Delivered and read counts from WhatsApp's status webhooks; Telegram sends no receipts (not "0"). */
export function receiptsLine(t: Translate, job: OutboxJob): string {
  return t("broadcast:report.receipts", { delivered: job.counters.delivered, read: job.counters.read });
}

export function jobSummary(t: Translate, job: OutboxJob, timeZoneLabel = "WIB"): string {
  return t("broadcast:status.line", {
    id: job.id,
    state: t(`broadcast:state.${job.state}`),
    audience: audienceLabel(t, job),
    when: formatWib(job.sendAt),
    zone: timeZoneLabel,
    counters: countersLine(t, job),
  });
}

export function startedReport(t: Translate, job: OutboxJob): string {
  return t("broadcast:report.started", {
    id: job.id,
    total: job.counters.total,
    audience: audienceLabel(t, job),
  });
}

export function finalReport(t: Translate, job: OutboxJob): string {
  const key = job.state === "cancelled" ? "broadcast:report.cancelledFinal" : "broadcast:report.final";
  return `${t(key, { id: job.id })}\n${countersLine(t, job)}${
    job.counters.uncertain ? `\n${t("broadcast:report.uncertainNote")}` : ""
  }${job.counters.skipped ? `\n${t("broadcast:report.skippedNote")}` : ""}${
    job.counters.held ? `\n${t("broadcast:report.heldNote")}` : ""
  }`;
}

/** WIB (UTC+7, no daylight saving) as "25/12/2025 08.00". */
export function formatWib(epochMs: number): string {
  const wib = new Date(epochMs + 7 * 60 * 60 * 1000);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(wib.getUTCDate())}/${two(wib.getUTCMonth() + 1)}/${wib.getUTCFullYear()} ${two(wib.getUTCHours())}.${two(wib.getUTCMinutes())}`;
}

export interface JobReporter {
  started(job: OutboxJob): Promise<void>;
  finished(job: OutboxJob): Promise<void>;
}

export function createJobReporter(deps: {
  readonly messengers: Partial<Record<Channel, Messenger>>;
  readonly i18n: I18n;
  readonly logger: Logger;
}): JobReporter {
  const send = async (job: OutboxJob, text: (t: Translate) => string, what: string) => {
    const to = job.createdBy;
    if (!to) return; // created by the CLI: `admin -- jobs` shows the counters
    const messenger = deps.messengers[to.channel];
    if (!messenger) return;
    const outcome = await messenger
      .send(to, [{ text: text(deps.i18n.t(job.createdByLanguage)) }])
      .catch((error: unknown) => ({ status: "failed" as const, reason: String(error), retryable: false }));
    if (outcome.status !== "sent")
      deps.logger.warn("outbox.report_not_sent", { jobId: job.id, what, outcome });
  };
  return {
    started: (job) => send(job, (t) => startedReport(t, job), "started"),
    finished: (job) => {
      deps.logger.info("outbox.job_finished", {
        jobId: job.id,
        audience: audienceKey(job.audience),
        ...job.counters,
      });
      return send(job, (t) => finalReport(t, job), "finished");
    },
  };
}
