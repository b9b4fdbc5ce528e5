/**
 * *Refresh from the cloud* against fakes: statuses back into the three input sheets (a voided payment, a voided
 * receipt), the Ledger rewritten whole from GET /applications/{id}, the Dashboard's tables and its three charts (type,
 * ranges, 中文 titles) kept at three however often it runs, and the per-application reads sent through fetchAll in chunks.
 */
import { describe, expect, it } from 'vitest';
import { APPLICATIONS, APPROVALS, LEDGER, RECEIPTS, columnOf, header } from '../../sheets-addon/src/layout.js';
import { makeFakes, type FetchAnswer, type FetchCall } from './fakes/index.js';
import { loadAddon, plain } from './load.js';
import { sheetOf } from './sheet-cells.js';

const URL_ = 'https://abc123.execute-api.ap-east-1.amazonaws.com';

const application = (id: string, status: string, institution = `机构 ${id}`) => ({
  id,
  institution,
  status,
  district: 'YUBEI',
  districtLabel: '渝北区',
  category: 'JOINT_RD_BASE',
  categoryLabel: '联合研发基地（中心）',
});

/** app-1's ledger as the API might order it (years out of order, to show the sheet's own order). */
const LEDGER_1 = [
  { year: 2022, item: 'ANNUAL_RD_SUPPORT', itemLabel: '年度研发专项', clause: '三(二)', cap: 5000000, paid: 0, remaining: 5000000 },
  { year: 2021, item: 'INITIAL_GRANT', itemLabel: '评定资助', clause: '三(一)', cap: 10000000, approved: 8000000, paid: 3000000.5, remaining: 4999999.5 },
  { year: 2021, item: 'ANNUAL_RD_SUPPORT', itemLabel: '年度研发专项', clause: '三(二)', cap: 5000000, paid: 0, remaining: 5000000 },
];
const LEDGER_3 = [{ year: 2023, item: 'CASE_BY_CASE', itemLabel: '一事一议', clause: '三(四)', approved: 2000000, paid: 0, remaining: 2000000 }];

const SUMMARY = {
  scope: 'ALL',
  scopeLabel: '全市',
  applications: 3,
  rated: 2,
  partnersIntroduced: 2,
  goal: 100,
  byDistrict: { YUBEI: 3 },
  byCategory: {},
  byField: {},
  committedByYear: { '2022': 5000000, '2021': 13000000 },
  paidByYear: { '2021': 3000000.5 },
  committedByDistrict: { YUBEI: 18000000, LIANGJIANG: 0 },
  paidByDistrict: { YUBEI: 3000000.5 },
  transferReceived: 1200000,
  transferSubsidy: 60000,
  support: {},
  labels: { YUBEI: '渝北区', LIANGJIANG: '两江新区' },
};

function api(ledger1 = LEDGER_1) {
  return (call: FetchCall): FetchAnswer => {
    const path = call.url.slice(URL_.length);
    if (path === '/applications?limit=100') return { status: 200, body: { items: [application('app-1', 'RATED'), application('app-2', 'SUBMITTED')], nextToken: 't/2' } };
    if (path === '/applications?limit=100&nextToken=t%2F2') return { status: 200, body: { items: [application('app-3', 'RATED')] } };
    if (path === '/applications/app-1') {
      const receipts = [
        { id: 'rcpt-1', status: 'RECORDED' },
        { id: 'rcpt-2', status: 'VOIDED' },
      ];
      return { status: 200, body: { application: application('app-1', 'RATED'), ledger: ledger1, achievements: [{ id: 'ach-1', receipts }], support: [] } };
    }
    if (path === '/applications/app-3') return { status: 200, body: { application: application('app-3', 'RATED'), ledger: LEDGER_3, achievements: [], support: [] } };
    if (path === '/applications/app-1/payments') {
      return { status: 200, body: { items: [{ id: 'pay-1', status: 'VOIDED' }, { id: 'pay-2', status: 'RECORDED' }] } };
    }
    if (path === '/reports/summary') return { status: 200, body: SUMMARY };
    return { status: 404, body: { error: { code: 'NOT_FOUND', message: `no ${path}` } } };
  };
}

function ready() {
  const fakes = makeFakes();
  const addon = loadAddon(fakes.globals);
  addon.setUpSheets();
  addon.saveSettings({ apiUrl: URL_, apiKey: 'secret-key-1234' });
  const ss = fakes.spreadsheet;
  // Set-up's six sheets (refresh's own, where it makes them): a sheet missing is a failure, not one made here.
  const sheet = (name: string) => sheetOf(ss, { name });
  return { fakes, addon, ss, sheet };
}

