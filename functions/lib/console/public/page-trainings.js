// Trainings: upcoming/past sessions, add, edit (participants are told of a new date, time or place), cancel,
// the participants of a session; CSV exports of both lists.
import { $, api, csvLink, el, fact, failed, notice, state, t, wib } from "./shell.js";

let section;
let topics = [];
let editing; // the session being edited, or undefined when adding
let requestId = "";

const s = (key, values) => t(`trainings.${key}`, values);
// randomUUID needs a secure context; getRandomValues works everywhere.
const newRequestId = () =>
  globalThis.crypto.randomUUID?.() ??
  `r${Array.from(globalThis.crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(36)).join("")}`;

function field(name, label, input) {
  input.id = `tr-${name}`;
  input.name = name;
  return el("label", { class: "tr-field", for: input.id }, el("span", { text: label }), input);
}

function mount(root) {
  section = root;
  const when = el(
    "select",
    { id: "tr-when", name: "when", onchange: render },
    ...["upcoming", "past", "all"].map((value) =>
      el("option", { value, text: s(`when${value[0].toUpperCase()}${value.slice(1)}`) }),
    ),
  );
  const form = el(
    "form",
    { id: "tr-form", class: "tr-form item", hidden: true },
    el("h2", { id: "tr-form-title", class: "business" }),
    field("title", s("fieldTitle"), el("input", { type: "text", maxlength: 80, required: true })),
    field("topic", s("fieldTopic"), el("select", {})),
    el(
      "div",
      { class: "tr-row" },
      field("date", s("fieldDate"), el("input", { type: "date", required: true })),
      field("time", s("fieldTime"), el("input", { type: "time", required: true })),
    ),
    field("place", s("fieldPlace"), el("input", { type: "text", maxlength: 120, required: true })),
    el(
      "div",
      { class: "tr-row" },
      field("quota", s("fieldQuota"), el("input", { type: "number", min: 1, max: 1000, required: true })),
      field("deadline", s("fieldDeadline"), el("input", { type: "date", required: true })),
    ),
    el(
      "label",
      { class: "tr-check", for: "tr-open" },
      el("input", { id: "tr-open", name: "openToAll", type: "checkbox" }),
      el("span", { text: s("fieldOpen") }),
    ),
    el("p", { class: "footnote", text: s("noticeHint") }),
    el(
      "div",
      { class: "actions" },
      el("button", { type: "submit", class: "primary", id: "tr-save", text: s("save") }),
      el("button", { type: "button", class: "secondary", text: t("cancel"), onclick: closeForm }),
    ),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    save();
  });
  section.append(
    el(
      "form",
      { class: "filters", onsubmit: (event) => event.preventDefault() },
      el("label", { for: "tr-when" }, el("span", { text: s("filterWhen") }), when),
      el("div", { class: "export" }),
      el("button", {
        type: "button",
        class: "primary",
        id: "tr-add",
        text: s("add"),
        onclick: () => openForm(),
      }),
    ),
    form,
    el("ul", { id: "tr-list", class: "list" }),
    el("p", { id: "tr-empty", class: "empty", text: s("empty"), hidden: true }),
  );
}

function openForm(session) {
  editing = session;
  requestId = newRequestId();
  const form = $("#tr-form", section);
  $("#tr-form-title", form).textContent = session ? s("editTitle", { title: session.title }) : s("addTitle");
  $("#tr-topic", form).replaceChildren(
    ...topics.map((topic) => el("option", { value: topic.id, text: topic.label })),
  );
  const values = session ?? {
    title: "",
    topic: topics[0]?.id,
    date: "",
    time: "09:00",
    place: "",
    quota: 30,
  };
  $("#tr-title", form).value = values.title;
  $("#tr-topic", form).value = values.topic ?? "";
  $("#tr-date", form).value = values.date;
  $("#tr-time", form).value = values.time;
  $("#tr-place", form).value = values.place;
  $("#tr-quota", form).value = String(values.quota);
  $("#tr-deadline", form).value = session?.deadlineDate ?? "";
  $("#tr-open", form).checked = session?.openToAll ?? false;
  form.hidden = false;
  $("#tr-title", form).focus();
}

function closeForm() {
  $("#tr-form", section).hidden = true;
  editing = undefined;
}

async function save() {
  const form = $("#tr-form", section);
  const value = (name) => $(`#tr-${name}`, form).value.trim();
  const fields = {
    title: value("title"),
    topic: value("topic"),
    date: value("date"),
    time: value("time"),
    place: value("place"),
    quota: Number(value("quota")),
    deadline: value("deadline"),
    openToAll: $("#tr-open", form).checked,
  };
  const button = $("#tr-save", form);
  button.disabled = true;
  const { status, data } = editing
    ? await api("trainings/edit", { id: editing.id, ...changed(editing, fields) })
    : await api("trainings/add", { requestId, ...fields });
  button.disabled = false;
  if (status === 200) {
    notice(
      editing
        ? s("updated", { title: data.session.title, count: data.told })
        : s("saved", { title: data.session.title, id: data.session.id }),
    );
    closeForm();
  } else if (data.message) return notice(data.message, true);
  else if (status === 404) return notice(s("missing"), true);
  else return failed(status, data);
  await render();
}

