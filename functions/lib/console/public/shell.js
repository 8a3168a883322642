// The console's shared parts for every page: strings, WIB times, the API, notices and small DOM helpers.
// Every text is inserted with textContent (never as HTML).
export const $ = (selector, root = document) => root.querySelector(selector);
export const state = { strings: {}, lang: "id", me: undefined, page: "registrations" };
const signedOutHandlers = [];

/** A string by key; "tickets.title" reads a page's own strings. */
export function t(key, values = {}) {
  const found = key
    .split(".")
    .reduce((node, part) => (node && typeof node === "object" ? node[part] : undefined), state.strings);
  const text = typeof found === "string" ? found : key;
  return text.replace(/\{\{(\w+)\}\}/g, (_, name) => String(values[name] ?? ""));
}

/** WIB (Asia/Jakarta) whatever the browser's own time zone. */
export function wib(ms) {
  return new Intl.DateTimeFormat(state.lang === "en" ? "en-GB" : "id-ID", {
    timeZone: "Asia/Jakarta",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(ms));
}

export function notice(text, isError = false) {
  const element = $("#notice");
  element.textContent = text;
  element.classList.toggle("error", isError);
  element.hidden = !text;
}

/** GET without a body, POST (JSON, with the CSRF token) with one; a 401 signs the page out. */
export async function api(path, body) {
  const options = body
    ? {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": state.me?.csrf ?? "" },
        body: JSON.stringify(body),
      }
    : {};
  const response = await fetch(`/konsol/api/${path}`, { credentials: "same-origin", ...options });
  const data = await response.json().catch(() => ({}));
  if (response.status === 401 && path !== "login" && path !== "me")
    for (const handler of signedOutHandlers) handler();
  return { status: response.status, data };
}

export const onSignedOut = (handler) => signedOutHandlers.push(handler);

/** The usual answer to a refused call, as a notice. */
export function failed(status, data) {
  if (status === 403 && data.error === "admin-only") return notice(t("adminOnly"), true);
  notice(t("error", { message: data.error ?? status }), true);
}

/** An element with a class, text and children: el("p", { class: "x", text: "…" }, child…). */
export function el(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (name === "text") element.textContent = value;
    else if (name === "class") element.className = value;
    else if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  element.append(...children.filter((child) => child !== undefined && child !== null && child !== false));
  return element;
}

/** A label/value pair in a <dl>, skipped when the value is empty. */
export function fact(list, label, value) {
  if (value === undefined || value === null || value === "") return;
  list.append(el("dt", { text: label }), el("dd", { text: String(value) }));
}

/** A list's search box (`props`: its id, name): `onTyped` runs once typing pauses for a quarter second. */
export function searchBox(props, onTyped) {
  let typing;
  const search = el("input", { type: "search", maxlength: 100, autocomplete: "off", ...props });
  search.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(onTyped, 250);
  });
  return search;
}

/** The secondary "Batal" button inside a form that folds out: it folds that form away unsaved. */
export const cancelButton = (extraClass = "") =>
  el("button", {
    type: "button",
    class: `secondary${extraClass ? ` ${extraClass}` : ""}`,
    text: t("cancel"),
    onclick: (event) => {
      event.currentTarget.closest("form").hidden = true;
    },
  });

/** A download link for a list's CSV export (same query as the list on screen). */
export function csvLink(path, params = {}) {
  const query = new URLSearchParams({ ...params, lang: state.lang });
  return el("a", {
    class: "button secondary",
    href: `/konsol/api/${path}?${query}`,
    download: "",
    text: t("exportCsv"),
  });
}

/**
 * Approve / reject-with-a-reason controls of a pending item (registrations, promos): returns the buttons row
 * (hidden unless `pending`) and the reason form. `decide(body, button)` sends the decision.
 */
export function decisionControls({ pending, labels, decide }) {
  const reason = el("textarea", {
    name: "reason",
    rows: 2,
    minlength: 3,
    maxlength: 300,
    required: true,
    "aria-label": labels.reason,
  });
  const confirm = el("button", { type: "submit", class: "danger confirm", text: labels.confirm });
  const form = el(
    "form",
    { class: "reject-form", hidden: true },
    el("div", { class: "field" }, el("span", { class: "reject-label", text: labels.reason }), reason),
    el("div", { class: "actions" }, confirm, cancelButton("cancel")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    decide({ decision: "rejected", reason: reason.value.trim() }, confirm);
  });
  const approve = el("button", { type: "button", class: "primary approve", text: labels.approve });
  approve.addEventListener("click", () => decide({ decision: "approved" }, approve));
  const actions = el(
    "div",
    { class: "actions", hidden: !pending },
    approve,
    el("button", {
      type: "button",
      class: "danger reject",
      text: labels.reject,
      onclick: () => {
        form.hidden = false;
        reason.focus();
      },
    }),
  );
  return { actions, form };
}
