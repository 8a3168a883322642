/** Optimal string alignment distance (Damerau-Levenshtein without repeated edits), capped for speed. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (prevPrev[j - 2] ?? 0) + 1);
      }
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length] ?? max + 1;
}

const consonantSkeleton = (w: string) => w.replace(/[aiueo]/g, "");

export interface TypoCorrector {
  /** The known word a misspelt or vowel-less abbreviation most likely stands for, if any. */
  correct(word: string): string | undefined;
}

/** Corrects against the knowledge base's own words, so a fix can only ever land on a word the FAQ uses. */
export function createTypoCorrector(wordCounts: ReadonlyMap<string, number>): TypoCorrector {
  const words = [...wordCounts.keys()].filter((w) => w.length >= 4 && !/\d/.test(w));
  const bySkeleton = new Map<string, string>();
  for (const w of words) {
    const key = consonantSkeleton(w);
    const current = bySkeleton.get(key);
    if (key.length >= 3 && (!current || (wordCounts.get(w) ?? 0) > (wordCounts.get(current) ?? 0))) {
      bySkeleton.set(key, w);
    }
  }
  const cache = new Map<string, string | undefined>();

  function fuzzy(word: string): string | undefined {
    const max = word.length >= 9 ? 2 : 1;
    let best: string | undefined;
    let bestDistance = max + 1;
    for (const w of words) {
      if (w[0] !== word[0] && max === 1) continue;
      const d = editDistance(word, w, Math.min(max, bestDistance));
      if (
        d < bestDistance ||
        (d === bestDistance && best && (wordCounts.get(w) ?? 0) > (wordCounts.get(best) ?? 0))
      ) {
        best = w;
        bestDistance = d;
      }
    }
    return bestDistance <= max ? best : undefined;
  }

  function abbreviation(word: string): string | undefined {
    const vowels = word.replace(/[^aiueo]/g, "").length;
    // "dftr", "tnpa", "pljrn": chat drops vowels but keeps the consonant frame.
    if (vowels > 1 || word.length < 3) return undefined;
    const match = bySkeleton.get(consonantSkeleton(word));
    return match && match[0] === word[0] ? match : undefined;
  }

  return {
    correct(word) {
      if (cache.has(word)) return cache.get(word);
      const result = abbreviation(word) ?? (word.length >= 6 ? fuzzy(word) : undefined);
      cache.set(word, result);
      return result;
    },
  };
}
