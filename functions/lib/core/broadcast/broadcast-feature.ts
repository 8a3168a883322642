import type { ConversationState } from "../contact.js";
import type { Feature } from "../feature.js";
import { type Audience, jobIdFor, jobIdPattern, type OutboxContent } from "../outbox/model.js";
import type { AudienceResolver, JobRepository } from "../outbox/ports.js";
import { audienceLabel, formatWib, jobSummary } from "../outbox/report.js";
import { type Category, categories } from "../registration/fields.js";
import { kecamatanById, kecamatanList } from "../registration/kecamatan.js";
import type { Choice } from "../replies.js";
import type { TurnContext } from "../turn.js";
import {
  broadcastAudienceKinds,
  checkBroadcastText,
  createBroadcast,
  maxTextLength,
  mayBroadcastTo,
} from "./compose.js";
import { parseWibTime } from "./schedule.js";

export { maxCaptionLength, maxTextLength } from "./compose.js";

export interface BroadcastDeps {
  readonly jobs: JobRepository;
  readonly audiences: AudienceResolver;
}

const flow = "broadcast";
type Step = "compose" | "audience" | "category" | "kecamatan" | "preview" | "time";

interface Draft {
  readonly text?: string;
  readonly photo?: string;
  readonly photoChannel?: OutboxContent["photoChannel"];
  readonly audience?: Audience;
  readonly count?: number;
  readonly sendAt?: number;
}

const statusLimit = 5;

