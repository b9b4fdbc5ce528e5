/** How the custom functions shape answers and survive odd cells: one row per input row, never a throw. */
import { beforeAll, describe, expect, it } from 'vitest';
import { fakeSession } from './fakes/session.js';
import { dateOfRealm, loadAddon, plain, shanghaiMidnight } from './load.js';

let addon: ReturnType<typeof loadAddon>;
beforeAll(() => {
  addon = loadAddon({ Session: fakeSession() });
});

describe('shapes', () => {
  it('single values give a single value', () => {
    expect(addon.CQ_CAP('JOINT_RD_BASE', 'ANNUAL_RD_SUPPORT')).toBe(5000000);
    expect(addon.CQ_TRANSFER_SUBSIDY(123456.78)).toBe(6172.84); // an omitted optional argument arrives as undefined
  });

  it('a single value repeats down the rows of a range', () => {
    expect(plain(addon.CQ_CAP('JOINT_RD_BASE', [['INITIAL_GRANT'], ['ANNUAL_RD_SUPPORT'], ['']]))).toEqual([[2000000], [5000000], [expect.stringMatching(/^ERROR: .*\(item:/)]]);
    expect(plain(addon.CQ_TRANSFER_SUBSIDY([[100], [200]], 0))).toEqual([[5], [10]]);
  });

  it('a blank first argument gives a blank row; a blank optional argument means none', () => {
    const date = shanghaiMidnight(addon, '2021-03-15');
    expect(plain(addon.CQ_TOTAL_CAP([['JOINT_RD_BASE'], [''], ['  '], ['JOINT_RD_BASE']], [[date], [date], [''], [date]], [[''], ['NOBEL_LAUREATE'], [''], ['CAE_ACADEMICIAN']]))).toEqual([
      [17000000],
      [''],
      [''],
      [27000000],
    ]);
    expect(addon.CQ_TRANSFER_SUBSIDY('', 100)).toBe('');
  });

  it('a column repeating cells reads each once, yet never mistakes one cell for another', () => {
    const date = shanghaiMidnight(addon, '2021-03-15');
    const again = shanghaiMidnight(addon, '2021-03-15'); // another Date object, the same day
    const rows = [[date], [again], [date?.getTime()], ['2021-03-15'], [date]];
    expect(plain(addon.CQ_TOTAL_CAP('JOINT_RD_BASE', rows, [[''], [''], [''], [''], ['NOBEL_LAUREATE']]))).toEqual([
      [17000000],
      [17000000],
      [expect.stringMatching(/^ERROR: .*\(ratingDate:/)], // a number that happens to equal the instant is not a date
      [17000000],
      [27000000],
    ]);
  });

  it('rows beyond a shorter range read it as blank (documented choice), so the taller range sets the height', () => {
    const out = plain(addon.CQ_TOTAL_CAP([['JOINT_RD_BASE'], ['JOINT_RD_BASE'], ['JOINT_RD_BASE']], [['2021-03-15']])) as string[][];
    expect(out).toHaveLength(3);
    expect(out[0]).toEqual([17000000]);
    expect(out[1]?.[0]).toMatch(/^ERROR: .*\(ratingDate:/);
    expect(plain(addon.CQ_TOTAL_CAP([['JOINT_RD_BASE']], [['2021-03-15'], ['2021-03-15']]))).toEqual([[17000000], ['']]);
  });

  it('a range wider than one column is an ERROR naming the argument, for every non-blank row', () => {
    expect(plain(addon.CQ_CAP([['JOINT_RD_BASE', 'x'], ['', '']], 'INITIAL_GRANT'))).toEqual([[expect.stringMatching(/^ERROR: .*\(category:/)], ['']]);
  });

  it('odd cells give ERROR rows, never a throw', () => {
    const odd = [[true], [42], [Number.NaN], [-1], [{}], [null], ['高端研发机构'], ['  high_end_rd_institution ']];
    const out = plain(addon.CQ_TOTAL_CAP(odd, '2020-06-30', '')) as unknown[][];
    expect(out.slice(0, 5).every((r) => typeof r[0] === 'string' && /^ERROR: .*\(category:/.test(r[0] as string))).toBe(true);
    expect(out.slice(5)).toEqual([[''], [50000000], [50000000]]);
    expect(plain(addon.CQ_TRANSFER_SUBSIDY([[true], ['1.005'], [Infinity], ['abc']], [[''], [''], [''], [-0]]))).toEqual([
      [expect.stringMatching(/^ERROR: .*\(received:/)],
      [expect.stringMatching(/^ERROR: .*\(received:/)],
      [expect.stringMatching(/^ERROR: .*\(received:/)],
      [expect.stringMatching(/^ERROR: .*\(received:/)],
    ]);
    expect(addon.CQ_YEAR_CAP('JOINT_RD_BASE', '2021-03-15', 2021.5)).toMatch(/^ERROR: .*\(year:/);
    expect(addon.CQ_YEAR_CAP('JOINT_RD_BASE', '2021-03-15', '')).toMatch(/^ERROR: .*\(year:/);
    expect(addon.CQ_YEAR_CAP('JOINT_RD_BASE', '2021-03-15', '2022年')).toBe(5000000);
  });

  it('CQ_YEAR_CAP takes a date cell as the year: its year in Asia/Shanghai, as the number would be', () => {
    const asNumber = (year: number) => addon.CQ_YEAR_CAP('JOINT_RD_BASE', '2021-03-15', year);
    expect(asNumber(2022)).toBe(5000000);
    expect(asNumber(2025)).toBe(0);
    expect(addon.CQ_YEAR_CAP('JOINT_RD_BASE', '2021-03-15', shanghaiMidnight(addon, '2022-01-01'))).toBe(asNumber(2022));
    expect(addon.CQ_YEAR_CAP('JOINT_RD_BASE', '2021-03-15', shanghaiMidnight(addon, '2025-01-01'))).toBe(asNumber(2025));
    // 00:30 on 1 January 2022 in Chongqing is still 2021 in UTC: the year is read in the sheet's zone.
    expect(addon.CQ_YEAR_CAP('JOINT_RD_BASE', '2021-03-15', dateOfRealm(addon, '2022-01-01T00:30:00+08:00'))).toBe(asNumber(2022));
    expect(asNumber(2021)).not.toBe(asNumber(2022));
  });

  it('every bad argument of a row is named in one text, 中文 first with English in brackets', () => {
    const cell = addon.CQ_CHECK('NOPE', '2021-02-30', '1.001', 'ASTRONAUT') as string;
    expect(cell).toMatch(/^ERROR: 未知类别：NOPE \(category: unknown category "NOPE"\)/);
    for (const field of ['category', 'ratingDate', 'talent', 'approvedInitial']) expect(cell).toContain(`(${field}:`);
  });

  it('CQ_SCHEDULE takes single values only: a range is an ERROR naming it', () => {
    expect(addon.CQ_SCHEDULE([['JOINT_RD_BASE'], ['JOINT_RD_BASE']], '2021-03-15', '')).toMatch(/^ERROR: .*\(category: CQ_SCHEDULE takes single values/);
    expect(addon.CQ_SCHEDULE('', '2021-03-15', '')).toBe('');
  });

  it('CQ_CHECK gives WARN for talent needing confirmation and names it', () => {
    expect(addon.CQ_CHECK('HIGH_END_RD_INSTITUTION', '2020-06-30', '', '其他高层次人才')).toMatch(/^WARN: .*\(talent:/);
  });
});
