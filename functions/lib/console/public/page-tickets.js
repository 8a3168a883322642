// Tickets inbox: the list (filter, search, CSV), one ticket (the sender's messages, history, the WhatsApp
// window), reply on the sender's channel, claim/assign, internal notes, close.
import { $, api, csvLink, el, fact, failed, notice, searchBox, state, t, wib } from "./shell.js";

const tt = (key, values) => t(`tickets.${key}`, values);
const filters = ["active", "open", "claimed", "mine", "closed", "all"];
const upper = (word) => `${word[0].toUpperCase()}${word.slice(1)}`;
const channelName = (channel) => (channel === "telegram" ? "Telegram" : "WhatsApp");
/** One key per filled-in form: a double submit is recorded (and sent) once by the server. */
const newKey = () => crypto.randomUUID().replaceAll("-", "");

let section;
let current;
let lastList = { staff: [], template: { configured: false } };

function mount(root) {
  section = root;
  const status = el(
    "select",
    { id: "ticket-status", name: "status", onchange: render },
    ...filters.map((value) => el("option", { value, text: tt(`status${upper(value)}`) })),
  );
  const search = searchBox({ id: "ticket-search", name: "q" }, render);
  section.append(
    el(
      "div",
      { id: "ticket-list-view" },
      el(
        "form",
        { class: "filters", onsubmit: (event) => event.preventDefault() },
        el("label", { for: "ticket-status" }, el("span", { text: tt("filterStatus") }), status),
        el(
          "label",
          { class: "grow", for: "ticket-search" },
          el("span", { text: tt("filterSearch") }),
          search,
        ),
        el("div", { class: "export" }),
      ),
      el("p", { id: "ticket-template", class: "footnote" }),
      el("ul", { id: "ticket-list", class: "list" }),
      el("p", { id: "ticket-empty", class: "empty", text: tt("empty"), hidden: true }),
    ),
    el("div", { id: "ticket-detail", hidden: true }),
  );
}

const query = () => ({ status: $("#ticket-status", section).value, q: $("#ticket-search", section).value });

async function show() {
  current = undefined;
  await render();
}

async function render() {
  if (current) return openTicket(current);
  $("#ticket-detail", section).hidden = true;
  $("#ticket-list-view", section).hidden = false;
  $(".export", section).replaceChildren(csvLink("tickets.csv", query()));
  const params = new URLSearchParams({ ...query(), lang: state.lang });
  const { status, data } = await api(`tickets?${params}`);
  if (status !== 200) return failed(status, data);
  lastList = data;
  $("#ticket-template", section).textContent = `${tt("templateState")}: ${
    data.template.configured ? tt("templateConfigured", { name: data.template.name }) : tt("templateMissing")
  }`;
  $("#ticket-list", section).replaceChildren(...data.tickets.map(listItem));
  $("#ticket-empty", section).hidden = data.tickets.length > 0;
}

const stateLabel = (ticket) => tt(`state${upper(ticket.state)}`);

function listItem(ticket) {
  const facts = el("dl", { class: "facts" });
  fact(facts, tt("channel"), channelName(ticket.channel));
  fact(facts, tt("lastActivity"), wib(ticket.lastActivityAt));
  fact(facts, tt("assignee"), ticket.assignee?.name ?? tt("nobody"));
  fact(facts, tt("messages"), ticket.messages);
  const latest = ticket.questions.at(-1);
  return el(
    "li",
    { class: "item ticket", "data-id": ticket.id },
    el(
      "div",
      { class: "item-head" },
      el("h2", { class: "business", text: `#${ticket.id} · ${ticket.name}` }),
      el("span", { class: `badge state-${ticket.state}`, text: stateLabel(ticket) }),
    ),
    latest ? el("p", { class: "ticket-latest", text: latest }) : null,
    facts,
    el(
      "div",
      { class: "actions" },
      el("button", {
        type: "button",
        class: "primary open-ticket",
        text: tt("open"),
        onclick: () => openTicket(ticket.id),
      }),
    ),
  );
}

