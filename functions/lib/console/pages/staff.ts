// Staff management (admins only): who is staff, add someone as admin or petugas, change a role, remove.
// The same store writes as the admin CLI's `staff add/remove`; a removal or downgrade ends their sessions now.
import * as z from "zod";
import enStrings from "../../../../locales/en/console-staff.json" with { type: "json" };
import idStrings from "../../../../locales/id/console-staff.json" with { type: "json" };
import type { Channel, UserRef } from "../../core/events.js";
import type { Clock } from "../../core/ports.js";
import type { ConsoleRole, ConsoleStore } from "../../store/console-store.js";
import type { StaffAdmin } from "../../store/staff-directory.js";
import { apiJson, badRequest, csvDownload } from "../respond.js";
import type { ConsoleCall, ConsolePage } from "../route.js";

export interface StaffPageDeps {
  readonly directory: StaffAdmin;
  readonly store: ConsoleStore;
  /** STAFF_TELEGRAM_IDS / STAFF_WHATSAPP_IDS: staff by configuration, not removable here. */
  readonly configured: Readonly<Record<Channel, readonly string[]>>;
  readonly clock: Clock;
}

export type StaffRow = {
  readonly id: string;
  readonly channel: Channel;
  readonly userId: string;
  readonly name: string;
  readonly role: ConsoleRole;
  /** config: STAFF_*_IDS (change it in the deployment); granted: the console or the admin CLI. */
  readonly source: "config" | "granted";
};

const channel = z.enum(["telegram", "whatsapp"]);
// People only (a group id is negative); WhatsApp ids are phone numbers with the country code.
const userId = z
  .string()
  .trim()
  .regex(/^\d{1,20}$/);
const role = z.enum(["admin", "petugas"]);
const staffId = z.string().regex(/^(telegram|whatsapp):\d{1,20}$/);
const addSchema = z.strictObject({ channel, userId, role });
const roleSchema = z.strictObject({ id: staffId, role });
const removeSchema = z.strictObject({ id: staffId });
const columns = ["id", "channel", "name", "role", "source"] as const;

const userOf = (id: string): UserRef => {
  const [ch, user] = id.split(":");
  return { channel: ch as Channel, userId: user! };
};

export function createStaffPage(deps: StaffPageDeps): ConsolePage {
  const isConfigured = (user: UserRef) => deps.configured[user.channel].includes(user.userId);

  async function rows(): Promise<StaffRow[]> {
    const found = new Map<string, StaffRow>();
    for (const ch of ["telegram", "whatsapp"] as const)
      for (const id of deps.configured[ch])
        if (/^\d+$/.test(id))
          found.set(`${ch}:${id}`, {
            id: `${ch}:${id}`,
            channel: ch,
            userId: id,
            name: "",
            role: "admin",
            source: "config",
          });
    for (const contact of await deps.directory.listStaffContacts()) {
      const id = `${contact.channel}:${contact.userId}`;
      const configured = isConfigured(contact);
      // A stored config grant no longer in the configuration is not staff (the chat's rule).
      if (!configured && contact.roleSource !== "admin") continue;
      if (!/^\d+$/.test(contact.userId)) continue;
      found.set(id, {
        id,
        channel: contact.channel,
        userId: contact.userId,
        name: contact.displayName ?? "",
        role: contact.roleSource === "admin" && contact.consoleRole === "petugas" ? "petugas" : "admin",
        source: configured ? "config" : "granted",
      });
    }
    return [...found.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  /** The person's staff row now, or a refusal: configured staff and oneself are not changed here. */
  async function changeable(call: ConsoleCall, id: string) {
    if (id === call.actor) return { refused: apiJson(409, { error: "self" }) };
    const row = (await rows()).find((candidate) => candidate.id === id);
    if (!row) return { refused: apiJson(404, { error: "missing" }) };
    if (row.source === "config") return { refused: apiJson(409, { error: "configured" }) };
    return { row };
  }

  return {
    id: "staff",
    strings: { id: idStrings, en: enStrings },
    routes: [
      {
        method: "GET",
        path: "staff",
        adminOnly: true,
        handle: async () => apiJson(200, { staff: await rows() }),
      },
      {
        method: "GET",
        path: "staff.csv",
        adminOnly: true,
        async handle(call) {
          const list = await rows();
          await call.audit("staff.export", "staff", undefined, { rows: list.length });
          return csvDownload("petugas.csv", list, columns);
        },
      },
      {
        method: "POST",
        path: "staff/add",
        adminOnly: true,
        async handle(call) {
          const parsed = addSchema.safeParse(call.body);
          if (!parsed.success) return badRequest();
          const user = { channel: parsed.data.channel, userId: parsed.data.userId };
          const id = `${user.channel}:${user.userId}`;
          if (isConfigured(user)) return apiJson(409, { error: "configured" });
          const before = (await rows()).find((row) => row.id === id);
          if (before) return apiJson(409, { error: "already", role: before.role });
          await deps.directory.setStaff(user, true, deps.clock.now(), parsed.data.role);
          await call.audit("staff.add", id, { staff: false }, { staff: true, role: parsed.data.role });
          return apiJson(200, { ok: true, id, role: parsed.data.role });
        },
      },
      {
        method: "POST",
        path: "staff/role",
        adminOnly: true,
        async handle(call) {
          const parsed = roleSchema.safeParse(call.body);
          if (!parsed.success) return badRequest();
          const found = await changeable(call, parsed.data.id);
          if ("refused" in found) return found.refused!;
          const { row } = found;
          if (row.role === parsed.data.role) return apiJson(200, { ok: true, id: row.id, role: row.role });
          const user = userOf(row.id);
          await deps.directory.setStaff(user, true, deps.clock.now(), parsed.data.role);
          // Fewer rights take effect now: their open pages were loaded as admin.
          const ended = parsed.data.role === "petugas" ? await deps.store.deleteSessionsOf(user) : 0;
          await call.audit(
            "staff.role",
            row.id,
            { role: row.role },
            { role: parsed.data.role, sessionsEnded: ended },
          );
          return apiJson(200, { ok: true, id: row.id, role: parsed.data.role, sessionsEnded: ended });
        },
      },
      {
        method: "POST",
        path: "staff/remove",
        adminOnly: true,
        async handle(call) {
          const parsed = removeSchema.safeParse(call.body);
          if (!parsed.success) return badRequest();
          const found = await changeable(call, parsed.data.id);
          if ("refused" in found) return found.refused!;
          const { row } = found;
          const user = userOf(row.id);
          await deps.directory.setStaff(user, false, deps.clock.now());
          const ended = await deps.store.deleteSessionsOf(user);
          await call.audit(
            "staff.remove",
            row.id,
            { staff: true, role: row.role },
            { staff: false, sessionsEnded: ended },
          );
          return apiJson(200, { ok: true, id: row.id, sessionsEnded: ended });
        },
      },
    ],
  };
}
