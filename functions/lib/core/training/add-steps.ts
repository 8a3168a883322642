// Staff adding a training session, as a table: for each step, how it is asked and how a typed answer or a
// button is read. The typed fields follow session-rules.ts (the staff console uses the same rules).
import type { Choice } from "../replies.js";
import type { TurnContext } from "../turn.js";
import { fieldRules, type TrainingDraft } from "./session-rules.js";
import { type TrainingTopic, trainingTopics } from "./training.js";

export type { TrainingDraft };

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
/** A step that only asks a question with the cancel button and reads a typed value by its rule. */
const typed = (step: EditableField): AddStepSpec => ({
  ask: (ctx) => ({ text: t(ctx, `add.${step}`), choices: [cancel(ctx)] }),
  read: (ctx, text, draft) => {
    const read = fieldRules[step](text, ctx.now, draft);
    return typeof read === "string" ? t(ctx, `problem.${read}`) : read;
  },
});

export const addStepTable: Readonly<Record<AddStep, AddStepSpec>> = {
  title: typed("title"),
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
  date: typed("date"),
  time: typed("time"),
  place: typed("place"),
  quota: typed("quota"),
  deadline: typed("deadline"),
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
