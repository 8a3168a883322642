// WhatsApp templates (admins, read-only): per kind of message and language, the template the bot sends
// outside the 24-hour window, the fallback, the suggested text for Meta; CSV export.
import { $, api, csvLink, el, fact, failed, t } from "./shell.js";

let section;

const k = (key, values) => t(`templates.${key}`, values);
const statusKeys = {
  own: "statusOwn",
  "other-language": "statusOtherLanguage",
  fallback: "statusFallback",
  missing: "statusMissing",
};
const languageLabel = (language) => k(language === "en" ? "langEn" : "langId");

function mount(root) {
  section = root;
  section.append(
    el("p", { class: "intro tpl-intro", text: k("intro") }),
    el("p", { class: "footnote", text: k("howTo") }),
    el("p", { id: "tpl-off", class: "notice error", text: k("whatsappOff"), hidden: true }),
    el("div", { class: "toolbar" }, csvLink("templates.csv")),
    el("ul", { id: "tpl-list", class: "list" }),
    el(
      "section",
      { class: "card tpl-fallback" },
      el("h3", { text: k("fallbackTitle") }),
      el("dl", { id: "tpl-fallback", class: "facts" }),
      el("p", { id: "tpl-fallback-none", class: "footnote", text: k("fallbackNone"), hidden: true }),
      el("p", { class: "footnote", text: k("fallbackAlso") }),
    ),
    el(
      "section",
      { class: "card tpl-rejections" },
      el("h3", { text: k("rejectionsTitle") }),
      el("p", { class: "footnote", text: k("rejections") }),
    ),
  );
}

function purposeItem(entry) {
  const head = el(
    "div",
    { class: "item-head" },
    el("h3", { class: "business", text: k(`purposes.${entry.purpose}.label`) }),
    el("span", { class: "badge", text: entry.category }),
  );
  const rows = entry.languages.map((row) =>
    el(
      "tr",
      { "data-status": row.status },
      el("td", { text: languageLabel(row.language) }),
      el("td", { class: `tpl-status tpl-${row.status}`, text: k(statusKeys[row.status] ?? "statusMissing") }),
      el("td", { class: "tpl-name", text: row.template || "—" }),
      el("td", { text: row.code || "—" }),
      el("td", { text: row.params.join(", ") || "—" }),
    ),
  );
  const table = el(
    "div",
    { class: "table-wrap" },
    el(
      "table",
      {},
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          ...["language", "status", "template", "code", "params"].map((key) => el("th", { text: k(key) })),
        ),
      ),
      el("tbody", {}, ...rows),
    ),
  );
  const suggestion = el(
    "details",
    { class: "tpl-suggested" },
    el("summary", { text: k("suggestedTitle") }),
    el("p", { class: "footnote", text: k("suggestedName", { name: entry.suggested.name }) }),
    el("p", { class: "footnote", text: `${k("category")}: ${entry.category}` }),
    el("p", { class: "footnote", text: k("defaultParams", { params: entry.defaultParams.join(", ") }) }),
    el("h4", { text: languageLabel("id") }),
    el("p", { class: "tpl-text", lang: "id", text: entry.suggested.id }),
    el("h4", { text: languageLabel("en") }),
    el("p", { class: "tpl-text", lang: "en", text: entry.suggested.en }),
  );
  return el(
    "li",
    { class: "item", "data-purpose": entry.purpose },
    head,
    el("p", { class: "footnote", text: k(`purposes.${entry.purpose}.when`) }),
    entry.header ? el("p", { class: "footnote", text: k("headerImage") }) : undefined,
    table,
    suggestion,
  );
}

async function show() {
  const { status, data } = await api("templates");
  if (status !== 200) return failed(status, data);
  $("#tpl-off", section).hidden = data.whatsappEnabled;
  $("#tpl-list", section).replaceChildren(...data.purposes.map(purposeItem));
  const fallback = $("#tpl-fallback", section);
  fallback.replaceChildren();
  if (data.fallback) {
    fact(fallback, k("fallbackName"), data.fallback.name);
    fact(fallback, k("fallbackCode"), data.fallback.code);
    fact(fallback, k("fallbackParams"), data.fallback.params.join(", "));
  }
  fallback.hidden = !data.fallback;
  $("#tpl-fallback-none", section).hidden = Boolean(data.fallback);
}

export default {
  id: "templates",
  nav: "templates.nav",
  adminOnly: true,
  css: "page-templates.css",
  mount,
  show,
};
