// The weekend digest: approved promos of the coming weekend, grouped by category, filtered to each
// subscriber's categories, sent through the outbox as one job per weekend (so nobody gets it twice).
import type { Language } from "../contact.js";
import type { UserRef } from "../events.js";
import type { I18n } from "../i18n.js";
import type { OutboxJob } from "../outbox/model.js";
import type { JobRepository, PersonalComposer } from "../outbox/ports.js";
import type { PhotoBridge } from "../ports.js";
import { categories } from "../registration/fields.js";
import type { Reply } from "../replies.js";
import { truncate } from "../text.js";
import { formatRupiah } from "./price.js";
import type { Promo, PromoRepository } from "./promo.js";
import type { SubscriptionRepository } from "./subscription.js";
import { saturdayOnOrAfter, weekendLabel, wibDate } from "./weekend.js";

export interface DigestDeps {
  readonly promos: PromoRepository;
  readonly subscriptions: SubscriptionRepository;
  readonly languageOf: (user: UserRef) => Promise<Language>;
  readonly i18n: I18n;
  /** Send a "no promos this weekend" note when a weekend has none (default: send nothing). */
  readonly emptyNote: boolean;
  /** Telegram photos per digest (the text always comes last, with the Stop button). */
  readonly maxPhotos?: number;
  /** A monotonic millisecond timer for the short per-process cache. */
  readonly elapsedMs: () => number;
  /** Makes a photo from one platform sendable on another (a Telegram photo on WhatsApp); absent = same platform only. */
  readonly photos?: PhotoBridge;
}

/** A photo caption fits every platform: WhatsApp and Telegram both take up to 1024 characters. */
export const digestCaptionMax = 1024;

/** One job per weekend: the id is derived from the weekend, so a second run finds the first one. */
export const digestJobId = (weekend: string) => `dg${weekend.replace(/-/g, "")}`;

/** The weekend a digest sent at `now` is for: the Saturday on or after today (WIB). */
export const digestWeekendAt = (now: Date) => saturdayOnOrAfter(wibDate(now));

export function createDigestComposer(deps: DigestDeps): PersonalComposer & {
  /** What one subscriber would get (also used by the dry run: `preview` uploads no photo to another platform). */
  messageFor(weekend: string, to: UserRef, options?: { readonly preview?: boolean }): Promise<Reply[] | null>;
} {
  // Every recipient of a weekend reads the same promos: cache them briefly per process.
  const cache = new Map<string, { at: number; promos: Promo[] }>();
  const approvedPromos = async (weekend: string) => {
    const hit = cache.get(weekend);
    if (hit && deps.elapsedMs() - hit.at < 60_000) return hit.promos;
    const promos = (await deps.promos.listByWeekend(weekend)).filter((promo) => promo.status === "approved");
    cache.set(weekend, { at: deps.elapsedMs(), promos });
    return promos;
  };

  async function messageFor(
    weekend: string,
    to: UserRef,
    options: { readonly preview?: boolean } = {},
  ): Promise<Reply[] | null> {
    const subscription = await deps.subscriptions.get(to);
    // Consent is the active subscription: without it, nothing.
    if (!subscription?.active) return null;
    const language = await deps.languageOf(to);
    const t = deps.i18n.t(language);
    const label = weekendLabel(weekend, language);
    const stop = [{ id: "sub:stop", label: t("promo:digest.stop") as string }];
    const wanted = subscription.categories.length ? new Set<string>(subscription.categories) : undefined;
    const promos = (await approvedPromos(weekend)).filter((promo) => !wanted || wanted.has(promo.category));
    if (!promos.length) {
      if (!deps.emptyNote) return null;
      return [{ text: t("promo:digest.empty", { weekend: label }) as string, choices: stop }];
    }
    const sections: string[] = [];
    for (const category of categories) {
      const inCategory = promos.filter((promo) => promo.category === category);
      if (!inCategory.length) continue;
      const lines = inCategory.map(
        (promo) =>
          `• ${promo.product} (${t("promo:digest.from", { business: promo.businessName })})\n  ${priceOf(promo)}\n  📍 ${promo.location}`,
      );
      sections.push(`— ${t(`registration:category.${category}`)} —\n${lines.join("\n")}`);
    }
    const text = [
      t("promo:digest.title"),
      t("promo:digest.when", { weekend: label }),
      "",
      sections.join("\n\n"),
      "",
      t("promo:digest.footer"),
    ].join("\n");
    // A few photos, each with its promo as caption; one that cannot reach this platform is left out.
    const photos: Reply[] = [];
    for (const promo of promos) {
      if (photos.length >= (deps.maxPhotos ?? 3)) break;
      if (!promo.photo) continue;
      const origin = { ref: promo.photo, channel: promo.photoChannel ?? promo.channel };
      const photo = options.preview
        ? origin.ref
        : deps.photos
          ? await deps.photos.reach(origin, to.channel)
          : origin.channel === to.channel || /^https:\/\//.test(origin.ref)
            ? origin.ref
            : undefined;
      if (!photo) continue;
      const caption = `${promo.product} — ${promo.businessName}\n${priceOf(promo)}\n📍 ${promo.location}`;
      photos.push({ text: truncate(caption, digestCaptionMax, { unit: "codePoint" }), photo });
    }
    return [...photos, { text, choices: stop }];
  }

  return {
    messageFor,
    async compose(job: OutboxJob, to: UserRef) {
      if (job.kind !== "digest" || !job.digestWeekend) return null;
      return messageFor(job.digestWeekend, to);
    },
  };
}

const priceOf = (promo: Promo) =>
  promo.promoPrice !== undefined
    ? `${formatRupiah(promo.normalPrice)} → ${formatRupiah(promo.promoPrice)}`
    : `${formatRupiah(promo.normalPrice)} · ${promo.discountText ?? ""}`;

export interface DigestRunResult {
  readonly weekend: string;
  readonly status: "queued" | "already" | "empty";
  readonly jobId?: string;
  readonly promos: number;
}

export function createDigestService(deps: {
  readonly promos: PromoRepository;
  readonly jobs: JobRepository;
  readonly emptyNote: boolean;
}) {
  return {
    /** Creates this weekend's digest job once; the outbox plans and sends it. */
    async run(now: Date): Promise<DigestRunResult> {
      const weekend = digestWeekendAt(now);
      const approved = (await deps.promos.listByWeekend(weekend)).filter(
        (promo) => promo.status === "approved",
      );
      if (!approved.length && !deps.emptyNote) return { weekend, status: "empty", promos: 0 };
      const { job, created } = await deps.jobs.create({
        id: digestJobId(weekend),
        kind: "digest",
        digestWeekend: weekend,
        audience: { kind: "pelanggan" },
        content: { text: `digest ${weekend}` },
        createdByLanguage: "id",
        sendAt: now,
        now,
      });
      return { weekend, status: created ? "queued" : "already", jobId: job.id, promos: approved.length };
    },
  };
}
