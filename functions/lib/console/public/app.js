// The staff console page: plain JS, every text inserted with textContent (never as HTML).
const $ = (selector) => document.querySelector(selector);
const state = { strings: {}, lang: "id", me: undefined, page: "registrations" };

const storedLang = () => {
  try {
    return localStorage.getItem("konsol-lang") === "en" ? "en" : "id";
  } catch {
    return "id";
  }
};

function t(key, values = {}) {
  const text = state.strings[key] ?? key;
  return text.replace(/\{\{(\w+)\}\}/g, (_, name) => String(values[name] ?? ""));
}

/** WIB (Asia/Jakarta) whatever the browser's own time zone. */
function wib(ms) {
  return new Intl.DateTimeFormat(state.lang === "en" ? "en-GB" : "id-ID", {
    timeZone: "Asia/Jakarta",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(ms));
}

async function loadStrings() {
  const response = await fetch(`/konsol/i18n/${state.lang}.json`);
  state.strings = await response.json();
  document.documentElement.lang = state.lang;
  document.title = t("title");
  for (const element of document.querySelectorAll("[data-i18n]"))
    element.textContent = t(element.dataset.i18n);
}

function notice(text, isError = false) {
  const element = $("#notice");
  element.textContent = text;
  element.classList.toggle("error", isError);
  element.hidden = !text;
}

async function api(path, body) {
  const options = body
    ? {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": state.me?.csrf ?? "" },
        body: JSON.stringify(body),
      }
    : {};
  const response = await fetch(`/konsol/api/${path}`, { credentials: "same-origin", ...options });
  const data = await response.json().catch(() => ({}));
  return { status: response.status, data };
}

function showSignedOut(key) {
  state.me = undefined;
  for (const id of ["#who", "#logout", "#logout-all", "#nav", "#registrations", "#audit", "#not-built"])
    $(id).hidden = true;
  $("#signin").hidden = false;
  $("#signin-text").textContent = t(key);
  $("#signin-button").hidden = true;
}

async function signInFromLink(token) {
  $("#signin").hidden = false;
  $("#signin-text").textContent = "";
  const button = $("#signin-button");
  button.hidden = false;
  // A click, not an automatic call: link previews (Telegram, WhatsApp) fetch the link but never press.
  button.addEventListener("click", async () => {
    button.disabled = true;
    const { status } = await api("login", { token });
    button.disabled = false;
    if (status !== 200) return showSignedOut("linkInvalid");
    history.replaceState(null, "", "/konsol");
    await start();
  });
}

async function start() {
  const { status, data } = await api("me");
  if (status !== 200) return showSignedOut("notSignedIn");
  state.me = data;
  $("#signin").hidden = true;
  $("#who").hidden = false;
  $("#who").textContent = t("signedInAs", {
    name: data.name,
    role: t(data.role === "admin" ? "roleAdmin" : "rolePetugas"),
  });
  for (const id of ["#logout", "#logout-all", "#nav", "#not-built"]) $(id).hidden = false;
  $('[data-page="audit"]').hidden = data.role !== "admin";
  await show(state.page);
}

async function show(page) {
  state.page = page;
  for (const button of document.querySelectorAll("[data-page]"))
    button.setAttribute("aria-pressed", String(button.dataset.page === page));
  $("#registrations").hidden = page !== "registrations";
  $("#audit").hidden = page !== "audit";
  if (page === "audit") await renderAudit();
  else await renderRegistrations();
}

function fact(list, label, value) {
  if (!value) return;
  const dt = document.createElement("dt");
  dt.textContent = label;
  const dd = document.createElement("dd");
  dd.textContent = value;
  list.append(dt, dd);
}

const statusLabel = (status) =>
  t({ pending: "statusPending", approved: "statusApproved", rejected: "statusRejected" }[status] ?? status);

async function renderRegistrations() {
  const params = new URLSearchParams({ status: $("#status").value, q: $("#search").value, lang: state.lang });
  const { status, data } = await api(`registrations?${params}`);
  if (status === 401) return showSignedOut("notSignedIn");
  if (status !== 200) return notice(t("error", { message: data.error ?? status }), true);
  const list = $("#list");
  list.replaceChildren();
  $("#empty").hidden = data.registrations.length > 0;
  for (const seller of data.registrations) list.append(registrationItem(seller));
}

function registrationItem(seller) {
  const item = $("#item").content.firstElementChild.cloneNode(true);
  item.dataset.id = seller.id;
  item.querySelector(".business").textContent = seller.businessName;
  item.querySelector(".badge").textContent = statusLabel(seller.status);
  const facts = item.querySelector(".facts");
  fact(facts, t("owner"), seller.ownerName);
  fact(facts, t("category"), seller.category);
  fact(facts, t("kecamatan"), seller.kecamatan);
  fact(facts, t("phone"), seller.phone);
  fact(facts, t("products"), seller.products);
  fact(facts, t("channel"), seller.channel === "telegram" ? "Telegram" : "WhatsApp");
  fact(facts, t("submitted"), wib(seller.createdAt));
  if (seller.decidedAt) fact(facts, t("decided"), wib(seller.decidedAt));
  fact(facts, t("reason"), seller.rejectionReason);
  const approve = item.querySelector(".approve");
  const reject = item.querySelector(".reject");
  const form = item.querySelector(".reject-form");
  approve.textContent = t("approve");
  reject.textContent = t("reject");
  item.querySelector(".reject-label").textContent = t("rejectReason");
  item.querySelector("textarea").setAttribute("aria-label", t("rejectReason"));
  item.querySelector(".confirm").textContent = t("confirmReject");
  item.querySelector(".cancel").textContent = t("cancel");
  if (seller.status !== "pending") item.querySelector(".actions").hidden = true;
  approve.addEventListener("click", () => decide(seller.id, { decision: "approved" }, approve));
  reject.addEventListener("click", () => {
    form.hidden = false;
    form.querySelector("textarea").focus();
  });
  item.querySelector(".cancel").addEventListener("click", () => {
    form.hidden = true;
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const reason = form.querySelector("textarea").value.trim();
    decide(seller.id, { decision: "rejected", reason }, form.querySelector(".confirm"));
  });
  return item;
}

async function decide(id, body, button) {
  button.disabled = true;
  const { status, data } = await api("registrations/decide", { id, ...body });
  button.disabled = false;
  if (status === 401) return showSignedOut("notSignedIn");
  if (status === 200)
    notice(t(data.status === "approved" ? "approved" : "rejected", { business: data.businessName }));
  else if (status === 409)
    notice(t("already", { business: data.businessName, status: statusLabel(data.status) }), true);
  else if (status === 404) notice(t("missing"), true);
  else notice(t("error", { message: data.error ?? status }), true);
  await renderRegistrations();
}

async function renderAudit() {
  const { status, data } = await api("audit");
  if (status === 401) return showSignedOut("notSignedIn");
  if (status === 403) return notice(t("adminOnly"), true);
  if (status !== 200) return notice(t("error", { message: data.error ?? status }), true);
  const rows = $("#audit-rows");
  rows.replaceChildren();
  $("#audit-empty").hidden = data.entries.length > 0;
  for (const entry of data.entries) {
    const row = document.createElement("tr");
    const change = [entry.before, entry.after]
      .map((value) => (value === undefined ? "—" : JSON.stringify(value)))
      .join(" → ");
    for (const [value, className] of [
      [wib(entry.at)],
      [entry.actor],
      [entry.action],
      [entry.target],
      [change, "change"],
    ]) {
      const cell = document.createElement("td");
      cell.textContent = value;
      if (className) cell.className = className;
      row.append(cell);
    }
    rows.append(row);
  }
}

async function logout(route) {
  await api(route, {});
  showSignedOut("signedOut");
}

async function main() {
  state.lang = new URLSearchParams(location.search).get("lang") === "en" ? "en" : storedLang();
  await loadStrings();
  $("#lang").addEventListener("click", async () => {
    state.lang = state.lang === "id" ? "en" : "id";
    try {
      localStorage.setItem("konsol-lang", state.lang);
    } catch {}
    await loadStrings();
    if (state.me) await start();
    else if (!$("#signin").hidden && $("#signin-button").hidden)
      $("#signin-text").textContent = t("notSignedIn");
  });
  $("#logout").addEventListener("click", () => logout("logout"));
  $("#logout-all").addEventListener("click", () => logout("logout-all"));
  for (const button of document.querySelectorAll("[data-page]"))
    button.addEventListener("click", () => show(button.dataset.page));
  $("#status").addEventListener("change", renderRegistrations);
  let typing;
  $("#search").addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(renderRegistrations, 250);
  });
  $("#filters").addEventListener("submit", (event) => event.preventDefault());
  const token = new URLSearchParams(location.search).get("t");
  if (location.pathname === "/konsol/masuk" && token) return signInFromLink(token);
  await start();
}

main().catch((error) => notice(t("error", { message: error.message }), true));
