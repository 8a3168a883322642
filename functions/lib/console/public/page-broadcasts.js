// Broadcasts: compose, audience with the exact count, preview per channel, edit, send now or at a WIB time,
// stop, and the counters of recent broadcasts refreshed every few seconds while the page is open.
import { $, api, csvLink, el, fact, notice, state, t, wib } from "./shell.js";

const pollMs = 3000;
const shownCounters = ["total", "sent", "delivered", "read", "failed", "blocked"];
let section;
let options;
let draftId;
let previewed;
let timer;
const items = new Map();

const tb = (key, values) => t(`broadcasts.${key}`, values);
const newDraftId = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(12)), (byte) => byte.toString(16).padStart(2, "0")).join(
    "",
  );
/** Today's date in WIB as YYYY-MM-DD (the date input's format). */
// Today in WIB by the server's clock (sent with the session), so the page and the server agree on the date.
const wibToday = () =>
  new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Jakarta" }).format(new Date(state.me?.now ?? 0));

function refused(status, data) {
  if (status === 403 && data.error === "admin-only") return notice(t("adminOnly"), true);
  const key = `broadcasts.error.${data.error}`;
  const text = t(key, { max: data.max ?? "" });
  notice(text === key ? t("error", { message: data.error ?? status }) : text, true);
}

function field(label, control, id) {
  return el("label", { class: "bc-field", for: id }, el("span", { text: label }), control);
}

function mount(root) {
  // Mounted again on a language change or a new sign-in: nothing of the old DOM is kept.
  stopPolling();
  section = root;
  options = undefined;
  previewed = undefined;
  items.clear();
  draftId = newDraftId();
  const text = el("textarea", { id: "bc-text", name: "text", rows: 5, maxlength: 3500, required: true });
  const count = el("span", { id: "bc-length", class: "footnote" });
  text.addEventListener("input", () => {
    count.textContent = tb("textHint", { length: text.value.trim().length, max: options?.maxText ?? 3500 });
  });
  const audience = el("select", { id: "bc-audience", name: "audience", onchange: audienceChanged });
  const category = el("select", { id: "bc-category", name: "category" });
  const kecamatan = el("select", { id: "bc-kecamatan", name: "kecamatan" });
  const when = el(
    "div",
    { class: "bc-when", role: "radiogroup", "aria-label": tb("when") },
    el(
      "label",
      {},
      el("input", { type: "radio", name: "when", value: "now", checked: true, onchange: whenChanged }),
      el("span", { text: tb("now") }),
    ),
    el(
      "label",
      {},
      el("input", { type: "radio", name: "when", value: "later", onchange: whenChanged }),
      el("span", { text: tb("later") }),
    ),
  );
  const date = el("input", { id: "bc-date", name: "date", type: "date" });
  const time = el("input", { id: "bc-time", name: "time", type: "time", value: "08:00" });
  const form = el(
    "form",
    { id: "bc-form", class: "card bc-form" },
    el("h2", { text: tb("compose") }),
    field(tb("text"), text, "bc-text"),
    count,
    field(tb("audience"), audience, "bc-audience"),
    el("div", { id: "bc-category-field", hidden: true }, field(tb("category"), category, "bc-category")),
    el("div", { id: "bc-kecamatan-field", hidden: true }, field(tb("kecamatan"), kecamatan, "bc-kecamatan")),
    el("div", { class: "bc-field" }, el("span", { text: tb("when") }), when),
    el(
      "div",
      { id: "bc-later", class: "bc-row", hidden: true },
      field(tb("date"), date, "bc-date"),
      field(tb("time"), time, "bc-time"),
    ),
    el("div", { class: "actions" }, el("button", { type: "submit", class: "primary", text: tb("preview") })),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    preview();
  });
  section.append(
    form,
    el("div", { id: "bc-preview", class: "card bc-preview", hidden: true }),
    el("div", { class: "toolbar bc-list-head" }, el("h2", { text: tb("list") }), csvLink("broadcasts.csv")),
    el("ul", { id: "bc-list", class: "list bc-list" }),
    el("p", { id: "bc-empty", class: "empty", text: tb("empty"), hidden: true }),
    el("p", { class: "footnote", text: tb("receiptsNote") }),
  );
}

