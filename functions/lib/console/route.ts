// The contract of a console page on the server: its API routes (under /konsol/api/) and its strings.
// http.ts authenticates, checks the role and the CSRF token before a route runs.
import type { Language } from "../core/contact.js";
import type { HttpRequest, HttpResponse } from "../http/types.js";
import type { ConsoleSession } from "../store/console-store.js";
import type { ConsoleStaff } from "./access.js";

export interface ConsoleCall {
  readonly request: HttpRequest;
  readonly staff: ConsoleStaff;
  readonly session: ConsoleSession;
  /** The parsed JSON body of a POST (undefined on GET). */
  readonly body: unknown;
  readonly query: Readonly<Record<string, string | undefined>>;
  /** The page's language (`?lang=en`), for texts the server renders. */
  readonly language: Language;
  /** "<channel>:<userId>" of the staff member. */
  readonly actor: string;
  /** Appends to the audit log: who (this staff member), what, when (the clock), before/after. */
  audit(action: string, target: string, before?: unknown, after?: unknown): Promise<void>;
}

export interface ConsoleRoute {
  readonly method: "GET" | "POST";
  /** Relative to /konsol/api/, e.g. "registrations" or "registrations.csv". */
  readonly path: string;
  /** Only admins may call it; `petugas` get 403 `admin-only`. */
  readonly adminOnly?: boolean;
  handle(call: ConsoleCall): Promise<HttpResponse>;
}

/** Strings a page's script reads with t("<page id>.<key>"), per language. */
export interface ConsolePageStrings {
  readonly id: Readonly<Record<string, unknown>>;
  readonly en: Readonly<Record<string, unknown>>;
}

export interface ConsolePage {
  /** The page's id: its script is /konsol/static/page-<id>.js and its strings are under this key. */
  readonly id: string;
  readonly routes: readonly ConsoleRoute[];
  readonly strings?: ConsolePageStrings;
}
