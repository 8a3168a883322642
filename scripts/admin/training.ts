// `admin -- training add|list|cancel|participants ...`: training sessions (the same store as the chat).
import { randomBytes } from "node:crypto";
import {
  endOfDay,
  parseDate,
  parseTime,
  seatsLeft,
  sessionIdFrom,
  startOf,
  type TrainingTopic,
  trainingTopics,
} from "../../functions/lib/core/training/training.js";
import { createTrainingRepository } from "../../functions/lib/store/training-repository.js";
import { render } from "../lib/output.js";
import { type AdminCommand, formatFlag, parseArgs, UsageError } from "./command.js";

const usage = [
  "admin -- training add --title <text> --topic <topic> --date <DD-MM-YYYY> --time <HH:MM> --place <text> --quota <n> --deadline <DD-MM-YYYY> [--open]",
  "admin -- training list [--all] [--format json|csv]",
  "admin -- training cancel <id>",
  "admin -- training participants <id> [--format json|csv]",
  `topics: ${trainingTopics.join(", ")}; date and time are WIB; --open = not only registered sellers`,
].join("\n");

const spec = {
  values: ["title", "topic", "date", "time", "place", "quota", "deadline", "format"],
  booleans: ["open", "all"],
};

const need = (flags: Record<string, string | true>, name: string): string => {
  const value = flags[name];
  if (typeof value !== "string" || !value.trim()) throw new UsageError(`--${name} is required`);
  return value.trim();
};

function validate(args: readonly string[]) {
  const { positional, flags } = parseArgs(args, spec);
  const [action, id, extra] = positional;
  if (extra) throw new UsageError(`unexpected argument: ${extra}`);
  if (action === "add") {
    if (id) throw new UsageError(`unexpected argument: ${id}`);
    const topic = need(flags, "topic").toLowerCase();
    if (!(trainingTopics as readonly string[]).includes(topic))
      throw new UsageError(`--topic must be one of: ${trainingTopics.join(", ")}`);
    const date = parseDate(need(flags, "date"));
    if (!date) throw new UsageError("--date must look like 12-12-2026 or 2026-12-12");
    const time = parseTime(need(flags, "time"));
    if (!time) throw new UsageError("--time must look like 09:00");
    const deadline = parseDate(need(flags, "deadline"));
    if (!deadline || deadline > date) throw new UsageError("--deadline must be a date on or before --date");
    const quota = Number(need(flags, "quota"));
    if (!Number.isInteger(quota) || quota < 1 || quota > 1000) throw new UsageError("--quota must be 1-1000");
    const title = need(flags, "title");
    const place = need(flags, "place");
    return {
      action,
      input: {
        title,
        topic: topic as TrainingTopic,
        date,
        time,
        place,
        quota,
        deadline,
        openToAll: flags.open === true,
      },
    } as const;
  }
  if (action === "list") {
    if (id) throw new UsageError(`unexpected argument: ${id}`);
    return { action, all: flags.all === true, format: formatFlag(flags) } as const;
  }
  if (action === "cancel" || action === "participants") {
    if (!id) throw new UsageError(`give the training id (see: admin -- training list)`);
    return { action, id: id.toUpperCase(), format: formatFlag(flags) } as const;
  }
  throw new UsageError("expected add, list, cancel or participants");
}

export const trainingCommand: AdminCommand = {
  summary: "training sessions: add, list, cancel, participants [--format json|csv]",
  usage,
  parse(args) {
    validate(args);
  },
  async run(args, store, io) {
    const command = validate(args);
    const trainings = createTrainingRepository({ client: store.documentClient, tableName: store.tableName });
    const now = io.clock.now();
    if (command.action === "add") {
      const { input } = command;
      const startsAt = startOf(input.date, input.time);
      if (startsAt <= now.getTime()) throw new UsageError("--date/--time is in the past");
      const session = await trainings.create({
        id: sessionIdFrom(`cli:${randomBytes(8).toString("hex")}`),
        title: input.title,
        topic: input.topic,
        startsAt,
        place: input.place,
        quota: input.quota,
        deadline: Math.min(endOfDay(input.deadline), startsAt),
        openToAll: input.openToAll,
        createdAt: now.getTime(),
        createdBy: "cli",
      });
      io.out(
        render(
          [{ id: session.id, title: session.title, startsAt: new Date(session.startsAt).toISOString() }],
          "json",
          [],
        ),
      );
      return 0;
    }
    if (command.action === "list") {
      const sessions = [
        ...(await trainings.listScheduled()).filter(
          (session) => command.all || session.startsAt > now.getTime(),
        ),
      ];
      const rows = sessions.map((session) => ({
        id: session.id,
        title: session.title,
        topic: session.topic,
        startsAt: new Date(session.startsAt).toISOString(),
        place: session.place,
        quota: session.quota,
        taken: session.seats.length,
        seatsLeft: seatsLeft(session),
        deadline: new Date(session.deadline).toISOString(),
        openToAll: session.openToAll,
      }));
      io.out(
        render(rows, command.format, [
          "id",
          "title",
          "topic",
          "startsAt",
          "place",
          "quota",
          "taken",
          "seatsLeft",
          "deadline",
          "openToAll",
        ]),
      );
      return 0;
    }
    if (command.action === "cancel") {
      const cancelled = await trainings.cancel(command.id, now, { noticesPending: true });
      if (!cancelled) {
        io.err(`${command.id}: not found or already cancelled.\n`);
        return 1;
      }
      io.err(
        `${command.id} cancelled; its ${cancelled.seats.length} participants are told by the hourly job (${store.description}).\n`,
      );
      return 0;
    }
    const session = await trainings.get(command.id);
    if (!session) {
      io.err(`${command.id}: not found.\n`);
      return 1;
    }
    const rows = (await trainings.participants(command.id)).map((person) => ({
      training: session.id,
      title: session.title,
      name: person.name,
      businessName: person.businessName ?? "",
      phone: person.phone ?? "",
      channel: person.channel,
      userId: person.userId,
      role: person.role,
      registeredAt: person.registeredAt ? new Date(person.registeredAt).toISOString() : "",
    }));
    io.out(
      render(rows, command.format, [
        "training",
        "title",
        "name",
        "businessName",
        "phone",
        "channel",
        "userId",
        "role",
        "registeredAt",
      ]),
    );
    return 0;
  },
};
