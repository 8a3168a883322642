// Audit log (admins): who did what, when (WIB), before and after; CSV export.
import { $, api, csvLink, el, failed, t, wib } from "./shell.js";

let section;

function mount(root) {
  section = root;
  const head = el(
    "tr",
    {},
    ...["auditAt", "auditActor", "auditAction", "auditTarget", "auditChange"].map((key) =>
      el("th", { text: t(key) }),
    ),
  );
  section.append(
    el("div", { class: "toolbar" }, csvLink("audit.csv")),
    el(
      "div",
      { class: "table-wrap" },
      el("table", {}, el("thead", {}, head), el("tbody", { id: "audit-rows" })),
    ),
    el("p", { id: "audit-empty", class: "empty", text: t("auditEmpty"), hidden: true }),
  );
}

async function show() {
  const { status, data } = await api("audit");
  if (status !== 200) return failed(status, data);
  const rows = data.entries.map((entry) => {
    const change = [entry.before, entry.after]
      .map((value) => (value === undefined ? "—" : JSON.stringify(value)))
      .join(" → ");
    return el(
      "tr",
      {},
      el("td", { text: wib(entry.at) }),
      el("td", { text: entry.actor }),
      el("td", { text: entry.action }),
      el("td", { text: entry.target }),
      el("td", { class: "change", text: change }),
    );
  });
  $("#audit-rows", section).replaceChildren(...rows);
  $("#audit-empty", section).hidden = data.entries.length > 0;
}

export default { id: "audit", nav: "navAudit", adminOnly: true, mount, show };
