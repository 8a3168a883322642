// Runs the local outbox (planner + worker on the DynamoDB-backed queue) until a job is finished.
import type { App } from "../../functions/lib/app/create-app.js";
import type { OutboxJob } from "../../functions/lib/core/outbox/model.js";
import { waitFor } from "../support/process.js";

export async function runOutboxUntilDone(app: App, jobId: string): Promise<OutboxJob> {
  const runner = app.outbox.startLocal();
  try {
    return await waitFor(
      async () => {
        const job = await app.outbox.jobs.get(jobId);
        return job?.finishedAt ? job : undefined;
      },
      60_000,
      `job ${jobId} to finish`,
    );
  } finally {
    await runner.stop();
  }
}

/** A "send now" job to everyone, created directly (the chat and CLI paths have their own tests); not run. */
export async function createSendNowJob(
  app: App,
  id: string,
  options: { text?: string; createdBy?: OutboxJob["createdBy"]; now?: Date } = {},
): Promise<OutboxJob> {
  const now = options.now ?? app.clock.now();
  const { job } = await app.outbox.jobs.create({
    id,
    audience: { kind: "semua" },
    content: { text: options.text ?? `Pengumuman ${id}` },
    ...(options.createdBy ? { createdBy: options.createdBy } : {}),
    createdByLanguage: "id",
    sendAt: now,
    now,
  });
  return job;
}

/** A "send now" broadcast to everyone, run until it is finished. */
export async function broadcastNow(app: App, id: string, text: string, createdBy?: OutboxJob["createdBy"]) {
  await createSendNowJob(app, id, { text, ...(createdBy ? { createdBy } : {}) });
  return runOutboxUntilDone(app, id);
}
