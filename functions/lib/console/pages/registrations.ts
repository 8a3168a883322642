// Registrations page: the list (filter by status, search) with CSV export, and approve/reject through the
// same decision as the chat path (the seller hears it on their own channel).
import * as z from "zod";
import type { Language } from "../../core/contact.js";
import type { I18n } from "../../core/i18n.js";
import type { Clock } from "../../core/ports.js";
import { decideRegistration, type RegistrationDecisionDeps } from "../../core/registration/decision.js";
import {
  categories,
  normaliseIndonesianMobile,
  validateBusinessName,
  validateOwnerName,
  validateProducts,
} from "../../core/registration/fields.js";
import { kecamatanById, kecamatanList, matchKecamatan } from "../../core/registration/kecamatan.js";
import { type Seller, type SellerRepository, sellerStatuses } from "../../core/registration/seller.js";
import { createDecisionRoute } from "../decision-route.js";
import type { Notify } from "../notify.js";
import { apiJson, badRequest, csvDownload } from "../respond.js";
import type { ConsoleCall, ConsolePage } from "../route.js";

export interface RegistrationsPageDeps {
  readonly sellers: SellerRepository;
  readonly decision: Omit<RegistrationDecisionDeps, "sellers">;
  readonly i18n: I18n;
  readonly notify: Notify;
  readonly clock: Clock;
}

const listSchema = z.object({
  status: z.enum([...sellerStatuses, "all"]).default("pending"),
  q: z.string().trim().max(100).default(""),
});
const sellerId = z.string().regex(/^(telegram|whatsapp):\d{1,20}$/);

const editSchema = z.strictObject({
  id: sellerId,
  ownerName: z.string().max(200),
  businessName: z.string().max(200),
  category: z.enum(categories),
  kecamatan: z.string().trim().min(1).max(60),
  phone: z.string().max(40),
  products: z.string().max(400),
});

const csvColumns = [
  "id",
  "status",
  "businessName",
  "ownerName",
  "category",
  "kecamatan",
  "phone",
  "products",
  "createdAt",
  "decidedAt",
  "rejectionReason",
] as const;

