/**
 * Calendar dates (`YYYY-MM-DD`), never instants. A spreadsheet hands a date cell over as a `Date` at midnight in the
 * spreadsheet's time zone (Asia/Shanghai: 16:00 the day before in UTC), so a `Date` is always read in a named zone.
 */
import { isBlank } from './blank.js';
import { fail, ok, type Result } from './result.js';

/** `YYYY-MM-DD`. Compares correctly as a string. */
export type CalendarDate = string;

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const PATTERNS: readonly RegExp[] = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})$/, // 2020-06-30
  /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/, // 2020/6/30
  /^(\d{4})\.(\d{1,2})\.(\d{1,2})$/, // 2020.6.30
  /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$/, // 2020年6月30日
];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Builds a calendar date from parts, or undefined when the parts name no real day (2020-02-30). */
export function calendarDate(year: number, month: number, day: number): CalendarDate | undefined {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) return undefined;
  if (!Number.isInteger(month) || month < 1 || month > 12) return undefined;
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// One formatter per time zone: building an Intl.DateTimeFormat costs far more than using one (a column of dates).
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat | undefined {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      return undefined;
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The calendar date an instant falls on in `timeZone`. */
export function dateInTimeZone(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): CalendarDate | undefined {
  if (Number.isNaN(instant.getTime())) return undefined;
  const formatter = formatterFor(timeZone);
  if (!formatter) return undefined;
  let year = 0;
  let month = 0;
  let day = 0;
  for (const part of formatter.formatToParts(instant)) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
    else if (part.type === 'day') day = Number(part.value);
  }
  return calendarDate(year, month, day);
}

/**
 * A `Date`, from this realm or another: a spreadsheet cell's `Date` comes from Apps Script's (or a test's vm) context,
 * where `instanceof Date` is false.
 */
export function isDate(value: unknown): value is Date {
  return value instanceof Date || Object.prototype.toString.call(value) === '[object Date]';
}

/**
 * Reads a date from the edge: a `Date` (read in `timeZone`) or text `2020-06-30`, `2020/6/30`, `2020年6月30日`.
 * An impossible date is a problem naming `field`, never a guess.
 */
export function parseCalendarDate(input: unknown, field: string, timeZone: string = DEFAULT_TIME_ZONE): Result<CalendarDate> {
  if (isDate(input)) {
    const date = dateInTimeZone(input, timeZone);
    return date ? ok(date) : fail('INVALID_DATE', field, '日期无效', 'invalid date');
  }
  if (isBlank(input)) {
    return fail('REQUIRED', field, '缺少日期', 'date is required');
  }
  if (typeof input !== 'string') {
    return fail('INVALID_DATE', field, '日期格式错误，应为 YYYY-MM-DD', 'date must be text YYYY-MM-DD or a date');
  }
  const text = input.trim();
  for (const pattern of PATTERNS) {
    const match = pattern.exec(text);
    if (match) {
      const date = calendarDate(Number(match[1]), Number(match[2]), Number(match[3]));
      return date ? ok(date) : fail('INVALID_DATE', field, `日期不存在：${text}`, `"${text}" is not a real date`);
    }
  }
  return fail('INVALID_DATE', field, '日期格式错误，应为 YYYY-MM-DD', `"${text}" is not a date (use YYYY-MM-DD)`);
}

/** An optional date: blank (`''`, spaces, null, absent) is none (`undefined`); anything else as `parseCalendarDate` reads it. */
export function parseOptionalCalendarDate(input: unknown, field: string, timeZone: string = DEFAULT_TIME_ZONE): Result<CalendarDate | undefined> {
  return isBlank(input) ? ok(undefined) : parseCalendarDate(input, field, timeZone);
}

export function yearOf(date: CalendarDate): number {
  // The four leading digits, without allocating a substring (a column of ten thousand dates).
  return (date.charCodeAt(0) - 48) * 1000 + (date.charCodeAt(1) - 48) * 100 + (date.charCodeAt(2) - 48) * 10 + (date.charCodeAt(3) - 48);
}
