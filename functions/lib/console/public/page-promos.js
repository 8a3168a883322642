// Promo moderation: the weekends in play, filter by status and weekend, approve or reject with a reason; CSV.
import { $, api, csvLink, decisionControls, el, fact, failed, notice, state, t, wib } from "./shell.js";

let section;
const statuses = ["pending", "approved", "rejected", "withdrawn", "all"];
const statusKey = (status) => `promos.status${status[0].toUpperCase()}${status.slice(1)}`;
const rupiah = (value) =>
  new Intl.NumberFormat("id-ID", { style: "currency", currency: "IDR", maximumFractionDigits: 0 }).format(
    value,
  );

function mount(root) {
  section = root;
  const status = el(
    "select",
    { id: "promo-status", name: "status", onchange: show },
    ...statuses.map((value) => el("option", { value, text: t(statusKey(value)) })),
  );
  const weekend = el(
    "select",
    { id: "promo-weekend", name: "weekend", onchange: show },
    el("option", { value: "", text: t("promos.allWeekends") }),
  );
  section.append(
    el(
      "form",
      { class: "filters", onsubmit: (event) => event.preventDefault() },
      el("label", { for: "promo-status" }, el("span", { text: t("promos.status") }), status),
      el(
        "label",
        { class: "grow", for: "promo-weekend" },
        el("span", { text: t("promos.weekend") }),
        weekend,
      ),
      el("div", { class: "export" }),
    ),
    el("ul", { id: "promo-list", class: "list" }),
    el("p", { id: "promo-empty", class: "empty", text: t("promos.empty"), hidden: true }),
  );
}

const query = () => ({
  status: $("#promo-status", section).value,
  weekend: $("#promo-weekend", section).value,
});

async function show() {
  const params = new URLSearchParams({ ...query(), lang: state.lang });
  $(".export", section).replaceChildren(csvLink("promos.csv", query()));
  const { status, data } = await api(`promos?${params}`);
  if (status !== 200) return failed(status, data);
  const select = $("#promo-weekend", section);
  const chosen = select.value;
  select.replaceChildren(
    el("option", { value: "", text: t("promos.allWeekends") }),
    ...data.weekends.map((weekend) =>
      el("option", { value: weekend.date, text: weekend.label, selected: weekend.date === chosen }),
    ),
  );
  $("#promo-list", section).replaceChildren(...data.promos.map(promoItem));
  $("#promo-empty", section).hidden = data.promos.length > 0;
}

function promoItem(promo) {
  const facts = el("dl", { class: "facts" });
  fact(facts, t("promos.seller"), promo.businessName);
  fact(facts, t("promos.category"), promo.category);
  fact(facts, t("promos.weekend"), promo.weekendLabel);
  fact(facts, t("promos.normalPrice"), rupiah(promo.normalPrice));
  if (promo.promoPrice !== undefined) fact(facts, t("promos.promoPrice"), rupiah(promo.promoPrice));
  fact(facts, t("promos.offer"), promo.discountText);
  fact(facts, t("promos.location"), promo.location);
  if (promo.hasPhoto) fact(facts, t("promos.photo"), t("promos.hasPhoto"));
  fact(facts, t("promos.submitted"), wib(promo.createdAt));
  fact(facts, t("promos.reason"), promo.rejectionReason);
  const { actions, form } = decisionControls({
    pending: promo.status === "pending",
    labels: {
      approve: t("promos.approve"),
      reject: t("promos.reject"),
      reason: t("promos.rejectReason"),
      confirm: t("promos.confirmReject"),
    },
    decide: (body, button) => decide(promo.ref, body, button),
  });
  return el(
    "li",
    { class: "item", "data-ref": promo.ref },
    el(
      "div",
      { class: "item-head" },
      el("h2", { class: "business", text: promo.product }),
      el("span", { class: "badge", text: t(statusKey(promo.status)) }),
    ),
    facts,
    actions,
    form,
  );
}

async function decide(ref, body, button) {
  button.disabled = true;
  const { status, data } = await api("promos/decide", { ref, ...body });
  button.disabled = false;
  if (status === 200)
    notice(t(data.status === "approved" ? "promos.approved" : "promos.rejected", { product: data.product }));
  else if (status === 409)
    notice(t("promos.already", { product: data.product, status: t(statusKey(data.status)) }), true);
  else if (status === 404) notice(t("promos.missing"), true);
  else failed(status, data);
  await show();
}

export default { id: "promos", nav: "promos.nav", mount, show };