function windowText(ticket) {
  if (ticket.channel !== "whatsapp") return tt("windowTelegram");
  if (ticket.window.open) return tt("windowOpen", { until: wib(ticket.window.until) });
  return lastList.template.configured
    ? tt("windowClosedTemplate", { template: lastList.template.name })
    : tt("windowClosedNoTemplate");
}

function historyLine(entry) {
  const by = lastList.staff.find((staff) => staff.actor === entry.by)?.name ?? entry.by;
  const what =
    entry.kind === "assign"
      ? !entry.assignee
        ? tt("historyRelease", { by })
        : entry.assignee.actor === entry.by
          ? tt("historyClaim", { by })
          : tt("historyAssign", { by, to: entry.assignee.name })
      : tt(`history${upper(entry.kind)}`, { by });
  return el(
    "li",
    { class: `history-entry history-${entry.kind}` },
    el("span", { class: "history-when", text: wib(entry.at) }),
    el("span", { class: "history-what", text: what }),
    entry.text ? el("p", { class: "history-text", text: entry.text }) : null,
  );
}

async function openTicket(id) {
  current = id;
  const { status, data } = await api(`tickets/one?${new URLSearchParams({ id, lang: state.lang })}`);
  if (status !== 200) {
    current = undefined;
    return status === 404 ? notice(tt("errorMissing"), true) : failed(status, data);
  }
  const ticket = data.ticket;
  const detail = $("#ticket-detail", section);
  $("#ticket-list-view", section).hidden = true;
  detail.hidden = false;

  const facts = el("dl", { class: "facts" });
  fact(facts, tt("channel"), channelName(ticket.channel));
  fact(facts, tt("role"), tt(`role${upper(ticket.role)}`));
  fact(facts, tt("opened"), wib(ticket.openedAt));
  fact(facts, tt("lastActivity"), wib(ticket.lastActivityAt));
  fact(facts, tt("assignee"), ticket.assignee?.name ?? tt("nobody"));
  fact(facts, tt("staffReplies"), ticket.staffReplies);
  if (ticket.firstResponseMs !== undefined)
    fact(facts, tt("firstResponse"), tt("minutes", { count: Math.round(ticket.firstResponseMs / 60_000) }));
  if (ticket.closedAt)
    fact(facts, tt("closed"), `${wib(ticket.closedAt)} (${tt(`closedReason${upper(ticket.closedReason)}`)})`);

  const open = ticket.state !== "closed";
  const questions = ticket.questions.length
    ? el("ul", { class: "ticket-questions" }, ...ticket.questions.map((text) => el("li", { text })))
    : el("p", { class: "empty", text: tt("noQuestions") });
  const history = data.history.length
    ? el("ol", { class: "ticket-history" }, ...data.history.map(historyLine))
    : el("p", { class: "empty", text: tt("noHistory") });

  detail.replaceChildren(
    el("button", {
      type: "button",
      class: "secondary back",
      text: tt("back"),
      onclick: () => {
        current = undefined;
        render();
      },
    }),
    el(
      "article",
      { class: "item ticket-detail", "data-id": ticket.id },
      el(
        "div",
        { class: "item-head" },
        el("h2", { class: "business", text: `#${ticket.id} · ${ticket.name}` }),
        el("span", { class: `badge state-${ticket.state}`, text: stateLabel(ticket) }),
      ),
      facts,
      open
        ? el("p", {
            class: `window ${ticket.window.open ? "window-open" : "window-closed"}`,
            text: windowText(ticket),
          })
        : null,
      el("h3", { text: tt("questions") }),
      questions,
      open ? replyForm(ticket) : null,
      noteForm(ticket),
      open ? assignControls(ticket) : null,
      el("h3", { text: tt("history") }),
      history,
      open ? closeControls(ticket) : null,
    ),
  );
}

