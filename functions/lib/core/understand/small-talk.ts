// Small talk: messages that carry a social act and no request ("makasih kak", "ok", "👍", "wkwk").
import { readChat, VOCATIVES } from "./chat-words.js";

export type SmallTalk = "greeting" | "thanks" | "ack" | "laugh" | "bye" | "praise" | "wait";

const phrases: Record<SmallTalk, readonly string[]> = {
  greeting: [
    "halo",
    "hallo",
    "haloo",
    "helo",
    "hello",
    "hai",
    "hay",
    "hi",
    "hey",
    "p",
    "pagi",
    "siang",
    "sore",
    "malam",
    "selamat pagi",
    "selamat siang",
    "selamat sore",
    "selamat malam",
    "good morning",
    "morning",
    "good afternoon",
    "good evening",
    "assalamualaikum",
    "assalamu alaikum",
    "asalamualaikum",
    "assalamualaikum wr wb",
    "assalamualaikum warahmatullahi wabarakatuh",
    "waalaikumsalam",
    "salam",
    "permisi",
    "tabik",
    "tabik pun",
    "api kabar",
    "apa kabar",
    "gimana kabar",
    "bagaimana kabar",
    "kabar",
    "punten",
    "sugeng enjing",
    "tes",
    "test",
  ],
  thanks: [
    "terima kasih",
    "terimakasih",
    "makasih",
    "makasi",
    "makasi",
    "mksh",
    "mks",
    "trims",
    "trimakasih",
    "thanks",
    "thank you",
    "thanks you",
    "thx",
    "tq",
    "ty",
    "tengkyu",
    "matur nuwun",
    "suwun",
    "nuhun",
    "hatur nuhun",
    "terima kasih banyak",
    "makasih banyak",
    "thank you so much",
  ],
  ack: [
    "ok",
    "oke",
    "okey",
    "okay",
    "okeh",
    "okelah",
    "oce",
    "sip",
    "sipp",
    "siap",
    "baik",
    "baiklah",
    "noted",
    "iya",
    "ya",
    "y",
    "yoi",
    "betul",
    "benar",
    "sudah benar",
    "sudah",
    "oh gitu",
    "oh begitu",
    "oalah",
    "paham",
    "mengerti",
    "ngerti",
    "sudah paham",
    "sudah mengerti",
    "nggih",
    "inggih",
    "injih",
    "mantap",
    "mantul",
    "keren",
    "good",
    "nice",
    "great",
    "cool",
    "alright",
    "got it",
  ],
  laugh: ["wkwk", "wk", "haha", "hehe", "hihi", "xixi", "lol", "awkwk", "kwkw", "ckck", "hahaha", "hehehe"],
  bye: [
    "dadah",
    "dah",
    "bye",
    "byebye",
    "bye bye",
    "sampai jumpa",
    "sampai ketemu",
    "see you",
    "duluan",
    "pamit",
    "selamat tinggal",
    "nanti lanjut",
    "nanti sy lanjut",
    "nanti saya lanjut",
    "lanjut nanti",
    "udah dulu",
    "sudah dulu",
    "segitu dulu",
    "cukup dulu",
  ],
  wait: [
    "bentar",
    "sebentar",
    "tunggu",
    "tunggu sebentar",
    "wait",
    "stop dulu",
    "berhenti dulu",
    "mau tanya",
    "mau nanya",
    "sy mau tanya",
    "salah pencet",
    "salah kirim",
    "salah ketik",
    "lanjut aja",
    "nanti lanjut",
    "nanti saya lanjut",
    "nanti sy lanjut",
    "gpp",
    "tidak apa apa",
    "ga apa apa",
  ],
  praise: [
    "lemak nian",
    "ngebantu bgt",
    "ngebantu banget",
    "ngebantu sekali",
    "terbantu",
    "sangat terbantu",
    "pintar",
    "pinter",
    "keren",
    "mantap",
    "mantul",
    "bot pintar",
    "botnya pintar",
    "bagus",
    "membantu sekali",
    "sangat membantu",
    "helpful",
    "mantap jiwa",
  ],
};

/** Polite padding around a social act: "ok siap kak", "makasih ya min 🙏". */
const padding = new Set([
  "ya",
  "yaa",
  "yah",
  "deh",
  "dong",
  "sih",
  "nih",
  "banyak",
  "banget",
  "sekali",
  "saya",
  "semua",
  "semuanya",
  "infonya",
  "info",
  "informasinya",
  "jawabannya",
  "bantuannya",
  "atas",
  "untuk",
  "sudah",
  "ok",
  "oke",
  "sip",
  "siap",
  "baik",
  "lah",
  "kalau",
  "begitu",
  "gitu",
  "dulu",
  "yang",
  "jelas",
  "nya",
  "so",
  "much",
  "very",
  "the",
  "for",
]);

const laughPattern = /^(?:a?w?k(?:w?k)+|(?:ha)+h?|(?:he)+h?|(?:hi)+h?|(?:xi)+|lol|ckck)$/;
// Emoji, skin tones, joiners and variation selectors only (checked per code point, not as a class).
const onlyEmoji = /^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f|[\s.!])+$/u;
const rank: Record<SmallTalk, number> = {
  greeting: 1,
  ack: 2,
  laugh: 2,
  wait: 3,
  praise: 3,
  bye: 4,
  thanks: 5,
};
const byLength = (Object.entries(phrases) as [SmallTalk, readonly string[]][])
  .flatMap(([kind, list]) => list.map((phrase) => [kind, phrase] as const))
  .sort((a, b) => b[1].length - a[1].length);

/** Which social act a whole message is ("makasih ya min 🙏" -> thanks), or null when it says anything more. */
export function smallTalkOf(text: string): SmallTalk | null {
  const raw = text.trim();
  if (!raw) return null;
  if (onlyEmoji.test(raw)) return /\p{Extended_Pictographic}/u.test(raw) ? "ack" : null;
  const typed = readChat(raw, { keepVocatives: true, spellOut: false }).words;
  const words = typed.filter((word) => !VOCATIVES.has(word));
  // "min", "kak": calling someone is how a chat starts.
  if (!words.length) return typed.length ? "greeting" : null;
  if (words.length > 8) return null;
  let found: SmallTalk | null = null;
  let rest = ` ${words.join(" ")} `;
  // Longest phrases first, so "terima kasih banyak" is one act, not "terima" plus leftovers.
  for (const [kind, phrase] of byLength) {
    if (!rest.includes(` ${phrase} `)) continue;
    if (!found || rank[kind] > rank[found]) found = kind;
    rest = rest.split(` ${phrase} `).join(" ");
  }
  for (const word of rest.split(" ").filter(Boolean)) {
    if (laughPattern.test(word)) found ??= "laugh";
    else if (!padding.has(word)) return null;
  }
  return found;
}

/** The strongest social act anywhere in a longer message ("makasih ya min udah dibantu, semoga laris"). */
export function smallTalkWithin(text: string): SmallTalk | null {
  const words = readChat(text, { keepVocatives: true, spellOut: false }).words;
  const joined = ` ${words.join(" ")} `;
  let found: SmallTalk | null = null;
  for (const [kind, phrase] of byLength) {
    if (phrase.length > 2 && joined.includes(` ${phrase} `) && (!found || rank[kind] > rank[found]))
      found = kind;
  }
  if (!found && words.some((word) => laughPattern.test(word))) found = "laugh";
  return found;
}
