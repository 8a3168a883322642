// Staff management (admins): list, add by channel + id with a role, change a role, remove; CSV export.
import { $, api, csvLink, el, failed, notice, state, t } from "./shell.js";

let section;

const errors = {
  already: "staff.errorAlready",
  configured: "staff.errorConfigured",
  self: "staff.errorSelf",
  missing: "staff.errorMissing",
  "bad-request": "staff.errorInput",
};

function refused(status, data) {
  const key = errors[data.error];
  if (key) return notice(t(key), true);
  failed(status, data);
}

const roleLabel = (role) => t(role === "petugas" ? "staff.rolePetugas" : "staff.roleAdmin");

function mount(root) {
  section = root;
  const channel = el(
    "select",
    { id: "staff-channel", name: "channel" },
    el("option", { value: "telegram", text: "Telegram" }),
    el("option", { value: "whatsapp", text: "WhatsApp" }),
  );
  const userId = el("input", {
    id: "staff-user",
    name: "userId",
    inputmode: "numeric",
    pattern: "[0-9]{1,20}",
    maxlength: 20,
    required: true,
    autocomplete: "off",
  });
  const role = el(
    "select",
    { id: "staff-role", name: "role" },
    el("option", { value: "petugas", text: t("staff.rolePetugas") }),
    el("option", { value: "admin", text: t("staff.roleAdmin") }),
  );
  const add = el("button", { type: "submit", class: "primary", text: t("staff.add") });
  const form = el(
    "form",
    { id: "staff-add", class: "filters" },
    el("label", { for: "staff-channel" }, el("span", { text: t("staff.channel") }), channel),
    el("label", { class: "grow", for: "staff-user" }, el("span", { text: t("staff.userId") }), userId),
    el("label", { for: "staff-role" }, el("span", { text: t("staff.role") }), role),
    el("div", { class: "export" }, add),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    add.disabled = true;
    const body = { channel: channel.value, userId: userId.value.trim(), role: role.value };
    const { status, data } = await api("staff/add", body);
    add.disabled = false;
    if (status !== 200) return refused(status, data);
    userId.value = "";
    notice(t("staff.added", { id: data.id, role: roleLabel(data.role) }));
    await show();
  });
  const head = el(
    "tr",
    {},
    ...["id", "name", "role", "source", "actions"].map((key) => el("th", { text: t(`staff.${key}`) })),
  );
  section.append(
    el("p", { class: "intro", text: t("staff.intro") }),
    el("h2", { text: t("staff.addTitle") }),
    form,
    el("div", { class: "toolbar" }, csvLink("staff.csv")),
    el(
      "div",
      { class: "table-wrap" },
      el("table", { id: "staff-table" }, el("thead", {}, head), el("tbody", { id: "staff-rows" })),
    ),
    el("p", { id: "staff-empty", class: "empty", text: t("staff.empty"), hidden: true }),
  );
}

function actionsFor(row) {
  if (row.source === "config") return el("span", { class: "muted", text: t("staff.configuredNote") });
  if (row.id === state.me?.user) return el("span", { class: "muted", text: t("staff.you") });
  const role = el(
    "select",
    { "aria-label": `${t("staff.role")} ${row.id}`, class: "staff-role" },
    el("option", { value: "petugas", text: t("staff.rolePetugas"), selected: row.role === "petugas" }),
    el("option", { value: "admin", text: t("staff.roleAdmin"), selected: row.role === "admin" }),
  );
  role.addEventListener("change", async () => {
    const { status, data } = await api("staff/role", { id: row.id, role: role.value });
    if (status !== 200) refused(status, data);
    else notice(t("staff.roleChanged", { id: data.id, role: roleLabel(data.role) }));
    await show();
  });
  const confirm = el("button", { type: "button", class: "danger confirm", text: t("staff.yes") });
  const ask = el(
    "div",
    { class: "confirm-box", hidden: true },
    el("span", { text: t("staff.confirmRemove", { id: row.id }) }),
    confirm,
  );
  confirm.addEventListener("click", async () => {
    confirm.disabled = true;
    const { status, data } = await api("staff/remove", { id: row.id });
    if (status !== 200) refused(status, data);
    else notice(t("staff.removed", { id: data.id, sessions: data.sessionsEnded }));
    await show();
  });
  const remove = el("button", {
    type: "button",
    class: "danger remove",
    text: t("staff.remove"),
    onclick: () => (ask.hidden = false),
  });
  return el("div", { class: "staff-actions" }, role, remove, ask);
}

async function show() {
  const { status, data } = await api("staff");
  if (status !== 200) return failed(status, data);
  const rows = data.staff.map((row) =>
    el(
      "tr",
      { "data-id": row.id },
      el("td", { text: row.id }),
      el("td", { text: row.name || "—" }),
      el("td", { class: "role", text: roleLabel(row.role) }),
      el("td", { text: t(row.source === "config" ? "staff.sourceConfig" : "staff.sourceGranted") }),
      el("td", {}, actionsFor(row)),
    ),
  );
  $("#staff-rows", section).replaceChildren(...rows);
  $("#staff-empty", section).hidden = data.staff.length > 0;
}

export default { id: "staff", nav: "staff.nav", adminOnly: true, css: "page-staff.css", mount, show };
