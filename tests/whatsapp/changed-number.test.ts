// A WhatsApp user changes their number (system message `user_changed_number`, sent from the old number with
// the new wa_id): through the real signed webhook, everything kept under the old number moves to the new one
// (contact, seller record, promo subscription, open ticket and its conversation, training seat), once; nothing
// is answered; a re-delivery or a second notice changes nothing; a crash midway is finished by the retry.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ticketIdIn } from "../../functions/lib/core/handover/ticket.js";
import { createContactDirectory } from "../../functions/lib/store/contact-directory.js";
import { createSellerRepository } from "../../functions/lib/store/seller-repository.js";
import { createSubscriptionRepository } from "../../functions/lib/store/subscription-repository.js";
import { createTicketRepository } from "../../functions/lib/store/ticket-repository.js";
import { createTrainingRepository } from "../../functions/lib/store/training-repository.js";
import type { FakeTelegramApi } from "../fakes/telegram-api.js";
import type { FakeWhatsAppApi } from "../fakes/whatsapp-api.js";
import { nextUpdateId, postTelegram, type TestApp, tgUser } from "../support/app.js";
import type { TestTable } from "../support/store.js";
import { startTwoChannelApp } from "../support/two-channels.js";
import { nextWamid, postWhatsApp, waMessage, waNotification, waTextMessage } from "./helpers.js";

const staffGroup = "-1001555000111";

let table: TestTable;
let telegram: FakeTelegramApi;
let whatsapp: FakeWhatsAppApi;
let test: TestApp;
let store: { client: TestTable["documentClient"]; tableName: string };

beforeAll(async () => {
  ({ table, telegram, whatsapp, test } = await startTwoChannelApp({
    name: "changed-number",
    env: { STAFF_TELEGRAM_CHAT_ID: staffGroup },
  }));
  store = { client: table.documentClient, tableName: table.tableName };
});
afterAll(async () => {
  await telegram.close();
  await whatsapp.close();
});

const wa = (userId: string) => ({ channel: "whatsapp" as const, userId });
const sendsTo = (waId: string) => whatsapp.calls.filter((call) => call.payload.to === waId);
const textsTo = (waId: string) =>
  sendsTo(waId).map((call) => JSON.stringify(call.payload.text ?? call.payload.interactive ?? {}));

const changedNumber = (from: string, to: string, id = nextWamid()) =>
  waNotification([
    waMessage(
      from,
      {
        type: "system",
        system: {
          body: `User ${from} changed from ${from} to ${to}`,
          wa_id: to,
          type: "user_changed_number",
        },
      },
      { id },
    ),
  ]);

async function say(from: string, text: string) {
  const response = await postWhatsApp(test.app, waNotification([waTextMessage(from, text)]));
  expect(response.status).toBe(200);
}

/** Everything that names a number: partition keys, index keys and attributes. */
async function itemsNaming(number: string) {
  return (await table.scanAll()).filter((item) => JSON.stringify(item).includes(number));
}

/** A person with data in every place a number is kept; returns their ticket and training ids. */
async function personWithHistory(number: string, trainingId: string) {
  await say(number, "halo");
  const now = new Date();
  await createSellerRepository(store).save({
    user: wa(number),
    profile: {
      ownerName: "Siti Aminah",
      businessName: `Keripik ${trainingId}`,
      category: "kuliner",
      kecamatan: "Kedaton",
      phone: `+${number}`,
      products: "keripik pisang",
      licences: [],
      wantsStall: false,
    },
    status: "pending",
    submissionKey: `sub-${trainingId}`,
    now,
  });
  await createSubscriptionRepository(store).subscribe(wa(number), ["kuliner"], "v1", now);
  const trainings = createTrainingRepository(store);
  await trainings.create({
    id: trainingId,
    title: "Pelatihan tapis",
    topic: "tapis",
    startsAt: now.getTime() + 7 * 86_400_000,
    place: "Sentra Tapis",
    quota: 10,
    deadline: now.getTime() + 6 * 86_400_000,
    openToAll: true,
    createdAt: now.getTime(),
    createdBy: "telegram:1",
  } as never);
  expect(
    (
      await trainings.signUp(
        trainingId,
        { ...wa(number), name: "Siti", role: "buyer", language: "id", registeredAt: now.getTime() },
        now,
      )
    ).status,
  ).toBe("registered");
  await say(number, "hubungi petugas");
  const ticketId = ticketIdIn(textsTo(number).at(-1) ?? "");
  expect(ticketId).toBeTruthy();
  return ticketId!;
}

