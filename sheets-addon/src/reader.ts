/**
 * Reads one call's cells into rule inputs. A column repeats the same categories, dates and talents, so the call keeps
 * one cache, dropped when the call ends: each Date cell's day (once per instant), the terms read from each distinct
 * (category, rating date, talent) triple of cells, and the plans the rules build for them (the `PlanMemo` handed to
 * `calculate`). Those steps are done once per distinct input, nothing cached twice; the calculation itself runs per
 * row (a plan lookup and the row's own figures).
 */
import {
  CATEGORIES,
  CURRENT_EDITION,
  DEFAULT_TIME_ZONE,
  ITEMS,
  PlanMemo,
  calculate,
  dateInTimeZone,
  fail,
  isDate,
  lookupCode,
  ok,
  parseTerms,
  yearOf,
  type ApplicationTerms,
  type Calculation,
  type Category,
  type Edition,
  type Item,
  type Problem,
  type Result,
} from '../../shared/index.js';
import { isBlank } from './cells.js';

/** The spreadsheet's time zone as custom functions may read it (the script's zone; appsscript.json: Asia/Shanghai). */
function scriptTimeZone(): string {
  try {
    return typeof Session !== 'undefined' ? Session.getScriptTimeZone() || DEFAULT_TIME_ZONE : DEFAULT_TIME_ZONE;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

/** The map under `key` in `map`, made on first use. */
function child<K, V>(map: Map<K, Map<unknown, V>>, key: K): Map<unknown, V> {
  let found = map.get(key);
  if (found === undefined) map.set(key, (found = new Map()));
  return found;
}

export class Reader {
  readonly edition: Edition = CURRENT_EDITION;
  /** A Date cell's instant → the day it names in the script's zone (reading a zone is the costly step of a row). */
  private readonly days = new Map<number, unknown>();
  /** Rating date (a Date cell as its day) → raw category cell → raw talent cell → terms. */
  private readonly termsByCells = new Map<unknown, Map<unknown, Map<unknown, Result<ApplicationTerms>>>>();
  /** The plans built for this call's rows (shared with `checkApplication` through `check`). */
  readonly plans = new PlanMemo();

  constructor(readonly timeZone: string = scriptTimeZone()) {}

  category(value: unknown): Result<Category> {
    return lookupCode(CATEGORIES, value, 'category');
  }

  item(value: unknown): Result<Item> {
    return lookupCode(ITEMS, value, 'item');
  }

  /** A calendar year: a whole number, text such as `2021` / `2021年`, or a date cell (its year). */
  year(value: unknown): Result<number> {
    if (isBlank(value)) return fail('REQUIRED', 'year', '缺少年度', 'year is required');
    let year = Number.NaN;
    if (typeof value === 'number') year = value;
    else if (typeof value === 'string' && /^\s*\d{4}\s*年?\s*$/.test(value)) year = Number.parseInt(value.trim(), 10);
    else if (isDate(value)) {
      const date = dateInTimeZone(value, this.timeZone);
      if (date) year = yearOf(date);
    }
    if (!Number.isInteger(year) || year < 1000 || year > 9999) {
      return fail('INVALID_NUMBER', 'year', `年度应为四位整数：${String(value)}`, `year must be a four-digit whole number, not "${String(value)}"`);
    }
    return ok(year);
  }

  /** A Date cell as the `YYYY-MM-DD` it names in the script's zone, read once per instant; any other cell as it is. */
  private day(cell: unknown): unknown {
    if (!isDate(cell)) return cell;
    const instant = cell.getTime();
    let day = this.days.get(instant);
    if (day === undefined) this.days.set(instant, (day = dateInTimeZone(cell, this.timeZone) ?? cell)); // an invalid Date stays, for parseTerms to refuse
    return day;
  }

  /** category, ratingDate, talent → terms (the rules' `parseTerms`), read once per distinct triple of cells. */
  terms(category: unknown, ratingDate: unknown, talent: unknown): Result<ApplicationTerms> {
    const date = this.day(ratingDate);
    const byTalent = child(child(this.termsByCells, date), category);
    let found = byTalent.get(talent);
    if (found === undefined) {
      found = parseTerms({ category, ratingDate: date, talent }, this.timeZone);
      byTalent.set(talent, found);
    }
    return found;
  }

  /** The application's schedule; its plan is built once per call. */
  calculation(terms: ApplicationTerms): Result<Calculation> {
    return calculate(this.edition, terms, this.plans);
  }

  /** Terms then calculation, from the raw cells. */
  calculate(category: unknown, ratingDate: unknown, talent: unknown): Result<Calculation> {
    const terms = this.terms(category, ratingDate, talent);
    return terms.ok ? this.calculation(terms.value) : terms;
  }
}

/** Every problem of the failed results, in argument order. */
export function collect(...results: readonly Result<unknown>[]): Problem[] {
  const problems: Problem[] = [];
  for (const r of results) if (!r.ok) problems.push(...r.problems);
  return problems;
}
