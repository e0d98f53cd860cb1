import { HandoffError } from '../errors.js';
import type { DestinationHours } from '../types.js';

type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
const WEEKDAY_BY_NAME: Record<string, Weekday> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Weekday and minutes since midnight of `at`, as a clock in `timeZone` shows them. */
export function localClock(at: number, timeZone: string): { weekday: Weekday; minutes: number } {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        weekday: 'short',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
    } catch (cause) {
      throw new HandoffError('invalid_options', `Unknown time zone "${timeZone}"`, { cause });
    }
    formatters.set(timeZone, formatter);
  }
  let weekday: Weekday = 1;
  let hour = 0;
  let minute = 0;
  for (const part of formatter.formatToParts(at)) {
    if (part.type === 'weekday') weekday = WEEKDAY_BY_NAME[part.value] ?? 1;
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return { weekday, minutes: hour * 60 + minute };
}

function parseClock(value: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(value.trim());
  if (!match) throw new HandoffError('invalid_options', `Bad time "${value}": expected HH:MM`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (minutes > 24 * 60) throw new HandoffError('invalid_options', `Bad time "${value}"`);
  return minutes;
}

function parseWindow(window: string): [number, number] {
  const [from, to] = window.split('-');
  if (from === undefined || to === undefined) {
    throw new HandoffError('invalid_options', `Bad hours window "${window}": expected HH:MM-HH:MM`);
  }
  return [parseClock(from), parseClock(to)];
}

/** Normalises both forms of `hours` to windows per weekday, validating as it goes. */
export function windowsByDay(hours: DestinationHours): Map<Weekday, Array<[number, number]>> {
  const out = new Map<Weekday, Array<[number, number]>>();
  if (hours.open !== undefined || hours.close !== undefined) {
    const window = parseWindow(`${hours.open ?? '00:00'}-${hours.close ?? '24:00'}`);
    for (const day of hours.weekdays ?? [1, 2, 3, 4, 5]) out.set(day, [window]);
  }
  for (const [day, windows] of Object.entries(hours.days ?? {})) {
    out.set(Number(day) as Weekday, (windows ?? []).map(parseWindow));
  }
  return out;
}

/**
 * Whether a destination is staffed at `at`. A window whose end is before its start crosses
 * midnight (a night shift `22:00-06:00`), so its tail belongs to the next day.
 */
export function isOpen(
  hours: DestinationHours | undefined,
  timeZone: string | undefined,
  at: number,
): boolean {
  if (!hours) return true;
  const { weekday, minutes } = localClock(at, timeZone ?? 'UTC');
  const byDay = windowsByDay(hours);
  for (const [from, to] of byDay.get(weekday) ?? []) {
    if (from <= to ? minutes >= from && minutes < to : minutes >= from) return true;
  }
  const previous = (weekday === 1 ? 7 : weekday - 1) as Weekday;
  for (const [from, to] of byDay.get(previous) ?? []) {
    if (from > to && minutes < to) return true;
  }
  return false;
}
