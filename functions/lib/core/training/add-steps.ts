// Staff adding a training session, as a table: for each step, how it is asked and how a typed answer or a
// button is read. Editing one field of a session reads its answer with the same step's `read`.
import type { Choice } from "../replies.js";
import type { TurnContext } from "../turn.js";
import { readCount } from "../understand/flow-answers.js";
import { endOfDay, parseDate, parseTime, startOf, type TrainingTopic, trainingTopics } from "./training.js";

export const addSteps = [
  "title",
  "topic",
  "date",
  "time",
  "place",
  "quota",
  "deadline",
  "open",
  "confirm",
] as const;
export type AddStep = (typeof addSteps)[number];
export const editableFields = ["title", "date", "time", "place", "quota", "deadline"] as const;
export type EditableField = (typeof editableFields)[number];

export type TrainingDraft = {
  title?: string;
  topic?: TrainingTopic;
  date?: string;
  time?: { hour: number; minute: number };
  place?: string;
  quota?: number;
  deadline?: string;
  openToAll?: boolean;
};

/** A draft change, or the problem to explain before asking again (a translated text). */
export type Read = TrainingDraft | string;

export interface AddStepSpec {
  /** The question and its buttons; `preview` shows the session as it will be saved (the confirm step). */
  ask(
    ctx: TurnContext,
    draft: TrainingDraft,
    preview: (draft: TrainingDraft) => string,
  ): {
    text: string;
    choices: Choice[];
  };
  /** A typed answer (absent: the step wants a button). */
  read?(ctx: TurnContext, text: string, draft: TrainingDraft): Read;
  /** A button of this step ("tp", "o") and its value: the draft change, or undefined when not this step's. */
  pick?(action: string, value: string): TrainingDraft | undefined;
}

const t = (ctx: TurnContext, key: string, options?: Record<string, unknown>) =>
  ctx.t(`training:${key}`, options);
const cancel = (ctx: TurnContext): Choice => ({ id: "tr:stop", label: ctx.t("registration:choice.cancel") });
/** A step that only asks a question with the cancel button and reads a typed value. */
const typed = (step: EditableField, read: AddStepSpec["read"]): AddStepSpec => ({
  ask: (ctx) => ({ text: t(ctx, `add.${step}`), choices: [cancel(ctx)] }),
  read,
});
const between = (value: string, min: number, max: number) => value.length >= min && value.length <= max;

export const addStepTable: Readonly<Record<AddStep, AddStepSpec>> = {
  title: typed("title", (ctx, text) =>
    between(text.trim(), 3, 80) ? { title: text.trim() } : t(ctx, "problem.title"),
  ),
  topic: {
    ask: (ctx) => ({
      text: t(ctx, "add.topic"),
      choices: [
        ...trainingTopics.map((topic) => ({ id: `tr:tp:${topic}`, label: t(ctx, `topic.${topic}`) })),
        cancel(ctx),
      ],
    }),
    pick: (action, value) =>
      action === "tp" && (trainingTopics as readonly string[]).includes(value)
        ? { topic: value as TrainingTopic }
        : undefined,
  },
  date: typed("date", (ctx, text) => {
    const date = parseDate(text.trim());
    if (!date) return t(ctx, "problem.date");
    if (endOfDay(date) < ctx.now.getTime()) return t(ctx, "problem.past");
    return { date };
  }),
  time: typed("time", (ctx, text, draft) => {
    const time = parseTime(text.trim());
    if (!time) return t(ctx, "problem.time");
    if (draft.date && startOf(draft.date, time) <= ctx.now.getTime()) return t(ctx, "problem.past");
    return { time };
  }),
  place: typed("place", (ctx, text) =>
    between(text.trim(), 3, 120) ? { place: text.trim() } : t(ctx, "problem.place"),
  ),
  quota: typed("quota", (ctx, text) => {
    const quota = readCount(text.trim()) ?? Number.NaN;
    return quota >= 1 && quota <= 1000 ? { quota } : t(ctx, "problem.quota");
  }),
  deadline: typed("deadline", (ctx, text, draft) => {
    const date = parseDate(text.trim());
    if (!date) return t(ctx, "problem.date");
    if (draft.date && date > draft.date) return t(ctx, "problem.deadlineAfterStart");
    if (endOfDay(date) < ctx.now.getTime()) return t(ctx, "problem.past");
    return { deadline: date };
  }),
  open: {
    ask: (ctx) => ({
      text: t(ctx, "add.open"),
      choices: [
        { id: "tr:o:y", label: t(ctx, "add.openAll") },
        { id: "tr:o:n", label: t(ctx, "add.openSellers") },
        cancel(ctx),
      ],
    }),
    pick: (action, value) => (action === "o" ? { openToAll: value === "y" } : undefined),
  },
  confirm: {
    ask: (ctx, draft, preview) => ({
      text: `${t(ctx, "add.confirm")}\n\n${preview(draft)}`,
      choices: [{ id: "tr:save", label: t(ctx, "add.save") }, cancel(ctx)],
    }),
  },
};

/** The step after `step` in the add flow. */
export const nextAddStep = (step: AddStep): AddStep => addSteps[addSteps.indexOf(step) + 1] ?? "confirm";
