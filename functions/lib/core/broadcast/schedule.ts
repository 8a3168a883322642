// Send times typed by staff, in WIB (UTC+7, no daylight saving): "25/12 08:00", "25/12/2026 08.00",
// "2026-12-25 08:00", "besok 08:00" / "tomorrow 8:00", or just "08:00" (today, or tomorrow if past).
const wibOffsetMs = 7 * 60 * 60 * 1000;

export type ParsedTime = { ok: true; at: Date } | { ok: false; error: "format" | "past" | "tooFar" };

export const maxScheduleDays = 30;

export function parseWibTime(text: string, now: Date): ParsedTime {
  const typed = text.trim().toLowerCase().replace(/\s+/g, " ");
  const nowWib = new Date(now.getTime() + wibOffsetMs);
  let year = nowWib.getUTCFullYear();
  let month = nowWib.getUTCMonth() + 1;
  let day = nowWib.getUTCDate();
  let explicitDate = false;
  let rest = typed;

  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})[ t](.*)$/.exec(typed);
  const dmy = /^(\d{1,2})[/-](\d{1,2})(?:[/-](\d{2,4}))? (.*)$/.exec(typed);
  const relative = /^(besok|tomorrow|hari ini|today) (.*)$/.exec(typed);
  if (iso) {
    [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    rest = iso[4]!;
    explicitDate = true;
  } else if (dmy) {
    day = Number(dmy[1]);
    month = Number(dmy[2]);
    if (dmy[3]) year = dmy[3].length === 2 ? 2000 + Number(dmy[3]) : Number(dmy[3]);
    rest = dmy[4]!;
    explicitDate = true;
  } else if (relative) {
    if (relative[1] === "besok" || relative[1] === "tomorrow") day += 1;
    rest = relative[2]!;
    explicitDate = true;
  }
  const time = /^(?:jam |pukul |at )?(\d{1,2})(?:[:.](\d{2}))?(?: ?wib)?$/.exec(rest.trim());
  if (!time) return { ok: false, error: "format" };
  const hour = Number(time[1]);
  const minute = Number(time[2] ?? 0);
  if (hour > 23 || minute > 59 || month < 1 || month > 12 || day < 1 || day > 32)
    return { ok: false, error: "format" };
  let at = Date.UTC(year, month - 1, day, hour, minute) - wibOffsetMs;
  const check = new Date(at + wibOffsetMs);
  if (explicitDate && !/^(besok|tomorrow)/.test(typed) && check.getUTCDate() !== day)
    return { ok: false, error: "format" };
  if (!explicitDate && at <= now.getTime()) at += 24 * 60 * 60 * 1000;
  if (at <= now.getTime()) return { ok: false, error: "past" };
  if (at - now.getTime() > maxScheduleDays * 24 * 60 * 60 * 1000) return { ok: false, error: "tooFar" };
  return { ok: true, at: new Date(at) };
}