export function createRegistrationsPage(deps: RegistrationsPageDeps): ConsolePage {
  const view = (seller: Seller, language: Language) => ({
    id: seller.id,
    channel: seller.channel,
    status: seller.status,
    businessName: seller.businessName,
    ownerName: seller.ownerName,
    category: deps.i18n.t(language)(`registration:category.${seller.category}`),
    categoryId: seller.category,
    kecamatan: kecamatanById(seller.kecamatan)?.name ?? seller.kecamatan,
    kecamatanId: seller.kecamatan,
    phone: seller.phone,
    products: seller.products,
    createdAt: seller.createdAt,
    ...(seller.decidedAt ? { decidedAt: seller.decidedAt } : {}),
    ...(seller.rejectionReason ? { rejectionReason: seller.rejectionReason } : {}),
  });

  async function matching(call: ConsoleCall) {
    const parsed = listSchema.safeParse(call.query);
    if (!parsed.success) return undefined;
    const { status, q } = parsed.data;
    const all = await deps.sellers.list(status === "all" ? undefined : status);
    const needle = q.toLocaleLowerCase("id");
    const found = needle
      ? all.filter((seller) =>
          [seller.businessName, seller.ownerName, seller.kecamatan].some((field) =>
            field.toLocaleLowerCase("id").includes(needle),
          ),
        )
      : all;
    return found.map((seller) => view(seller, call.language));
  }

  return {
    id: "registrations",
    routes: [
      {
        method: "GET",
        path: "registrations",
        async handle(call) {
          const registrations = await matching(call);
          if (!registrations) return badRequest();
          const t = deps.i18n.t(call.language);
          // The choices of the edit form, named as the chat names them.
          const options = {
            categories: categories.map((id) => ({ id, label: t(`registration:category.${id}`) })),
            kecamatan: kecamatanList.map(({ id, name }) => ({ id, label: name })),
          };
          return apiJson(200, { registrations, options });
        },
      },
      {
        method: "GET",
        path: "registrations.csv",
        async handle(call) {
          const registrations = await matching(call);
          if (!registrations) return badRequest();
          const iso = (ms?: number) => (ms ? new Date(ms).toISOString() : "");
          const rows = registrations.map((row) => ({
            ...row,
            createdAt: iso(row.createdAt),
            decidedAt: iso(row.decidedAt),
          }));
          await call.audit("registration.export", "registrations", undefined, { rows: rows.length });
          return csvDownload("pendaftaran.csv", rows, csvColumns);
        },
      },
      {
        method: "POST",
        path: "registrations/edit",
        async handle(call) {
          const parsed = editSchema.safeParse(call.body);
          if (!parsed.success) return badRequest();
          const input = parsed.data;
          const t = deps.i18n.t(call.language);
          // The chat's own field rules: what staff type is checked as a seller's answer would be.
          const checks = {
            ownerName: validateOwnerName(input.ownerName),
            businessName: validateBusinessName(input.businessName),
            products: validateProducts(input.products),
            phone: normaliseIndonesianMobile(input.phone),
          };
          for (const [field, result] of Object.entries(checks))
            if (!result.ok)
              return apiJson(400, {
                error: "invalid",
                field,
                message: t(`registration:invalid.${result.error}`),
              });
          const kecamatan = kecamatanById(input.kecamatan) ?? matchKecamatan(input.kecamatan);
          if (!kecamatan)
            return apiJson(400, {
              error: "invalid",
              field: "kecamatan",
              message: t("registration:invalid.kecamatan", { text: input.kecamatan }),
            });
          const [channel, userId] = input.id.split(":") as [Seller["channel"], string];
          const seller = await deps.sellers.get({ channel, userId });
          if (!seller) return apiJson(404, { error: "missing" });
          const fields = {
            ownerName: checks.ownerName.ok ? checks.ownerName.value : seller.ownerName,
            businessName: checks.businessName.ok ? checks.businessName.value : seller.businessName,
            products: checks.products.ok ? checks.products.value : seller.products,
            phone: checks.phone.ok ? checks.phone.value : seller.phone,
            category: input.category,
            kecamatan: kecamatan.id,
          };
          const before = Object.fromEntries(
            Object.keys(fields).map((name) => [name, seller[name as keyof typeof fields]]),
          );
          const changed = Object.keys(fields).filter(
            (name) => before[name] !== fields[name as keyof typeof fields],
          );
          if (!changed.length) return apiJson(200, { ok: true, changed: [] });
          const { id: _id, channel: _c, userId: _u, status, ...stored } = seller;
          // A correction by staff keeps the decision; the same edit sent twice is saved once.
          const saved = await deps.sellers.save({
            user: { channel, userId },
            profile: { ...stored, ...fields },
            status,
            submissionKey: `console:${input.id}:${changed.map((name) => `${name}=${fields[name as keyof typeof fields]}`).join("|")}`,
            now: deps.clock.now(),
          });
          await call.audit(
            "registration.edit",
            input.id,
            Object.fromEntries(changed.map((name) => [name, before[name]])),
            Object.fromEntries(changed.map((name) => [name, fields[name as keyof typeof fields]])),
          );
          return apiJson(200, { ok: true, changed, businessName: saved.seller.businessName });
        },
      },
      createDecisionRoute({
        path: "registrations/decide",
        refField: "id",
        ref: sellerId,
        auditPrefix: "registration",
        async decide({ ref, ...decision }) {
          const { result, notice } = await decideRegistration(
            { ...deps.decision, sellers: deps.sellers },
            { ...decision, id: ref, now: deps.clock.now() },
          );
          return {
            notice,
            result: result.status === "missing" ? result : { ...result, record: result.seller },
          };
        },
        describe: (seller) => ({ businessName: seller.businessName }),
        noticeSeed: (ref, seller) => `console:${ref}:${seller.decidedAt ?? 0}`,
        notify: deps.notify,
      }),
    ],
  };
}
