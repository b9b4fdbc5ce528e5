/** The menu and "Set up sheets" against fakes: layout, dropdowns, formats, formulas, and a second run changing nothing. */
import { describe, expect, it } from 'vitest';
import { APPLICATIONS, APPROVALS, columnOf, type SheetSpec } from '../../sheets-addon/src/layout.js';
import { makeFakes, type FakeSheet } from './fakes/index.js';
import { evaluate } from './formulas.js';
import { loadAddon, shanghaiMidnight } from './load.js';
import { sheetOf } from './sheet-cells.js';

function setUp() {
  const fakes = makeFakes();
  const addon = loadAddon(fakes.globals);
  return { fakes, addon, ss: fakes.spreadsheet };
}

describe('menu', () => {
  it('onOpen adds 科创资助 / Kechuang with items calling top-level functions', () => {
    const { fakes, addon } = setUp();
    addon.onOpen({ authMode: 'LIMITED' });
    expect(fakes.ui.menus).toHaveLength(1);
    const menu = fakes.ui.menus[0];
    expect(menu?.title).toBe('科创资助 / Kechuang');
    expect(menu?.items.map(([, fn]) => fn)).toEqual(['setUpSheets', 'showSidebar', 'installFormTrigger']);
    for (const [caption, fn] of menu?.items ?? []) {
      expect(caption).toMatch(/[\u4e00-\u9fff].* \/ [A-Z]/);
      expect(typeof addon[fn]).toBe('function');
    }
    addon.onInstall({});
    expect(fakes.ui.menus).toHaveLength(2);
  });

  it('showSidebar opens Sidebar.html', () => {
    const { fakes, addon } = setUp();
    addon.showSidebar();
    expect(fakes.ui.sidebars.map((html) => [html.file, html.getTitle()])).toEqual([['Sidebar', '科创资助 Kechuang']]);
  });
});

