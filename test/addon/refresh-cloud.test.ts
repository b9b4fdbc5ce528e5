/**
 * Refresh against the real API, not a fake of it: applications rated, approved, paid (one payment voided), an
 * achievement with receipts (one voided), a case-by-case approval, all made by direct API calls; then the built add-on's
 * refreshFromCloud, and its Ledger, Dashboard and statuses compared with the API's own answers (GET /applications/{id},
 * GET /reports/summary) and the Ledger's caps with the add-on's own CQ_SCHEDULE. A district key's refresh shows its
 * district only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICATIONS, APPROVALS, LEDGER, RECEIPTS, columnOf } from '../../sheets-addon/src/layout.js';
import { addonOnline, expectedLedger, startLocalApi, type LocalApi } from './local-api.js';
import { dateOfRealm, plain } from './load.js';
import { sheetOf } from './sheet-cells.js';

let api: LocalApi;
let municipal = '';
let yubei = '';
const ids = { a: '', b: '', c: '', d: '', paymentVoided: '', paymentKept: '', receiptKept: '', receiptVoided: '' };

const applicationBody = (over: Record<string, unknown>) => ({
  institution: `机构 ${Math.random().toString(36).slice(2, 8)}`,
  partner: { name: 'Imperial College London', type: 'FOREIGN_UNIVERSITY', country: 'UK' },
  category: 'JOINT_RD_BASE',
  district: 'YUBEI',
  field: 'BIG_DATA',
  legalPerson: false,
  ...over,
});

beforeAll(async () => {
  api = await startLocalApi();
  municipal = api.call('POST', '/keys', api.admin, { role: 'municipal', label: '市科技局 refresh test' }).key;
  yubei = api.call('POST', '/keys', api.admin, { role: 'district', district: 'YUBEI', label: '渝北区科技局 refresh test' }).key;
  const post = (path: string, body: unknown, expect?: number) => api.call('POST', path, municipal, body, expect);

  // A: rated with an academician and an approved initial grant; an annual row approved below its cap; three payments,
  // one voided; an achievement with two receipts, one voided.
  ids.a = post('/applications', applicationBody({ institution: '重庆联合研究院', talent: 'CAE_ACADEMICIAN', ratingDate: '2021-03-15', approvedInitial: 1500000 })).id;
  const ledgerA = api.call('GET', `/applications/${ids.a}`, municipal).ledger as { year: number; item: string; cap: number }[];
  const initial = ledgerA.find((l) => l.item === 'INITIAL_GRANT');
  const annual = ledgerA.find((l) => l.item === 'ANNUAL_RD_SUPPORT');
  if (!initial || !annual) throw new Error(`unexpected ledger ${JSON.stringify(ledgerA)}`);
  post(`/applications/${ids.a}/approvals`, { item: 'ANNUAL_RD_SUPPORT', year: annual.year, amount: annual.cap / 2, document: '渝科发〔2021〕1号' });
  ids.paymentVoided = post(`/applications/${ids.a}/payments`, { item: 'INITIAL_GRANT', year: initial.year, amount: 1000000, paidOn: '2021-04-01' }).id;
  ids.paymentKept = post(`/applications/${ids.a}/payments`, { item: 'INITIAL_GRANT', year: initial.year, amount: 200000.5, paidOn: '2021-04-02' }).id;
  post(`/applications/${ids.a}/payments`, { item: 'ANNUAL_RD_SUPPORT', year: annual.year, amount: 100000 });
  post(`/applications/${ids.a}/payments/${ids.paymentVoided}/void`, { reason: '录错' }, 200);
  const achievement = post('/achievements', { applicationId: ids.a, title: '某成果', contractNo: '2021-CQ-0001' }).id;
  ids.receiptKept = post(`/achievements/${achievement}/receipts`, { date: '2021-05-01', amount: 1000000 }).id;
  ids.receiptVoided = post(`/achievements/${achievement}/receipts`, { date: '2021-06-01', amount: 500000 }).id;
  post(`/achievements/${achievement}/receipts/${ids.receiptVoided}/void`, { reason: '退款' }, 200);

  // B: another district, paid. C: case-by-case (no computed cap), approved. D: submitted only.
  ids.b = post('/applications', applicationBody({ category: 'TRANSFER_BASE', district: 'LIANGJIANG', partner: { name: '清华大学', type: 'DOMESTIC_UNIVERSITY', country: '中国' }, legalPerson: true, ratingDate: '2022-05-01' })).id;
  post(`/applications/${ids.b}/payments`, { item: 'INITIAL_GRANT', year: 2022, amount: 300000 });
  ids.c = post('/applications', applicationBody({ category: 'MAJOR_FACILITY', partner: { name: 'MIT', type: 'FOREIGN_UNIVERSITY', country: 'US' }, ratingDate: '2021-03-01' })).id;
  post(`/applications/${ids.c}/approvals`, { item: 'CASE_BY_CASE', year: 2021, amount: 50000000, document: '渝府〔2021〕8号' });
  ids.d = post('/applications', applicationBody({ partner: { name: 'ETH Zürich', type: 'FOREIGN_UNIVERSITY', country: 'CH' } })).id;
}, 120_000);

afterAll(async () => api?.stop());

function addonAs(key: string) {
  const { fakes, addon } = addonOnline(api, key);
  addon.setUpSheets();
  const sheet = (name: string) => sheetOf(fakes.spreadsheet, { name }); // set-up's or refresh's own sheets, never one made here
  return { fakes, addon, sheet };
}

const sheetValues = (sheet: ReturnType<ReturnType<typeof addonAs>['sheet']>, width: number) => sheet.getRange(2, 1, Math.max(sheet.getLastRow() - 1, 1), width).getValues();

describe('refresh against the local API', () => {
  it('Ledger, Dashboard and statuses equal what the API answers; the caps equal CQ_SCHEDULE', () => {
    const { fakes, addon, sheet } = addonAs(municipal);
    const apps = sheet(APPLICATIONS.name);
    apps.getRange(2, columnOf(APPLICATIONS, 'cloudId'), 4, 2).setValues([ids.a, ids.b, ids.c, ids.d].map((id) => [id, 'stale']));
    const approvals = sheet(APPROVALS.name);
    approvals.getRange(2, 1, 2, 2).setValues([
      [ids.a, 'PAYMENT'],
      [ids.a, 'PAYMENT'],
    ]);
    approvals.getRange(2, columnOf(APPROVALS, 'cloudId'), 2, 2).setValues([
      [ids.paymentVoided, 'RECORDED'],
      [ids.paymentKept, 'RECORDED'],
    ]);
    const receipts = sheet(RECEIPTS.name);
    for (const [i, id] of [ids.receiptKept, ids.receiptVoided].entries()) {
      receipts.getRange(2 + i, columnOf(RECEIPTS, 'applicationId')).setValue(ids.a);
      receipts.getRange(2 + i, columnOf(RECEIPTS, 'cloudId')).setValue(id);
      receipts.getRange(2 + i, columnOf(RECEIPTS, 'cloudStatus')).setValue('RECORDED');
    }

    const outcome = plain(addon.refreshFromCloud());
    expect(outcome).toMatchObject({ updated: 4 + 2 + 2, missing: 0 });

    // Statuses: the applications', and the void of a payment and of a receipt, came back.
    expect([2, 3, 4, 5].map((r) => apps.getRange(r, columnOf(APPLICATIONS, 'cloudStatus')).getValue())).toEqual(['RATED', 'RATED', 'RATED', 'SUBMITTED']);
    expect([2, 3].map((r) => approvals.getRange(r, columnOf(APPROVALS, 'cloudStatus')).getValue())).toEqual(['VOIDED', 'RECORDED']);
    expect([2, 3].map((r) => receipts.getRange(r, columnOf(RECEIPTS, 'cloudStatus')).getValue())).toEqual(['RECORDED', 'VOIDED']);

    // The Ledger is every row of every application's GET /applications/{id} ledger: cap, approved, paid, remaining.
    const ledger = sheetValues(sheet(LEDGER.name), LEDGER.columns.length);
    const expected = expectedLedger(api, municipal);
    expect(ledger).toEqual(expected);
    expect(outcome.ledgerRows).toBe(expected.length);
    const rowsOf = (id: string) => ledger.filter((r) => r[0] === id);
    const initialA = rowsOf(ids.a).find((r) => r[6] === 'INITIAL_GRANT');
    expect(initialA?.slice(9)).toEqual([2000000, 1500000, 200000.5, 1299999.5]); // the void released its 1,000,000
    expect(rowsOf(ids.c)).toEqual([[ids.c, expect.any(String), '渝北区', expect.any(String), 'RATED', 2021, 'CASE_BY_CASE', expect.any(String), expect.any(String), '', 50000000, 0, 50000000]]);
    expect(rowsOf(ids.d)).toEqual([]);

    // The Ledger's caps are the add-on's own schedule for the same application.
    const schedule = plain(addon.CQ_SCHEDULE('JOINT_RD_BASE', dateOfRealm(addon, '2021-03-14T16:00:00.000Z'), 'CAE_ACADEMICIAN'));
    expect(rowsOf(ids.a).map((r) => [r[5], r[6], r[9], r[8]])).toEqual(schedule);

    // The Dashboard's tables are GET /reports/summary's figures.
    const summary = api.call('GET', '/reports/summary', municipal);
    const board = sheet('汇总 Dashboard');
    expect(board.getRange(4, 2, 7, 1).getValues().flat()).toEqual([
      `${summary.scopeLabel} (ALL)`,
      summary.partnersIntroduced,
      100,
      summary.applications,
      summary.rated,
      summary.transferReceived,
      summary.transferSubsidy,
    ]);
    expect(summary.transferReceived).toBe(1000000); // the voided receipt is not counted
    const years = Object.keys(summary.committedByYear).sort();
    expect(board.getRange(4, 5, years.length, 3).getValues()).toEqual(years.map((y) => [`${y}年`, summary.committedByYear[y], summary.paidByYear[y] ?? 0]));
    const districts = board.getRange(4, 9, 2, 3).getValues();
    expect(new Map(districts.map((r) => [r[0], [r[1], r[2]]]))).toEqual(
      new Map(['YUBEI', 'LIANGJIANG'].map((d) => [summary.labels[d], [summary.committedByDistrict[d], summary.paidByDistrict[d] ?? 0]])),
    );
    expect(board.getRange(6, 9).getValue()).toBe(''); // two districts, no more
    const charts = board.getCharts().map((c) => c.spec());
    expect(charts.map((c) => [c.type, c.ranges])).toEqual([
      ['BAR', ['A13:C14']],
      ['COLUMN', [`E3:G${3 + years.length}`]],
      ['BAR', ['I3:K5']],
    ]);
    expect(fakes.urlFetch.fetchAlls).toBe(1);
  });

  it("a district key's refresh shows its district: its applications in the Ledger, its summary on the Dashboard, still three charts", () => {
    // The same spreadsheet refreshed city-wide first, then with the district's key: nothing of the city's stays.
    const { fakes, addon, sheet } = addonAs(municipal);
    addon.refreshFromCloud();
    fakes.userProperties.setProperty('KECHUANG_API_KEY', yubei);
    const outcome = plain(addon.refreshFromCloud());
    expect(sheet('汇总 Dashboard').getCharts()).toHaveLength(3);
    const ledger = sheetValues(sheet(LEDGER.name), LEDGER.columns.length);
    expect(ledger).toEqual(expectedLedger(api, yubei));
    expect(new Set(ledger.map((r) => r[0]))).toEqual(new Set([ids.a, ids.c]));
    expect(outcome.ledgerRows).toBe(ledger.length);
    const summary = api.call('GET', '/reports/summary', yubei);
    expect(summary.scope).toBe('YUBEI');
    const board = sheet('汇总 Dashboard');
    expect(board.getRange(1, 1).getValue()).toContain('渝北区');
    expect(board.getRange(4, 2, 7, 1).getValues().flat()).toEqual([`渝北区 (YUBEI)`, summary.partnersIntroduced, 100, summary.applications, summary.rated, summary.transferReceived, summary.transferSubsidy]);
    expect(board.getRange(4, 9, 1, 3).getValues()).toEqual([['渝北区', summary.committedByDistrict.YUBEI, summary.paidByDistrict.YUBEI]]);
    expect(board.getRange(5, 9).getValue()).toBe('');
  });
});
