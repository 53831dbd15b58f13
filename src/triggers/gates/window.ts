/**
 * Rollout windows: `imagestreams.io/rollout-window: "Sat,Sun 01:00-05:00 Europe/Berlin; Mon-Fri
 * 22:00-23:00 UTC"`. Each `;`-separated window names days (a list and/or ranges), a local time
 * range and an IANA zone, resolved through Intl so that daylight saving is the zone's own. A range
 * whose end is not after its start runs past midnight and belongs to the day it starts on.
 * Pure: the caller passes the time.
 */

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const MINUTE = 60_000;
/** Far enough to cross any week and a daylight-saving change. */
const HORIZON_MINUTES = 8 * 24 * 60;

export interface RolloutWindow {
  /** Weekdays, 0 = Sunday. */
  days: ReadonlySet<number>;
  /** Minutes after local midnight. */
  start: number;
  end: number;
  zone: string;
}

export type WindowParse = { ok: true; windows: RolloutWindow[] } | { ok: false; error: string };

/** `Mon`, `mon`, `Monday`: three letters or more of the English name. */
function dayIndex(name: string): number {
  const n = name.toLowerCase();
  return n.length < 3 ? -1 : DAYS.findIndex((d) => d.startsWith(n));
}

const DAY_RANGE = /^([a-z]{3,9})(?:-([a-z]{3,9}))?$/i;

function parseDays(text: string): Set<number> | string {
  const days = new Set<number>();
  for (const part of text.split(',')) {
    const m = DAY_RANGE.exec(part.trim());
    const a = dayIndex(m?.[1] ?? '');
    const b = m?.[2] === undefined ? a : dayIndex(m[2]);
    if (a < 0 || b < 0)
      return `"${part.trim()}" is not a day or day range (Mon, Tue, ..., Sun; e.g. Mon-Fri)`;
    for (let d = a; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === b) break;
    }
  }
  return days;
}

function parseClock(text: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min > 0)) return undefined;
  return h * 60 + min;
}

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function parseOne(text: string): RolloutWindow | string {
  const fields = text.trim().split(/\s+/);
  if (fields.length !== 3)
    return `"${text.trim()}" must be DAYS HH:MM-HH:MM ZONE (e.g. "Sat,Sun 01:00-05:00 Europe/Berlin")`;
  const [dayText, rangeText, zone] = fields as [string, string, string];
  const days = parseDays(dayText);
  if (typeof days === 'string') return days;
  const [s, e, extra] = rangeText.split('-');
  const start = parseClock(s ?? '');
  const end = parseClock(e ?? '');
  if (start === undefined || end === undefined || extra !== undefined || start === 24 * 60)
    return `"${rangeText}" is not a time range HH:MM-HH:MM`;
  if (start === end) return `"${rangeText}" is an empty time range`;
  if (!validZone(zone)) return `"${zone}" is not an IANA time zone`;
  return { days, start, end, zone };
}

export function parseRolloutWindows(value: string): WindowParse {
  const parts = value.split(';').filter((p) => p.trim() !== '');
  if (parts.length === 0) return { ok: false, error: 'no window given' };
  const windows: RolloutWindow[] = [];
  for (const part of parts) {
    const w = parseOne(part);
    if (typeof w === 'string') return { ok: false, error: w };
    windows.push(w);
  }
  return { ok: true, windows };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at `t`, in minutes (Intl: the tz database's own rules). */
function offsetMinutes(zone: string, t: number): number {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(t).map((x) => [x.type, x.value]));
  const local = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
  );
  return Math.round((local - Math.floor(t / MINUTE) * MINUTE) / MINUTE);
}

/** Whether `w` is open at the local weekday and minute of day. */
function openAtLocal(w: RolloutWindow, day: number, minute: number): boolean {
  if (w.start < w.end) return w.days.has(day) && minute >= w.start && minute < w.end;
  // past midnight: from start on the day itself, until end on the next day
  return (w.days.has(day) && minute >= w.start) || (w.days.has((day + 6) % 7) && minute < w.end);
}

function openAt(w: RolloutWindow, t: number, offset: number): boolean {
  const local = new Date(t + offset * MINUTE);
  return openAtLocal(w, local.getUTCDay(), local.getUTCHours() * 60 + local.getUTCMinutes());
}

export function isWindowOpen(windows: readonly RolloutWindow[], now: number): boolean {
  return windows.some((w) => openAt(w, now, offsetMinutes(w.zone, now)));
}

/**
 * When the next window opens after `now` (a minute boundary), or undefined when none opens within
 * eight days (cannot happen for a parsed window). The zone offset is re-read every quarter hour:
 * every zone changes its offset only at a quarter-hour boundary.
 */
export function nextWindowOpening(windows: readonly RolloutWindow[], now: number): number | undefined {
  const first = Math.floor(now / MINUTE) * MINUTE + MINUTE;
  let best: number | undefined;
  for (const w of windows) {
    let offset = offsetMinutes(w.zone, first);
    for (let i = 0; i < HORIZON_MINUTES; i++) {
      const t = first + i * MINUTE;
      if (best !== undefined && t >= best) break;
      if (i > 0 && (t / MINUTE) % 15 === 0) offset = offsetMinutes(w.zone, t);
      if (openAt(w, t, offset)) {
        best = t;
        break;
      }
    }
  }
  return best;
}
