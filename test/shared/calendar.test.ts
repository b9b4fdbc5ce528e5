/**
 * The calendar the rules read dates with (issue 14: mutants of shared/dates.ts that `npm run mutate -- shared`
 * found alive). The Gregorian leap-year rule (every 4th year, not every 100th, but every 400th), four-digit years
 * only, real months and days, the year of a date, a `Date` from another realm (a cell from Apps Script's context),
 * and what a refusal says.
 */
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { calendarDate, isDate, parseCalendarDate, yearOf } from '../../shared/index.js';

describe('leap years: divisible by 4, except by 100, except by 400', () => {
  it.each([
    [2020, true],
    [2021, false],
    [2100, false],
    [1900, false],
    [2000, true],
    [2400, true],
  ])('%i has a 29 February: %s', (year, leap) => {
    expect(calendarDate(year, 2, 29) !== undefined).toBe(leap);
    expect(calendarDate(year, 2, 28)).toBe(`${year}-02-28`);
  });
});

describe('the parts of a calendar date', () => {
  it('years have four digits: 1000 to 9999', () => {
    expect(calendarDate(999, 1, 1)).toBeUndefined();
    expect(calendarDate(1000, 1, 1)).toBe('1000-01-01');
    expect(calendarDate(9999, 12, 31)).toBe('9999-12-31');
    expect(calendarDate(10000, 1, 1)).toBeUndefined();
    expect(calendarDate(2020.5, 1, 1)).toBeUndefined();
  });
  it('months 1 to 12, whole', () => {
    expect(calendarDate(2020, 0, 1)).toBeUndefined();
    expect(calendarDate(2020, 13, 1)).toBeUndefined();
    expect(calendarDate(2020, 1.5, 1)).toBeUndefined();
    expect(calendarDate(2020, 12, 1)).toBe('2020-12-01');
  });
  it('days 1 to the month’s length, whole', () => {
    expect(calendarDate(2020, 1, 0)).toBeUndefined();
    expect(calendarDate(2020, 1, 1.5)).toBeUndefined();
    expect(calendarDate(2020, 4, 31)).toBeUndefined();
    expect(calendarDate(2020, 4, 30)).toBe('2020-04-30');
    expect(calendarDate(2020, 1, 32)).toBeUndefined();
  });
});

describe('yearOf', () => {
  it('reads all four digits', () => {
    expect(yearOf('1234-05-06')).toBe(1234);
    expect(yearOf('2019-01-01')).toBe(2019);
  });
});

describe('isDate', () => {
  it('takes a Date from another realm, and nothing that merely looks like one', () => {
    expect(isDate(runInNewContext('new Date(0)'))).toBe(true);
    expect(isDate(new Date(0))).toBe(true);
    expect(isDate({ getTime: () => 0 })).toBe(false);
    expect(isDate('2020-01-01')).toBe(false);
  });
  it('a Date from another realm is read as a date', () => {
    expect(parseCalendarDate(runInNewContext('new Date(Date.UTC(2020, 5, 29, 16))'), 'd')).toEqual({ ok: true, value: '2020-06-30' });
  });
});

describe('every refusal names its field, in 中文 and English', () => {
  const problem = (input: unknown) => {
    const r = parseCalendarDate(input, 'ratingDate');
    if (r.ok) throw new Error(`expected a refusal, got ${r.value}`);
    return r.problems[0];
  };
  it('an invalid Date', () => {
    expect(problem(new Date(Number.NaN))).toEqual({ code: 'INVALID_DATE', field: 'ratingDate', messageZh: '日期无效', message: 'invalid date' });
  });
  it('blank', () => {
    expect(problem(' ')).toEqual({ code: 'REQUIRED', field: 'ratingDate', messageZh: '缺少日期', message: 'date is required' });
  });
  it('neither text nor a Date', () => {
    expect(problem(20200630)).toEqual({
      code: 'INVALID_DATE',
      field: 'ratingDate',
      messageZh: '日期格式错误，应为 YYYY-MM-DD',
      message: 'date must be text YYYY-MM-DD or a date',
    });
  });
  it('a day that does not exist, quoted', () => {
    expect(problem(' 2021-02-29 ')).toEqual({ code: 'INVALID_DATE', field: 'ratingDate', messageZh: '日期不存在：2021-02-29', message: '"2021-02-29" is not a real date' });
  });
  it('text in no date format, quoted', () => {
    expect(problem('30/06/2020')).toEqual({
      code: 'INVALID_DATE',
      field: 'ratingDate',
      messageZh: '日期格式错误，应为 YYYY-MM-DD',
      message: '"30/06/2020" is not a date (use YYYY-MM-DD)',
    });
  });
});