function audienceChanged() {
  const kind = $("#bc-audience", section).value;
  $("#bc-category-field", section).hidden = kind !== "kategori";
  $("#bc-kecamatan-field", section).hidden = kind !== "kecamatan";
}

function whenChanged() {
  const later = $('input[name="when"]:checked', section).value === "later";
  $("#bc-later", section).hidden = !later;
  const date = $("#bc-date", section);
  date.min = wibToday();
  if (later && !date.value) date.value = wibToday();
}

function fillOptions() {
  const audience = $("#bc-audience", section);
  const chosen = audience.value;
  audience.replaceChildren(
    ...options.kinds.map((kind) =>
      el("option", { value: kind.kind, text: kind.label, disabled: !kind.available }),
    ),
  );
  if (chosen && options.kinds.some((kind) => kind.kind === chosen)) audience.value = chosen;
  const category = $("#bc-category", section);
  if (!category.options.length)
    category.append(...options.categories.map((c) => el("option", { value: c.id, text: c.label })));
  const kecamatan = $("#bc-kecamatan", section);
  if (!kecamatan.options.length)
    kecamatan.append(...options.kecamatan.map((k) => el("option", { value: k.id, text: k.name })));
  $("#bc-text", section).dispatchEvent(new Event("input"));
  audienceChanged();
}

/** The draft as the form holds it (kept while staff edit after a preview). */
function draft() {
  const kind = $("#bc-audience", section).value;
  const audience =
    kind === "kategori"
      ? { kind, value: $("#bc-category", section).value }
      : kind === "kecamatan"
        ? { kind, value: $("#bc-kecamatan", section).value }
        : { kind };
  const later = $('input[name="when"]:checked', section).value === "later";
  const sendAt = later ? `${$("#bc-date", section).value} ${$("#bc-time", section).value}` : undefined;
  return { text: $("#bc-text", section).value.trim(), audience, ...(sendAt ? { sendAt } : {}) };
}

function bubble(title, text, className) {
  return el(
    "div",
    { class: `bc-channel ${className}` },
    el("h3", { text: title }),
    el("p", { class: "bc-bubble", text }),
  );
}

async function preview() {
  const body = draft();
  const { status, data } = await api("broadcasts/preview", body);
  if (status !== 200) return refused(status, data);
  notice("");
  previewed = body;
  const panel = $("#bc-preview", section);
  const facts = el("dl", { class: "facts" });
  fact(facts, tb("audience"), data.audienceLabel);
  const channels = [bubble(tb("telegram"), data.text, "bc-telegram")];
  if (options.whatsapp.enabled) {
    channels.push(bubble(tb("whatsapp"), data.text, "bc-whatsapp"));
    channels.push(
      options.whatsapp.template
        ? bubble(
            tb("whatsappTemplate", { max: options.templateMax }),
            data.whatsappTemplateText,
            "bc-template",
          )
        : el("p", { class: "footnote", text: tb("whatsappNoTemplate") }),
    );
  } else channels.push(el("p", { class: "footnote", text: tb("whatsappOff") }));
  const sendButton = el("button", {
    type: "button",
    class: "primary bc-send",
    text: tb(body.sendAt ? "schedule" : "sendNow"),
    disabled: data.count === 0,
  });
  sendButton.addEventListener("click", () => send(body, sendButton));
  panel.replaceChildren(
    ...[
      el("h2", { text: tb("previewTitle") }),
      el("p", { id: "bc-count", class: "bc-count", text: tb("count", { count: data.count }) }),
      el("p", { text: data.sendAt ? tb("atTime", { when: wib(data.sendAt) }) : tb("atNow") }),
      facts,
      el("div", { class: "bc-channels" }, ...channels),
      data.count === 0 ? el("p", { class: "footnote", text: tb("error.empty-audience") }) : undefined,
      el(
        "div",
        { class: "actions" },
        sendButton,
        el("button", { type: "button", class: "secondary bc-edit", text: tb("edit"), onclick: edit }),
      ),
    ].filter(Boolean),
  );
  panel.hidden = false;
  $("#bc-form", section).hidden = true;
  panel.scrollIntoView({ block: "nearest" });
}

function edit() {
  $("#bc-preview", section).hidden = true;
  $("#bc-form", section).hidden = false;
  $("#bc-text", section).focus();
}

