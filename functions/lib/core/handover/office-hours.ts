// Office hours in WIB (UTC+7 all year): when staff answer tickets, and how much working time has passed.
import type { Language } from "../contact.js";

const wibOffsetMs = 7 * 60 * 60 * 1000;
const dayMs = 24 * 60 * 60 * 1000;
/** Far enough for any ticket; beyond it the loops stop (a bad holiday list cannot hang the job). */
const maxDaysScanned = 400;

export interface OfficeHours {
  /** ISO weekdays: 1 = Monday ... 7 = Sunday. */
  readonly days: readonly number[];
  /** Minutes after midnight (WIB). */
  readonly openMinute: number;
  readonly closeMinute: number;
  /** "YYYY-MM-DD" (that day only) or "MM-DD" (every year). */
  readonly holidays: readonly string[];
}

/** Fixed-date national holidays (the same every year); movable ones (Idul Fitri, Nyepi...) are configured. */
export const fixedNationalHolidays = ["01-01", "05-01", "06-01", "08-17", "12-25"] as const;

export const defaultOfficeHours: OfficeHours = {
  days: [1, 2, 3, 4, 5],
  openMinute: 8 * 60,
  closeMinute: 16 * 60,
  holidays: fixedNationalHolidays,
};

/** "08:00" / "8.00" -> minutes after midnight. */
export function parseClock(text: string): number | undefined {
  const match = /^([01]?\d|2[0-4])[:.]([0-5]\d)$/.exec(text.trim());
  if (!match) return undefined;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= 24 * 60 ? minutes : undefined;
}

/** A WIB day: its date "YYYY-MM-DD", ISO weekday and the instant of its midnight. */
function wibDay(at: number) {
  const shifted = new Date(at + wibOffsetMs);
  const date = shifted.toISOString().slice(0, 10);
  const midnight = Date.parse(`${date}T00:00:00Z`) - wibOffsetMs;
  return { date, weekday: shifted.getUTCDay() || 7, midnight };
}

function isWorkingDay(hours: OfficeHours, date: string, weekday: number): boolean {
  return hours.days.includes(weekday) && !hours.holidays.some((h) => h === date || h === date.slice(5));
}

/** The open interval [start, end) of the WIB day containing `at`, or null on a day off. */
function openingOn(hours: OfficeHours, at: number): { start: number; end: number } | null {
  const day = wibDay(at);
  if (!isWorkingDay(hours, day.date, day.weekday)) return null;
  return { start: day.midnight + hours.openMinute * 60_000, end: day.midnight + hours.closeMinute * 60_000 };
}

export function isOfficeOpen(hours: OfficeHours, at: number): boolean {
  const open = openingOn(hours, at);
  return !!open && at >= open.start && at < open.end;
}

/** Milliseconds of office time between two instants (what an idle ticket is measured in). */
export function officeMsBetween(hours: OfficeHours, from: number, to: number): number {
  let total = 0;
  let dayStart = wibDay(from).midnight;
  for (let i = 0; dayStart < to && i < maxDaysScanned; i++, dayStart += dayMs) {
    const open = openingOn(hours, dayStart);
    if (open) total += Math.max(0, Math.min(open.end, to) - Math.max(open.start, from));
  }
  return total;
}

/** When the office opens next (now, if it is open); undefined when no working day is in sight. */
export function nextOfficeOpening(hours: OfficeHours, at: number): number | undefined {
  let dayStart = wibDay(at).midnight;
  for (let i = 0; i < maxDaysScanned; i++, dayStart += dayMs) {
    const open = openingOn(hours, dayStart);
    if (!open || at >= open.end) continue;
    return Math.max(open.start, at);
  }
  return undefined;
}

const localeOf = (language: Language) => (language === "id" ? "id-ID" : "en-GB");
const dayName = (weekday: number, language: Language) =>
  // 2024-01-01 was a Monday: ISO weekday n is that date plus n - 1 days.
  new Date(Date.UTC(2024, 0, weekday)).toLocaleDateString(localeOf(language), {
    weekday: "long",
    timeZone: "UTC",
  });
const clockText = (minute: number, language: Language) => {
  const text = `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
  return language === "id" ? text.replace(":", ".") : text;
};

/** "Senin–Jumat" (a run of days) or "Senin, Rabu, Jumat". */
export function describeDays(hours: OfficeHours, language: Language): string {
  const days = [...new Set(hours.days)].sort((a, b) => a - b);
  const contiguous = days.length > 2 && days.every((day, i) => i === 0 || day === days[i - 1]! + 1);
  if (contiguous) return `${dayName(days[0]!, language)}–${dayName(days.at(-1)!, language)}`;
  return days.map((day) => dayName(day, language)).join(", ");
}

export function describeTimes(hours: OfficeHours, language: Language): string {
  return `${clockText(hours.openMinute, language)}–${clockText(hours.closeMinute, language)}`;
}

/** "Senin, 28 Desember 2026, pukul 08.00" — the caller adds "WIB" through the locale text. */
export function describeOpening(at: number, language: Language): { day: string; time: string } {
  const day = new Date(at).toLocaleDateString(localeOf(language), {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "Asia/Jakarta",
  });
  const minute = Math.round((at - wibDay(at).midnight) / 60_000);
  return { day, time: clockText(minute, language) };
}
