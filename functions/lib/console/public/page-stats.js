// Statistics as charts drawn here as SVG (no chart library, nothing from the internet), WIB dates, and a
// CSV of each chart's data.
import { $, api, csvLink, el, failed, state, t, wib } from "./shell.js";

let section;
const ns = "http://www.w3.org/2000/svg";

/** An SVG element; text only through textContent. */
function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(ns, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "text") node.textContent = String(value);
    else node.setAttribute(name, String(value));
  }
  node.append(...children.filter(Boolean));
  return node;
}

/** A WIB calendar date ("3 Des") whatever the browser's zone. */
const wibDay = (ms) =>
  new Intl.DateTimeFormat(state.lang === "en" ? "en-GB" : "id-ID", {
    timeZone: "Asia/Jakarta",
    day: "numeric",
    month: "short",
  }).format(new Date(ms));

/** The string key of a chart part: promo statuses, receipts, active subscribers. */
const partKey = (part) =>
  ["approved", "pending", "rejected", "withdrawn"].includes(part)
    ? `stats.status${part[0].toUpperCase()}${part.slice(1)}`
    : `stats.${part}`;

const colours = {
  approved: "#2e7d32",
  pending: "#f9a825",
  rejected: "#c62828",
  withdrawn: "#8d8d8d",
  sent: "#1565c0",
  delivered: "#00897b",
  read: "#6a1b9a",
  failed: "#c62828",
  blocked: "#5d4037",
};

function chartBox(id, title, chart) {
  return el(
    "figure",
    { class: "chart", id: `chart-${id}` },
    el("figcaption", {}, el("h2", { text: title }), csvLink("stats.csv", { chart })),
    el("div", { class: "chart-body" }),
  );
}

function mount(root) {
  section = root;
  section.append(
    el("p", { id: "stats-generated", class: "muted" }),
    el(
      "div",
      { class: "charts" },
      chartBox("kecamatan", t("stats.sellersByKecamatan"), "kecamatan"),
      chartBox("category", t("stats.sellersByCategory"), "category"),
      chartBox("subscribers", t("stats.subscribersOverTime"), "subscribers"),
      chartBox("promos", t("stats.weeklyPromos"), "promos"),
      chartBox("broadcasts", t("stats.broadcastOutcomes"), "broadcasts"),
      chartBox("tickets", t("stats.ticketTimes"), "tickets"),
    ),
  );
}

/** Horizontal bars: one row per label, the count at the end. */
function barChart(title, rows, colour = "#1565c0") {
  if (rows.length === 0) return el("p", { class: "empty", text: t("stats.none") });
  const row = 24;
  const max = Math.max(...rows.map((one) => one.count), 1);
  const width = 360;
  const labelWidth = 130;
  const barSpace = width - labelWidth - 40;
  return svg(
    "svg",
    { viewBox: `0 0 ${width} ${rows.length * row + 4}`, role: "img", "aria-label": title, class: "bars" },
    svg("title", { text: title }),
    ...rows.map((one, index) => {
      const y = index * row + 2;
      const length = Math.max(2, (one.count / max) * barSpace);
      return svg(
        "g",
        { class: "bar" },
        svg("title", { text: t("stats.chartLabel", { label: one.label, count: one.count }) }),
        svg("text", {
          x: labelWidth - 6,
          y: y + 15,
          "text-anchor": "end",
          class: "label",
          text: one.label.slice(0, 22),
        }),
        svg("rect", {
          x: labelWidth,
          y: y + 3,
          width: length,
          height: row - 8,
          rx: 3,
          fill: one.colour ?? colour,
        }),
        svg("text", { x: labelWidth + length + 4, y: y + 15, class: "value", text: one.count }),
      );
    }),
  );
}

