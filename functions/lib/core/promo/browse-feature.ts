// Buyers browse and search this weekend's approved promos on demand (no subscription needed), by category,
// a few per page: every page fits WhatsApp's 3 reply buttons and Telegram's 64-byte callback data.
import type { Feature } from "../feature.js";
import { categories } from "../registration/fields.js";
import { type Seller, type SellerRepository, userOfSellerId } from "../registration/seller.js";
import type { Choice } from "../replies.js";
import { byteLength, graphemePrefix } from "../text.js";
import type { TurnContext } from "../turn.js";
import type { Promo, PromoRepository } from "./promo.js";
import { promoCardText, promoPhotoFor } from "./promo-card.js";
import { searchDocuments, searchWords } from "./promo-search.js";
import { createSellerContacts, sellerIdOfRef } from "./seller-contact.js";
import { browseWeekends, type WeeklyTime, weekendButtonLabel, weekendLabel } from "./weekend.js";

export interface BrowseFeatureDeps {
  readonly promos: PromoRepository;
  readonly cutoff: WeeklyTime;
  /** Sellers: their contact and stall are shown only with their consent; listed ones are searchable. */
  readonly sellers: Pick<SellerRepository, "get" | "list">;
}

/** Promos per page: with the navigation message, at most 4 messages per tap. */
export const browsePageSize = 3;
const prefix = "br";
const serviceWords =
  /\b(info|informasi|pinjaman|modal|kur|pelatihan|kerja|lowongan|izin|nib|halal|bantuan)\b/i;
const compact = (weekend: string) => weekend.replace(/-/g, "");
const expand = (value: string | undefined) =>
  value && /^\d{8}$/.test(value) ? `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6)}` : undefined;

/** "br:q:<page>:<words>", the words cut to what fits Telegram's 64 bytes. */
function searchChoiceId(page: number, words: readonly string[]): string {
  const head = `${prefix}:q:${page}:`;
  let query = words.join(" ");
  while (byteLength(head + query) > 64) query = graphemePrefix(query, query.length - 1).trimEnd();
  return head + query;
}