async function expectMoved(oldNumber: string, newNumber: string, ticketId: string, trainingId: string) {
  expect(
    (await itemsNaming(oldNumber)).map((item) => `${item.pk} ${item.sk}: ${JSON.stringify(item)}`),
  ).toEqual([]);
  const contact = await createContactDirectory(store).get(wa(newNumber));
  expect(contact).toMatchObject({ userId: newNumber, displayName: "Siti" });
  const sellers = createSellerRepository(store);
  expect(await sellers.get(wa(oldNumber))).toBeNull();
  expect(await sellers.get(wa(newNumber))).toMatchObject({
    id: `whatsapp:${newNumber}`,
    userId: newNumber,
    businessName: `Keripik ${trainingId}`,
    phone: `+${newNumber}`,
    status: "pending",
  });
  expect(
    (await sellers.list("pending")).filter((seller) => seller.businessName === `Keripik ${trainingId}`),
  ).toHaveLength(1);
  const subscriptions = createSubscriptionRepository(store);
  expect(await subscriptions.get(wa(newNumber))).toMatchObject({ active: true, categories: ["kuliner"] });
  expect(
    (await subscriptions.listActive()).filter((each) => [oldNumber, newNumber].includes(each.userId)),
  ).toEqual([expect.objectContaining({ userId: newNumber })]);
  expect(await createTicketRepository(store).get(ticketId)).toMatchObject({
    userId: newNumber,
    status: "open",
  });
  const trainings = createTrainingRepository(store);
  expect((await trainings.get(trainingId))?.seats).toEqual([`whatsapp#${newNumber}`]);
  expect((await trainings.participants(trainingId)).map((each) => each.userId)).toEqual([newNumber]);
}

