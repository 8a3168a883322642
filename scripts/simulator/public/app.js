// The simulator page: plain JavaScript, no framework, no build step. Every text from the server (names,
// messages, promos) goes into the DOM with textContent / createTextNode, never as HTML.

const channels = ["telegram", "whatsapp"];
const roleNames = { buyer: "pembeli", seller: "penjual", staff: "petugas" };

const state = {
  personas: null,
  entries: [],
  seen: new Set(),
  active: { telegram: "buyer", whatsapp: "buyer" },
  /** Local notes (errors of the simulator itself), per persona key. */
  notes: new Map(),
};

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "className") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

const section = (channel) => document.getElementById(channel);
const activePersona = (channel) => state.personas?.[channel]?.[state.active[channel]];

// ---- talking to the server -------------------------------------------------------------------------

async function postJson(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error || `HTTP ${response.status}`);
  return data;
}

const queues = { telegram: Promise.resolve(), whatsapp: Promise.resolve() };

/** Sends one action as the active persona; actions of one side go out in order. */
function act(channel, action) {
  const persona = activePersona(channel);
  if (!persona) return Promise.resolve();
  const chat = $(".chat", section(channel));
  queues[channel] = queues[channel].then(async () => {
    chat.setAttribute("aria-busy", "true");
    section(channel).classList.add("busy");
    try {
      const result = await postJson("/sim/api/send", { persona: persona.key, action });
      if (result.status !== 200)
        note(persona.key, `Webhook menjawab ${result.status}: ${result.error ?? ""}`);
    } catch (error) {
      note(persona.key, `Gagal mengirim: ${error.message}`);
    } finally {
      chat.removeAttribute("aria-busy");
      section(channel).classList.remove("busy");
    }
  });
  return queues[channel];
}

function note(personaKey, text) {
  const list = state.notes.get(personaKey) ?? [];
  list.push({ text, at: Date.now() });
  state.notes.set(personaKey, list);
  const [channel] = personaKey.split(":");
  if (activePersona(channel)?.key === personaKey) {
    $(".chat", section(channel)).append(el("p", { className: "service error", role: "alert", text }));
  }
}

// ---- drawing messages ------------------------------------------------------------------------------

function richText(segments) {
  const p = el("p", { className: "text" });
  for (const segment of segments ?? []) {
    let node = document.createTextNode(segment.text);
    if (segment.code) node = el("code", {}, node);
    if (segment.bold) node = el("strong", {}, node);
    if (segment.italic) node = el("em", {}, node);
    if (segment.underline) node = el("u", {}, node);
    if (segment.strike) node = el("s", {}, node);
    if (segment.href && /^https?:\/\//i.test(segment.href)) {
      node = el("a", { href: segment.href, target: "_blank", rel: "noopener noreferrer" }, node);
    }
    p.append(node);
  }
  return p;
}

function timeOf(at) {
  return new Date(at).toLocaleTimeString("id-ID", { hour: "2-digit", minute: "2-digit" });
}

function photoOf(photo) {
  if (photo.src?.startsWith("/sim/media/")) {
    return el("img", { className: "photo", src: photo.src, alt: photo.alt, loading: "lazy" });
  }
  // External or unknown media are never fetched: the reference is shown instead.
  return el("p", { className: "photo placeholder", text: `🖼️ ${photo.alt}` });
}

function wireDetails(entry) {
  return el(
    "details",
    { className: "wire" },
    el("summary", { text: entry.from === "user" ? "Data yang dikirim ke bot" : "Panggilan API dari bot" }),
    el("p", { className: "wire-what", text: entry.wire.what }),
    el("pre", { text: JSON.stringify(entry.wire.payload, null, 2) }),
  );
}

