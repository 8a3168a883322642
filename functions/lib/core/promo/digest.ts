// The weekend digest: approved promos of the coming weekend, grouped by category, filtered to each
// subscriber's categories, sent through the outbox as one job per weekend (so nobody gets it twice).
import type { Language } from "../contact.js";
import type { UserRef } from "../events.js";
import type { I18n } from "../i18n.js";
import { jobIdFor, type OutboxJob } from "../outbox/model.js";
import type { JobRepository, PersonalComposer } from "../outbox/ports.js";
import type { PhotoBridge } from "../ports.js";
import { categories } from "../registration/fields.js";
import type { Reply } from "../replies.js";
import { truncate } from "../text.js";
import { formatRupiah } from "./price.js";
import type { Promo, PromoRepository } from "./promo.js";
import type { SubscriptionRepository } from "./subscription.js";
import { saturdayOnOrAfter, weekendLabel, wibDate, wibInstant } from "./weekend.js";

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
  /** The injected clock: a late-approval follow-up is not sent once the market has opened. */
  readonly now?: () => Date;
}

/** A photo caption fits every platform: WhatsApp and Telegram both take up to 1024 characters. */
export const digestCaptionMax = 1024;

/** One job per weekend: the id is derived from the weekend, so a second run finds the first one. */
export const digestJobId = (weekend: string) => `dg${weekend.replace(/-/g, "")}`;

/** One follow-up per late promo: derived from it, so a second approval press finds the first job. */
export const followUpJobId = (weekend: string, promoId: string) => `dl${jobIdFor(`${weekend}:${promoId}`)}`;

/** A follow-up is created only before Saturday 05:00 WIB (an hour to send) and sent only before 06:00. */
export const followUpCreateUntil = (weekend: string) => wibInstant(weekend, 5, 0);
export const followUpSendUntil = (weekend: string) => wibInstant(weekend, 6, 0);

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

  /** The photo of a promo as this recipient's platform can send it, captioned with the promo. */
  async function photoReply(promo: Promo, to: UserRef, preview: boolean): Promise<Reply | undefined> {
    if (!promo.photo) return undefined;
    const origin = { ref: promo.photo, channel: promo.photoChannel ?? promo.channel };
    const photo = preview
      ? origin.ref
      : deps.photos
        ? await deps.photos.reach(origin, to.channel)
        : origin.channel === to.channel || /^https:\/\//.test(origin.ref)
          ? origin.ref
          : undefined;
    if (!photo) return undefined;
    const caption = `${promo.product} — ${promo.businessName}\n${priceOf(promo)}\n📍 ${promo.location}`;
    return { text: truncate(caption, digestCaptionMax, { unit: "codePoint" }), photo };
  }

  /** A promo approved after the digest went out, to the subscribers of its category, before the market opens. */
  async function followUpFor(weekend: string, promoId: string, to: UserRef): Promise<Reply[] | null> {
    if (deps.now && deps.now().getTime() >= followUpSendUntil(weekend).getTime()) return null;
    const subscription = await deps.subscriptions.get(to);
    if (!subscription?.active) return null;
    // Read fresh (not the cache): it may have been withdrawn since.
    const promo = (await deps.promos.listByWeekend(weekend)).find((item) => item.id === promoId);
    if (promo?.status !== "approved") return null;
    if (subscription.categories.length && !subscription.categories.includes(promo.category)) return null;
    const language = await deps.languageOf(to);
    const t = deps.i18n.t(language);
    const text = [
      t("promo:digest.followUpTitle", { weekend: weekendLabel(weekend, language) }),
      "",
      `— ${t(`registration:category.${promo.category}`)} —`,
      `• ${promo.product} (${t("promo:digest.from", { business: promo.businessName })})\n  ${priceOf(promo)}\n  📍 ${promo.location}`,
      "",
      t("promo:digest.footer"),
    ].join("\n");
    const photo = await photoReply(promo, to, false);
    return [
      ...(photo ? [photo] : []),
      { text, choices: [{ id: "sub:stop", label: t("promo:digest.stop") }] },
    ];
  }

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
      const photo = await photoReply(promo, to, options.preview ?? false);
      if (photo) photos.push(photo);
    }
    return [...photos, { text, choices: stop }];
  }

  return {
    messageFor,
    async compose(job: OutboxJob, to: UserRef) {
      if (job.kind !== "digest" || !job.digestWeekend) return null;
      if (job.digestPromoId) return followUpFor(job.digestWeekend, job.digestPromoId, to);
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

/** What happened to a promo approved now, as far as subscribers are concerned. */
export type LateApprovalOutcome =
  /** The weekend's digest has not gone out yet: the promo will be in it. */
  | "in-digest"
  /** The digest went out: a follow-up with this promo goes to its subscribers before Saturday 06:00 WIB. */
  | "follow-up"
  /** Too late for any message (Saturday 05:00 WIB or later): the promo stays listed, nobody is messaged. */
  | "too-late";

export function createLateApprovals(deps: { readonly jobs: JobRepository }) {
  return {
    /** Called when a promo becomes approved; creates its follow-up job once (the id is derived from it). */
    async afterApproval(promo: Promo, now: Date): Promise<LateApprovalOutcome> {
      if (now.getTime() >= followUpCreateUntil(promo.weekend).getTime()) return "too-late";
      const digest = await deps.jobs.get(digestJobId(promo.weekend));
      if (!digest) return "in-digest";
      await deps.jobs.create({
        id: followUpJobId(promo.weekend, promo.id),
        kind: "digest",
        digestWeekend: promo.weekend,
        digestPromoId: promo.id,
        audience: { kind: "pelanggan" },
        content: { text: `digest follow-up ${promo.weekend} ${promo.id}` },
        createdByLanguage: "id",
        sendAt: now,
        now,
      });
      return "follow-up";
    },
  };
}
