/**
 * When the business takes calls: weekly hours in its own time zone, less closed dates. The
 * proxy decides with these, so a visitor's clock or time zone never matters.
 */

/** Minutes from midnight: each day's open periods, `[start, end)`, end at most 24:00. */
type Periods = [start: number, end: number][];

const dayNames = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const minute = 60_000;

/** Why a text of opening hours cannot be read, and which of its comma-separated items is at fault. */
export class OpeningHoursError extends Error {
  readonly item: number;
  constructor(item: number, problem: string) {
    super(problem);
    this.item = item;
  }
}

/**
 * Reads `Mon-Fri 09:00-18:00, Sat 10:00-14:00`: items separated by commas, each a day or a range
 * of days (`Fri-Mon` wraps) and one or more periods; a split shift is two periods
 * (`Mon-Fri 09:00-13:00 14:00-18:00`) or two items. Returns each weekday's periods, Sunday first.
 */
export function parseOpeningHours(text: string): Periods[] {
  const week: Periods[] = dayNames.map(() => []);
  text.split(',').forEach((raw, index) => {
    const item = raw.trim();
    const match = /^([a-z]{3})(?:\s*-\s*([a-z]{3}))?\s+(.+)$/i.exec(item);
    const first = dayNames.indexOf(match?.[1]?.toLowerCase() ?? '');
    const last = match?.[2] ? dayNames.indexOf(match[2].toLowerCase()) : first;
    if (!match || first === -1 || last === -1) {
      throw new OpeningHoursError(index, `"${item}" must be days and times, such as Mon-Fri 09:00-18:00`);
    }
    const periods = match[3]!
      .trim()
      .split(/\s+/)
      .map((period) => {
        const times = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(period);
        const [start, end] = times
          ? [Number(times[1]) * 60 + Number(times[2]), Number(times[3]) * 60 + Number(times[4])]
          : [Number.NaN, Number.NaN];
        if (!times || Number(times[2]) > 59 || Number(times[4]) > 59 || !(start < end) || end > 24 * 60) {
          throw new OpeningHoursError(index, `"${period}" must be a period of one day such as 09:00-18:00 (it cannot cross midnight)`);
        }
        return [start, end] as [number, number];
      });
    for (let day = first; ; day = (day + 1) % 7) {
      week[day]!.push(...periods);
      if (day === last) break;
    }
  });
  for (const periods of week) periods.sort((a, b) => a[0] - b[0]);
  return week;
}

/** The wall clock of the format's zone at an instant, each field as two (or four) digits. */
function wallParts(format: Intl.DateTimeFormat, instant: number): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
  return Object.fromEntries(format.formatToParts(new Date(instant)).map((part) => [part.type, part.value])) as never;
}

/** The zone's offset from UTC at an instant, in ms. */
function offsetAt(format: Intl.DateTimeFormat, instant: number): number {
  const parts = wallParts(format, instant);
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

export interface Opening {
  open: boolean;
  /** When it opens next (while closed). */
  opensAt?: Date;
  /** When the current period ends (while open). */
  closesAt?: Date;
}

/** Every day, all day: the hours of a business that set none, for booking calls at any time. */
export const roundTheClock = 'Sun-Sat 00:00-24:00';

/** Weekly hours in a time zone, less closed dates; every question is asked of an instant. */
export class OpeningHours {
  readonly timeZone: string;
  readonly #week: Periods[];
  readonly #closed: ReadonlySet<string>;
  readonly #format: Intl.DateTimeFormat;

  constructor(week: Periods[], timeZone: string, closedDates: readonly string[] = []) {
    this.#week = week;
    this.timeZone = timeZone;
    this.#closed = new Set(closedDates);
    this.#format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      ...{ year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' },
    });
  }

  /** An instant as ISO 8601 with the zone's own offset (`2026-12-02T09:00:00+05:30`), as a person there reads it. */
  local(instant: Date): string {
    const parts = wallParts(this.#format, instant.getTime());
    const offsetMinutes = Math.round(offsetAt(this.#format, instant.getTime()) / minute);
    const sign = offsetMinutes < 0 ? '-' : '+';
    const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
    const minutes = String(Math.abs(offsetMinutes) % 60).padStart(2, '0');
    return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${sign}${hours}:${minutes}`;
  }

  /** The local date (`YYYY-MM-DD`) in the zone at an instant. */
  #localDate(instant: Date): string {
    const parts = wallParts(this.#format, instant.getTime());
    return `${parts.year}-${parts.month}-${parts.day}`;
  }

  /** The instant of a wall-clock time on a local date in the zone. */
  #instant(date: string, minutes: number): Date {
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    const wall = Date.UTC(year, month - 1, day) + minutes * minute;
    const guess = wall - offsetAt(this.#format, wall);
    // Once more, for a date whose offset differs from the first guess's (a change of daylight time).
    return new Date(wall - offsetAt(this.#format, guess));
  }

  /** The local date `days` after `date`, and its weekday. */
  static #dayAfter(date: string, days: number): { date: string; weekday: number } {
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    const next = new Date(Date.UTC(year, month - 1, day + days));
    return { date: next.toISOString().slice(0, 10), weekday: next.getUTCDay() };
  }

  /** Each open period from the local day of `from` on, for `days` days, as instants. */
  *#periods(from: Date, days: number): Generator<[start: Date, end: Date]> {
    const today = this.#localDate(from);
    for (let offset = 0; offset < days; offset++) {
      const { date, weekday } = OpeningHours.#dayAfter(today, offset);
      if (this.#closed.has(date)) continue;
      for (const [start, end] of this.#week[weekday]!) yield [this.#instant(date, start), this.#instant(date, end)];
    }
  }

  /** Whether the business is open at `now`, and when that changes. */
  at(now: Date): Opening {
    // Two weeks: enough to pass any run of closed dates a business is likely to list.
    for (const [start, end] of this.#periods(now, 15)) {
      if (end <= now) continue;
      if (start <= now) return { open: true, closesAt: end };
      return { open: false, opensAt: start };
    }
    return { open: false };
  }

  /** Whether `at` is one of the start times `slots()` offers now: within the hours, ahead, within the window, on the step. */
  bookable(at: Date, now: Date, days: number, stepMinutes = 15): boolean {
    return this.slots(now, days, stepMinutes).some((slot) => slot.getTime() === at.getTime());
  }

  /** Start times a callback may be booked for: every `stepMinutes` within the hours, after `now`, over `days` local days. */
  slots(now: Date, days: number, stepMinutes = 15): Date[] {
    const slots: Date[] = [];
    for (const [start, end] of this.#periods(now, days)) {
      for (let slot = start.getTime(); slot + stepMinutes * minute <= end.getTime(); slot += stepMinutes * minute) {
        if (slot > now.getTime()) slots.push(new Date(slot));
      }
    }
    return slots;
  }
}
