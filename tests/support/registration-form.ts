// Fills the seller registration form up to its summary with short valid answers, on either channel.
import { expect } from "vitest";
import type { telegramChat } from "./telegram-chat.js";
import type { whatsappChat } from "./whatsapp-chat.js";

type Chat = ReturnType<typeof telegramChat> | ReturnType<typeof whatsappChat>;

export async function fillRegistrationForm(
  chat: Chat,
  { business = "Keripik Siti", category = "Kuliner", kecamatan = "Kemiling" } = {} as {
    business?: string;
    category?: "Kuliner" | "Tapis";
    kecamatan?: string;
  },
) {
  await chat.say("/daftar");
  await chat.choose("Setuju");
  await chat.say("Siti Rahayu");
  await chat.say(business);
  await chat.choose(category);
  await chat.say(kecamatan);
  await chat.shareContact("6281234567890");
  await chat.say("keripik pisang");
  await chat.choose("Belum ada");
  await chat.choose("Tidak");
  await chat.choose("Jangan tampilkan");
  expect(chat.last().text).toContain("Mohon periksa data pendaftaran");
}
