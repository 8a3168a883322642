// One reading of a chat message for every rule in the core: lower case, no accents or emoji, chat
// reduplication folded ("promo2"), slang and regional words spelt out, vocatives ("min", "kak") dropped.
import { foldChatSpelling } from "../faq/normalise.js";
import { SLANG_WORDS } from "../faq/slang-map.js";

/** Words that only address the reader ("min" is the admin, "kak" a polite "you"): never content. */
export const VOCATIVES: ReadonlySet<string> = new Set([
  "min",
  "mimin",
  "kak",
  "kaka",
  "kakak",
  "ka",
  "bang",
  "abang",
  "pak",
  "bapak",
  "bu",
  "ibu",
  "mas",
  "mbak",
  "mba",
  "gan",
  "sis",
  "bro",
  "om",
  "tante",
  "dek",
  "adik",
  "uni",
  "puan",
]);

export interface ChatMessage {
  /** The message as typed, trimmed. */
  readonly raw: string;
  /** Spelt-out words in order (vocatives dropped). */
  readonly words: readonly string[];
  /** The words joined by single spaces, with a space at both ends: `text.includes(" mau daftar ")`. */
  readonly text: string;
  /** Emoji and pictographs in the message (small talk is often only these). */
  readonly emoji: readonly string[];
  readonly hasQuestionMark: boolean;
}

const emojiPattern = /\p{Extended_Pictographic}/gu;

/** Nouns that take "-ku"/"-mu" in chat ("pendaftaranku", "dataku"): read as the bare noun. */
const POSSESSED = new Set([
  "data",
  "usaha",
  "pendaftaran",
  "nomor",
  "akun",
  "lapak",
  "produk",
  "toko",
  "dagangan",
  "promo",
  "status",
  "registrasi",
]);

const DOUBLED_QUESTION = /^(apa|siapa|kapan|mana|berapa)\1$/;
/** "apa2 aja", "siapa2 saja": "which all", still a question. */
const ALL_OF = new Set(["aja", "saja", "sja", "aj", "ja"]);
/** Negations before a doubled question word make it "any": "ga ada apa2", "belum ngapa2in". */
const NEGATIONS = new Set(["tidak", "belum", "tanpa", "bukan", "jangan"]);

/** "promonya" -> "promo", "pendaftaranku" -> "pendaftaran"; words that merely end so stay ("bertanya"). */
function withoutSuffix(word: string): string {
  if (word.length >= 6 && word.endsWith("nya") && !word.endsWith("tanya")) return word.slice(0, -3);
  // Palembang "-nyo" and Javanese "-ne" mean "-nya" ("botnyo", "promone").
  if (word.length >= 6 && word.endsWith("nyo")) return word.slice(0, -3);
  if (word.endsWith("ne") && POSSESSED.has(word.slice(0, -2))) return word.slice(0, -2);
  const base = word.replace(/(?:ku|mu)$/, "");
  return base !== word && POSSESSED.has(base) ? base : word;
}

/** Splits and spells out a message; `keepVocatives` keeps "min"/"kak", `spellOut: false` keeps slang as typed. */
export function readChat(
  text: string,
  options: { keepVocatives?: boolean; spellOut?: boolean } = {},
): ChatMessage {
  const raw = text.trim();
  const emoji = raw.match(emojiPattern) ?? [];
  let s = raw
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "");
  s = foldChatSpelling(s);
  const words: string[] = [];
  const typedWords = s.split(/[^a-z0-9%]+/).filter(Boolean);
  typedWords.forEach((typed, i) => {
    // "belum ada izin apa2" says "any" (no question); "syaratnya apa2 aja?" still asks "what".
    const doubled = DOUBLED_QUESTION.exec(typed)?.[1];
    if (doubled && !ALL_OF.has(typedWords[i + 1] ?? "") && words.some((w) => NEGATIONS.has(w))) {
      words.push(`${doubled}pun`);
      return;
    }
    const token = typed in SLANG_WORDS ? typed : withoutSuffix(typed);
    if (!options.keepVocatives && VOCATIVES.has(token)) return;
    // Doubled question words are always spelt out: nobody writes "apaapa" on purpose.
    const spelt =
      (options.spellOut !== false || doubled) && token in SLANG_WORDS ? SLANG_WORDS[token] : undefined;
    // Fillers ("sih", "dong") map to "": they say nothing to a rule.
    if (spelt === undefined) words.push(token);
    else if (spelt !== "") words.push(...spelt.split(" "));
  });
  return {
    raw,
    words,
    text: ` ${words.join(" ")} `,
    emoji,
    hasQuestionMark: raw.includes("?"),
  };
}

/** True when any of the phrases (space-separated words) occurs in the message as whole words. */
export function hasPhrase(message: ChatMessage, phrases: readonly string[]): boolean {
  return phrases.some((phrase) => message.text.includes(` ${phrase} `));
}

/** Index of the first whole-word occurrence of any phrase, or -1. */
export function phraseIndex(message: ChatMessage, phrases: readonly string[]): number {
  let best = -1;
  for (const phrase of phrases) {
    const at = message.text.indexOf(` ${phrase} `);
    if (at !== -1 && (best === -1 || at < best)) best = at;
  }
  return best;
}