const ledgerValues = (fakes: ReturnType<typeof makeFakes>) => {
  const sheet = fakes.spreadsheet.getSheetByName(LEDGER.name);
  if (!sheet) throw new Error('no Ledger');
  return sheet.getRange(1, 1, Math.max(sheet.getLastRow(), 1), LEDGER.columns.length).getValues();
};

describe('refresh from the cloud', () => {
  it('statuses: applications from the listing, a voided payment and a voided receipt from the per-application reads', () => {
    const { fakes, addon, sheet } = ready();
    const apps = sheet(APPLICATIONS.name);
    const id = columnOf(APPLICATIONS, 'cloudId');
    apps.getRange(2, id, 3, 2).setValues([
      ['app-1', 'SUBMITTED'],
      ['app-2', 'SUBMITTED'],
      ['app-gone', 'SUBMITTED'],
    ]);
    const approvals = sheet(APPROVALS.name);
    approvals.getRange(2, 1, 2, 2).setValues([
      ['app-1', 'PAYMENT'],
      ['app-1', '支付'],
    ]);
    approvals.getRange(2, columnOf(APPROVALS, 'cloudId'), 2, 2).setValues([
      ['pay-1', 'RECORDED'],
      ['pay-2', 'RECORDED'],
    ]);
    const receipts = sheet(RECEIPTS.name);
    receipts.getRange(2, columnOf(RECEIPTS, 'applicationId')).setValue('app-1');
    receipts.getRange(2, columnOf(RECEIPTS, 'cloudId')).setValue('rcpt-2');
    receipts.getRange(2, columnOf(RECEIPTS, 'cloudStatus')).setValue('RECORDED');
    fakes.urlFetch.answer = api();

    const outcome = plain(addon.refreshFromCloud());
    expect(outcome).toMatchObject({ updated: 2 + 2 + 1, missing: 1, ledgerRows: 4 });
    expect(outcome.message).toMatch(/台账 4 行/);
    expect([2, 3, 4].map((r) => apps.getRange(r, id + 1).getValue())).toEqual(['RATED', 'SUBMITTED', 'SUBMITTED']);
    expect([2, 3].map((r) => approvals.getRange(r, columnOf(APPROVALS, 'cloudStatus')).getValue())).toEqual(['VOIDED', 'RECORDED']);
    expect(receipts.getRange(2, columnOf(RECEIPTS, 'cloudStatus')).getValue()).toBe('VOIDED');
    // Two pages one after another, then the per-application reads in one fetchAll, then the summary.
    expect(fakes.urlFetch.fetches.map((f) => f.url.slice(URL_.length))).toEqual([
      '/applications?limit=100',
      '/applications?limit=100&nextToken=t%2F2',
      '/applications/app-1',
      '/applications/app-3',
      '/applications/app-1/payments',
      '/reports/summary',
    ]);
    expect(fakes.urlFetch.fetchAlls).toBe(1);
    expect(fakes.urlFetch.fetches.every((f) => f.method === 'GET' && f.headers['x-api-key'] === 'secret-key-1234' && f.muteHttpExceptions)).toBe(true);
  });

  it('a sort of Approvals & payments while the refresh waits for the API: each status lands in the row of its payment', () => {
    const { fakes, addon, sheet } = ready();
    const approvals = sheet(APPROVALS.name);
    const row = (payment: string) => ['app-1', 'PAYMENT', 'INITIAL_GRANT', 2021, 1, '', '', '', '', '', '', '', '', payment, 'RECORDED'];
    approvals.getRange(2, 1, 2, columnOf(APPROVALS, 'cloudStatus')).setValues([row('pay-1'), row('pay-2')]);
    const answer = api();
    fakes.urlFetch.answer = (call) => {
      // Someone sorts the sheet meanwhile (a refresh of a few hundred applications waits a while for its answers).
      if (call.url.endsWith('/applications/app-1/payments')) approvals.getRange(2, 1, 2, columnOf(APPROVALS, 'cloudStatus')).setValues([row('pay-2'), row('pay-1')]);
      return answer(call);
    };
    addon.refreshFromCloud();
    const at = (r: number) => approvals.getRange(r, columnOf(APPROVALS, 'cloudId'), 1, 2).getValues()[0];
    expect([at(2), at(3)]).toEqual([
      ['pay-2', 'RECORDED'],
      ['pay-1', 'VOIDED'],
    ]);
  });

  it('Ledger: one row per application·schedule row, by application then year then schedule order, yuan blank where absent', () => {
    const { fakes, addon, sheet } = ready();
    fakes.urlFetch.answer = api();
    addon.refreshFromCloud();
    const inst = '机构 app-1';
    const ours = ['app-1', inst, '渝北区', '联合研发基地（中心）', 'RATED'];
    expect(ledgerValues(fakes)).toEqual([
      LEDGER.columns.map(header),
      [...ours, 2021, 'INITIAL_GRANT', '评定资助', '三(一)', 10000000, 8000000, 3000000.5, 4999999.5],
      [...ours, 2021, 'ANNUAL_RD_SUPPORT', '年度研发专项', '三(二)', 5000000, '', 0, 5000000],
      [...ours, 2022, 'ANNUAL_RD_SUPPORT', '年度研发专项', '三(二)', 5000000, '', 0, 5000000],
      ['app-3', '机构 app-3', '渝北区', '联合研发基地（中心）', 'RATED', 2023, 'CASE_BY_CASE', '一事一议', '三(四)', '', 2000000, 0, 2000000],
    ]);
    expect(sheet(LEDGER.name).formats.get(columnOf(LEDGER, 'remaining'))).toBe('#,##0.00');

    // Fewer rows next time: nothing stale is left below them.
    fakes.urlFetch.answer = api(LEDGER_1.slice(0, 1));
    expect(plain(addon.refreshFromCloud()).ledgerRows).toBe(2);
    expect(ledgerValues(fakes)).toHaveLength(3);
    expect(sheet(LEDGER.name).getLastRow()).toBe(3);
  });

  it('a Ledger longer than its sheet: rows are added first, as Sheets refuses a range past the last row', () => {
    const { fakes, addon, sheet } = ready();
    // The fake sheet grows without limit; Sheets does not: this one has the header and two rows, as Sheets would.
    const ledger = sheet(LEDGER.name);
    let maxRows = 3;
    const getRange = ledger.getRange.bind(ledger);
    Object.assign(ledger, {
      getMaxRows: () => maxRows,
      insertRowsAfter: (after: number, count: number) => {
        expect(after).toBe(maxRows);
        maxRows += count;
        return ledger;
      },
      getRange: (row: number, column = 1, numRows = 1, numColumns = 1) => {
        if (row + numRows - 1 > maxRows) throw new Error('Exception: The coordinates of the range are outside the dimensions of the sheet.');
        return getRange(row, column, numRows, numColumns);
      },
    });
    fakes.urlFetch.answer = api();
    expect(plain(addon.refreshFromCloud()).ledgerRows).toBe(4);
    expect(maxRows).toBe(5);
    expect(ledgerValues(fakes)).toHaveLength(5);
    expect(ledgerValues(fakes)[4]?.[0]).toBe('app-3');
  });

  it('makes the Ledger and Dashboard sheets when set-up has not', () => {
    const fakes = makeFakes();
    const addon = loadAddon(fakes.globals);
    fakes.spreadsheet.insertSheet(APPLICATIONS.name);
    addon.saveSettings({ apiUrl: URL_, apiKey: 'secret-key-1234' });
    fakes.urlFetch.answer = api();
    addon.refreshFromCloud();
    expect(ledgerValues(fakes)[0]).toEqual(LEDGER.columns.map(header));
    expect(ledgerValues(fakes)).toHaveLength(5);
    expect(fakes.spreadsheet.getSheetByName('汇总 Dashboard')?.getCharts()).toHaveLength(3);
  });

  it('Dashboard: the summary as tables, three charts over them with 中文 titles; a second refresh updates them, never six', () => {
    const { fakes, addon, sheet } = ready();
    fakes.urlFetch.answer = api();
    addon.refreshFromCloud();
    const board = sheet('汇总 Dashboard');
    const block = (a1: string) => {
      const m = /^([A-Z])(\d+):([A-Z])(\d+)$/.exec(a1);
      if (!m) throw new Error(a1);
      const [c1, r1, c2, r2] = [m[1], m[2], m[3], m[4]].map((x) => (/\d/.test(x ?? '') ? Number(x) : (x ?? 'A').charCodeAt(0) - 64)) as number[];
      return board.getRange(r1 ?? 1, c1 ?? 1, (r2 ?? 1) - (r1 ?? 1) + 1, (c2 ?? 1) - (c1 ?? 1) + 1).getValues();
    };
    const specs = board.getCharts().map((c) => c.spec());
    expect(specs.map((s) => [s.type, s.ranges, s.options.title])).toEqual([
      ['BAR', ['A13:C14'], '引进合作方与目标 Partners introduced vs goal'],
      ['COLUMN', ['E3:G5'], '各年度承诺与支付 Committed vs paid by year'],
      ['BAR', ['I3:K5'], '各区县资金 Money by district'],
    ]);
    expect(specs.every((s) => /^[\u4e00-\u9fff]/.test(String(s.options.title)))).toBe(true);
    // The charts' ranges hold the summary's figures.
    expect(block('A13:C14')).toEqual([
      ['', '已引进 Introduced', '目标 Goal'],
      ['合作方 Partners', 2, 100],
    ]);
    expect(block('E3:G5')).toEqual([
      ['年度 Year', '承诺（元）Committed (yuan)', '已支付（元）Paid (yuan)'],
      ['2021年', 13000000, 3000000.5],
      ['2022年', 5000000, 0],
    ]);
    expect(block('I3:K5')).toEqual([
      ['区县 District', '承诺（元）Committed (yuan)', '已支付（元）Paid (yuan)'],
      ['渝北区', 18000000, 3000000.5], // in the district list's order (shared/codes.ts), not by name
      ['两江新区', 0, 0],
    ]);
    expect(block('A3:B10').map((r) => r[1])).toEqual(['数值 Value', '全市 (ALL)', 2, 100, 3, 2, 1200000, 60000]);

    const ids = board.getCharts().map((c) => c.id);
    fakes.urlFetch.answer = (call) => (call.url.endsWith('/reports/summary') ? { status: 200, body: { ...SUMMARY, paidByYear: {}, committedByYear: { '2021': 1 } } } : api()(call));
    addon.refreshFromCloud();
    expect(board.getCharts()).toHaveLength(3);
    expect(board.getCharts().map((c) => c.id)).toEqual(ids);
    expect(board.getCharts()[1]?.spec().ranges).toEqual(['E3:G4']);
    expect(board.getRange(5, 5).getValue()).toBe(''); // the old 2022 row is gone
  });

  it('a few hundred applications: the per-application reads go 50 at a time through fetchAll', () => {
    const { fakes, addon } = ready();
    const many = Array.from({ length: 120 }, (_, i) => application(`a${i}`, 'RATED'));
    fakes.urlFetch.answer = (call) => {
      const path = call.url.slice(URL_.length);
      if (path.startsWith('/applications?')) return { status: 200, body: { items: many } };
      if (path === '/reports/summary') return { status: 200, body: SUMMARY };
      const id = path.split('/')[2] ?? '';
      return { status: 200, body: { application: application(id, 'RATED'), ledger: LEDGER_3, achievements: [], support: [] } };
    };
    const outcome = plain(addon.refreshFromCloud());
    expect(outcome.ledgerRows).toBe(120);
    expect(fakes.urlFetch.fetches).toHaveLength(1 + 120 + 1);
    expect(fakes.urlFetch.fetchAlls).toBe(3);
    expect(outcome.message).toContain('122 次请求');
  });

  it('an API error reaches the sidebar as a thrown message (its failure handler)', () => {
    const { fakes, addon } = ready();
    fakes.urlFetch.answer = () => ({ status: 401, body: { error: { code: 'UNAUTHORIZED', message: 'unknown key' } } });
    expect(() => addon.refreshFromCloud()).toThrow('ERROR: [UNAUTHORIZED HTTP 401] unknown key');
  });

  it('a listing whose cursor never ends stops after 1,000 pages with a message, and writes nothing', () => {
    const { fakes, addon } = ready();
    let pages = 0;
    fakes.urlFetch.answer = () => ({ status: 200, body: { items: [], nextToken: `page-${++pages}` } });
    expect(() => addon.refreshFromCloud()).toThrow('云端申请列表超过 1000 页，未刷新 (more than 1000 pages of applications: nothing refreshed)');
    expect(pages).toBe(1000);
    expect(ledgerValues(fakes)).toHaveLength(1); // the header only
  });
});
