// Audit log page (admins only): every staff action, newest first, and its CSV export.
import type { ConsoleStore } from "../../store/console-store.js";
import { apiJson, csvDownload } from "../respond.js";
import type { ConsolePage } from "../route.js";

const shown = 200;
const exported = 5_000;
const columns = ["at", "actor", "action", "target", "before", "after"] as const;

export function createAuditPage(deps: { readonly store: ConsoleStore }): ConsolePage {
  return {
    id: "audit",
    routes: [
      {
        method: "GET",
        path: "audit",
        adminOnly: true,
        handle: async () => apiJson(200, { entries: await deps.store.listAudit(shown) }),
      },
      {
        method: "GET",
        path: "audit.csv",
        adminOnly: true,
        async handle(call) {
          const entries = await deps.store.listAudit(exported);
          await call.audit("audit.export", "audit", undefined, { rows: entries.length });
          const rows = entries.map((entry) => ({
            at: new Date(entry.at).toISOString(),
            actor: entry.actor,
            action: entry.action,
            target: entry.target,
            before: entry.before === undefined ? "" : JSON.stringify(entry.before),
            after: entry.after === undefined ? "" : JSON.stringify(entry.after),
          }));
          return csvDownload("audit.csv", rows, columns);
        },
      },
    ],
  };
}
