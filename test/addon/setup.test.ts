/** The menu and "Set up sheets" against fakes: layout, dropdowns, formats, formulas, and a second run changing nothing. */
import { describe, expect, it } from 'vitest';
import { makeFakes } from './fakes/index.js';
import { loadAddon } from './load.js';

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
    expect(ss.sheets.map((s) => s.name)).toEqual(['申请 Applications', '成果到账 Receipts', '资助计划 Schedule']);
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
    expect(ss.sheets).toHaveLength(3);
  });
});