export function createBrowseFeature(deps: BrowseFeatureDeps): Feature {
  const t = (ctx: TurnContext, key: string, options?: Record<string, unknown>) =>
    ctx.t(`promo:browse.${key}`, options);
  const subscribe = (ctx: TurnContext): Choice => ({ id: "sub", label: ctx.t("promo:menu.subscribe") });
  const menu = (ctx: TurnContext): Choice => ({ id: "menu", label: ctx.t("menu.back") });
  const categoryLabel = (ctx: TurnContext, category: string) =>
    category === "all" ? t(ctx, "all") : ctx.t(`registration:category.${category}`);

  const approved = async (weekend: string) =>
    (await deps.promos.listByWeekend(weekend))
      .filter((promo) => promo.status === "approved")
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));

  const contacts = createSellerContacts(deps.sellers);

  /**
   * Cards of one page: each photo with its card as caption, cards without a photo together in one text; the
   * market's pin follows when a shown seller agreed to show their stall.
   */
  async function showCards(ctx: TurnContext, promos: readonly Promo[], sellers: readonly Seller[] = []) {
    const stalls: string[] = [];
    let texts: string[] = [];
    const flush = () => {
      if (texts.length) ctx.say(texts.join("\n\n"));
      texts = [];
    };
    for (const promo of promos) {
      const view = await contacts.viewOf(ctx, promo.sellerId);
      if (view.stall) stalls.push(view.stall);
      const card = promoCardText((key, options) => ctx.t(key, options), promo, view.lines);
      const photo = promoPhotoFor(promo, ctx.event.user.channel);
      if (photo) {
        flush();
        ctx.say(card, { photo });
      } else texts.push(card);
    }
    for (const seller of sellers) {
      const view = await contacts.viewOf(ctx, seller.id);
      if (view.stall) stalls.push(view.stall);
      texts.push([`🏪 ${seller.businessName}`, `🧺 ${seller.products}`, ...view.lines].join("\n"));
    }
    flush();
    const last = ctx.replies.at(-1);
    if (stalls.length && last)
      ctx.replies[ctx.replies.length - 1] = { ...last, location: contacts.pin(ctx, stalls) };
  }

  async function overview(ctx: TurnContext, requested?: string): Promise<void> {
    const weekends = browseWeekends(ctx.now, deps.cutoff);
    const weekend = requested && weekends.includes(requested) ? requested : weekends[0]!;
    const promos = await approved(weekend);
    const other = weekends.find((candidate) => candidate !== weekend);
    const otherChoice: Choice[] = other
      ? [
          {
            id: `${prefix}:w:${compact(other)}`,
            label: t(ctx, "otherWeekend", { weekend: weekendButtonLabel(other, ctx.language) }),
          },
        ]
      : [];
    const label = weekendLabel(weekend, ctx.language);
    if (!promos.length)
      return ctx.ask(t(ctx, "none", { weekend: label }), [...otherChoice, subscribe(ctx), menu(ctx)]);
    // A few promos: shown at once, no category step.
    if (promos.length <= browsePageSize) return showPage(ctx, weekend, "all", 1);
    const counts = categories
      .map((category) => ({ category, count: promos.filter((promo) => promo.category === category).length }))
      .filter(({ count }) => count > 0);
    ctx.ask(
      t(ctx, "overview", { weekend: label, count: promos.length }),
      [
        { id: `${prefix}:c:${compact(weekend)}:all:1`, label: `${t(ctx, "all")} (${promos.length})` },
        ...counts.map(({ category, count }) => ({
          id: `${prefix}:c:${compact(weekend)}:${category}:1`,
          label: `${categoryLabel(ctx, category)} (${count})`,
        })),
        ...otherChoice,
        subscribe(ctx),
      ],
      { choicesTitle: t(ctx, "categoriesTitle") },
    );
  }

  async function showPage(
    ctx: TurnContext,
    weekend: string,
    category: string,
    requested: number,
  ): Promise<void> {
    if (!browseWeekends(ctx.now, deps.cutoff).includes(weekend)) return overview(ctx);
    const all = await approved(weekend);
    const promos = category === "all" ? all : all.filter((promo) => promo.category === category);
    if (!promos.length) return overview(ctx, weekend);
    const pages = Math.ceil(promos.length / browsePageSize);
    const page = Math.min(Math.max(requested, 1), pages);
    await showCards(ctx, promos.slice((page - 1) * browsePageSize, page * browsePageSize));
    const choices: Choice[] = [];
    if (page < pages)
      choices.push({ id: `${prefix}:c:${compact(weekend)}:${category}:${page + 1}`, label: t(ctx, "next") });
    if (all.length > browsePageSize)
      choices.push({ id: `${prefix}:w:${compact(weekend)}`, label: t(ctx, "categories") });
    choices.push(subscribe(ctx));
    if (choices.length < 3) choices.push(menu(ctx));
    ctx.ask(
      t(ctx, "page", {
        category: categoryLabel(ctx, category),
        weekend: weekendLabel(weekend, ctx.language),
        page,
        pages,
      }),
      choices,
    );
  }

  async function search(ctx: TurnContext, words: readonly string[], requested: number) {
    const weekends = browseWeekends(ctx.now, deps.cutoff);
    const promos = (await Promise.all(weekends.map(approved))).flat();
    // Sellers are searchable only when approved and they agreed to be shown to buyers.
    const listed = (await deps.sellers.list("approved")).filter((seller) => seller.buyerContact?.show);
    const found = searchDocuments<{ promo?: Promo; seller?: Seller }>(words, [
      ...promos.map((promo) => ({
        item: { promo },
        text: `${promo.product} ${promo.businessName} ${promo.category.replace(/-/g, " ")}`,
      })),
      ...listed.map((seller) => ({ item: { seller }, text: `${seller.businessName} ${seller.products}` })),
    ])
      .map((result) => result.item)
      // A seller whose promo was found already shows through it.
      .filter(
        (item, _index, all) =>
          !item.seller || !all.some((other) => other.promo?.sellerId === item.seller?.id),
      );
    const query = words.join(" ");
    if (!found.length)
      return ctx.ask(t(ctx, "notFound", { query }), [
        { id: prefix, label: t(ctx, "seeAll") },
        subscribe(ctx),
        menu(ctx),
      ]);
    const pages = Math.ceil(found.length / browsePageSize);
    const page = Math.min(Math.max(requested, 1), pages);
    const shown = found.slice((page - 1) * browsePageSize, page * browsePageSize);
    await showCards(
      ctx,
      shown.flatMap((item) => (item.promo ? [item.promo] : [])),
      shown.flatMap((item) => (item.seller ? [item.seller] : [])),
    );
    const choices: Choice[] = [];
    if (page < pages) choices.push({ id: searchChoiceId(page + 1, words), label: t(ctx, "next") });
    choices.push({ id: prefix, label: t(ctx, "seeAll") }, subscribe(ctx));
    ctx.ask(t(ctx, "found", { query, count: found.length, page, pages }), choices);
  }

  /** One seller's page (a poster's "lapak" link): their promos, contact and stall as they agreed. */
  async function showSeller(ctx: TurnContext, ref: string): Promise<void> {
    const sellerId = sellerIdOfRef(ref);
    const user = sellerId ? userOfSellerId(sellerId) : undefined;
    const seller = user ? await deps.sellers.get(user) : null;
    // Unknown, pending or rejected: the general overview, nothing about the seller.
    if (!seller) return overview(ctx);
    if (seller.status !== "approved") return overview(ctx);
    const weekends = browseWeekends(ctx.now, deps.cutoff);
    const promos = (await Promise.all(weekends.map(approved)))
      .flat()
      .filter((promo) => promo.sellerId === seller.id);
    await showCards(ctx, promos.slice(0, browsePageSize), promos.length ? [] : [seller]);
    ctx.ask(t(ctx, promos.length ? "sellerPromos" : "sellerNoPromo", { business: seller.businessName }), [
      { id: prefix, label: t(ctx, "seeAll") },
      subscribe(ctx),
      menu(ctx),
    ]);
  }

  /** "promo", "promo minggu ini apa aja?": the overview; "ada yg jual keripik pisang ga?": a search. */
  async function start(ctx: TurnContext) {
    const { payload } = ctx.event;
    const text = payload.kind === "text" ? payload.text : payload.kind === "command" ? payload.args : "";
    const words = searchWords(text);
    if (words.length) return search(ctx, words, 1);
    return overview(ctx);
  }

  return {
    name: "browse",
    commands: {
      caripromo: start,
      cari: start,
      // "/start lapak_w6281...", "/lapak w6281...", a WhatsApp link's "lapak w6281...".
      lapak: (ctx) => {
        const { payload } = ctx.event;
        const text = payload.kind === "command" ? payload.args : payload.kind === "text" ? payload.text : "";
        return showSeller(ctx, text.trim().replace(/^lapak[_\s]+/i, ""));
      },
    },
    keywords: {
      promo: "caripromo",
      "info promo": "caripromo",
      "lihat promo": "caripromo",
      "promo apa": "caripromo",
    },
    // "cari keripik", "search coffee": a search, unless it is about the city's services.
    matchKeyword: (text) =>
      /^\s*lapak\s+[tw]\d{1,20}\s*$/i.test(text)
        ? "lapak"
        : /^\s*(cari|carikan|nyari|search|find)\s+\S/i.test(text) && !serviceWords.test(text)
          ? "caripromo"
          : undefined,
    choicePrefix: prefix,
    async onChoice(ctx, arg) {
      const [action, first, second, third] = arg.split(":");
      if (action === "w") return overview(ctx, expand(first));
      if (action === "s" && first) return showSeller(ctx, first);
      const weekend = expand(first);
      if (
        action === "c" &&
        weekend &&
        (second === "all" || (categories as readonly string[]).includes(second ?? ""))
      )
        return showPage(ctx, weekend, second!, Number(third) || 1);
      if (action === "q") {
        const words = searchWords(arg.split(":").slice(2).join(":"));
        if (words.length) return search(ctx, words, Number(first) || 1);
      }
      return overview(ctx);
    },
  };
}
