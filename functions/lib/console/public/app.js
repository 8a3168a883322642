// The staff console page: sign-in from the bot's link, the menu of pages (pages.js), language, sign-out.
import { pages } from "./pages.js";
import { $, api, el, notice, onSignedOut, state, t } from "./shell.js";

const storedLang = () => {
  try {
    return localStorage.getItem("konsol-lang") === "en" ? "en" : "id";
  } catch {
    return "id";
  }
};

async function loadStrings() {
  const response = await fetch(`/konsol/i18n/${state.lang}.json`);
  state.strings = await response.json();
  document.documentElement.lang = state.lang;
  document.title = t("title");
  for (const element of document.querySelectorAll("[data-i18n]"))
    element.textContent = t(element.dataset.i18n);
}

function showSignedOut(key) {
  state.me = undefined;
  for (const id of ["#who", "#logout", "#logout-all", "#nav", "#pages"]) $(id).hidden = true;
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

const allowed = () => pages.filter((page) => !page.adminOnly || state.me?.role === "admin");

/** Builds the menu and every page's section in the current language. */
function mountPages() {
  const nav = $("#nav");
  const container = $("#pages");
  nav.replaceChildren();
  container.replaceChildren();
  for (const page of allowed()) {
    // A page's own stylesheet (public/page-<id>.css), linked once.
    if (page.css && !document.querySelector(`link[href="/konsol/static/${page.css}"]`))
      document.head.append(el("link", { rel: "stylesheet", href: `/konsol/static/${page.css}` }));
    nav.append(
      el("button", { type: "button", "data-page": page.id, text: t(page.nav), onclick: () => show(page.id) }),
    );
    const section = el("section", { id: page.id, class: "page", hidden: true });
    container.append(section);
    page.mount(section);
  }
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
  for (const id of ["#logout", "#logout-all", "#nav", "#pages"]) $(id).hidden = false;
  mountPages();
  await show(allowed().some((page) => page.id === state.page) ? state.page : allowed()[0].id);
}

async function show(id) {
  state.page = id;
  notice("");
  for (const button of document.querySelectorAll("[data-page]"))
    button.setAttribute("aria-pressed", String(button.dataset.page === id));
  for (const section of document.querySelectorAll("#pages > section")) section.hidden = section.id !== id;
  await pages.find((page) => page.id === id)?.show();
}

async function logout(route) {
  await api(route, {});
  showSignedOut("signedOut");
}

async function main() {
  state.lang = new URLSearchParams(location.search).get("lang") === "en" ? "en" : storedLang();
  await loadStrings();
  onSignedOut(() => showSignedOut("notSignedIn"));
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
  const token = new URLSearchParams(location.search).get("t");
  if (location.pathname === "/konsol/masuk" && token) return signInFromLink(token);
  await start();
}

main().catch((error) => notice(t("error", { message: error.message }), true));
