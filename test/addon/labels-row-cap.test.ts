/**
 * CQ_LABEL and CQ_ROW_CAP in the built add-on over their vectors, as Sheets passes cells: single values and whole
 * columns (one call per column), date cells as Dates at Asia/Shanghai midnight, '' for blanks. CQ_ROW_CAP is checked
 * against CQ_SCHEDULE's own rows, one column call for every (application, item, year).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES, ITEMS, TALENTS } from '../../shared/index.js';
import { isError, labelVectors, rowCapVectors, type RowCapExpected } from '../vectors/index.js';
import { fakeSession } from './fakes/session.js';
import { column, loadAddon, plain, shanghaiMidnight } from './load.js';

let addon: ReturnType<typeof loadAddon>;
beforeAll(() => {
  addon = loadAddon({ Session: fakeSession('Asia/Shanghai') });
});

function expectError(cell: unknown, field: string, code?: string): void {
  expect(typeof cell).toBe('string');
  expect(cell as string).toMatch(/^ERROR: /);
  expect(cell as string).toContain(`(${field}:`);
  if (code === 'UNKNOWN_CODE' && field === 'code') expect(cell as string).toMatch(/未知代码.*unknown code/);
}

describe('CQ_LABEL over label vectors', () => {
  const expectCell = (cell: unknown, v: (typeof labelVectors)[number]): void => {
    if (typeof v.expected === 'string') expect(cell).toBe(v.expected);
    else expectError(cell, v.expected.error.field, v.expected.error.code);
  };
  for (const v of labelVectors) {
    it(`${v.name}: ${JSON.stringify(v.input)} [${v.clause}]`, () => expectCell(addon.CQ_LABEL(v.input), v));
  }
  it('one column call: each row its label, blank rows blank', () => {
    const rows = labelVectors.flatMap((v) => [v, undefined]);
    const result = plain(addon.CQ_LABEL(column(rows.map((v) => (v ? v.input : ''))))) as unknown[][];
    expect(result).toHaveLength(rows.length);
    rows.forEach((v, i) => {
      expect(result[i]).toHaveLength(1);
      if (v) expectCell(result[i]?.[0], v);
      else expect(result[i]?.[0]).toBe('');
    });
  });
  it('labels the schedule column CQ_SCHEDULE spills (the Schedule sheet’s E7)', () => {
    const spilled = plain(addon.CQ_SCHEDULE('TRANSFER_BASE', '2019-12-27', 'CAE_ACADEMICIAN')) as unknown[][];
    const labels = plain(addon.CQ_LABEL(spilled.map((r) => [r[1]]))) as unknown[][];
    expect(labels.map((r) => r[0])).toEqual(['评定资助', '高层次人才团队研发专项', '成果转化绩效后补助', '成果转化绩效后补助', '成果转化绩效后补助', '成果转化绩效后补助']);
  });
});

const opt = (value: string | undefined): string => value ?? '';
const asCell = (date: string): unknown => shanghaiMidnight(addon, date) ?? date;

describe('CQ_ROW_CAP over row-cap vectors', () => {
  const expectCell = (cell: unknown, expected: RowCapExpected): void => {
    if (isError(expected)) expectError(cell, expected.error.field);
    else if ('blank' in expected) expect(cell).toBe('');
    else expect(cell).toBe('caseByCase' in expected ? 'CASE_BY_CASE' : expected.cap);
  };
  for (const v of rowCapVectors) {
    it(`${v.name} [${v.clause}] — text date and date cell`, () => {
      const { category, ratingDate, item, year } = v.input;
      expectCell(addon.CQ_ROW_CAP(category, ratingDate, item, year, opt(v.input.talent)), v.expected);
      expectCell(addon.CQ_ROW_CAP(category, asCell(ratingDate), item, String(year), opt(v.input.talent)), v.expected);
    });
  }
  it('one column call, with the blank rows an Approvals & payments sheet has (no application id: nothing looked up)', () => {
    const rows = rowCapVectors.flatMap((v) => [v, undefined]);
    const pick = (f: (v: (typeof rowCapVectors)[number]) => unknown) => column(rows.map((v) => (v ? f(v) : '')));
    const result = plain(
      addon.CQ_ROW_CAP(pick((v) => v.input.category), pick((v) => asCell(v.input.ratingDate)), pick((v) => v.input.item), pick((v) => v.input.year), pick((v) => opt(v.input.talent))),
    ) as unknown[][];
    expect(result).toHaveLength(rows.length);
    rows.forEach((v, i) => {
      expect(result[i]).toHaveLength(1);
      if (v) expectCell(result[i]?.[0], v.expected);
      else expect(result[i]?.[0]).toBe('');
    });
  });
  it('a blank category with an item and year typed (the application not yet looked up) is blank, not an error', () => {
    expect(plain(addon.CQ_ROW_CAP([[''], ['JOINT_RD_BASE']], [[''], ['2021-03-15']], [['INITIAL_GRANT'], ['INITIAL_GRANT']], [[2021], [2021]], [[''], ['']]))).toEqual([[''], [2000000]]);
  });

  it('agrees with CQ_SCHEDULE: every schedule row its cap, every other (item, year) 0, in one column call', () => {
    const dates = ['2019-12-27', '2020-06-30', '2021-01-01', '2021-12-31', '2022-05-01', '2022-12-31'];
    const talents = ['', ...TALENTS.codes];
    const rows: { category: string; date: string; talent: string; item: string; year: number; expected: number | string }[] = [];
    for (const category of CATEGORIES.codes) {
      for (const date of dates) {
        for (const talent of talents) {
          const spilled = plain(addon.CQ_SCHEDULE(category, asCell(date), talent)) as unknown;
          for (const item of ITEMS.codes) {
            for (let year = 2018; year <= 2028; year++) {
              let expected: number | string = 'CASE_BY_CASE';
              if (Array.isArray(spilled)) {
                const row = (spilled as [number, string, number, string][]).find(([y, i]) => y === year && i === item);
                expected = row ? row[2] : 0;
              } else expect(spilled).toBe('CASE_BY_CASE');
              rows.push({ category, date, talent, item, year, expected });
            }
          }
        }
      }
    }
    const result = plain(
      addon.CQ_ROW_CAP(
        column(rows.map((r) => r.category)),
        column(rows.map((r) => asCell(r.date))),
        column(rows.map((r) => r.item)),
        column(rows.map((r) => r.year)),
        column(rows.map((r) => r.talent)),
      ),
    ) as unknown[][];
    expect(result.map((r) => r[0])).toEqual(rows.map((r) => r.expected));
    expect(rows.filter((r) => typeof r.expected === 'number' && r.expected > 0).length).toBeGreaterThan(500);
  });
});