describe('Set up sheets', () => {
  it('lays out Applications with bilingual headers, code dropdowns, yuan formats and one range formula per computed column', () => {
    const { addon, ss } = setUp();
    expect(addon.setUpSheets()).toBeGreaterThan(20);
    expect(ss.sheets.map((s) => s.name)).toEqual(['申请 Applications', '核定与支付 Approvals & payments', '成果到账 Receipts', '资助计划 Schedule', '台账 Ledger', '汇总 Dashboard']);
    const apps = ss.getSheetByName('申请 Applications');
    if (!apps) throw new Error('no sheet');
    const headers = apps.getRange(1, 1, 1, 19).getValues()[0] as string[];
    expect(headers[4]).toBe('类别\nCategory');
    expect(headers[8]).toBe('评定日期\nRating date');
    for (const h of headers) expect(h).toMatch(/^[^\n]*[\u4e00-\u9fff][^\n]*\n[A-Z]/);
    // The lead's example: the computed column is one formula over whole columns.
    expect(apps.getRange(2, 13).getFormula()).toBe('=CQ_TOTAL_CAP(E2:E, I2:I, H2:H)');
    expect(apps.getRange(2, 14).getFormula()).toBe('=CQ_CAP(E2:E, "INITIAL_GRANT")');
    expect(apps.getRange(2, 15).getFormula()).toBe('=CQ_CHECK(E2:E, I2:I, L2:L, H2:H)');
    expect(apps.getRange(3, 13).getFormula()).toBe('');
    const categoryRule = apps.validations.find((v) => v.column === 5)?.rule;
    expect(categoryRule?.values).toContain('HIGH_END_RD_INSTITUTION');
    expect(categoryRule?.values).toContain('高端研发机构');
    expect(apps.validations.find((v) => v.column === 10)?.rule.kind).toBe('checkbox');
    expect(apps.formats.get(11)).toBe('#,##0.00');
    expect(apps.formats.get(13)).toBe('#,##0.00');
    expect(apps.formats.get(9)).toBe('yyyy-mm-dd');
    expect(apps.hidden).toEqual(new Set([19]));
    expect(apps.frozenRows).toBe(1);

    const receipts = ss.getSheetByName('成果到账 Receipts');
    // Received before and the subsidy by formula, nothing typed by hand (CONTRACT §2).
    expect(receipts?.getRange(2, 7).getFormula()).toBe('=CQ_RECEIVED_BEFORE(A2:A, E2:E)');
    expect(receipts?.getRange(2, 8).getFormula()).toBe('=CQ_TRANSFER_SUBSIDY(E2:E, G2:G)');
    const schedule = ss.getSheetByName('资助计划 Schedule');
    expect(schedule?.getRange(7, 1).getFormula()).toBe('=CQ_SCHEDULE(B1, B2, B3)');
    expect(schedule?.getRange(4, 2).getFormula()).toBe('=CQ_TOTAL_CAP(B1, B2, B3)');
    expect(schedule?.getRange(2, 6).getFormula()).toBe('=CQ_EXPLAIN(B1, B2, B3)');
  });

  it('running it twice changes nothing already typed', () => {
    const { addon, ss } = setUp();
    addon.setUpSheets();
    const apps = ss.getSheetByName('申请 Applications');
    const schedule = ss.getSheetByName('资助计划 Schedule');
    if (!apps || !schedule) throw new Error('no sheet');
    apps.put(2, ['重庆某研究院', 'Some University', 'FOREIGN_UNIVERSITY', 'UK', 'JOINT_RD_BASE']);
    apps.getRange(1, 1).setValue('我的机构 My institution'); // someone renamed a header
    apps.getRange(2, 13).setValue(123); // someone typed over a formula cell
    schedule.getRange(1, 2).setValue('TRANSFER_BASE');
    const before = new Map([...ss.sheets].map((s) => [s.name, new Map(s.cells)]));
    expect(addon.setUpSheets()).toBe(0);
    for (const s of ss.sheets) expect(s.cells).toEqual(before.get(s.name));
    expect(ss.sheets).toHaveLength(6);
  });

  it('a second run on a fresh layout writes nothing and adds no sheet; a cleared formula cell is written back, alone', () => {
    const { addon, ss } = setUp();
    const first = addon.setUpSheets();
    const before = new Map([...ss.sheets].map((s) => [s.name, new Map(s.cells)]));
    expect(addon.setUpSheets()).toBe(0);
    for (const s of ss.sheets) expect(s.cells).toEqual(before.get(s.name));
    const approvals = ss.getSheetByName('核定与支付 Approvals & payments');
    approvals?.getRange(2, 13).setFormula('');
    expect(addon.setUpSheets()).toBe(1);
    expect(approvals?.getRange(2, 13).getFormula()).toBe('=CQ_ROW_CAP(J2:J, K2:K, C2:C, D2:D, L2:L)');
    expect(ss.sheets.reduce((n, s) => n + s.cells.size, 0)).toBe(first);
  });
});

/** The 16th column of Applications is its cloud id (P), which the Approvals sheet looks application terms up by. */
const lookup = (column: string): string =>
  `=ARRAYFORMULA(IF(A2:A="", "", IFERROR(VLOOKUP(A2:A, {'申请 Applications'!P2:P, '申请 Applications'!${column}2:${column}}, 2, FALSE), "")))`;

