// Knowledge (admins): FAQ topics (search, due for a check, edit answers and examples, history) and the
// unanswered-questions queue (assign a group to a topic); CSV export of both.
import {
  $,
  api,
  cancelButton,
  csvLink,
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
let tab = "topics";
let renders = 0;

const k = (key, values) => t(`knowledge.${key}`, values);
const title = (topic) => topic.title[state.lang] ?? topic.title.id;
const lines = (text) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

function mount(root) {
  section = root;
  const tabs = el(
    "div",
    { class: "kb-tabs", role: "tablist" },
    ...["topics", "queue"].map((id) =>
      el("button", {
        type: "button",
        "data-tab": id,
        "aria-pressed": String(id === tab),
        text: k(id === "topics" ? "tabTopics" : "tabQueue"),
        onclick: () => switchTab(id),
      }),
    ),
  );
  const search = searchBox({ id: "kb-search" }, renderTopics);
  const staleOnly = el("input", { id: "kb-stale", type: "checkbox", onchange: renderTopics });
  const topics = el(
    "div",
    { id: "kb-topics" },
    el(
      "form",
      { class: "filters", onsubmit: (event) => event.preventDefault() },
      el("label", { class: "grow", for: "kb-search" }, el("span", { text: k("search") }), search),
      el("label", { class: "kb-check", for: "kb-stale" }, staleOnly, el("span", { text: k("staleOnly") })),
      el("div", { class: "export", id: "kb-export" }),
    ),
    el("p", { id: "kb-note", class: "footnote" }),
    el("ul", { id: "kb-list", class: "list kb-list" }),
    el("p", { id: "kb-empty", class: "empty", text: k("empty"), hidden: true }),
  );
  const queue = el(
    "div",
    { id: "kb-queue", hidden: true },
    el("p", { class: "footnote", text: k("queueNote") }),
    el("div", { class: "toolbar", id: "kb-queue-export" }),
    el("ul", { id: "kb-groups", class: "list kb-list" }),
    el("p", { id: "kb-queue-empty", class: "empty", text: k("queueEmpty"), hidden: true }),
  );
  section.append(tabs, topics, queue);
}

async function switchTab(id) {
  tab = id;
  for (const button of section.querySelectorAll("[data-tab]"))
    button.setAttribute("aria-pressed", String(button.dataset.tab === id));
  $("#kb-topics", section).hidden = id !== "topics";
  $("#kb-queue", section).hidden = id !== "queue";
  notice("");
  await show();
}

const topicQuery = () => ({
  q: $("#kb-search", section).value,
  stale: $("#kb-stale", section).checked ? "1" : "0",
});

async function renderTopics() {
  $("#kb-export", section).replaceChildren(csvLink("knowledge.csv", topicQuery()));
  const mine = ++renders;
  const { status, data } = await api(`knowledge?${new URLSearchParams(topicQuery())}`);
  // A newer search was sent meanwhile: its answer wins.
  if (mine !== renders) return;
  if (status !== 200) return failed(status, data);
  $("#kb-note", section).textContent = `${k("staleNote", { days: data.maxAgeDays })} ${k("contentVersion", {
    version: data.contentVersion,
  })}`;
  $("#kb-list", section).replaceChildren(...data.topics.map(topicItem));
  $("#kb-empty", section).hidden = data.topics.length > 0;
}

function topicItem(topic) {
  const facts = el("dl", { class: "facts" });
  fact(facts, "ID", topic.id);
  fact(facts, k("checkedAt"), topic.checkedAt);
  fact(facts, k("version"), topic.version);
  fact(facts, k("examplesCount"), topic.examples.id.length);
  const badges = el(
    "span",
    { class: "kb-badges" },
    el("span", { class: "badge", text: topic.edited ? k("edited") : k("shipped") }),
    topic.staleDays !== null
      ? el("span", { class: "badge stale", text: k("stale", { days: topic.staleDays }) })
      : undefined,
  );
  const history = el("ol", { class: "kb-history", hidden: true });
  const item = el(
    "li",
    { class: "item", "data-topic": topic.id },
    el("div", { class: "item-head" }, el("h2", { class: "business", text: title(topic) }), badges),
    facts,
    el("p", { class: "kb-answer", text: topic.answer[state.lang] ?? topic.answer.id }),
  );
  const form = editForm(topic, item);
  const actions = el(
    "div",
    { class: "actions" },
    el("button", {
      type: "button",
      class: "primary edit",
      text: k("edit"),
      onclick: () => {
        form.hidden = false;
        $("textarea", form).focus();
      },
    }),
    el("button", {
      type: "button",
      class: "secondary",
      text: k("history"),
      onclick: () => toggleHistory(topic.id, history),
    }),
  );
  item.append(actions, form, history);
  return item;
}

function editForm(topic, item) {
  const area = (name, label, value, rows) =>
    el(
      "label",
      { class: "field" },
      el("span", { text: label }),
      el("textarea", { name, rows, maxlength: 2000 }, document.createTextNode(value)),
    );
  const checked = el("input", { type: "checkbox", name: "checked" });
  const save = el("button", { type: "submit", class: "primary", text: k("save") });
  const form = el(
    "form",
    { class: "kb-form", hidden: true },
    area("answer-id", k("answerId"), topic.answer.id, 5),
    area("answer-en", k("answerEn"), topic.answer.en, 5),
    area("examples-id", k("examplesId"), topic.examples.id.join("\n"), 6),
    area("examples-en", k("examplesEn"), topic.examples.en.join("\n"), 4),
    el("label", { class: "kb-check" }, checked, el("span", { text: k("markChecked") })),
    el(
      "div",
      { class: "actions" },
      save,
      cancelButton(),
      el("button", { type: "button", class: "secondary reload", text: k("reload"), onclick: renderTopics }),
    ),
  );
  const value = (name) => form.elements.namedItem(name).value;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    save.disabled = true;
    const { status, data } = await api("knowledge/save", {
      id: topic.id,
      version: topic.version,
      answer: { id: value("answer-id").trim(), en: value("answer-en").trim() },
      examples: { id: lines(value("examples-id")), en: lines(value("examples-en")) },
      checked: checked.checked,
    });
    save.disabled = false;
    if (status === 200 && data.unchanged) return notice(k("unchanged"));
    if (status === 200) {
      await renderTopics();
      return notice(k("saved", { topic: title(topic), version: data.version }));
    }
    if (status === 409) return notice(k("conflict", { topic: title(topic), version: data.version }), true);
    if (status === 404) return notice(k("missing"), true);
    if (status === 400 && data.problems)
      return notice(
        k("invalid", { problems: data.problems.map((p) => `${p.path}: ${p.message}`).join("; ") }),
        true,
      );
    failed(status, data);
  });
  item.dataset.version = String(topic.version);
  return form;
}