function renderEntry(entry) {
  const channel = entry.channel;
  const view = entry.view;
  if (view.pressed !== undefined) {
    return el(
      "div",
      { className: "service pressed", "data-seq": entry.seq },
      `Anda menekan “${view.pressed}”`,
    );
  }
  const bubble = el("div", { className: `msg ${entry.from}`, "data-seq": entry.seq });
  const label = entry.from === "user" ? "Anda" : "Bot";
  bubble.append(el("span", { className: "sr-only", text: `${label}: ` }));
  if (view.photo) bubble.append(photoOf(view.photo));
  if (view.template) {
    bubble.append(
      el("p", {
        className: "template-name",
        text: `Pesan template “${view.template.name}” (${view.template.language}) — dikirim karena di luar jendela 24 jam`,
      }),
    );
    for (const param of view.template.params) bubble.append(el("p", { className: "text", text: param }));
  }
  if (view.text?.length) bubble.append(richText(view.text));
  if (view.location) {
    const { latitude, longitude, name } = view.location;
    bubble.append(
      el("p", { className: "location", text: `📍 ${name ?? "Lokasi"} (${latitude}, ${longitude})` }),
    );
  }
  if (view.contact) {
    bubble.append(el("p", { className: "contact", text: `👤 ${view.contact.name} · ${view.contact.phone}` }));
  }
  if (view.note) bubble.append(el("p", { className: "note", text: view.note }));
  bubble.append(el("span", { className: "time", text: timeOf(entry.at) }));
  bubble.append(wireDetails(entry));

  const wrapper = el("div", { className: `entry ${entry.from}` }, bubble);
  if (channel === "telegram" && view.inlineKeyboard?.length) {
    const keyboard = el("div", { className: "inline-keyboard", role: "group", "aria-label": "Tombol pesan" });
    for (const row of view.inlineKeyboard) {
      const rowNode = el("div", { className: "row" });
      for (const button of row) {
        rowNode.append(
          el("button", {
            type: "button",
            text: button.label,
            onclick: () =>
              act("telegram", {
                type: "choice",
                id: button.id,
                label: button.label,
                messageId: entry.platformId,
              }),
          }),
        );
      }
      keyboard.append(rowNode);
    }
    wrapper.append(keyboard);
  }
  if (channel === "whatsapp" && view.buttons?.length) {
    const buttons = el("div", { className: "wa-buttons", role: "group", "aria-label": "Tombol balasan" });
    for (const button of view.buttons) {
      buttons.append(
        el("button", {
          type: "button",
          text: button.label,
          onclick: () =>
            act("whatsapp", {
              type: "choice",
              id: button.id,
              label: button.label,
              kind: "button",
              messageId: entry.platformId,
            }),
        }),
      );
    }
    wrapper.append(buttons);
  }
  if (channel === "whatsapp" && view.list) {
    wrapper.append(
      el(
        "div",
        { className: "wa-buttons" },
        el("button", {
          type: "button",
          className: "list-button",
          "aria-haspopup": "dialog",
          text: `☰ ${view.list.button}`,
          onclick: () => openList(entry),
        }),
      ),
    );
  }
  if (channel === "whatsapp" && view.locationRequest) {
    wrapper.append(
      el(
        "div",
        { className: "wa-buttons" },
        el("button", {
          type: "button",
          text: "📍 Kirim lokasi",
          onclick: () => act("whatsapp", { type: "location" }),
        }),
      ),
    );
  }
  return wrapper;
}

function entriesOf(personaKey) {
  return state.entries.filter((entry) => entry.persona === personaKey);
}

function renderChat(channel) {
  const persona = activePersona(channel);
  const root = section(channel);
  const chat = $(".chat", root);
  chat.replaceChildren();
  if (!persona) return;
  for (const button of $$(".identities [data-role]", root)) {
    button.setAttribute("aria-pressed", String(button.dataset.role === state.active[channel]));
  }
  $(".who", root).textContent =
    `Anda: ${persona.name} (${roleNames[persona.role]}) · ${channel === "telegram" ? "id" : "nomor"} ${persona.userId}`;
  const entries = entriesOf(persona.key);
  if (!entries.length) {
    chat.append(
      el("p", {
        className: "service",
        text:
          persona.role === "staff"
            ? "Anda petugas Dinas. Pendaftaran baru akan masuk ke sini. Coba ketik “menu”."
            : "Belum ada pesan. Ketik “halo” atau “/start” untuk mulai.",
      }),
    );
  }
  for (const entry of entries) chat.append(renderEntry(entry));
  for (const item of state.notes.get(persona.key) ?? []) {
    chat.append(el("p", { className: "service error", text: item.text }));
  }
  updateReplyKeyboard(channel);
  chat.scrollTop = chat.scrollHeight;
}

/** Telegram's reply keyboard (share contact) stays until the person answers. */
function updateReplyKeyboard(channel) {
  const box = $(".reply-keyboard", section(channel));
  if (!box) return;
  const persona = activePersona(channel);
  const entries = persona ? entriesOf(persona.key) : [];
  let keyboard;
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i];
    if (entry.from === "user" && entry.view.pressed === undefined) break;
    if (entry.view.replyKeyboard?.length) {
      keyboard = entry.view.replyKeyboard;
      break;
    }
  }
  for (const old of $$("button", box)) old.remove();
  box.hidden = !keyboard;
  for (const key of keyboard ?? []) {
    box.append(
      el("button", {
        type: "button",
        text: key.label,
        onclick: () =>
          act(
            channel,
            key.request === "contact"
              ? { type: "contact" }
              : key.request === "location"
                ? { type: "location" }
                : { type: "text", text: key.label },
          ),
      }),
    );
  }
}