describe('Set up sheets: the other five', () => {
  function laidOut() {
    const { addon, ss } = setUp();
    addon.setUpSheets();
    const sheet = (name: string) => sheetOf(ss, { name });
    return { ss, sheet };
  }
  const headersOf = (s: { getRange(r: number, c: number, n: number, m: number): { getValues(): unknown[][] } }, n: number) =>
    (s.getRange(1, 1, 1, n).getValues()[0] ?? []).map((h) => String(h).split('\n'));

  it('Approvals & payments: what staff type, the looked-up terms and the row cap by formula, sync columns', () => {
    const approvals = laidOut().sheet('核定与支付 Approvals & payments');
    expect(headersOf(approvals, 18).map(([, en]) => en)).toEqual([
      'Application cloud ID', 'Kind', 'Item', 'Year', 'Amount (yuan)', 'Paid on', 'Voucher or document no.', 'Reason', 'Payment voided (cloud ID)',
      'Category (looked up)', 'Rating date (looked up)', 'Top talent (looked up)', 'Row cap (yuan)', 'Cloud ID', 'Cloud status', 'Sync message', 'Row key (do not edit)', undefined,
    ]);
    expect(headersOf(approvals, 17).map(([zh]) => zh)).toContain('本行上限（元）');
    expect(approvals.getRange(2, 10).getFormula()).toBe(lookup('E'));
    expect(approvals.getRange(2, 11).getFormula()).toBe(lookup('I'));
    expect(approvals.getRange(2, 12).getFormula()).toBe(lookup('H'));
    expect(approvals.getRange(2, 13).getFormula()).toBe('=CQ_ROW_CAP(J2:J, K2:K, C2:C, D2:D, L2:L)');
    for (const c of [1, 2, 3, 4, 5, 6, 7, 8, 9, 14, 15, 16, 17]) expect(approvals.getRange(2, c).getFormula(), `column ${c}`).toBe('');
    expect(approvals.getRange(3, 13).getFormula()).toBe('');
    const kinds = approvals.validations.find((v) => v.column === 2)?.rule;
    expect(kinds?.values).toEqual(['APPROVAL', 'PAYMENT', 'VOID', '核定', '支付', '冲销']);
    expect(kinds?.allowInvalid).toBe(true);
    const items = approvals.validations.find((v) => v.column === 3)?.rule.values;
    expect(items).toContain('ANNUAL_RD_SUPPORT');
    expect(items).toContain('年度研发专项');
    expect(approvals.validations.map((v) => v.column).sort((a, b) => a - b)).toEqual([2, 3]);
    expect(approvals.formats).toEqual(new Map([[4, '0'], [5, '#,##0.00'], [6, 'yyyy-mm-dd'], [11, 'yyyy-mm-dd'], [13, '#,##0.00']]));
    expect(approvals.hidden).toEqual(new Set([17]));
    expect(approvals.frozenRows).toBe(1);
  });

  it('Receipts: received before and the subsidy by formula, sync columns with the cloud subsidy in yuan', () => {
    const receipts = laidOut().sheet('成果到账 Receipts');
    expect(headersOf(receipts, 14).map(([, en]) => en)).toEqual([
      'Achievement', 'Contract no.', 'Application cloud ID', 'Date received', 'Received (yuan)', 'Voucher', 'Received before (yuan)', 'Subsidy (yuan)',
      'Achievement cloud ID', 'Receipt cloud ID', 'Cloud subsidy (yuan)', 'Cloud status', 'Sync message', 'Row key (do not edit)',
    ]);
    expect(receipts.getRange(2, 7).getFormula()).toBe('=CQ_RECEIVED_BEFORE(A2:A, E2:E)');
    expect(receipts.getRange(2, 8).getFormula()).toBe('=CQ_TRANSFER_SUBSIDY(E2:E, G2:G)');
    expect(receipts.formats).toEqual(new Map([[4, 'yyyy-mm-dd'], [5, '#,##0.00'], [7, '#,##0.00'], [8, '#,##0.00'], [11, '#,##0.00']]));
    expect(receipts.validations).toEqual([]);
    expect(receipts.hidden).toEqual(new Set([14]));
    expect(receipts.frozenRows).toBe(1);
  });

  it('Schedule: inputs, total, the spilled schedule with a 中文 label column, the explanation', () => {
    const schedule = laidOut().sheet('资助计划 Schedule');
    expect(schedule.getRange(6, 1, 1, 5).getValues()[0]).toEqual(['年度\nYear', '资助项目\nItem', '上限（元）\nCap (yuan)', '条款\nClause', '项目名称\nItem (中文)']);
    expect(schedule.getRange(7, 1).getFormula()).toBe('=CQ_SCHEDULE(B1, B2, B3)');
    expect(schedule.getRange(7, 5).getFormula()).toBe('=CQ_LABEL(B7:B)');
    expect(schedule.getRange(4, 2).getFormula()).toBe('=CQ_TOTAL_CAP(B1, B2, B3)');
    expect(schedule.getRange(2, 6).getFormula()).toBe('=CQ_EXPLAIN(B1, B2, B3)');
    expect(schedule.getRange(1, 1, 3, 1).getValues()).toEqual([['类别\nCategory'], ['评定日期\nRating date'], ['高层次人才\nTop talent']]);
    expect(schedule.validations.map((v) => [v.row, v.column])).toEqual([[1, 2], [3, 2]]);
    expect(schedule.formats.get(3)).toBe('#,##0.00');
  });

  it('Ledger: headers, yuan formats and a frozen row, no data; Dashboard: the sheet alone, for refresh to fill', () => {
    const { sheet } = laidOut();
    const ledger = sheet('台账 Ledger');
    expect(headersOf(ledger, 13).map(([zh, en]) => `${zh} ${en}`)).toEqual([
      '申请云端编号 Application cloud ID', '机构名称 Institution', '区县 District', '类别 Category', '状态 Status', '年度 Year', '资助项目代码 Item code',
      '资助项目 Item', '条款 Clause', '上限（元） Cap (yuan)', '核定（元） Approved (yuan)', '已支付（元） Paid (yuan)', '可支付余额（元） Remaining (yuan)',
    ]);
    expect(ledger.getLastRow()).toBe(1);
    expect(ledger.getLastColumn()).toBe(13);
    expect([...ledger.cells.values()].filter((c) => c.formula !== '')).toEqual([]);
    expect(ledger.formats).toEqual(new Map([[10, '#,##0.00'], [11, '#,##0.00'], [12, '#,##0.00'], [13, '#,##0.00']]));
    expect(ledger.frozenRows).toBe(1);
    expect(sheet('汇总 Dashboard').cells.size).toBe(0);
  });
});

