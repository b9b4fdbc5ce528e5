/**
 * The formula evaluator (formulas.ts) over the sheets set-up lays out, filled as staff would: every formula cell
 * computed by the BUILT add-on, the looked-up terms by the layout's VLOOKUP, and the results checked against the rules
 * module computed here, independently of the add-on.
 */
import { describe, expect, it } from 'vitest';
import { CURRENT_EDITION as E, ITEM_LABELS, calculate, parseTerms, parseYuan, toYuan, transferSubsidy, type Item } from '../../shared/index.js';
import { APPLICATIONS, APPROVALS, RECEIPTS, columnOf } from '../../sheets-addon/src/layout.js';
import { makeFakes, type FakeSheet } from './fakes/index.js';
import { evaluate } from './formulas.js';
import { loadAddon } from './load.js';
import { cell as at, day as dayOf, fill, sheetOf } from './sheet-cells.js';

function laidOut() {
  const fakes = makeFakes();
  const addon = loadAddon(fakes.globals);
  addon.setUpSheets();
  const ss = fakes.spreadsheet;
  const sheet = (name: string): FakeSheet => sheetOf(ss, { name });
  /** A date cell as Sheets hands it over: the add-on's own Date at Asia/Shanghai midnight. */
  const day = (iso: string): Date => dayOf(addon, iso);
  return { ss, addon, sheet, day };
}


interface App {
  readonly cloudId: string;
  readonly category: string;
  readonly ratingDate: string;
  readonly talent?: string;
  readonly approvedInitial?: number;
  /** The date typed as text rather than as a date cell. */
  readonly asText?: string;
}
const APPS: readonly App[] = [
  { cloudId: 'app-1', category: 'JOINT_RD_BASE', ratingDate: '2021-03-15', approvedInitial: 1500000 },
  { cloudId: 'APP-2', category: 'HIGH_END_RD_INSTITUTION', ratingDate: '2019-12-27', talent: 'NOBEL_LAUREATE' },
  { cloudId: 'app-3', category: 'MAJOR_PROJECT', ratingDate: '2021-01-01' },
  { cloudId: 'app-4', category: 'TRANSFER_BASE', ratingDate: '2020-06-30', talent: '中国工程院院士', asText: '2020/6/30' },
  { cloudId: '', category: 'TRANSFER_SERVICE_ORG', ratingDate: '2020-04-01' }, // not sent yet: no cloud id
];

/** The rules' cap of the schedule row (item, year) of `app`: CASE_BY_CASE, the row's cap, or 0. */
function expectedRowCap(app: App, item: Item, year: number): number | string {
  const terms = parseTerms({ category: app.category, ratingDate: app.ratingDate, talent: app.talent });
  if (!terms.ok) throw new Error('valid terms');
  const calc = calculate(E, terms.value);
  if (!calc.ok) throw new Error('inside the plan');
  if (calc.value.caseByCase) return 'CASE_BY_CASE';
  const row = calc.value.schedule.find((r) => r.item === item && r.year === year);
  return row ? toYuan(row.cap) : 0;
}

function fillApplications(sheet: FakeSheet, day: (iso: string) => Date): void {
  APPS.forEach((app, i) =>
    fill(sheet, APPLICATIONS, i + 2, {
      institution: `机构${i + 1}`,
      category: app.category,
      ratingDate: app.asText ?? day(app.ratingDate),
      talent: app.talent ?? '',
      approvedInitial: app.approvedInitial ?? '',
      cloudId: app.cloudId,
    }),
  );
}

