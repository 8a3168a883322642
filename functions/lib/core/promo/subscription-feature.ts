// Buyers subscribe to the weekend promotions (explicit opt-in, categories) and stop them at any time.
import type { Feature } from "../feature.js";
import { matchCategory } from "../registration/fields.js";
import type { Choice } from "../replies.js";
import { normaliseKeyword } from "../text.js";
import type { TurnContext } from "../turn.js";
import {
  isStopRequest,
  type PromoCategory,
  promoCategories,
  type SubscriptionRepository,
} from "./subscription.js";

export interface SubscriptionFeatureDeps {
  readonly subscriptions: SubscriptionRepository;
}

const flow = "subscribe";
export const promoConsentVersion = "promo-v1";

export function createSubscriptionFeature(deps: SubscriptionFeatureDeps): Feature {
  const t = (ctx: TurnContext, key: string, options?: Record<string, unknown>) =>
    ctx.t(`promo:${key}`, options);
  const categoryLabel = (ctx: TurnContext, category: PromoCategory) =>
    ctx.t(`registration:category.${category}`);
  const listOf = (ctx: TurnContext, categories: readonly PromoCategory[]) =>
    categories.length
      ? categories.map((c) => categoryLabel(ctx, c)).join(", ")
      : t(ctx, "subscribe.allShort");
  const menu = (ctx: TurnContext): Choice => ({ id: "menu", label: ctx.t("menu.back") });

  function askCategories(ctx: TurnContext, selected: readonly PromoCategory[], intro: boolean) {
    ctx.setConversation({ flow, step: "categories", data: { selected: [...selected] } });
    const chosen = selected.length
      ? `\n\n${t(ctx, "subscribe.selected", { list: listOf(ctx, selected) })}`
      : "";
    ctx.ask(`${t(ctx, intro ? "subscribe.intro" : "subscribe.chooseAgain")}${chosen}`, [
      { id: "sub:c:all", label: t(ctx, "subscribe.all") },
      ...promoCategories.map((category) => ({
        id: `sub:c:${category}`,
        label: `${selected.includes(category) ? "✅ " : ""}${categoryLabel(ctx, category)}`,
      })),
      { id: "sub:done", label: t(ctx, "subscribe.done") },
      { id: "sub:cancel", label: t(ctx, "subscribe.cancel") },
    ]);
  }

  async function confirm(ctx: TurnContext, categories: readonly PromoCategory[]) {
    await deps.subscriptions.subscribe(ctx.event.user, categories, promoConsentVersion, ctx.now);
    ctx.changes.consent = {
      purpose: "promo",
      version: promoConsentVersion,
      at: ctx.now.getTime(),
      given: true,
    };
    ctx.setConversation(null);
    ctx.ask(t(ctx, "subscribe.confirmed", { list: listOf(ctx, categories) }), [menu(ctx)]);
  }

  async function start(ctx: TurnContext) {
    const current = await deps.subscriptions.get(ctx.event.user);
    if (current?.active) {
      return ctx.ask(t(ctx, "subscribe.status", { list: listOf(ctx, current.categories) }), [
        { id: "sub:edit", label: t(ctx, "subscribe.change") },
        { id: "sub:stop", label: t(ctx, "subscribe.stop") },
        menu(ctx),
      ]);
    }
    askCategories(ctx, [], true);
  }

  async function stop(ctx: TurnContext) {
    const result = await deps.subscriptions.unsubscribe(ctx.event.user, ctx.now);
    if (ctx.conversation?.flow === flow) ctx.setConversation(null);
    if (result === "stopped") {
      ctx.changes.consent = {
        purpose: "promo",
        version: promoConsentVersion,
        at: ctx.now.getTime(),
        given: false,
      };
    }
    ctx.ask(t(ctx, result === "stopped" ? "stop.done" : "stop.notSubscribed"), [
      // "Again" only for someone who was subscribed.
      { id: "sub", label: t(ctx, result === "stopped" ? "stop.resubscribe" : "menu.subscribe") },
      menu(ctx),
    ]);
  }

  return {
    name: flow,
    commands: {
      promo: start,
      langganan: start,
      berhenti: stop,
      stop,
    },
    keywords: {
      langganan: "promo",
      "langganan promo": "promo",
      subscribe: "promo",
    },
    matchKeyword: (text) => (isStopRequest(text) ? "berhenti" : undefined),
    choicePrefix: "sub",
    async onChoice(ctx, arg) {
      const [action, value] = arg.split(":");
      if (!action) return start(ctx);
      if (action === "stop") return stop(ctx);
      if (action === "edit") {
        const current = await deps.subscriptions.get(ctx.event.user);
        return askCategories(ctx, current?.active ? current.categories : [], false);
      }
      const state = ctx.conversation?.flow === flow ? ctx.conversation : null;
      if (action === "cancel") {
        ctx.setConversation(null);
        return ctx.ask(t(ctx, "subscribe.cancelled"), [menu(ctx)]);
      }
      if (!state) return start(ctx);
      const selected = new Set((state.data.selected as PromoCategory[] | undefined) ?? []);
      if (action === "c" && value === "all") return confirm(ctx, []);
      if (action === "c" && (promoCategories as readonly string[]).includes(value ?? "")) {
        const category = value as PromoCategory;
        if (selected.has(category)) selected.delete(category);
        else selected.add(category);
        return askCategories(
          ctx,
          promoCategories.filter((c) => selected.has(c)),
          false,
        );
      }
      if (action === "done")
        return confirm(
          ctx,
          promoCategories.filter((c) => selected.has(c)),
        );
      return start(ctx);
    },
    async onFlowEvent(ctx, state) {
      // Typed answers: "semua" subscribes to everything; "kuliner, fashion" is a complete choice.
      const text = ctx.event.payload.kind === "text" ? normaliseKeyword(ctx.event.payload.text) : "";
      if (/^(semua|semuanya|all|semua kategori)$/.test(text)) {
        await confirm(ctx, []);
        return true;
      }
      const typed = text
        .split(/\s*(?:,|\bdan\b|&|\/)\s*/)
        .map((part) => matchCategory(part))
        .filter((category): category is PromoCategory => !!category);
      if (typed.length) {
        await confirm(
          ctx,
          promoCategories.filter((category) => typed.includes(category)),
        );
        return true;
      }
      ctx.rejectAnswer();
      askCategories(ctx, (state.data.selected as PromoCategory[] | undefined) ?? [], false);
      return true;
    },
    repeatStep: (ctx, state) =>
      askCategories(ctx, (state.data.selected as PromoCategory[] | undefined) ?? [], false),
    menuEntries: (ctx) => [{ id: "sub", label: t(ctx, "menu.subscribe") }],
  };
}
