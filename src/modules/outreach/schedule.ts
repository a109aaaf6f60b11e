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

function isSendingDay(d: DateTime, cal: Calendar): boolean {
  return cal.window.days.includes(d.weekday) && !cal.holidays.has(d.toISODate() ?? '');
}

/** The instant of a wall-clock time on `day`'s date, not before `notBefore` where the time repeats. */
function wallClock(day: DateTime, minutes: number, second: number, notBefore: DateTime): DateTime {
  const first = DateTime.fromObject(
    {
      year: day.year,
      month: day.month,
      day: day.day,
      hour: Math.floor(minutes / 60),
      minute: minutes % 60,
      second,
    },
    { zone: day.zone },
  );
  // A repeated time (fall back) has two instants 30 or 60 minutes apart; luxon may return either.
  const same = [-60, -30, 0, 30, 60]
    .map((m) => first.plus({ minutes: m }))
    .filter((d) => d.hour === first.hour && d.minute === first.minute);
  return same.find((d) => d >= notBefore) ?? first;
}

/** The first instant at or after `t` that lies inside the window on a sending day. */
export function fitToWindow(t: Date, cal: Calendar): Date {
  const start = minutesOf(cal.window.start);
  const end = minutesOf(cal.window.end);
  const from = DateTime.fromJSDate(t, { zone: cal.zone });
  let day = from;
  for (let i = 0; i < MAX_DAYS; i++) {
    if (isSendingDay(day, cal)) {
      if (i > 0) return wallClock(day, start, 0, from).toJSDate();
      const mod = day.hour * 60 + day.minute + day.second / 60;
      if (mod < start) return wallClock(day, start, 0, from).toJSDate();
      if (mod < end) return t;
    }
    day = day.startOf('day').plus({ days: 1 });
  }
  throw new NoSendingDayError();
}

/** The instant a step with `delay` becomes due after `prev`, inside the window. */
export function nextSendAt(prev: Date, delay: Delay, cal: Calendar): Date {
  if (delay.unit === 'hours') return fitToWindow(new Date(prev.getTime() + delay.amount * 3_600_000), cal);
  const from = DateTime.fromJSDate(prev, { zone: cal.zone });
  let day = from;
  let left = delay.amount;
  for (let i = 0; left > 0; i++) {
    if (i > MAX_DAYS) throw new NoSendingDayError();
    day = day.plus({ days: 1 });
    if (isSendingDay(day, cal)) left--;
  }
  if (delay.amount === 0) return fitToWindow(prev, cal);
  const target = wallClock(day, from.hour * 60 + from.minute, from.second, from);
  return fitToWindow(target.toJSDate(), cal);
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
