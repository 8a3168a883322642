// Promo tests on both channels: a seller's chat on either channel, a promo posted through it the way a seller
// types one, and the outbox run until a digest or follow-up job is done.
import { expect } from "vitest";
import type { App } from "../../functions/lib/app/create-app.js";
import type { UserRef } from "../../functions/lib/core/events.js";
import type { OutboxJob } from "../../functions/lib/core/outbox/model.js";
import type { Clock } from "../../functions/lib/core/ports.js";
import type { Promo } from "../../functions/lib/core/promo/promo.js";
import { runOutboxUntilDone } from "../outbox/drain.js";
import { telegramChat } from "./telegram-chat.js";
import type { TwoChannelApp } from "./two-channels.js";
import { whatsappChat } from "./whatsapp-chat.js";

export type SellerChat = ReturnType<typeof telegramChat> | ReturnType<typeof whatsappChat>;

/** The person `user` on their own channel, messages dated by `clock`. */
export function chatOf(harness: TwoChannelApp, user: UserRef, clock: Clock, name = "Rina"): SellerChat {
  return user.channel === "telegram"
    ? telegramChat(harness.app, harness.telegram, Number(user.userId), name, clock)
    : whatsappChat(harness.app, harness.whatsapp, user.userId, name, clock);
}

export interface TypedPromo {
  readonly product: string;
  readonly normalPrice?: string;
  readonly offer?: string;
  /** The weekend button's label. */
  readonly weekend?: string;
}

/** "kirim promo" to "Kirim": no photo, the default location, the weekend of 28-29 November unless told. */
export async function submitPromo(chat: SellerChat, promo: TypedPromo): Promise<void> {
  await chat.say("kirim promo");
  await chat.say(promo.product);
  await chat.say(promo.normalPrice ?? "20rb");
  await chat.say(promo.offer ?? "15rb");
  await chat.choose("Lewati");
  await chat.choose("Taman UMKM Bung Karno");
  await chat.choose(promo.weekend ?? "Sab 28 – Min 29 Nov");
  await chat.choose("Kirim");
}

/** Runs the local outbox until the job is finished; it must have ended done (not cancelled). */
export async function runJobToDone(app: App, jobId: string): Promise<OutboxJob> {
  const job = await runOutboxUntilDone(app, jobId);
  expect(job.state).toBe("done");
  return job;
}

/** A promo to write straight into the store: approved, Rp20.000 -> Rp15.000 at the Taman UMKM, by the Telegram
 * seller `fields.userId` (default "1"), unless `fields` say otherwise. */
export function seededPromo(id: string, weekend: string, at: Date, fields: Partial<Promo> = {}): Promo {
  return {
    id,
    sellerId: `telegram:${fields.userId ?? "1"}`,
    channel: "telegram",
    userId: "1",
    businessName: "UMKM",
    category: "kuliner",
    product: id,
    normalPrice: 20_000,
    promoPrice: 15_000,
    location: "Taman UMKM Bung Karno, Jl. Gatot Subroto",
    weekend,
    status: "approved",
    createdAt: at.getTime(),
    updatedAt: at.getTime(),
    ...fields,
  };
}