/** Columns over time; each column can be a stack of parts (e.g. promo statuses). */
function columnChart(title, columns, parts) {
  if (columns.length === 0) return el("p", { class: "empty", text: t("stats.none") });
  const width = 360;
  const height = 170;
  const base = 140;
  const totals = columns.map((column) => parts.reduce((sum, part) => sum + column.values[part], 0));
  const max = Math.max(...totals, 1);
  const step = width / columns.length;
  const barWidth = Math.max(6, step * 0.6);
  // Dates need about 40 units: label every second column when they would collide.
  const labelEvery = step < 40 ? 2 : 1;
  return svg(
    "svg",
    { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title, class: "columns" },
    svg("title", { text: title }),
    svg("line", { x1: 0, x2: width, y1: base, y2: base, stroke: "#9aa0a6" }),
    ...columns.map((column, index) => {
      const x = index * step + (step - barWidth) / 2;
      let top = base;
      const stack = parts
        .filter((part) => column.values[part] > 0)
        .map((part) => {
          const size = (column.values[part] / max) * (base - 20);
          top -= size;
          return svg(
            "rect",
            { x, y: top, width: barWidth, height: size, fill: colours[part] ?? "#1565c0" },
            svg("title", { text: `${column.label} · ${t(partKey(part))}: ${column.values[part]}` }),
          );
        });
      return svg(
        "g",
        { class: "column" },
        ...stack,
        svg("text", {
          x: x + barWidth / 2,
          y: top - 4,
          "text-anchor": "middle",
          class: "value",
          text: totals[index],
        }),
        (columns.length - 1 - index) % labelEvery === 0 &&
          svg("text", {
            x: x + barWidth / 2,
            y: base + 16,
            "text-anchor": "middle",
            class: "axis",
            text: column.axis,
          }),
      );
    }),
  );
}

function legend(parts) {
  return el(
    "ul",
    { class: "legend" },
    ...parts.map((part) =>
      el(
        "li",
        { class: `key-${part}` },
        el("span", { class: "swatch", "aria-hidden": "true" }),
        el("span", { text: t(partKey(part)) }),
      ),
    ),
  );
}

const body = (id) => $(`#chart-${id} .chart-body`, section);

async function show() {
  const { status, data } = await api(`stats?lang=${state.lang}`);
  if (status !== 200) return failed(status, data);
  $("#stats-generated", section).textContent = `${t("stats.generated", { at: wib(data.generatedAt) })} · ${t(
    "stats.sellersTotal",
    { count: data.sellers.total },
  )}`;
  body("kecamatan").replaceChildren(barChart(t("stats.sellersByKecamatan"), data.sellers.byKecamatan));
  body("category").replaceChildren(
    barChart(t("stats.sellersByCategory"), data.sellers.byCategory, "#00897b"),
  );
  body("subscribers").replaceChildren(
    el("p", { text: t("stats.subscribersNow", data.subscribers) }),
    columnChart(
      t("stats.subscribersOverTime"),
      data.subscribers.weekly.map((week) => ({
        label: t("stats.weekOf", { date: wibDay(week.at) }),
        axis: wibDay(week.at),
        values: { active: week.active },
      })),
      ["active"],
    ),
  );
  const promoParts = ["approved", "pending", "rejected", "withdrawn"];
  body("promos").replaceChildren(
    columnChart(
      t("stats.weeklyPromos"),
      data.promos.map((weekend) => ({
        label: weekend.label,
        // The Saturday, a WIB calendar date already.
        axis: wibDay(Date.parse(`${weekend.weekend}T12:00:00+07:00`)),
        values: weekend,
      })),
      promoParts,
    ),
    legend(promoParts),
  );
  const outcomes = ["sent", "delivered", "read", "failed", "blocked"];
  body("broadcasts").replaceChildren(
    ...(data.broadcasts.length === 0
      ? [el("p", { class: "empty", text: t("stats.none") })]
      : data.broadcasts.map((job) =>
          el(
            "div",
            { class: "job", "data-id": job.id },
            el("h3", {
              text: `${t(job.kind === "digest" ? "stats.kindDigest" : "stats.kindBroadcast")} · ${wib(job.createdAt)} · ${job.total}`,
            }),
            barChart(
              job.id,
              outcomes.map((part) => ({
                label: t(`stats.${part}`),
                count: job[part],
                colour: colours[part],
              })),
            ),
          ),
        )),
  );
  const tickets = data.tickets;
  body("tickets").replaceChildren(
    el(
      "p",
      { class: "big" },
      tickets.medianFirstResponseMinutes === null
        ? t("stats.medianNone")
        : t("stats.median", { minutes: Math.round(tickets.medianFirstResponseMinutes) }),
    ),
    el("p", {
      text: t("stats.ticketWindow", {
        answered: tickets.answeredInWindow,
        opened: tickets.openedInWindow,
        days: tickets.windowDays,
        open: tickets.open,
      }),
    }),
  );
}

export default { id: "stats", nav: "stats.nav", css: "page-stats.css", mount, show };
