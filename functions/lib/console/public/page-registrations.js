// Registrations: filter by status, search, approve or reject with a reason, CSV export.
import {
  $,
  api,
  cancelButton,
  csvLink,
  decisionControls,
  el,
  fact,
  failed,
  notice,
  searchBox,
  state,
  t,
  wib,
} from "./shell.js";

let section;

const statusLabel = (status) =>
  t({ pending: "statusPending", approved: "statusApproved", rejected: "statusRejected" }[status] ?? status);

function mount(root) {
  section = root;
  const status = el(
    "select",
    { id: "status", name: "status", onchange: render },
    ...["pending", "approved", "rejected", "all"].map((value) =>
      el("option", { value, text: t(`status${value[0].toUpperCase()}${value.slice(1)}`) }),
    ),
  );
  const search = searchBox({ id: "search", name: "q" }, render);
  const filters = el(
    "form",
    { id: "filters", class: "filters", onsubmit: (event) => event.preventDefault() },
    el("label", { for: "status" }, el("span", { text: t("filterStatus") }), status),
    el("label", { class: "grow", for: "search" }, el("span", { text: t("filterSearch") }), search),
    el("div", { class: "export" }),
  );
  section.append(
    filters,
    el("ul", { id: "list", class: "list" }),
    el("p", { id: "empty", class: "empty", text: t("empty"), hidden: true }),
  );
}

const query = () => ({ status: $("#status", section).value, q: $("#search", section).value });

async function render() {
  const params = new URLSearchParams({ ...query(), lang: state.lang });
  $(".export", section).replaceChildren(csvLink("registrations.csv", query()));
  const { status, data } = await api(`registrations?${params}`);
  if (status !== 200) return failed(status, data);
  const list = $("#list", section);
  list.replaceChildren(...data.registrations.map((seller) => registrationItem(seller, data.options)));
  $("#empty", section).hidden = data.registrations.length > 0;
}

/** The edit form: the chat's fields, checked on the server with the chat's rules. */
function editForm(seller, options) {
  const input = (name, value, max) =>
    el("input", { name, value, maxlength: max, required: true, autocomplete: "off" });
  const select = (name, choices, selected) =>
    el(
      "select",
      { name },
      ...choices.map((choice) =>
        el("option", { value: choice.id, text: choice.label, selected: choice.id === selected }),
      ),
    );
  const field = (label, control) => el("label", { class: "field" }, el("span", { text: label }), control);
  const save = el("button", { type: "submit", class: "primary", text: t("save") });
  const form = el(
    "form",
    { class: "edit-form", hidden: true },
    field(t("business"), input("businessName", seller.businessName, 80)),
    field(t("owner"), input("ownerName", seller.ownerName, 60)),
    field(t("category"), select("category", options.categories, seller.categoryId)),
    field(t("kecamatan"), select("kecamatan", options.kecamatan, seller.kecamatanId)),
    field(t("phone"), input("phone", seller.phone, 20)),
    field(t("products"), input("products", seller.products, 200)),
    el("div", { class: "actions" }, save, cancelButton()),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form).entries());
    save.disabled = true;
    const { status, data } = await api("registrations/edit", { id: seller.id, ...values });
    save.disabled = false;
    if (status === 200) {
      notice(data.changed.length ? t("edited", { business: data.businessName }) : t("editNothing"));
      return render();
    }
    if (status === 400 && data.message) return notice(data.message, true);
    if (status === 404) return notice(t("missing"), true);
    failed(status, data);
  });
  return form;
}

function registrationItem(seller, options) {
  const facts = el("dl", { class: "facts" });
  fact(facts, t("owner"), seller.ownerName);
  fact(facts, t("category"), seller.category);
  fact(facts, t("kecamatan"), seller.kecamatan);
  fact(facts, t("phone"), seller.phone);
  fact(facts, t("products"), seller.products);
  fact(facts, t("channel"), seller.channel === "telegram" ? "Telegram" : "WhatsApp");
  fact(facts, t("submitted"), wib(seller.createdAt));
  if (seller.decidedAt) fact(facts, t("decided"), wib(seller.decidedAt));
  fact(facts, t("reason"), seller.rejectionReason);
  const edit = editForm(seller, options);
  const { actions, form } = decisionControls({
    pending: seller.status === "pending",
    labels: {
      approve: t("approve"),
      reject: t("reject"),
      reason: t("rejectReason"),
      confirm: t("confirmReject"),
    },
    decide: (body, button) => decide(seller.id, body, button),
  });
  const item = el(
    "li",
    { class: "item", "data-id": seller.id },
    el(
      "div",
      { class: "item-head" },
      el("h2", { class: "business", text: seller.businessName }),
      el("span", { class: "badge", text: statusLabel(seller.status) }),
    ),
    facts,
    actions,
    form,
    el(
      "div",
      { class: "actions" },
      el("button", {
        type: "button",
        class: "secondary edit",
        text: t("edit"),
        onclick: () => {
          edit.hidden = false;
          edit.querySelector("input").focus();
        },
      }),
    ),
    edit,
  );
  return item;
}

async function decide(id, body, button) {
  button.disabled = true;
  const { status, data } = await api("registrations/decide", { id, ...body });
  button.disabled = false;
  if (status === 200)
    notice(t(data.status === "approved" ? "approved" : "rejected", { business: data.businessName }));
  else if (status === 409)
    notice(t("already", { business: data.businessName, status: statusLabel(data.status) }), true);
  else if (status === 404) notice(t("missing"), true);
  else failed(status, data);
  await render();
}

export default { id: "registrations", nav: "navRegistrations", mount, show: render };