async function toggleHistory(id, list) {
  if (!list.hidden) {
    list.hidden = true;
    return;
  }
  const { status, data } = await api(`knowledge/history?${new URLSearchParams({ id })}`);
  if (status !== 200) return failed(status, data);
  list.replaceChildren(
    ...data.versions.map((entry) =>
      el(
        "li",
        {},
        el("strong", { text: `v${entry.version}` }),
        el("span", {
          text: ` · ${/T/.test(entry.at) ? wib(Date.parse(entry.at)) : entry.at} · ${k("historyBy", { by: entry.by })} · ${k("historyChanged", { fields: entry.changed.join(", ") })}`,
        }),
        el("p", { class: "kb-answer", text: entry.answer[state.lang] ?? entry.answer.id }),
      ),
    ),
  );
  if (!data.versions.length) list.append(el("li", { text: k("historyEmpty") }));
  list.hidden = false;
}

async function renderQueue() {
  const link = csvLink("knowledge/unanswered.csv");
  link.textContent = k("exportQueue");
  $("#kb-queue-export", section).replaceChildren(link);
  const { status, data } = await api("knowledge/unanswered");
  if (status !== 200) return failed(status, data);
  const titles = new Map(data.topics.map((topic) => [topic.id, title(topic)]));
  $("#kb-groups", section).replaceChildren(
    ...data.groups.map((group) => groupItem(group, data.topics, titles)),
  );
  $("#kb-queue-empty", section).hidden = data.groups.length > 0;
}

function groupItem(group, topics, titles) {
  const facts = el("dl", { class: "facts" });
  fact(facts, k("lastAt"), wib(Date.parse(group.lastAt)));
  fact(facts, k("guess"), group.topicGuess ? (titles.get(group.topicGuess) ?? group.topicGuess) : "");
  fact(
    facts,
    k("reasons"),
    Object.entries(group.reasons)
      .map(([reason, count]) => `${k(`reason.${reason}`)} ${count}`)
      .join(", "),
  );
  const select = el(
    "select",
    { name: "topic", "aria-label": k("pickTopic") },
    ...topics.map((topic) =>
      el("option", { value: topic.id, text: title(topic), selected: topic.id === group.topicGuess }),
    ),
  );
  const assign = el("button", { type: "button", class: "primary", text: k("assign") });
  assign.addEventListener("click", async () => {
    assign.disabled = true;
    const topic = select.value;
    const { status, data } = await api("knowledge/assign", { group: group.normalised, topic });
    assign.disabled = false;
    const name = titles.get(topic) ?? topic;
    if (status === 200) {
      await renderQueue();
      return notice(k(data.known ? "known" : "assigned", { topic: name }));
    }
    if (status === 409) return notice(k("assignConflict"), true);
    if (status === 404) return notice(k("groupGone"), true);
    if (status === 400 && data.error === "too-long") return notice(k("tooLong"), true);
    failed(status, data);
  });
  return el(
    "li",
    { class: "item", "data-group": group.normalised },
    el(
      "div",
      { class: "item-head" },
      el("h2", { class: "business", text: group.examples[0] ?? group.normalised }),
      el(
        "span",
        { class: "kb-badges" },
        el("span", { class: "badge", text: k("count", { count: group.count }) }),
        group.taught
          ? el("span", {
              class: "badge taught",
              text: k("taught", { topic: titles.get(group.taught) ?? group.taught }),
            })
          : undefined,
      ),
    ),
    el("ul", { class: "kb-wordings" }, ...group.examples.map((text) => el("li", { text }))),
    facts,
    el(
      "div",
      { class: "actions kb-assign" },
      el("label", { class: "grow" }, el("span", { text: k("pickTopic") }), select),
      assign,
    ),
  );
}

const show = () => (tab === "topics" ? renderTopics() : renderQueue());

export default {
  id: "knowledge",
  nav: "knowledge.nav",
  adminOnly: true,
  css: "page-knowledge.css",
  mount,
  show,
};
