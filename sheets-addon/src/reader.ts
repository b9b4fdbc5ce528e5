/**
 * Reads one call's cells into rule inputs, remembering what it has read: a column repeats the same categories and
 * dates, so each distinct cell is parsed once and each distinct application is calculated once per call.
 */
import {
  CATEGORIES,
  CURRENT_EDITION,
  DEFAULT_TIME_ZONE,
  ITEMS,
  TALENTS,
  calculate,
  dateInTimeZone,
  fail,
  lookupCode,
  lookupOptionalCode,
  ok,
  parseCalendarDate,
  parseYuan,
  type ApplicationTerms,
  type CalendarDate,
  type Calculation,
  type Category,
  type Edition,
  type Fen,
  type Item,
  type Problem,
  type Result,
  type Talent,
} from '../../shared/index.js';

/** The spreadsheet's time zone as custom functions may read it (the script's zone; appsscript.json: Asia/Shanghai). */
export function scriptTimeZone(): string {
  try {
    return typeof Session !== 'undefined' ? Session.getScriptTimeZone() || DEFAULT_TIME_ZONE : DEFAULT_TIME_ZONE;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

type Cached<T> = Map<unknown, Result<T>>;

function remember<T>(cache: Cached<T>, key: unknown, read: () => Result<T>): Result<T> {
  let found = cache.get(key);
  if (found === undefined) {
    found = read();
    cache.set(key, found);
  }
  return found;
}

/** Date cells are keyed by their instant; text by itself. */
function dateKey(value: unknown): unknown {
  return value instanceof Date || Object.prototype.toString.call(value) === '[object Date]' ? `@${(value as Date).getTime()}` : value;
}

export class Reader {
  readonly edition: Edition = CURRENT_EDITION;
  private readonly categories: Cached<Category> = new Map();
  private readonly items: Cached<Item> = new Map();
  private readonly talents: Cached<Talent | undefined> = new Map();
  private readonly dates = new Map<unknown, Result<CalendarDate>>();
  private readonly calculations = new Map<string, Result<Calculation>>();
  /** Raw category cell → date cell (Dates by instant) → raw talent cell → result. */
  private readonly byCells = new Map<unknown, { instants: Map<unknown, Map<unknown, Result<Calculation>>>; others: Map<unknown, Map<unknown, Result<Calculation>>> }>();

  constructor(readonly timeZone: string = scriptTimeZone()) {}

  category(value: unknown): Result<Category> {
    return remember(this.categories, value, () => lookupCode(CATEGORIES, value, 'category'));
  }

  item(value: unknown): Result<Item> {
    return remember(this.items, value, () => lookupCode(ITEMS, value, 'item'));
  }

  talent(value: unknown): Result<Talent | undefined> {
    return remember(this.talents, value, () => lookupOptionalCode(TALENTS, value, 'talent'));
  }

  ratingDate(value: unknown): Result<CalendarDate> {
    return remember(this.dates, dateKey(value), () => parseCalendarDate(value, 'ratingDate', this.timeZone));
  }

  /** Amounts are yuan in cells, fen inside. A blank optional amount is `undefined`. */
  yuan(value: unknown, field: string, optional: boolean): Result<Fen | undefined> {
    if (optional && (value === '' || value === null || value === undefined || (typeof value === 'string' && value.trim() === ''))) {
      return ok(undefined);
    }
    return parseYuan(value, field);
  }

  /** A calendar year: a whole number, text such as `2021` / `2021年`, or a date cell (its year). */
  year(value: unknown): Result<number> {
    if (value === '' || value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
      return fail('REQUIRED', 'year', '缺少年度', 'year is required');
    }
    let year = Number.NaN;
    if (typeof value === 'number') year = value;
    else if (typeof value === 'string' && /^\s*\d{4}\s*年?\s*$/.test(value)) year = Number.parseInt(value.trim(), 10);
    else if (value instanceof Date || Object.prototype.toString.call(value) === '[object Date]') {
      const date = dateInTimeZone(value as Date, this.timeZone);
      if (date) year = Number(date.slice(0, 4));
    }
    if (!Number.isInteger(year) || year < 1000 || year > 9999) {
      return fail('INVALID_NUMBER', 'year', `年度应为四位整数：${String(value)}`, `year must be a four-digit whole number, not "${String(value)}"`);
    }
    return ok(year);
  }

  /** category, ratingDate, talent → terms, with every bad argument's problem. */
  terms(category: unknown, ratingDate: unknown, talent: unknown): Result<ApplicationTerms> {
    const c = this.category(category);
    const d = this.ratingDate(ratingDate);
    const t = this.talent(talent);
    if (c.ok && d.ok && t.ok) return ok({ category: c.value, ratingDate: d.value, talent: t.value });
    return { ok: false, problems: collect(c, d, t) };
  }

  /** The application's schedule, calculated once per distinct (category, ratingDate, talent) in this call. */
  calculation(terms: ApplicationTerms): Result<Calculation> {
    const key = `${terms.category}|${terms.ratingDate}|${terms.talent ?? ''}`;
    let found = this.calculations.get(key);
    if (found === undefined) {
      found = calculate(this.edition, terms);
      this.calculations.set(key, found);
    }
    return found;
  }

  /**
   * Terms then calculation, remembered by the raw cells themselves (category → date → talent), so a repeated row
   * costs three map lookups and no parsing, string building or allocation.
   */
  calculate(category: unknown, ratingDate: unknown, talent: unknown): Result<Calculation> {
    let byDate = this.byCells.get(category);
    if (byDate === undefined) {
      byDate = { instants: new Map(), others: new Map() };
      this.byCells.set(category, byDate);
    }
    const instant = ratingDate instanceof Date ? ratingDate.getTime() : undefined;
    const dates: Map<unknown, Map<unknown, Result<Calculation>>> = instant === undefined ? byDate.others : byDate.instants;
    const key = instant ?? ratingDate;
    let byTalent = dates.get(key);
    if (byTalent === undefined) {
      byTalent = new Map();
      dates.set(key, byTalent);
    }
    let found = byTalent.get(talent);
    if (found === undefined) {
      const terms = this.terms(category, ratingDate, talent);
      found = terms.ok ? this.calculation(terms.value) : terms;
      byTalent.set(talent, found);
    }
    return found;
  }
}

/** Every problem of the failed results, in argument order. */
export function collect(...results: readonly Result<unknown>[]): Problem[] {
  const problems: Problem[] = [];
  for (const r of results) if (!r.ok) problems.push(...r.problems);
  return problems;
}
