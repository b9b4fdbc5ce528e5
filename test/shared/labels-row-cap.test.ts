/** CQ_LABEL's and CQ_ROW_CAP's rules (shared/labels.ts labelOf, shared/schedule.ts rowCap) over their vectors. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CATEGORIES,
  CURRENT_EDITION as E,
  ITEMS,
  LABELLED_CODE_LISTS,
  TALENTS,
  calculate,
  calendarDate,
  isBlank,
  labelOf,
  lookupCode,
  parseTerms,
  rowCap,
  toYuan,
  type Problem,
} from '../../shared/index.js';
import { isError, labelVectors, rowCapVectors, scheduleVectors } from '../vectors/index.js';

const codesOf = (problems: readonly Problem[]) => problems.map((p) => ({ code: p.code, field: p.field }));

describe('label vectors', () => {
  for (const v of labelVectors) {
    it(`${v.name}: ${JSON.stringify(v.input)} [${v.clause}]`, () => {
      const found = labelOf(v.input, 'code');
      if (v.addonOnly) {
        // The row kinds are the add-on's sheet's own codes: the rules' lists do not know them.
        expect(found.ok ? found.value : codesOf(found.problems)).toEqual([{ code: 'UNKNOWN_CODE', field: 'code' }]);
      } else if (typeof v.expected === 'string') {
        expect(found.ok ? found.value : codesOf(found.problems)).toBe(v.expected);
      } else {
        expect(found.ok ? found.value : codesOf(found.problems)).toEqual([v.expected.error]);
        if (!found.ok) expect(found.problems[0]?.messageZh).toContain(String(v.input).trim());
      }
    });
  }

  it('every code of every list gives its label, and every label itself; no code or label stands in two lists', () => {
    const seen = new Map<string, string>();
    for (const list of LABELLED_CODE_LISTS) {
      for (const code of list.codes) {
        const label = list.labels[code] ?? '';
        expect(labelOf(code, 'code')).toEqual({ ok: true, value: label });
        expect(labelOf(code.toLowerCase(), 'code')).toEqual({ ok: true, value: label });
        expect(labelOf(` ${label} `, 'code')).toEqual({ ok: true, value: label });
        for (const key of [code.toUpperCase(), label]) {
          expect(seen.get(key), `${key} in ${list.kind} and ${seen.get(key)}`).toBeUndefined();
          seen.set(key, list.kind);
        }
      }
    }
    expect(seen.size).toBe(2 * LABELLED_CODE_LISTS.reduce((n, l) => n + l.codes.length, 0));
  });

  it('a blank is REQUIRED, naming the argument', () => {
    const found = labelOf('  ', 'code');
    expect(found.ok ? found.value : codesOf(found.problems)).toEqual([{ code: 'REQUIRED', field: 'code' }]);
  });
});

/** The rules read a year as a number; the vectors' text years (`2022年`) are the add-on's cells, read here as it would. */
const yearOfInput = (year: number | string): number => (typeof year === 'number' ? year : /^\s*\d{4}\s*年?\s*$/.test(year) ? Number.parseInt(year, 10) : Number.NaN);

describe('row cap vectors', () => {
  for (const v of rowCapVectors) {
    it(`${v.name} [${v.clause}]`, () => {
      const terms = parseTerms(v.input);
      const item = lookupCode(ITEMS, v.input.item, 'item');
      const year = yearOfInput(v.input.year);
      const calc = terms.ok ? calculate(E, terms.value) : terms;
      const problems = [calc, item].flatMap((r) => (r.ok ? [] : codesOf(r.problems)));
      if (isBlank(v.input.year)) problems.push({ code: 'REQUIRED', field: 'year' });
      else if (Number.isNaN(year)) problems.push({ code: 'INVALID_NUMBER', field: 'year' });
      if ('blank' in v.expected) {
        // A row with neither item nor year (a VOID row) has no schedule row to cap: the sheet shows it blank (the
        // add-on's cell rule, like a blank first argument); the rules find both missing.
        expect(problems).toEqual([...(calc.ok ? [] : codesOf(calc.problems)), { code: 'REQUIRED', field: 'item' }, { code: 'REQUIRED', field: 'year' }]);
        return;
      }
      if (isError(v.expected)) {
        expect(problems).toContainEqual(v.expected.error);
        return;
      }
      expect(problems).toEqual([]);
      if (!calc.ok || !item.ok) return;
      if ('caseByCase' in v.expected) expect(calc.value.caseByCase).toBe(true);
      else expect(toYuan(rowCap(calc.value, item.value, year))).toBe(v.expected.cap);
    });
  }

  it('agrees with the schedule vectors: each row its cap, every other (item, year) 0', () => {
    let rows = 0;
    for (const v of scheduleVectors) {
      if (isError(v.expected) || 'caseByCase' in v.expected) continue;
      const terms = parseTerms(v.input);
      const calc = terms.ok ? calculate(E, terms.value) : terms;
      if (!calc.ok) throw new Error(`${v.name}: schedule expected`);
      for (const item of ITEMS.codes) {
        for (let year = 2018; year <= 2028; year++) {
          const row = v.expected.schedule.find(([y, i]) => y === year && i === item);
          expect(toYuan(rowCap(calc.value, item, year)), `${v.name}: ${item} ${year}`).toBe(row ? row[2] : 0);
          if (row) rows++;
        }
      }
    }
    expect(rows).toBeGreaterThan(50);
  });

  it('property: for any application, rowCap is the schedule row cap where there is one and 0 elsewhere', () => {
    const day = fc.integer({ min: 0, max: 1100 }).map((d) => new Date(Date.UTC(2019, 11, 27 + d)));
    fc.assert(
      fc.property(fc.constantFrom(...CATEGORIES.codes), day, fc.option(fc.constantFrom(...TALENTS.codes), { nil: undefined }), fc.constantFrom(...ITEMS.codes), fc.integer({ min: 2017, max: 2030 }), (category, date, talent, item, year) => {
        const ratingDate = calendarDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
        if (!ratingDate) throw new Error("a real day");
        const calc = calculate(E, { category, ratingDate, talent });
        if (!calc.ok) throw new Error(`${date} is inside the plan`);
        const rows = calc.value.schedule.filter((r) => r.item === item && r.year === year);
        expect(rows.length).toBeLessThanOrEqual(1);
        expect(rowCap(calc.value, item, year)).toBe(rows[0]?.cap ?? 0);
      }),
    );
  });
});
