// Promo moderation: the promos of the weekends in play (the one running or coming, the open one and the next),
// filtered by status, approve or reject with a reason through the chat's own decision (the seller is told the
// same way), CSV export.
import * as z from "zod";
import enStrings from "../../../../locales/en/console-promos.json" with { type: "json" };
import idStrings from "../../../../locales/id/console-promos.json" with { type: "json" };
import type { Language } from "../../core/contact.js";
import type { Channel } from "../../core/events.js";
import type { I18n } from "../../core/i18n.js";
import type { Clock } from "../../core/ports.js";
import { decidePromo, type PromoDecisionDeps } from "../../core/promo/decision.js";
import { type Promo, type PromoRepository, promoStatuses } from "../../core/promo/promo.js";
import { browseWeekends, offeredWeekends, type WeeklyTime, weekendLabel } from "../../core/promo/weekend.js";
import { createDecisionRoute } from "../decision-route.js";
import type { Notify } from "../notify.js";
import { apiJson, badRequest, csvDownload } from "../respond.js";
import type { ConsoleCall, ConsolePage } from "../route.js";

export interface PromosPageDeps {
  readonly promos: PromoRepository;
  readonly decision: Omit<PromoDecisionDeps, "promos">;
  /** PROMO_CUTOFF: which weekends are in play. */
  readonly cutoff: WeeklyTime;
  readonly i18n: I18n;
  readonly notify: Notify;
  readonly clock: Clock;
}

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const listSchema = z.object({
  status: z.enum([...promoStatuses, "all"]).default("pending"),
  weekend: z.union([date, z.literal("")]).default(""),
});
// "<channel>:<userId>:<promo id>", the same reference as the chat's review buttons.
const promoRef = z.string().regex(/^(telegram|whatsapp):\d{1,20}:[a-z0-9]{1,20}$/);
const columns = [
  "ref",
  "weekend",
  "status",
  "businessName",
  "category",
  "product",
  "normalPrice",
  "promoPrice",
  "discountText",
  "location",
  "createdAt",
  "rejectionReason",
  "decidedBy",
] as const;

export function createPromosPage(deps: PromosPageDeps): ConsolePage {
  const weekends = (now: Date) =>
    [...new Set([...browseWeekends(now, deps.cutoff), ...offeredWeekends(now, deps.cutoff)])].sort();

  const view = (promo: Promo, language: Language) => ({
    ref: `${promo.channel}:${promo.userId}:${promo.id}`,
    channel: promo.channel,
    weekend: promo.weekend,
    weekendLabel: weekendLabel(promo.weekend, language),
    status: promo.status,
    businessName: promo.businessName,
    category: deps.i18n.t(language)(`registration:category.${promo.category}`),
    product: promo.product,
    normalPrice: promo.normalPrice,
    ...(promo.promoPrice !== undefined ? { promoPrice: promo.promoPrice } : {}),
    ...(promo.discountText ? { discountText: promo.discountText } : {}),
    location: promo.location,
    hasPhoto: Boolean(promo.photo),
    createdAt: promo.createdAt,
    ...(promo.rejectionReason ? { rejectionReason: promo.rejectionReason } : {}),
    ...(promo.decidedBy ? { decidedBy: promo.decidedBy } : {}),
  });

  async function matching(call: ConsoleCall) {
    const parsed = listSchema.safeParse(call.query);
    if (!parsed.success) return undefined;
    const inPlay = weekends(deps.clock.now());
    const { status, weekend } = parsed.data;
    // Only the weekends in play: older ones are history (the CLI exports them).
    if (weekend && !inPlay.includes(weekend)) return undefined;
    const lists = await Promise.all(
      (weekend ? [weekend] : inPlay).map((one) => deps.promos.listByWeekend(one)),
    );
    const promos = lists
      .flat()
      .filter((promo) => status === "all" || promo.status === status)
      .sort((a, b) => a.weekend.localeCompare(b.weekend) || a.createdAt - b.createdAt);
    return {
      weekends: inPlay.map((one) => ({ date: one, label: weekendLabel(one, call.language) })),
      promos: promos.map((promo) => view(promo, call.language)),
    };
  }

  return {
    id: "promos",
    strings: { id: idStrings, en: enStrings },
    routes: [
      {
        method: "GET",
        path: "promos",
        async handle(call) {
          const found = await matching(call);
          return found ? apiJson(200, found) : badRequest();
        },
      },
      {
        method: "GET",
        path: "promos.csv",
        async handle(call) {
          const found = await matching(call);
          if (!found) return badRequest();
          const rows = found.promos.map((promo) => ({
            ...promo,
            createdAt: new Date(promo.createdAt).toISOString(),
          }));
          await call.audit("promo.export", "promos", undefined, { rows: rows.length });
          return csvDownload("promo.csv", rows, columns);
        },
      },
      createDecisionRoute({
        path: "promos/decide",
        refField: "ref",
        ref: promoRef,
        auditPrefix: "promo",
        async decide({ ref, ...decision }) {
          const [channel, userId, id] = ref.split(":") as [Channel, string, string];
          const { result, notice } = await decidePromo(
            { ...deps.decision, promos: deps.promos },
            { ...decision, user: { channel, userId }, id, now: deps.clock.now() },
          );
          return {
            notice,
            result: result.status === "missing" ? result : { ...result, record: result.promo },
          };
        },
        describe: (promo) => ({ product: promo.product }),
        noticeSeed: (ref, promo) => `console:promo:${ref}:${promo.updatedAt}`,
        notify: deps.notify,
      }),
    ],
  };
}