/** A textarea form whose submissions carry one key until it succeeds (a double click sends once). */
function keyedForm({ name, label, button, path, ticket, done }) {
  let key = newKey();
  const text = el("textarea", { name, rows: 3, maxlength: 1500, required: true, "aria-label": label });
  const submit = el("button", { type: "submit", class: "primary", text: button });
  const form = el(
    "form",
    { class: `ticket-form ${name}-form` },
    el("label", { class: "field" }, el("span", { text: label }), text),
    el("div", { class: "actions" }, submit),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = text.value.trim();
    if (!value) return;
    submit.disabled = true;
    const { status, data } = await api(path, { id: ticket.id, text: value, key });
    submit.disabled = false;
    if (status !== 200) return actionFailed(status, data);
    key = newKey();
    notice(done(data));
    await openTicket(ticket.id);
  });
  return form;
}

const replyForm = (ticket) =>
  keyedForm({
    name: "reply",
    label: tt("replyLabel"),
    button: tt("send"),
    path: "tickets/reply",
    ticket,
    done: (data) =>
      data.duplicate ? tt("duplicate") : tt(data.asTemplate ? "sentTemplate" : "sent", { id: ticket.id }),
  });

const noteForm = (ticket) =>
  keyedForm({
    name: "note",
    label: tt("noteLabel"),
    button: tt("addNote"),
    path: "tickets/note",
    ticket,
    done: () => tt("noteAdded"),
  });

function assignControls(ticket) {
  const mine = ticket.assignee?.actor === lastList.me;
  const select = el(
    "select",
    { name: "assignee", "aria-label": tt("assignTo") },
    ...lastList.staff.map((staff) =>
      el("option", {
        value: staff.actor,
        text: staff.name,
        selected: staff.actor === ticket.assignee?.actor,
      }),
    ),
  );
  const assign = (to) => async (event) => {
    event.target.disabled = true;
    const { status, data } = await api("tickets/assign", { id: ticket.id, to });
    event.target.disabled = false;
    if (status !== 200) return actionFailed(status, data);
    notice(
      data.assignee
        ? tt("assigned", { id: ticket.id, name: data.assignee.name })
        : tt("released", { id: ticket.id }),
    );
    await openTicket(ticket.id);
  };
  return el(
    "div",
    { class: "actions assign" },
    mine
      ? null
      : el("button", { type: "button", class: "primary claim", text: tt("claim"), onclick: assign("me") }),
    el("label", { class: "assign-to" }, el("span", { text: tt("assignTo") }), select),
    el("button", {
      type: "button",
      class: "secondary assign-button",
      text: tt("assign"),
      onclick: (event) => assign(select.value)(event),
    }),
    ticket.assignee
      ? el("button", {
          type: "button",
          class: "secondary release",
          text: tt("release"),
          onclick: assign(null),
        })
      : null,
  );
}

function closeControls(ticket) {
  const confirm = el("button", { type: "button", class: "danger confirm-close", text: tt("confirmClose") });
  const confirmBox = el("div", { class: "actions", hidden: true }, confirm);
  confirm.addEventListener("click", async () => {
    confirm.disabled = true;
    const { status, data } = await api("tickets/close", { id: ticket.id });
    confirm.disabled = false;
    if (status !== 200) return actionFailed(status, data);
    notice(tt("closedDone", { id: ticket.id }));
    await openTicket(ticket.id);
  });
  return el(
    "div",
    { class: "ticket-close" },
    el("button", {
      type: "button",
      class: "danger close-ticket",
      text: tt("close"),
      onclick: () => (confirmBox.hidden = false),
    }),
    confirmBox,
  );
}

function actionFailed(status, data) {
  const known = {
    closed: "errorClosed",
    missing: "errorMissing",
    "outside-window": "errorOutsideWindow",
    "not-staff": "errorNotStaff",
  }[data.error];
  if (known) return notice(tt(known), true);
  failed(status, data);
}

export default { id: "tickets", nav: "tickets.nav", css: "page-tickets.css", mount, show };
