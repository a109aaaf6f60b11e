import { createHash } from 'node:crypto';
import { DateTime, IANAZone } from 'luxon';

/**
 * Scheduling rules, pure: where a step lands given the previous instant, its delay, the sending window in
 * the candidate's zone and the holiday calendar. All inputs explicit (no clock), so tests pin instants.
 *
 * - A window is a wall-clock interval [start, end) on ISO weekdays (1 = Monday) in the candidate's zone;
 *   holidays are local calendar dates on which nothing is sent.
 * - `hours` delays are elapsed time (24 h across a DST change is not "same time tomorrow"); `business_days`
 *   delays move N sending days (window days that are not holidays) and keep the wall-clock time.
 * - A wall-clock time that does not exist (spring forward) moves forward by the gap; a repeated one (fall
 *   back) is its first occurrence unless that is before the instant we start from.
 */
export interface SendWindow {
  start: string;
  end: string;
  days: readonly number[];
}
export interface Delay {
  amount: number;
  unit: 'hours' | 'business_days';
}
export interface Calendar {
  zone: string;
  window: SendWindow;
  holidays: ReadonlySet<string>;
}

/** Far enough for any sane calendar (a year of holidays); beyond it the calendar can never send. */
const MAX_DAYS = 800;

export class NoSendingDayError extends Error {
  constructor() {
    super('The window and holidays leave no day to send on');
  }
}

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

export function minutesOf(hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/.exec(hhmm);
  if (!m) return Number.NaN;
  return hhmm === '24:00' ? 1440 : Number(m[1]) * 60 + Number(m[2]);
}

// Calendar arithmetic runs on "wall" numbers: the local wall-clock time written as if it were UTC epoch ms,
// so days, weekdays and dates come from plain Date UTC methods. Zone offsets come from luxon, cached per zone
// and 15-minute bucket (every real transition falls on a quarter hour), which keeps planning fast: luxon's
// own DateTime arithmetic costs tens of microseconds per call.
const MINUTE = 60_000;
const DAY = 86_400_000;
const BUCKET = 15 * MINUTE;
const offsetCache = new Map<string, number>();

/** The zone's UTC offset in ms at an instant. */
function offsetAt(zone: string, instant: number): number {
  const bucket = Math.floor(instant / BUCKET);
  const key = `${zone}|${bucket}`;
  let off = offsetCache.get(key);
  if (off === undefined) {
    if (offsetCache.size > 200_000) offsetCache.clear();
    off = IANAZone.create(zone).offset(bucket * BUCKET) * MINUTE;
    offsetCache.set(key, off);
  }
  return off;
}

const toWall = (zone: string, instant: number) => instant + offsetAt(zone, instant);

/**
 * The instants showing a wall-clock time: one, two (fall back: earliest first) or, in a gap (spring forward),
 * none, in which case the time moves forward by the gap (02:30 becomes 03:30), as luxon does.
 */
function wallToInstant(zone: string, wall: number, notBefore: number): number {
  const before = offsetAt(zone, wall - DAY / 2);
  const after = offsetAt(zone, wall + DAY / 2);
  const found = [...new Set([before, after])]
    .map((off) => wall - off)
    .filter((t) => toWall(zone, t) === wall)
    .sort((a, b) => a - b);
  if (found.length === 0) return wall - before;
  return found.find((t) => t >= notBefore) ?? found[0]!;
}

function isSendingDay(wallDay: number, cal: Calendar): boolean {
  const d = new Date(wallDay);
  const iso = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
  return cal.window.days.includes(iso) && !cal.holidays.has(d.toISOString().slice(0, 10));
}

function fitWall(t: number, cal: Calendar): number {
  const start = minutesOf(cal.window.start) * MINUTE;
  const end = minutesOf(cal.window.end) * MINUTE;
  const wall = toWall(cal.zone, t);
  let day = Math.floor(wall / DAY) * DAY;
  for (let i = 0; i < MAX_DAYS; i++, day += DAY) {
    if (!isSendingDay(day, cal)) continue;
    if (i > 0) return wallToInstant(cal.zone, day + start, t);
    const mod = wall - day;
    if (mod < start) return wallToInstant(cal.zone, day + start, t);
    if (mod < end) return t;
  }
  throw new NoSendingDayError();
}

/** The first instant at or after `t` that lies inside the window on a sending day. */
export function fitToWindow(t: Date, cal: Calendar): Date {
  return new Date(fitWall(t.getTime(), cal));
}

/** The instant a step with `delay` becomes due after `prev`, inside the window. */
export function nextSendAt(prev: Date, delay: Delay, cal: Calendar): Date {
  const p = prev.getTime();
  if (delay.unit === 'hours' || delay.amount === 0)
    return new Date(fitWall(p + delay.amount * 3_600_000, cal));
  const wall = toWall(cal.zone, p);
  const timeOfDay = wall - Math.floor(wall / DAY) * DAY;
  let day = Math.floor(wall / DAY) * DAY;
  for (let left = delay.amount, i = 0; left > 0; i++) {
    if (i > MAX_DAYS) throw new NoSendingDayError();
    day += DAY;
    if (isSendingDay(day, cal)) left--;
  }
  return new Date(fitWall(wallToInstant(cal.zone, day + timeOfDay, p), cal));
}

/** Instants for consecutive steps, each from the one before; the first from `start`. */
export function planInstants(start: Date, delays: readonly Delay[], cal: Calendar): Date[] {
  const out: Date[] = [];
  let prev = start;
  for (const d of delays) {
    prev = nextSendAt(prev, d, cal);
    out.push(prev);
  }
  return out;
}

/** A local ISO date-time with offset, as shown next to the UTC instant. */
export function localTime(t: Date, zone: string): string {
  return DateTime.fromJSDate(t, { zone }).toISO({ suppressMilliseconds: true }) ?? t.toISOString();
}

/**
 * The A/B variant of a step for an enrollment: an even split, deterministic in (enrollment, step), so a
 * re-plan never moves a candidate to the other arm.
 */
export function pickVariant(enrollmentId: string, stepId: string, count: number): number {
  if (count <= 1) return 0;
  const h = createHash('sha256').update(`${enrollmentId}:${stepId}`).digest();
  return h.readUInt32BE(0) % count;
}