describe("a WhatsApp number change (system message user_changed_number)", () => {
  it("moves everything to the new number once, silently, and the open ticket continues there", async () => {
    const [oldNumber, newNumber] = ["6281277700001", "6281277700002"];
    const ticketId = await personWithHistory(oldNumber, "trmove1");
    const sentBefore = whatsapp.calls.length;

    const notice = changedNumber(oldNumber, newNumber);
    expect((await postWhatsApp(test.app, notice)).status).toBe(200);
    // Nothing is answered, to the old number or the new one.
    expect(whatsapp.calls.length).toBe(sentBefore);
    await expectMoved(oldNumber, newNumber, ticketId, "trmove1");
    // Logged with masked numbers only.
    const line = test.logs.find((each) => each.includes("account.identity_changed"))!;
    expect(line).toContain("0001");
    expect(line).not.toContain(oldNumber);
    expect(line).not.toContain(newNumber);

    // Re-delivered, and a second notice of the same change: nothing duplicated, nothing lost.
    expect((await postWhatsApp(test.app, notice)).status).toBe(200);
    expect((await postWhatsApp(test.app, changedNumber(oldNumber, newNumber))).status).toBe(200);
    await expectMoved(oldNumber, newNumber, ticketId, "trmove1");
    expect(whatsapp.calls.length).toBe(sentBefore);

    // The new number is still in the ticket: its message goes to staff, and a staff reply reaches it.
    const groupBefore = telegram
      .callsTo("sendMessage")
      .filter((c) => c.payload.chat_id === staffGroup).length;
    await say(newNumber, "jadi bagaimana kak?");
    expect(textsTo(newNumber).at(-1)).toContain("diteruskan ke petugas");
    expect(telegram.callsTo("sendMessage").filter((c) => c.payload.chat_id === staffGroup).length).toBe(
      groupBefore + 1,
    );
    const response = await postTelegram(test.app, {
      update_id: nextUpdateId(),
      message: {
        message_id: nextUpdateId(),
        date: Math.floor(Date.now() / 1000),
        chat: { id: Number(staffGroup), type: "supergroup", title: "Petugas" },
        from: tgUser(7400, "Rina"),
        text: `/balas ${ticketId} Sudah kami proses, Bu.`,
        entities: [{ type: "bot_command", offset: 0, length: 6 }],
      },
    });
    expect(response.status).toBe(200);
    expect(textsTo(newNumber).at(-1)).toContain("Sudah kami proses");
    expect(sendsTo(oldNumber).length).toBeGreaterThan(0); // only the replies from before the change
    expect(textsTo(oldNumber).some((text) => text.includes("Sudah kami proses"))).toBe(false);
  });

  it("merges into a contact the new number already has, keeping the person's role, language and consents", async () => {
    const [oldNumber, newNumber] = ["6281277700011", "6281277700012"];
    await say(oldNumber, "halo");
    await say(oldNumber, "/bahasa");
    await postWhatsApp(test.app, waNotification([waTextMessage(oldNumber, "English")]));
    await say(newNumber, "halo"); // wrote from the new number before Meta's notice arrived
    const contacts = createContactDirectory(store);
    const before = await contacts.get(wa(oldNumber));
    expect((await postWhatsApp(test.app, changedNumber(oldNumber, newNumber))).status).toBe(200);
    expect(await contacts.get(wa(oldNumber))).toBeNull();
    const merged = await contacts.get(wa(newNumber));
    expect(merged).toMatchObject({ userId: newNumber, language: before!.language, unreachable: false });
    expect(merged!.createdAt).toBe(before!.createdAt);
    expect(await itemsNaming(oldNumber)).toEqual([]);
  });

  it("a crash midway is finished by Meta's retry, with nothing duplicated or lost", async () => {
    const [oldNumber, newNumber] = ["6281277700021", "6281277700022"];
    const ticketId = await personWithHistory(oldNumber, "trmove2");
    // The third item transaction of the move fails like an outage.
    let transactions = 0;
    const removeCrash = table.documentClient.intercept(async (call, next) => {
      if (call.input.TransactItems && ++transactions === 3) {
        throw Object.assign(new Error("injected outage"), { name: "ServiceUnavailable", $fault: "server" });
      }
      return next();
    });
    const notice = changedNumber(oldNumber, newNumber);
    try {
      expect((await postWhatsApp(test.app, notice)).status).toBe(503);
    } finally {
      removeCrash();
    }
    // Half moved: some items already under the new number, the old contact still there.
    expect(await createContactDirectory(store).get(wa(oldNumber))).not.toBeNull();
    expect((await postWhatsApp(test.app, notice)).status).toBe(200);
    await expectMoved(oldNumber, newNumber, ticketId, "trmove2");
  });

  it("ignores a malformed notice (no new number, or the same number) without answering", async () => {
    const number = "6281277700031";
    await say(number, "halo");
    const before = sendsTo(number).length;
    const broken = waNotification([
      waMessage(number, { type: "system", system: { body: "changed", type: "user_changed_number" } }),
    ]);
    expect((await postWhatsApp(test.app, broken)).status).toBe(200);
    expect((await postWhatsApp(test.app, changedNumber(number, number))).status).toBe(200);
    expect(sendsTo(number)).toHaveLength(before);
    expect(await createContactDirectory(store).get(wa(number))).not.toBeNull();
  });
});