function addEntry(entry) {
  if (state.seen.has(entry.seq)) return;
  state.seen.add(entry.seq);
  state.entries.push(entry);
  const persona = activePersona(entry.channel);
  if (persona?.key === entry.persona) {
    const chat = $(".chat", section(entry.channel));
    if (chat.querySelector(".service:only-child")) chat.replaceChildren();
    chat.append(renderEntry(entry));
    updateReplyKeyboard(entry.channel);
    chat.scrollTop = chat.scrollHeight;
  } else {
    markUnread(entry);
  }
  schedulePanelRefresh();
}

function markUnread(entry) {
  const personas = state.personas?.[entry.channel] ?? {};
  for (const [role, persona] of Object.entries(personas)) {
    if (persona.key !== entry.persona) continue;
    const button = $(`.identities [data-role="${role}"]`, section(entry.channel));
    button?.classList.add("unread");
    button?.setAttribute("aria-description", "ada pesan baru");
  }
}

// ---- WhatsApp list sheet, photos, attachments ------------------------------------------------------

let listEntry;
function openList(entry) {
  listEntry = entry;
  const dialog = document.getElementById("list-dialog");
  $("#list-title").textContent = entry.view.list.button;
  const rows = document.getElementById("list-rows");
  rows.replaceChildren(el("legend", { className: "sr-only", text: "Pilihan" }));
  let index = 0;
  for (const sectionData of entry.view.list.sections) {
    if (sectionData.title) rows.append(el("p", { className: "section-title", text: sectionData.title }));
    for (const row of sectionData.rows) {
      const id = `list-row-${index++}`;
      rows.append(
        el(
          "label",
          { className: "row", for: id },
          el("input", { type: "radio", name: "row", id, value: row.id, "data-label": row.label }),
          el(
            "span",
            { className: "row-text" },
            el("span", { className: "row-title", text: row.label }),
            row.description ? el("span", { className: "row-description", text: row.description }) : null,
          ),
        ),
      );
    }
  }
  dialog.showModal();
}

function setUpDialogs() {
  const list = document.getElementById("list-dialog");
  list.addEventListener("close", () => {
    const checked = $("#list-rows input:checked");
    if (list.returnValue === "send" && checked && listEntry) {
      act("whatsapp", {
        type: "choice",
        id: checked.value,
        label: checked.dataset.label,
        kind: "list",
        messageId: listEntry.platformId,
      });
    }
    list.returnValue = "";
  });

  const photo = document.getElementById("photo-dialog");
  const file = document.getElementById("photo-file");
  const error = document.getElementById("photo-error");
  let photoChannel = "telegram";
  photo.addEventListener("close", async () => {
    if (photo.returnValue !== "send") return;
    photo.returnValue = "";
    const caption = document.getElementById("photo-caption").value.trim();
    const chosen = file.files?.[0];
    const action = { type: "photo", ...(caption ? { caption } : {}) };
    if (chosen) {
      action.dataUrl = await new Promise((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(reader.result);
        reader.onerror = () => reject(reader.error);
        reader.readAsDataURL(chosen);
      });
    } else {
      action.sample = $('#photo-dialog input[name="sample"]:checked')?.value ?? "keripik";
    }
    act(photoChannel, action);
  });
  $("#photo-send").addEventListener("click", (event) => {
    const chosen = file.files?.[0];
    if (chosen && chosen.size > 4 * 1024 * 1024) {
      event.preventDefault();
      error.textContent = "Gambar terlalu besar (maks. 4 MB).";
    }
  });
  return {
    openPhoto(channel) {
      photoChannel = channel;
      file.value = "";
      error.textContent = "";
      document.getElementById("photo-caption").value = "";
      photo.showModal();
    },
  };
}

function setUpSide(channel, dialogs) {
  const root = section(channel);
  for (const button of $$(".identities [data-role]", root)) {
    button.addEventListener("click", () => {
      state.active[channel] = button.dataset.role;
      button.classList.remove("unread");
      button.removeAttribute("aria-description");
      renderChat(channel);
    });
  }
  $(".new-buyer", root).addEventListener("click", async () => {
    const buyer = await postJson("/sim/api/buyer", { channel });
    state.personas[channel].buyer = buyer;
    state.active[channel] = "buyer";
    renderChat(channel);
    $("input[name=text]", root).focus();
  });
  const form = $(".composer", root);
  const input = $("input[name=text]", form);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    act(channel, { type: "text", text });
  });
  const attach = $(".attach", form);
  const menu = $(".attach-menu", form);
  const closeMenu = () => {
    menu.hidden = true;
    attach.setAttribute("aria-expanded", "false");
  };
  attach.addEventListener("click", () => {
    menu.hidden = !menu.hidden;
    attach.setAttribute("aria-expanded", String(!menu.hidden));
    if (!menu.hidden) $("button", menu).focus();
  });
  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      closeMenu();
      attach.focus();
    }
  });
  for (const item of $$("[data-attach]", menu)) {
    item.addEventListener("click", () => {
      closeMenu();
      const kind = item.dataset.attach;
      if (kind === "photo") dialogs.openPhoto(channel);
      else act(channel, { type: kind });
    });
  }
}