export function createBroadcastFeature(deps: BroadcastDeps): Feature {
  const t = (ctx: TurnContext, key: string, options?: Record<string, unknown>) =>
    ctx.t(`broadcast:${key}`, options);
  const isStaff = (ctx: TurnContext) => ctx.contact.role === "staff";
  const cancelChoice = (ctx: TurnContext): Choice => ({ id: "bc:cancel", label: t(ctx, "choice.cancel") });
  const draftOf = (state: ConversationState | null): Draft | undefined =>
    state?.flow === flow ? (state.data as Draft) : undefined;
  const stepOf = (ctx: TurnContext): Step | undefined =>
    ctx.conversation?.flow === flow ? (ctx.conversation.step as Step) : undefined;
  const setState = (ctx: TurnContext, step: Step, draft: Draft) =>
    ctx.setConversation({ flow, step, data: draft as Record<string, unknown> });

  const refuse = (ctx: TurnContext) => {
    if (ctx.conversation?.flow === flow) ctx.setConversation(null);
    ctx.ask(t(ctx, "staffOnly"), [{ id: "menu", label: ctx.t("menu.back") }]);
  };
  const expired = (ctx: TurnContext) =>
    ctx.ask(t(ctx, "expired"), [
      { id: "bc:new", label: t(ctx, "choice.new") },
      { id: "menu", label: ctx.t("menu.back") },
    ]);

  /** Staff made `petugas` (admin CLI or console) broadcast to sellers only, as in the console. */
  const staffRole = (ctx: TurnContext) => (ctx.contact.consoleRole === "petugas" ? "petugas" : "admin");

  function askCompose(ctx: TurnContext, draft: Draft = {}, prefix?: string) {
    setState(ctx, "compose", draft);
    const text = draft.photo ? t(ctx, "ask.captionForPhoto") : t(ctx, "ask.compose", { max: maxTextLength });
    ctx.ask(prefix ? `${prefix}\n\n${text}` : text, [cancelChoice(ctx)]);
  }

  function askAudience(ctx: TurnContext, draft: Draft, prefix?: string) {
    setState(ctx, "audience", draft);
    const text = t(ctx, "ask.audience");
    ctx.ask(prefix ? `${prefix}\n\n${text}` : text, [
      ...broadcastAudienceKinds
        .filter((kind) => mayBroadcastTo(staffRole(ctx), { kind }))
        .map((kind) => ({
          id: `bc:aud:${kind}`,
          label: t(ctx, `audience.choice.${kind}`),
        })),
      cancelChoice(ctx),
    ]);
  }

  async function preview(ctx: TurnContext, draft: Draft & { audience: Audience }) {
    const count = await deps.audiences.count(draft.audience);
    const next = { ...draft, count };
    setState(ctx, "preview", next);
    const tt = ctx.tFor(ctx.language);
    const lines = [
      t(ctx, "preview.title"),
      "",
      draft.photo ? t(ctx, "preview.withPhoto") : undefined,
      draft.text,
      "",
      t(ctx, "preview.audience", { audience: audienceLabel(tt, { audience: draft.audience }) }),
      t(ctx, "preview.count", { count }),
      draft.sendAt ? t(ctx, "preview.at", { when: formatWib(draft.sendAt) }) : t(ctx, "preview.now"),
    ].filter((line) => line !== undefined);
    if (count === 0) {
      lines.push("", t(ctx, "preview.empty"));
      return ctx.ask(lines.join("\n"), [
        { id: "bc:aud", label: t(ctx, "choice.otherAudience") },
        cancelChoice(ctx),
      ]);
    }
    ctx.ask(lines.join("\n"), [
      { id: "bc:send", label: t(ctx, draft.sendAt ? "choice.schedule" : "choice.sendNow") },
      { id: "bc:time", label: t(ctx, draft.sendAt ? "choice.changeTime" : "choice.setTime") },
      { id: "bc:aud", label: t(ctx, "choice.otherAudience") },
      cancelChoice(ctx),
    ]);
  }

  async function chooseAudience(ctx: TurnContext, draft: Draft, audience: Audience) {
    // The console's rule in the chat too: an old or forged button cannot widen a petugas's audience.
    if (!mayBroadcastTo(staffRole(ctx), audience))
      return askAudience(ctx, draft, t(ctx, "audience.notAllowed"));
    if (deps.audiences.availability(audience) === "unavailable") {
      return askAudience(ctx, draft, t(ctx, "audience.pelangganUnavailable"));
    }
    return preview(ctx, { ...draft, audience });
  }

  async function confirm(ctx: TurnContext, draft: Draft) {
    if (!draft.text || !draft.audience || !draft.count) return expired(ctx);
    if (!mayBroadcastTo(staffRole(ctx), draft.audience))
      return askAudience(ctx, draft, t(ctx, "audience.notAllowed"));
    const { job } = await createBroadcast(deps.jobs, {
      id: jobIdFor(ctx.event.dedupeKey),
      audience: draft.audience,
      content: {
        text: draft.text,
        ...(draft.photo
          ? { photo: draft.photo, photoChannel: draft.photoChannel ?? ctx.event.user.channel }
          : {}),
      },
      createdBy: ctx.event.user,
      createdByLanguage: ctx.language,
      ...(draft.sendAt ? { sendAt: draft.sendAt } : {}),
      now: ctx.now,
    });
    ctx.setConversation(null);
    ctx.ask(
      job.sendAt > ctx.now.getTime()
        ? t(ctx, "created.scheduled", { id: job.id, when: formatWib(job.sendAt) })
        : t(ctx, "created.now", { id: job.id }),
      [
        { id: "bc:status", label: t(ctx, "choice.status") },
        { id: "menu", label: ctx.t("menu.back") },
      ],
    );
  }

  async function status(ctx: TurnContext) {
    const jobs = await deps.jobs.listRecent(statusLimit);
    if (!jobs.length) return ctx.ask(t(ctx, "status.none"), [{ id: "bc:new", label: t(ctx, "choice.new") }]);
    const tt = ctx.tFor(ctx.language);
    const cancellable = jobs.filter((job) => job.state === "scheduled" || job.state === "running");
    ctx.ask(`${t(ctx, "status.title")}\n\n${jobs.map((job) => jobSummary(tt, job)).join("\n\n")}`, [
      ...cancellable.map((job) => ({
        id: `bc:stop:${job.id}`,
        label: t(ctx, "choice.stop", { id: job.id }),
      })),
      { id: "bc:status", label: t(ctx, "choice.refresh") },
      { id: "menu", label: ctx.t("menu.back") },
    ]);
  }

  async function stop(ctx: TurnContext, id: string) {
    if (!jobIdPattern.test(id)) return expired(ctx);
    const result = await deps.jobs.cancel(id, ctx.now);
    if (!result) return ctx.say(t(ctx, "stop.missing"));
    const { job, changed } = result;
    const tt = ctx.tFor(ctx.language);
    if (!changed) return ctx.say(t(ctx, "stop.already", { id, state: tt(`broadcast:state.${job.state}`) }));
    ctx.ask(t(ctx, "stop.done", { id, sent: job.counters.sent }), [
      { id: "bc:status", label: t(ctx, "choice.status") },
    ]);
  }

  const start = (ctx: TurnContext) => {
    if (!isStaff(ctx)) return refuse(ctx);
    askCompose(ctx);
  };

  return {
    name: flow,
    commands: {
      siaran: start,
      siaran_status: (ctx) => (isStaff(ctx) ? status(ctx) : refuse(ctx)),
    },
    keywords: { siaran: "siaran", "status siaran": "siaran_status", "siaran status": "siaran_status" },
    choicePrefix: "bc",
    menuEntries: (ctx) => (isStaff(ctx) ? [{ id: "bc:new", label: t(ctx, "menu.broadcast") }] : []),

    async onChoice(ctx, arg) {
      if (!isStaff(ctx)) return refuse(ctx);
      const [action = "", value = ""] = arg.split(/:(.*)/s, 2);
      const draft = draftOf(ctx.conversation);
      const step = stepOf(ctx);
      switch (action) {
        case "new":
          return askCompose(ctx);
        case "status":
          return status(ctx);
        case "stop":
          return stop(ctx, value);
        case "cancel":
          ctx.setConversation(null);
          return ctx.ask(t(ctx, "cancelled"), [{ id: "menu", label: ctx.t("menu.back") }]);
      }
      if (!draft?.text) return expired(ctx);
      switch (action) {
        case "aud": {
          if (!value) return askAudience(ctx, draft);
          if (step !== "audience") return expired(ctx);
          if (value === "kategori") {
            setState(ctx, "category", draft);
            return ctx.ask(t(ctx, "ask.category"), [
              ...categories.map((category) => ({
                id: `bc:cat:${category}`,
                label: ctx.t(`registration:category.${category}`),
              })),
              cancelChoice(ctx),
            ]);
          }
          if (value === "kecamatan") {
            setState(ctx, "kecamatan", draft);
            return ctx.ask(
              t(ctx, "ask.kecamatan"),
              kecamatanList.map((kecamatan) => ({ id: `bc:kec:${kecamatan.id}`, label: kecamatan.name })),
              { choicesTitle: t(ctx, "ask.kecamatanTitle") },
            );
          }
          if (value === "semua" || value === "penjual" || value === "pelanggan")
            return chooseAudience(ctx, draft, { kind: value });
          return expired(ctx);
        }
        case "cat":
          if (step !== "category" || !(categories as readonly string[]).includes(value)) return expired(ctx);
          return chooseAudience(ctx, draft, { kind: "kategori", value: value as Category });
        case "kec":
          if (step !== "kecamatan" || !kecamatanById(value)) return expired(ctx);
          return chooseAudience(ctx, draft, { kind: "kecamatan", value });
        case "time":
          if (step !== "preview" || !draft.audience) return expired(ctx);
          setState(ctx, "time", draft);
          return ctx.ask(t(ctx, "ask.time"), [
            { id: "bc:now", label: t(ctx, "choice.sendNowInstead") },
            cancelChoice(ctx),
          ]);
        case "now": {
          if (step !== "time" || !draft.audience) return expired(ctx);
          const { sendAt: _dropped, ...rest } = draft;
          return preview(ctx, { ...rest, audience: draft.audience });
        }
        case "send":
          if (step !== "preview") return expired(ctx);
          return confirm(ctx, draft);
      }
      return expired(ctx);
    },

    async onFlowEvent(ctx, state) {
      if (!isStaff(ctx)) {
        refuse(ctx);
        return true;
      }
      const draft = (state.data ?? {}) as Draft;
      const payload = ctx.event.payload;
      if (state.step === "compose") {
        if (payload.kind === "photo") {
          const caption = payload.caption?.trim();
          const withPhoto: Draft = { ...draft, photo: payload.mediaId, photoChannel: ctx.event.user.channel };
          if (!caption) {
            askCompose(ctx, withPhoto);
            return true;
          }
          return acceptText(ctx, withPhoto, caption);
        }
        if (payload.kind === "text") return acceptText(ctx, draft, payload.text.trim());
        askCompose(ctx, draft, t(ctx, "invalid.notText"));
        return true;
      }
      if (state.step === "time" && payload.kind === "text" && draft.audience) {
        const parsed = parseWibTime(payload.text, ctx.now);
        if (!parsed.ok) {
          ctx.ask(t(ctx, `invalid.time.${parsed.error}`), [
            { id: "bc:now", label: t(ctx, "choice.sendNowInstead") },
            cancelChoice(ctx),
          ]);
          return true;
        }
        await preview(ctx, { ...draft, audience: draft.audience, sendAt: parsed.at.getTime() });
        return true;
      }
      // Any other message in the middle of a choice: repeat the question.
      ctx.say(t(ctx, "useButtons"));
      return true;
    },
  };

  function acceptText(ctx: TurnContext, draft: Draft, text: string): true {
    const check = checkBroadcastText(text, !!draft.photo);
    if (check.ok) askAudience(ctx, { ...draft, text });
    else if (check.error === "tooShort") askCompose(ctx, draft, t(ctx, "invalid.tooShort"));
    else askCompose(ctx, draft, t(ctx, "invalid.tooLong", { max: check.max, length: text.length }));
    return true;
  }
}