async function send(body, button) {
  if (previewed !== body) return edit();
  button.disabled = true;
  const { status, data } = await api("broadcasts/send", { ...body, draft: draftId });
  button.disabled = false;
  if (status !== 200) return refused(status, data);
  const job = data.broadcast;
  // A "send now" job is also "scheduled" until the planner picks it up (within a minute).
  notice(body.sendAt ? tb("scheduled", { id: job.id, when: wib(job.sendAt) }) : tb("sent", { id: job.id }));
  // A new draft: the next send is a new broadcast.
  draftId = newDraftId();
  previewed = undefined;
  $("#bc-form", section).reset();
  whenChanged();
  $("#bc-text", section).dispatchEvent(new Event("input"));
  audienceChanged();
  edit();
  await load();
}

async function stop(job, button) {
  button.disabled = true;
  const { status, data } = await api("broadcasts/cancel", { id: job.id });
  button.disabled = false;
  if (status === 200) notice(tb("cancelled", { id: job.id }));
  else refused(status, data);
  await load();
}

function counterCells(job) {
  return shownCounters.map((name) =>
    el(
      "div",
      { class: `bc-counter bc-${name}`, "data-counter": name },
      el("span", { class: "bc-counter-value", text: String(job.counters[name] ?? 0) }),
      el("span", { class: "bc-counter-label", text: tb(`counter.${name}`) }),
    ),
  );
}

function jobItem(job) {
  const facts = el("dl", { class: "facts" });
  const counters = el("div", { class: "bc-counters" });
  const badge = el("span", { class: "badge bc-state" });
  const stopArea = el("div", { class: "actions" });
  const item = el(
    "li",
    { class: "item bc-item", "data-id": job.id },
    el("div", { class: "item-head" }, el("h2", { class: "business", text: `#${job.id}` }), badge),
    el("p", { class: "bc-text", text: job.text }),
    facts,
    counters,
    stopArea,
  );
  const update = (current) => {
    badge.textContent = tb(`state.${current.state}`);
    item.dataset.state = current.state;
    facts.replaceChildren();
    fact(facts, tb("audience"), current.audienceLabel);
    fact(facts, tb("sendAt"), `${wib(current.sendAt)} WIB`);
    if (current.startedAt) fact(facts, tb("started"), `${wib(current.startedAt)} WIB`);
    if (current.finishedAt) fact(facts, tb("finished"), `${wib(current.finishedAt)} WIB`);
    fact(facts, tb("createdBy"), current.createdBy);
    counters.replaceChildren(...counterCells(current));
    const csv = csvLink("broadcasts/job.csv", { id: current.id });
    csv.textContent = tb("exportOne");
    const stopButton = current.cancellable
      ? el("button", { type: "button", class: "danger bc-stop", text: tb("stop") })
      : undefined;
    stopButton?.addEventListener("click", () => stop(current, stopButton));
    stopArea.replaceChildren(...[stopButton, csv].filter(Boolean));
  };
  update(job);
  return { item, update };
}

async function load() {
  const { status, data } = await api(`broadcasts?lang=${state.lang}`);
  if (status !== 200) {
    stopPolling();
    return refused(status, data);
  }
  if (!options) {
    options = data.options;
    fillOptions();
  }
  const list = $("#bc-list", section);
  const seen = new Set();
  const ordered = data.broadcasts.map((job) => {
    seen.add(job.id);
    const known = items.get(job.id);
    if (known) {
      known.update(job);
      return known.item;
    }
    const made = jobItem(job);
    items.set(job.id, made);
    return made.item;
  });
  for (const id of items.keys()) if (!seen.has(id)) items.delete(id);
  // Only when the order or set changed: a stable list keeps focus and scrolling while counters move.
  if (ordered.some((item, index) => list.children[index] !== item) || list.children.length !== ordered.length)
    list.replaceChildren(...ordered);
  $("#bc-empty", section).hidden = data.broadcasts.length > 0;
}

function stopPolling() {
  clearTimeout(timer);
  timer = undefined;
}

/** Polls while this page is on screen; stops once another page (or sign-out) hides or removes it. */
function poll() {
  stopPolling();
  timer = setTimeout(async () => {
    if (!section.isConnected || section.hidden) return stopPolling();
    await load().catch(() => undefined);
    if (timer) poll();
  }, pollMs);
}

async function show() {
  await load();
  poll();
}

export default { id: "broadcasts", nav: "broadcasts.nav", css: "page-broadcasts.css", mount, show };
