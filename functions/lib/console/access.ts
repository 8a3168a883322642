// Who may use the staff console, and as what. Read from the store on every request (never from the
// session), so a removed staff role ends the console at the next call.
import type { UserRef } from "../core/events.js";
import type { ConsoleRole, ConsoleStore } from "../store/console-store.js";

export interface ConsoleStaff {
  readonly user: UserRef;
  readonly role: ConsoleRole;
  readonly name?: string;
}

export interface ConsoleAccess {
  /** The person's console role, or undefined when they are not staff (any more). */
  staffOf(user: UserRef): Promise<ConsoleStaff | undefined>;
}

export function createConsoleAccess(deps: {
  readonly store: ConsoleStore;
  /** Whether the configuration makes the person staff (STAFF_*_IDS). */
  readonly isConfiguredStaff: (user: UserRef) => boolean;
}): ConsoleAccess {
  return {
    async staffOf(user) {
      // Groups act as staff in chat, but nobody signs in as a group.
      if (!/^\d+$/.test(user.userId)) return undefined;
      const record = await deps.store.staffRecord(user);
      // The same rule as the chat: the configuration, or a grant by the admin CLI that is still stored.
      const staff =
        deps.isConfiguredStaff(user) || (record?.role === "staff" && record.roleSource === "admin");
      if (!staff) return undefined;
      // Configured and CLI staff are admins unless the CLI made them `petugas`.
      const role: ConsoleRole = record?.consoleRole === "petugas" ? "petugas" : "admin";
      return { user, role, ...(record?.displayName ? { name: record.displayName } : {}) };
    },
  };
}