describe('evaluate: the Applications and Approvals & payments sheets', () => {
  /** Rows of the Approvals sheet: [application id typed, kind, item, year]; null is a blank row. */
  const ROWS: readonly ([string, string, Item, number] | null)[] = [
    ['app-1', 'APPROVAL', 'INITIAL_GRANT', 2021],
    ['app-1', 'PAYMENT', 'ANNUAL_RD_SUPPORT', 2023],
    ['app-1', 'PAYMENT', 'ANNUAL_RD_SUPPORT', 2025], // past the three years: no row
    null,
    ['app-2', 'PAYMENT', 'TALENT_TEAM_SUPPORT', 2019], // typed in lower case: VLOOKUP matches case-insensitively
    ['app-2', 'PAYMENT', 'PERFORMANCE_SUBSIDY', 2020], // not this category's: 0
    ['app-3', 'APPROVAL', 'CASE_BY_CASE', 2021],
    ['app-4', 'PAYMENT', 'PERFORMANCE_SUBSIDY', 2023],
    ['app-4', 'PAYMENT', 'TALENT_TEAM_SUPPORT', 2020],
    ['app-9', 'PAYMENT', 'INITIAL_GRANT', 2021], // no such application on the sheet
    ['', 'PAYMENT', 'INITIAL_GRANT', 2021], // the id not typed yet
  ];

  function filled() {
    const t = laidOut();
    fillApplications(t.sheet(APPLICATIONS.name), t.day);
    const approvals = t.sheet(APPROVALS.name);
    ROWS.forEach((r, i) => {
      if (r) fill(approvals, APPROVALS, i + 2, { applicationId: r[0], kind: r[1], item: r[2], year: r[3], amount: 100 });
    });
    return { ...t, approvals, apps: t.sheet(APPLICATIONS.name) };
  }

  it('fills each application’s caps and check, and each approval row’s looked-up terms and cap, as the rules say', () => {
    const { ss, addon, approvals, apps, day } = filled();
    const result = evaluate(ss, addon);
    expect(result.formulas).toBe(3 + 4 + 2 + 4); // Applications, Approvals, Receipts, Schedule (B4, A7, E7, F2)
    expect(result.rounds).toBeGreaterThan(1); // the last round confirms nothing changed

    APPS.forEach((app, i) => {
      const terms = parseTerms({ category: app.category, ratingDate: app.ratingDate, talent: app.talent });
      const calc = terms.ok ? calculate(E, terms.value) : terms;
      if (!calc.ok) throw new Error('inside the plan');
      expect(at(apps, APPLICATIONS, i + 2, 'totalCap'), app.category).toBe(calc.value.caseByCase ? 'CASE_BY_CASE' : toYuan(calc.value.totalCap));
      const initial = calc.value.schedule.find((r) => r.item === 'INITIAL_GRANT');
      expect(at(apps, APPLICATIONS, i + 2, 'initialCap')).toBe(calc.value.caseByCase ? 'CASE_BY_CASE' : toYuan(initial?.cap ?? 0));
      expect(at(apps, APPLICATIONS, i + 2, 'check')).toBe('OK');
    });
    expect(apps.getRange(2, columnOf(APPLICATIONS, 'totalCap')).getFormula()).toBe('=CQ_TOTAL_CAP(E2:E, I2:I, H2:H)'); // formula kept

    ROWS.forEach((r, i) => {
      const row = i + 2;
      const app = r ? APPS.find((a) => a.cloudId !== '' && a.cloudId.toLowerCase() === r[0].toLowerCase()) : undefined;
      const looked = ['category', 'ratingDate', 'talent', 'cap'].map((key) => at(approvals, APPROVALS, row, key));
      if (!r || !app) {
        expect(looked, `row ${row}`).toEqual(['', '', '', '']);
        return;
      }
      expect(looked[0]).toBe(app.category);
      // A date cell looked up stays a date (the column's date format); a date typed as text stays text.
      if (app.asText) expect(looked[1]).toBe(app.asText);
      else expect((looked[1] as Date).getTime()).toBe(day(app.ratingDate).getTime());
      expect(looked[2]).toBe(app.talent ?? '');
      expect(looked[3], `row ${row}: ${r.join(' ')}`).toBe(expectedRowCap(app, r[2], r[3]));
    });
    // The cases above reach every kind of answer.
    const caps = ROWS.map((_, i) => at(approvals, APPROVALS, i + 2, 'cap'));
    expect(caps).toEqual(expect.arrayContaining([2000000, 5000000, 0, 10000000, 'CASE_BY_CASE', 1000000, '']));
  });

  it('evaluating again changes nothing; a typed change flows through on the next evaluation', () => {
    const { ss, addon, approvals, apps } = filled();
    evaluate(ss, addon);
    const before = new Map(approvals.cells);
    expect(evaluate(ss, addon).rounds).toBe(1);
    expect(approvals.cells).toEqual(before);
    apps.getRange(2, columnOf(APPLICATIONS, 'category')).setValue('NATIONAL_INNOVATION_BASE'); // app-1's category corrected
    evaluate(ss, addon);
    expect(at(approvals, APPROVALS, 2, 'category')).toBe('NATIONAL_INNOVATION_BASE');
    expect(at(approvals, APPROVALS, 3, 'cap')).toBe(5000000);
    approvals.getRange(3, columnOf(APPROVALS, 'year')).setValue(2021);
    evaluate(ss, addon);
    expect(at(approvals, APPROVALS, 3, 'cap')).toBe(0);
  });

  it('without the date format on the looked-up rating date, Sheets hands a serial number and the cap is an ERROR', () => {
    const { ss, addon, approvals } = filled();
    approvals.formats.delete(columnOf(APPROVALS, 'ratingDate'));
    evaluate(ss, addon);
    expect(at(approvals, APPROVALS, 2, 'ratingDate')).toBe(44270); // 2021-03-15
    expect(at(approvals, APPROVALS, 2, 'cap')).toMatch(/^ERROR: .*\(ratingDate:/);
  });
});

describe('evaluate: the Receipts sheet, nothing typed but each instalment', () => {
  /** Interleaved achievements; names as staff type them (case and spaces vary), amounts as cells hold them. */
  const RECEIVED: readonly ([string, number | string] | null)[] = [
    ['Chip X', 300000],
    ['Drug Y', 0.1],
    [' chip x ', 0.2],
    null,
    ['DRUG Y', 0.30000000000000004], // what =0.1+0.2 gives: read as 0.30
    ['Chip X', '19,800,000'],
    ['Drug Y', 2000000],
    ['Chip X', 50000], // past the 1,000,000 cap of 三(七)
    ['Drug Y', 1.005], // a real third decimal: ERROR, and Drug Y's later rows cannot know what came before
    ['Drug Y', 100],
    ['Sensor Z', 1000],
  ];

  it('received before and the subsidy come out per achievement, in fen, as the rules compute them', () => {
    const { ss, addon, sheet } = laidOut();
    const receipts = sheet(RECEIPTS.name);
    RECEIVED.forEach((r, i) => {
      if (r) fill(receipts, RECEIPTS, i + 2, { achievement: r[0], received: r[1], applicationId: 'app-4' });
    });
    evaluate(ss, addon);

    const sums = new Map<string, number | 'spoilt'>(); // fen received so far, per achievement named trimmed, any case
    RECEIVED.forEach((r, i) => {
      const row = i + 2;
      const cells = [at(receipts, RECEIPTS, row, 'receivedBefore'), at(receipts, RECEIPTS, row, 'subsidy')];
      if (!r) {
        expect(cells, `row ${row}`).toEqual(['', '']);
        return;
      }
      const key = r[0].trim().toLowerCase();
      const before = sums.get(key) ?? 0;
      const amount = parseYuan(r[1], 'received');
      if (!amount.ok || before === 'spoilt') {
        expect(cells[0], `row ${row}`).toMatch(/^ERROR: .*\(received:/);
        expect(cells[1], `row ${row}`).toMatch(/^ERROR: /);
        sums.set(key, 'spoilt');
        return;
      }
      expect(cells[0], `row ${row}`).toBe(toYuan(before));
      expect(cells[1], `row ${row}`).toBe(toYuan(transferSubsidy(E, amount.value, before).subsidy));
      sums.set(key, before + amount.value);
    });
    expect(at(receipts, RECEIPTS, 8, 'receivedBefore')).toBe(0.4); // Drug Y's 0.1 + 0.30000000000000004, exact
    expect(at(receipts, RECEIPTS, 9, 'subsidy')).toBe(0); // Chip X past its cap
    expect(sums.get('chip x')).toBe(2015000020);
    expect(sums.get('drug y')).toBe('spoilt');
  });
});

describe('evaluate: nested calls, closed ranges, single cells and strings', () => {
  it('=CQ_TRANSFER_SUBSIDY(E2:E, CQ_RECEIVED_BEFORE(A2:A, E2:E)) gives what the two columns give', () => {
    const { ss, addon, sheet } = laidOut();
    const receipts = sheet(RECEIPTS.name);
    [['A', 10000000], ['B', 300], ['a', 15000000], ['B', 200]].forEach(([name, amount], i) => fill(receipts, RECEIPTS, i + 2, { achievement: name, received: amount }));
    const ledger = sheet('台账 Ledger'); // a free sheet for formulas of the test's own
    receipts.getRange(1, 21).setFormula('=CQ_TRANSFER_SUBSIDY(E2:E5, CQ_RECEIVED_BEFORE(A2:A5, E2:E5))');
    receipts.getRange(1, 20).setFormula('=CQ_TRANSFER_SUBSIDY(E2:E, CQ_RECEIVED_BEFORE(A2:A, E2:E))');
    ledger.getRange(2, 3).setFormula('=CQ_LABEL("payment")');
    ledger.getRange(2, 4).setFormula('=CQ_CAP(E2, "INITIAL_GRANT")');
    ledger.getRange(2, 5).setValue('高端研发机构');
    evaluate(ss, addon);
    const subsidies = [500000, 15, 500000, 10]; // 5% of 10,000,000; then A reaches its 1,000,000 cap (三(七))
    expect(receipts.getRange(2, 8, 4, 1).getValues().map((r) => r[0])).toEqual(subsidies);
    expect(receipts.getRange(1, 20, 5, 1).getValues().map((r) => r[0])).toEqual([...subsidies, '']);
    expect(receipts.getRange(1, 21, 5, 1).getValues().map((r) => r[0])).toEqual([...subsidies, '']);
    expect(ledger.getRange(2, 3, 1, 3).getValues()).toEqual([['支付', 10000000, '高端研发机构']]);
  });
});

describe('evaluate: the Schedule sheet', () => {
  it('spills the schedule, labels each item in 中文 beside it, totals and explains', () => {
    const { ss, addon, sheet, day } = laidOut();
    const schedule = sheet('资助计划 Schedule');
    schedule.getRange(1, 2).setValue('TRANSFER_BASE');
    schedule.getRange(2, 2).setValue(day('2019-12-27'));
    schedule.getRange(3, 2).setValue('CAE_ACADEMICIAN');
    evaluate(ss, addon);
    const terms = parseTerms({ category: 'TRANSFER_BASE', ratingDate: '2019-12-27', talent: 'CAE_ACADEMICIAN' });
    const calc = terms.ok ? calculate(E, terms.value) : terms;
    if (!calc.ok) throw new Error('inside the plan');
    const rows = calc.value.schedule;
    expect(rows).toHaveLength(6);
    expect(schedule.getRange(7, 1, rows.length + 1, 5).getValues()).toEqual([
      ...rows.map((r) => [r.year, r.item, toYuan(r.cap), r.clause, ITEM_LABELS[r.item]]),
      ['', '', '', '', ''],
    ]);
    expect(schedule.getRange(4, 2).getValue()).toBe(toYuan(calc.value.totalCap));
    expect(schedule.getRange(2, 6).getValue()).toContain('渝府办发〔2019〕126号');

    // A shorter schedule leaves no stale rows behind.
    schedule.getRange(1, 2).setValue('TRANSFER_SERVICE_ORG');
    schedule.getRange(3, 2).setValue('');
    evaluate(ss, addon);
    expect(schedule.getRange(7, 1, 2, 5).getValues()).toEqual([
      [2019, 'INITIAL_GRANT', 2000000, '三(三)', '评定资助'],
      ['', '', '', '', ''],
    ]);
  });
});

describe('evaluate refuses what it does not understand', () => {
  const cases: [string, string, RegExp][] = [
    ['a misspelt function', '=CQ_ROWCAP(J2:J, K2:K, C2:C, D2:D, L2:L)', /no function CQ_ROWCAP/],
    ['a function that is not the add-on’s', '=SUM(E2:E)', /not understood/],
    ['a lookup changed by hand', `=ARRAYFORMULA(IF(A2:A="", "", IFERROR(VLOOKUP(A2:A, {'申请 Applications'!P2:P, '申请 Applications'!E2:E}, 2, TRUE), "")))`, /not understood/],
    ['a lookup of a sheet that does not exist', `=ARRAYFORMULA(IF(A2:A="", "", IFERROR(VLOOKUP(A2:A, {'Apps'!P2:P, 'Apps'!E2:E}, 2, FALSE), "")))`, /sheet 'Apps'/],
    ['a stray character', '=CQ_LABEL(B7:B))', /not understood/],
    ['an unclosed call', '=CQ_LABEL(B7:B', /not understood/],
  ];
  for (const [name, formula, error] of cases) {
    it(name, () => {
      const { ss, addon, sheet } = laidOut();
      sheet('台账 Ledger').getRange(2, 1).setFormula(formula);
      expect(() => evaluate(ss, addon)).toThrow(error);
    });
  }
  it('a spill onto a typed cell is Sheets’ #REF!', () => {
    const { ss, addon, sheet } = laidOut();
    const schedule = sheet('资助计划 Schedule');
    schedule.getRange(1, 2).setValue('JOINT_RD_BASE');
    schedule.getRange(2, 2).setValue('2021-03-15');
    schedule.getRange(9, 3).setValue('typed');
    expect(() => evaluate(ss, addon)).toThrow(/#REF!.*9,3/);
  });
  it('the layout as set up evaluates with no formula refused', () => {
    const { ss, addon } = laidOut();
    expect(evaluate(ss, addon).formulas).toBe(13);
  });
});