/** Only what the form changed (an untouched date is not re-checked against the clock). */
function changed(session, fields) {
  const out = {};
  for (const [name, value] of Object.entries(fields)) {
    const current = name === "deadline" ? session.deadlineDate : session[name];
    if (value !== current) out[name] = value;
  }
  return out;
}

async function render() {
  const when = $("#tr-when", section).value;
  $(".export", section).replaceChildren(csvLink("trainings.csv", { when }));
  const { status, data } = await api(`trainings?${new URLSearchParams({ when, lang: state.lang })}`);
  if (status !== 200) return failed(status, data);
  topics = data.topics;
  $("#tr-list", section).replaceChildren(...data.sessions.map(sessionItem));
  $("#tr-empty", section).hidden = data.sessions.length > 0;
}

function sessionItem(session) {
  const facts = el("dl", { class: "facts" });
  fact(facts, s("when"), `${wib(session.startsAt)} WIB`);
  fact(facts, s("place"), session.place);
  fact(
    facts,
    s("seats"),
    s("seatsValue", { taken: session.taken, quota: session.quota, left: session.seatsLeft }),
  );
  fact(facts, s("deadline"), `${wib(session.deadline)} WIB`);
  fact(facts, s("audience"), session.openToAll ? s("openToAll") : s("sellersOnly"));
  fact(facts, s("code"), session.id);
  const people = el("div", { class: "tr-people", hidden: true });
  const confirm = el(
    "div",
    { class: "tr-confirm", hidden: true },
    el("p", { text: s("confirmCancel", { title: session.title, count: session.taken }) }),
    el(
      "div",
      { class: "actions" },
      el("button", {
        type: "button",
        class: "danger",
        text: s("confirmCancelButton"),
        onclick: (event) => cancelSession(session, event.currentTarget),
      }),
      el("button", {
        type: "button",
        class: "secondary",
        text: s("keep"),
        onclick: () => (confirm.hidden = true),
      }),
    ),
  );
  const toggle = el("button", { type: "button", class: "secondary", text: s("participants") });
  toggle.addEventListener("click", async () => {
    if (!people.hidden) {
      people.hidden = true;
      toggle.textContent = s("participants");
      return;
    }
    await showPeople(session, people);
    toggle.textContent = s("hideParticipants");
  });
  return el(
    "li",
    { class: "item", "data-id": session.id },
    el(
      "div",
      { class: "item-head" },
      el("h2", { class: "business", text: session.title }),
      el("span", { class: "badge", text: session.topicLabel }),
    ),
    facts,
    el(
      "div",
      { class: "actions" },
      toggle,
      el("button", { type: "button", class: "secondary", text: s("edit"), onclick: () => openForm(session) }),
      el("button", {
        type: "button",
        class: "danger",
        text: s("cancelSession"),
        onclick: () => (confirm.hidden = false),
      }),
    ),
    confirm,
    people,
  );
}

async function showPeople(session, box) {
  const { status, data } = await api(`trainings/participants?${new URLSearchParams({ id: session.id })}`);
  if (status !== 200) return failed(status, data);
  const role = (value) => s({ seller: "roleSeller", buyer: "roleBuyer", staff: "roleStaff" }[value] ?? value);
  const head = el(
    "tr",
    {},
    ...["name", "business", "role", "channel", "phone", "registeredAt"].map((key) =>
      el("th", { text: s(key) }),
    ),
  );
  const rows = data.participants.map((person) =>
    el(
      "tr",
      {},
      el("td", { text: person.name }),
      el("td", { text: person.businessName ?? "" }),
      el("td", { text: role(person.role) }),
      el("td", { text: person.channel === "telegram" ? "Telegram" : "WhatsApp" }),
      el("td", { text: person.phone ?? "" }),
      el("td", { text: wib(person.registeredAt) }),
    ),
  );
  box.replaceChildren(
    el(
      "div",
      { class: "toolbar" },
      el("h3", {
        text: s("participantsTitle", {
          title: session.title,
          count: data.participants.length,
          quota: session.quota,
        }),
      }),
      csvLink("trainings/participants.csv", { id: session.id }),
    ),
    data.participants.length
      ? el("div", { class: "table-wrap" }, el("table", {}, el("thead", {}, head), el("tbody", {}, ...rows)))
      : el("p", { class: "empty", text: s("noParticipants") }),
  );
  box.hidden = false;
}

async function cancelSession(session, button) {
  button.disabled = true;
  const { status, data } = await api("trainings/cancel", { id: session.id });
  button.disabled = false;
  if (status === 200) notice(s("cancelled", { title: data.title, count: data.told }));
  else if (status === 409) notice(s("notScheduled"), true);
  else if (status === 404) notice(s("missing"), true);
  else failed(status, data);
  await render();
}

export default { id: "trainings", nav: "trainings.nav", css: "page-trainings.css", mount, show: render };
