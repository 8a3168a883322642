// Weekend arithmetic in WIB (Asia/Jakarta, UTC+7 all year: Indonesia has no daylight saving time).

const wibOffsetMs = 7 * 60 * 60 * 1000;
const dayMs = 24 * 60 * 60 * 1000;

export const weekdays = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const;
export type Weekday = (typeof weekdays)[number];

/** "FRI 12:00": a weekday and a WIB time, before the weekend it closes. */
export interface WeeklyTime {
  readonly weekday: Weekday;
  readonly hour: number;
  readonly minute: number;
}

export function parseWeeklyTime(text: string): WeeklyTime | undefined {
  const match = /^(SUN|MON|TUE|WED|THU|FRI|SAT)\s+([01]?\d|2[0-3]):([0-5]\d)$/i.exec(text.trim());
  if (!match) return undefined;
  return { weekday: match[1]!.toUpperCase() as Weekday, hour: Number(match[2]), minute: Number(match[3]) };
}

/** The WIB calendar date (YYYY-MM-DD) of an instant. */
export function wibDate(instant: Date): string {
  return new Date(instant.getTime() + wibOffsetMs).toISOString().slice(0, 10);
}

/** The instant of a WIB wall-clock time on a WIB date. */
export function wibInstant(date: string, hour = 0, minute = 0): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - wibOffsetMs + (hour * 60 + minute) * 60_000);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** A weekend is named by its Saturday (WIB date). */
export function saturdayOnOrAfter(date: string): string {
  return addDays(date, (6 - weekdayOf(date) + 7) % 7);
}

/** When submissions for the weekend of `saturday` close (the cut-off weekday/time before it). */
export function cutoffFor(saturday: string, cutoff: WeeklyTime): Date {
  const back = (6 - weekdays.indexOf(cutoff.weekday) + 7) % 7 || 7;
  return wibInstant(addDays(saturday, -back), cutoff.hour, cutoff.minute);
}

/** The first weekend whose cut-off is still ahead of `now`: where a new promo goes. */
export function openWeekend(now: Date, cutoff: WeeklyTime): string {
  let saturday = saturdayOnOrAfter(wibDate(now));
  while (cutoffFor(saturday, cutoff).getTime() <= now.getTime()) saturday = addDays(saturday, 7);
  return saturday;
}

export function nextWeekend(saturday: string): string {
  return addDays(saturday, 7);
}

/** The weekends a seller may choose now: the open one and the one after. The only ones a choice may name. */
export function offeredWeekends(now: Date, cutoff: WeeklyTime): readonly [string, string] {
  const first = openWeekend(now, cutoff);
  return [first, nextWeekend(first)];
}

/** "Sabtu-Minggu, 28-29 November 2026" style label. */
/** "Sab 5 – Min 6 Des", "Sat 31 Jan–Sun 1 Feb": a weekend on a button (<= 20 characters, dates kept). */
export function weekendButtonLabel(saturday: string, language: "id" | "en"): string {
  const sunday = addDays(saturday, 1);
  const locale = language === "id" ? "id-ID" : "en-GB";
  const month = (date: string) =>
    new Date(`${date}T00:00:00Z`)
      .toLocaleDateString(locale, { month: "short", timeZone: "UTC" })
      .replace(".", "")
      .slice(0, 3);
  const day = (date: string) => Number(date.slice(8, 10));
  const [sat, sun] = language === "id" ? ["Sab", "Min"] : ["Sat", "Sun"];
  return month(saturday) === month(sunday)
    ? `${sat} ${day(saturday)} – ${sun} ${day(sunday)} ${month(sunday)}`
    : `${sat} ${day(saturday)} ${month(saturday)}–${sun} ${day(sunday)} ${month(sunday)}`;
}

export function weekendLabel(saturday: string, language: "id" | "en"): string {
  const sunday = addDays(saturday, 1);
  const locale = language === "id" ? "id-ID" : "en-GB";
  const month = (date: string) =>
    new Date(`${date}T00:00:00Z`).toLocaleDateString(locale, { month: "long", timeZone: "UTC" });
  const day = (date: string) => Number(date.slice(8, 10));
  const year = saturday.slice(0, 4);
  const days = language === "id" ? "Sabtu-Minggu" : "Saturday-Sunday";
  const range =
    month(saturday) === month(sunday)
      ? `${day(saturday)}-${day(sunday)} ${month(saturday)}`
      : `${day(saturday)} ${month(saturday)} - ${day(sunday)} ${month(sunday)}`;
  const sundayYear = sunday.slice(0, 4);
  return `${days}, ${range} ${year === sundayYear ? year : `${year}/${sundayYear}`}`;
}

/**
 * The weekends a buyer browses: the one in progress (Saturday or Sunday) or coming, and, once its cut-off
 * has passed (new promos go to the next one), the next one too.
 */
export function browseWeekends(now: Date, cutoff: WeeklyTime): string[] {
  const today = wibDate(now);
  const current = weekdayOf(today) === 0 ? addDays(today, -1) : saturdayOnOrAfter(today);
  return cutoffFor(current, cutoff).getTime() <= now.getTime() ? [current, nextWeekend(current)] : [current];
}