describe('Set up sheets, then filled and evaluated (test/addon/formulas.ts): the row cap column', () => {
  const fill = (sheet: FakeSheet, spec: SheetSpec, row: number, values: Record<string, unknown>): void => {
    for (const [key, value] of Object.entries(values)) sheet.getRange(row, columnOf(spec, key)).setValue(value);
  };

  it('a VOID row (no item, no year) shows a blank cap; a PAYMENT row missing only its year an ERROR naming year', () => {
    const { addon, ss } = setUp();
    addon.setUpSheets();
    const apps = ss.getSheetByName(APPLICATIONS.name);
    const approvals = ss.getSheetByName(APPROVALS.name);
    if (!apps || !approvals) throw new Error('sheets not set up');
    fill(apps, APPLICATIONS, 2, { institution: '机构1', category: 'JOINT_RD_BASE', ratingDate: shanghaiMidnight(addon, '2021-03-15'), cloudId: 'app-1' });
    fill(approvals, APPROVALS, 2, { applicationId: 'app-1', kind: 'PAYMENT', item: 'INITIAL_GRANT', year: 2021, amount: 1000000, cloudId: 'pay-1' });
    fill(approvals, APPROVALS, 3, { applicationId: 'app-1', kind: 'VOID', voids: 'pay-1', reason: '重复支付' });
    fill(approvals, APPROVALS, 4, { applicationId: 'app-1', kind: 'PAYMENT', item: 'INITIAL_GRANT', amount: 500000 });
    evaluate(ss, addon);
    const cap = (row: number): unknown => approvals.getRange(row, columnOf(APPROVALS, 'cap')).getValue();
    expect(approvals.getRange(3, columnOf(APPROVALS, 'category')).getValue()).toBe('JOINT_RD_BASE');
    expect(cap(2)).toBe(2000000);
    expect(cap(3)).toBe('');
    expect(cap(4)).toMatch(/^ERROR: 缺少年度 \(year: /);
    expect(cap(4)).not.toContain('item');
  });
});