// ---- staff panel -----------------------------------------------------------------------------------

let panelTimer;
function schedulePanelRefresh() {
  clearTimeout(panelTimer);
  panelTimer = setTimeout(refreshPanel, 250);
}

async function refreshPanel() {
  let data;
  try {
    const response = await fetch("/sim/api/staff");
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    data = await response.json();
  } catch {
    return;
  }
  document.getElementById("pending-count").textContent = String(data.pendingRegistrations);
  document.getElementById("unanswered-count").textContent = String(data.unansweredTotal);
  const list = document.getElementById("unanswered-list");
  list.replaceChildren(
    ...data.unanswered.map((row) =>
      el(
        "li",
        {},
        el("span", { className: "q", text: row.text }),
        el("span", { className: "count", text: `×${row.count}` }),
      ),
    ),
  );
  document.getElementById("unanswered-empty").hidden = data.unanswered.length > 0;

  const missing = [];
  const outbox = document.getElementById("outbox-section");
  outbox.hidden = !data.outbox.available;
  if (data.outbox.available) {
    const body = document.getElementById("outbox-jobs");
    body.replaceChildren(
      ...data.outbox.jobs.map((job) =>
        el(
          "tr",
          {},
          el("td", { text: job.id }),
          el("td", { text: job.state }),
          el("td", { text: job.audience }),
          el("td", { text: `${job.counters.sent ?? 0} / ${job.counters.total ?? 0}` }),
          el("td", { text: String((job.counters.failed ?? 0) + (job.counters.blocked ?? 0)) }),
        ),
      ),
    );
    document.getElementById("outbox-empty").hidden = data.outbox.jobs.length > 0;
  } else missing.push("antrean kirim (outbox)");
  document.getElementById("digest-section").hidden = !data.digest.available;
  if (!data.digest.available) missing.push("ringkasan akhir pekan");
  document.getElementById("unavailable").textContent = missing.length
    ? `Belum tersedia di versi bot ini: ${missing.join(", ")}.`
    : "";
}

function setUpPanel() {
  document.getElementById("refresh-panel").addEventListener("click", refreshPanel);
  document.getElementById("demo-promos").addEventListener("click", async () => {
    const result = document.getElementById("demo-result");
    result.textContent = "Mengisi…";
    try {
      const data = await postJson("/sim/api/demo-promos", {});
      result.textContent = data.summary ?? "Selesai.";
    } catch (error) {
      result.textContent = `Gagal: ${error.message}`;
    }
  });
  document.getElementById("run-digest").addEventListener("click", async () => {
    const result = document.getElementById("digest-result");
    result.textContent = "Menjalankan…";
    try {
      const data = await postJson("/sim/api/digest", {});
      result.textContent = data.summary ?? "Selesai.";
    } catch (error) {
      result.textContent = `Gagal: ${error.message}`;
    }
    refreshPanel();
  });
}

// ---- live events -----------------------------------------------------------------------------------

function connect() {
  const status = document.getElementById("connection");
  const events = new EventSource("/sim/events");
  events.addEventListener("snapshot", (event) => {
    const snapshot = JSON.parse(event.data);
    state.personas = snapshot.personas;
    state.entries = [];
    state.seen.clear();
    for (const entry of snapshot.entries) {
      state.seen.add(entry.seq);
      state.entries.push(entry);
    }
    for (const channel of channels) renderChat(channel);
    status.textContent = "● Terhubung";
    status.dataset.state = "connected";
    document.body.dataset.ready = "true";
    refreshPanel();
  });
  events.addEventListener("entry", (event) => addEntry(JSON.parse(event.data)));
  events.addEventListener("personas", (event) => {
    state.personas = JSON.parse(event.data);
  });
  events.addEventListener("changed", schedulePanelRefresh);
  events.addEventListener("error", () => {
    status.textContent = "Menyambung ulang…";
    status.dataset.state = "connecting";
  });
}

const dialogs = setUpDialogs();
for (const channel of channels) setUpSide(channel, dialogs);
setUpPanel();
connect();
