/**
 * The whole round trip (issue 12) against the real local API (`npm start`'s server; UrlFetchApp through curl): the
 * sheets laid out by setUpSheets, filled as staff would (applications of several categories and districts, approvals,
 * payments with one voided, receipts of two achievements interleaved), the formulas evaluated as Sheets would
 * (formulas.ts), every input row sent with the sidebar's server functions, sent again (as they are, then with their
 * answers lost) without the API storing anything new, then refreshed; the Ledger and Dashboard compared with the API's
 * own answers and with what the sheets add up to by the rules' own formulas.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ITEMS, lookupCode, normalisePartnerName, parseYuan, toYuan, type Fen } from '../../shared/index.js';
import { APPLICATIONS, APPROVALS, LEDGER, RECEIPTS, ROW_KINDS, columnOf, type SheetSpec } from '../../sheets-addon/src/layout.js';
import { makeFakes, type FakeSheet } from './fakes/index.js';
import { evaluate } from './formulas.js';
import { column, loadAddon, plain } from './load.js';
import { day as dayOf, fill as fillRow, loseAnswers as loseRowAnswers, sheetOf as sheetIn } from './sheet-cells.js';
import { curl, expectedLedger, startLocalApi, type LocalApi } from './local-api.js';

type Row = Record<string, unknown>;

let api: LocalApi;
const fakes = makeFakes();
fakes.urlFetch.answer = curl;
const addon = loadAddon(fakes.globals);
const ss = fakes.spreadsheet;

/** The sidebar's send, in one place (its signature is the sidebar's bridge). */
const send = (sheetName: string, rows: readonly number[]) => plain(addon.sendRows(sheetName, [...rows]));

const sheetOf = (spec: { name: string }): FakeSheet => sheetIn(ss, spec);
/** As staff do: select rows first…last of an input sheet, ask the sidebar's getSelectedRows, send those. */
function sendSelected(spec: SheetSpec, first: number, last: number) {
  const sheet = sheetOf(spec);
  ss.active = sheet;
  ss.selection = [sheet.getRange(first, 1, last - first + 1, spec.columns.length)];
  const selection = plain(addon.getSelectedRows());
  expect(selection).toEqual({ sheetName: spec.name, rows: Array.from({ length: last - first + 1 }, (_, i) => first + i) });
  return send(selection.sheetName, selection.rows);
}
const day = (iso: string): Date => dayOf(addon, iso);
const fill = (spec: SheetSpec, row: number, cells: Row): void => fillRow(sheetOf(spec), spec, row, cells);
/** Rows 2…last of a sheet as objects by column key. */
function rowsOf(spec: SheetSpec): (Row & { row: number })[] {
  const sheet = sheetOf(spec);
  const last = sheet.getLastRow();
  if (last < 2) return [];
  return sheet.getRange(2, 1, last - 1, spec.columns.length).getValues().map((values, i) => {
    const out: Row & { row: number } = { row: i + 2 };
    spec.columns.forEach((c, j) => (out[c.key] = values[j]));
    return out;
  });
}
/** The rows staff filled (their first column typed). */
const dataRows = (spec: SheetSpec) => rowsOf(spec).filter((r) => r[spec.columns[0]?.key ?? ''] !== '');
/** Clears what the API answered (a retry that lost its answers), keeping the hidden row key. */
const loseAnswers = (spec: SheetSpec): void => loseRowAnswers(sheetOf(spec), spec, sheetOf(spec).getLastRow() - 1);
const fen = (value: unknown): Fen => {
  const r = parseYuan(value, 'amount');
  if (!r.ok) throw new Error(`not an amount: ${String(value)}`);
  return r.value;
};
/** A code typed as code or 中文 label (as the sheets take them). */
const codeOf = (list: Parameters<typeof lookupCode>[0], value: unknown): string => {
  const r = lookupCode(list, value, 'code');
  if (!r.ok) throw new Error(`not a code: ${String(value)}`);
  return r.value;
};
const itemOf = (value: unknown) => codeOf(ITEMS, value);
const kindOf = (value: unknown) => codeOf(ROW_KINDS, value);
const add = (map: Map<string, Fen>, key: string, amount: Fen) => map.set(key, (map.get(key) ?? 0) + amount);
const yuanOf = (map: Map<string, Fen>): Record<string, number> => Object.fromEntries([...map].filter(([, v]) => v !== 0).map(([k, v]) => [k, toYuan(v)]));

// ——— What staff type ———

const APPS = [
  { institution: '重庆联合研究院', partnerName: 'Imperial College London', partnerType: 'FOREIGN_UNIVERSITY', partnerCountry: 'UK', category: '联合研发基地（中心）', district: 'YUBEI', field: 'BIG_DATA', talent: 'CAE_ACADEMICIAN', ratingDate: day('2021-03-15'), legalPerson: false, approvedInitial: 1_500_000 },
  { institution: '两江成果转化中心', partnerName: '清华大学', partnerType: 'DOMESTIC_UNIVERSITY', partnerCountry: '中国', category: 'TRANSFER_BASE', district: '两江新区', field: '新材料', ratingDate: '2020/6/30', legalPerson: true },
  { institution: '江北大装置', partnerName: 'MIT', partnerType: 'FOREIGN_UNIVERSITY', partnerCountry: 'US', category: 'MAJOR_FACILITY', district: 'JIANGBEI', field: 'ARTIFICIAL_INTELLIGENCE', ratingDate: day('2021-03-01'), legalPerson: false },
  // The same partner as the first, written differently: one partner towards the goal (interpretation 3).
  { institution: '渝中高端研究院', partnerName: ' imperial  COLLEGE london', partnerType: 'FOREIGN_UNIVERSITY', partnerCountry: 'UK', category: 'HIGH_END_RD_INSTITUTION', district: 'YUZHONG', field: 'BIOMEDICINE', ratingDate: day('2020-01-10'), legalPerson: true, approvedInitial: 8_000_000 },
  // Submitted, not rated: filed, never committed, its partner not counted.
  { institution: '沙坪坝服务机构', partnerName: 'ETH Zürich', partnerType: 'FOREIGN_UNIVERSITY', partnerCountry: 'CH', category: 'TRANSFER_SERVICE_ORG', district: 'SHAPINGBA', field: 'SMART_CITY', legalPerson: true },
] as const;

let ids: string[] = [];
/** The first row of the schedule CQ_SCHEDULE spills for application `i` with `item`: [year, item, cap, clause]. */
function scheduleRow(i: number, item: string): [number, string, number, string] {
  const a = APPS[i] as Row;
  const rows = plain(addon.CQ_SCHEDULE(a.category, a.ratingDate, a.talent ?? '')) as [number, string, number, string][];
  const found = rows.find((r) => r[1] === item);
  if (!found) throw new Error(`no ${item} in the schedule of application ${i}: ${JSON.stringify(rows)}`);
  return found;
}

/** The API's whole state as the municipal key reads it. */
function cloudState() {
  const pages: unknown[] = [];
  const listed: string[] = [];
  let token = '';
  do {
    const page = api.get(`/applications?limit=2${token ? `&nextToken=${encodeURIComponent(token)}` : ''}`);
    pages.push(page);
    listed.push(...page.items.map((a: { id: string }) => a.id));
    token = page.nextToken ?? '';
  } while (token);
  return {
    pages,
    views: listed.map((id) => api.get(`/applications/${id}`)),
    payments: listed.map((id) => api.get(`/applications/${id}/payments`)),
    history: listed.map((id) => api.get(`/applications/${id}/history`).items.length as number),
    summary: api.get('/reports/summary'),
  };
}

const batches: Record<string, any[]> = { first: [], asTheyAre: [], answersLost: [] };
let stored: ReturnType<typeof cloudState>;
let afterAsTheyAre: ReturnType<typeof cloudState>;
let afterAnswersLost: ReturnType<typeof cloudState>;
let refreshed: any;
const sentCloudIds: Record<string, unknown[]> = {};

beforeAll(async () => {
  api = await startLocalApi();
  fakes.userProperties.setProperty('KECHUANG_API_URL', api.url); // the sidebar insists on https; the local server is http
  fakes.userProperties.setProperty('KECHUANG_API_KEY', api.municipalKey);
  addon.setUpSheets();

  // Applications, sent first: the other sheets name them by cloud id.
  APPS.forEach((a, i) => fill(APPLICATIONS, i + 2, a));
  evaluate(ss, addon);
  batches.first?.push(sendSelected(APPLICATIONS, 2, 6));
  ids = rowsOf(APPLICATIONS).map((r) => String(r.cloudId));

  // Approvals & payments: the years and amounts from the sheet's own schedule formula.
  const [initialYear1, , initialCap1] = scheduleRow(0, 'INITIAL_GRANT');
  const [annualYear1, , annualCap1] = scheduleRow(0, 'ANNUAL_RD_SUPPORT');
  const [talentYear1] = scheduleRow(0, 'TALENT_TEAM_SUPPORT');
  const [initialYear2, , initialCap2] = scheduleRow(1, 'INITIAL_GRANT');
  const [initialYear4] = scheduleRow(3, 'INITIAL_GRANT');
  expect(initialCap1).toBeGreaterThan(APPS[0].approvedInitial);
  const [a1, a2, a3, a4] = ids;
  const money: Row[] = [
    { applicationId: a1, kind: '核定', item: 'ANNUAL_RD_SUPPORT', year: annualYear1, amount: annualCap1 * 0.6, reference: '渝科发〔2021〕1号', reason: '年度评审' },
    { applicationId: a3, kind: 'APPROVAL', item: '一事一议', year: 2021, amount: 30_000_000, reference: '渝府〔2021〕8号' },
    { applicationId: a1, kind: 'PAYMENT', item: 'INITIAL_GRANT', year: initialYear1, amount: 1_000_000, date: day('2021-04-01'), reference: 'PZ-001' }, // voided below
    { applicationId: a1, kind: '支付', item: '评定资助', year: initialYear1, amount: '400,000.50', date: '2021-04-02', reference: 'PZ-002' },
    { applicationId: a2, kind: 'PAYMENT', item: 'INITIAL_GRANT', year: initialYear2, amount: initialCap2 / 4, date: day('2020-08-01') },
    { applicationId: a1, kind: 'PAYMENT', item: 'ANNUAL_RD_SUPPORT', year: annualYear1, amount: 100_000 },
    { applicationId: a3, kind: 'PAYMENT', item: 'CASE_BY_CASE', year: 2021, amount: 10_000_000, reference: 'PZ-003' },
    // A later 核定 of the same row replaces the earlier.
    { applicationId: a1, kind: 'APPROVAL', item: 'ANNUAL_RD_SUPPORT', year: annualYear1, amount: annualCap1 / 2, reference: '渝科发〔2021〕9号' },
    { applicationId: a4, kind: 'PAYMENT', item: 'INITIAL_GRANT', year: initialYear4, amount: 2_000_000.01 },
    { applicationId: a1, kind: 'PAYMENT', item: 'TALENT_TEAM_SUPPORT', year: talentYear1, amount: 500_000 },
  ];
  money.forEach((r, i) => fill(APPROVALS, i + 2, r));
  evaluate(ss, addon);
  batches.first?.push(sendSelected(APPROVALS, 2, money.length + 1));
  const voidRow = money.length + 2;
  fill(APPROVALS, voidRow, { applicationId: a1, kind: 'VOID', voids: sheetOf(APPROVALS).getRange(4, columnOf(APPROVALS, 'cloudId')).getValue(), reason: '录错' });
  batches.first?.push(sendSelected(APPROVALS, voidRow, voidRow));

  // Receipts: two achievements interleaved (names and contract numbers written two ways); the first passes the cap.
  const receipts: Row[] = [
    { achievement: '智能传感 Sensor-X', contractNo: 'HT-2021-001', applicationId: a2, date: day('2021-01-10'), received: 8_000_000, voucher: 'DZ-1' },
    { achievement: '新材料成果', contractNo: 'HT-2021-002', applicationId: a1, date: '2021-02-10', received: 300_000.33 },
    { achievement: '智能传感 sensor-x ', contractNo: 'ht 2021 001', applicationId: a2, date: day('2021-05-10'), received: '9,000,000.50' },
    { achievement: '新材料成果', contractNo: 'HT-2021-002', applicationId: a1, date: day('2021-06-10'), received: 123_456.78 },
    { achievement: '智能传感 Sensor-X', contractNo: 'HT-2021-001', applicationId: a2, date: day('2022-01-10'), received: 5_000_000 },
    { achievement: '智能传感 Sensor-X', contractNo: 'HT-2021-001', applicationId: a2, date: day('2022-03-10'), received: 700_000 },
  ];
  receipts.forEach((r, i) => fill(RECEIPTS, i + 2, r));
  evaluate(ss, addon);
  batches.first?.push(sendSelected(RECEIPTS, 2, receipts.length + 1));
  stored = cloudState();
  for (const spec of [APPLICATIONS, APPROVALS, RECEIPTS]) sentCloudIds[spec.name] = rowsOf(spec).map((r) => [r.cloudId, r.cloudStatus, spec === RECEIPTS ? r.cloudSubsidy : '']);

  // Everything again: as they are, then with every answer lost.
  const all = (spec: SheetSpec) => sendSelected(spec, 2, sheetOf(spec).getLastRow());
  for (const spec of [APPLICATIONS, APPROVALS, RECEIPTS]) batches.asTheyAre?.push(all(spec));
  afterAsTheyAre = cloudState();
  for (const spec of [APPLICATIONS, APPROVALS, RECEIPTS]) {
    loseAnswers(spec);
    batches.answersLost?.push(all(spec));
  }
  afterAnswersLost = cloudState();

  refreshed = plain(addon.refreshFromCloud());
  evaluate(ss, addon);
}, 240_000);

afterAll(async () => api?.stop());

describe('the round trip: sheets → local API → sheets', () => {
  it('sends every row of the three input sheets, each answered in its row', () => {
    const outcomes = batches.first?.flatMap((b) => b.outcomes) ?? [];
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    expect(outcomes).toHaveLength(APPS.length + 11 + 6);
    expect(rowsOf(APPLICATIONS).map((r) => r.cloudStatus)).toEqual(['RATED', 'RATED', 'RATED', 'RATED', 'SUBMITTED']);
    expect(new Set(ids).size).toBe(APPS.length);
    // One achievement per contract, however its rows write it.
    const achievements = rowsOf(RECEIPTS).map((r) => r.achievementId);
    expect(new Set(achievements).size).toBe(2);
    expect(achievements[0]).toBe(achievements[2]);
    expect(stored.views.flatMap((v: any) => v.achievements.map((a: any) => a.receipts.length)).sort()).toEqual([2, 4]);
  });

  it('sending everything again stores nothing new, whether the rows kept their answers or lost them', () => {
    const rows = APPS.length + 11 + 6;
    expect(batches.asTheyAre?.flatMap((b) => b.outcomes)).toHaveLength(rows);
    expect(batches.asTheyAre?.flatMap((b) => b.outcomes).every((o) => o.ok && /already in the cloud/.test(o.message))).toBe(true);
    expect(batches.answersLost?.flatMap((b) => b.outcomes)).toHaveLength(rows);
    expect(afterAsTheyAre).toEqual(stored);
    expect(batches.answersLost?.flatMap((b) => b.outcomes).filter((o) => !o.ok)).toEqual([]);
    expect(afterAnswersLost).toEqual(stored);
    expect(afterAnswersLost.history).toEqual(stored.history);
    expect(stored.history.every((n) => n > 0)).toBe(true);
    // The lost answers came back the same: ids, statuses (as first answered) and subsidies.
    for (const spec of [APPLICATIONS, APPROVALS, RECEIPTS]) {
      const firstAnswers = sentCloudIds[spec.name] ?? [];
      expect(rowsOf(spec).map((r) => r.cloudId)).toEqual(firstAnswers.map((a: any) => a[0]));
    }
    expect(rowsOf(RECEIPTS).map((r) => r.cloudSubsidy)).toEqual((sentCloudIds[RECEIPTS.name] ?? []).map((a: any) => a[2]));
  });

  it('refresh: the Ledger is the API’s ledgers row for row', () => {
    const ledger = rowsOf(LEDGER).map((r) => LEDGER.columns.map((c) => r[c.key]));
    const expected = expectedLedger(api, api.municipalKey);
    expect(ledger).toEqual(expected);
    expect(refreshed.ledgerRows).toBe(expected.length);
    expect(refreshed.missing).toBe(0);
  });

  it('the Ledger agrees with the sheets: its rows are the formulas’ schedules, caps CQ_ROW_CAP, approved and paid what the Approvals sheet holds', () => {
    const apps = new Map(rowsOf(APPLICATIONS).map((r) => [String(r.cloudId), r]));
    const ledger = rowsOf(LEDGER);
    const money = dataRows(APPROVALS);

    // Which rows: every rated application's CQ_SCHEDULE, and each case-by-case row the sheet approved.
    const expectedRows = [...apps.values()]
      .filter((a) => a.ratingDate !== '')
      .flatMap((a) => {
        const spilled = plain(addon.CQ_SCHEDULE(a.category, a.ratingDate, a.talent));
        const rows = Array.isArray(spilled) ? spilled.map((r: unknown[]) => `${a.cloudId}|${r[0]}|${r[1]}`) : [];
        const caseByCase = money.filter((m) => m.applicationId === a.cloudId && kindOf(m.kind) === 'APPROVAL' && itemOf(m.item) === 'CASE_BY_CASE');
        return [...rows, ...new Set(caseByCase.map((m) => `${a.cloudId}|${m.year}|CASE_BY_CASE`))];
      });
    expect(ledger.map((l) => `${l.applicationId}|${l.year}|${l.item}`).sort()).toEqual(expectedRows.sort());

    // Each Ledger cap is CQ_ROW_CAP of its application's terms (one column call, as a sheet formula would be).
    const terms = ledger.map((l): Row => apps.get(String(l.applicationId)) ?? {});
    const caps = plain(addon.CQ_ROW_CAP(column(terms.map((a) => a.category)), column(terms.map((a) => a.ratingDate)), column(ledger.map((l) => l.item)), column(ledger.map((l) => l.year)), column(terms.map((a) => a.talent)))).map((r: unknown[]) => r[0]);
    expect(caps.filter((c: unknown) => typeof c !== 'number' && c !== 'CASE_BY_CASE')).toEqual([]);
    expect(ledger.map((l) => l.cap)).toEqual(caps.map((c: unknown) => (c === 'CASE_BY_CASE' ? '' : c)));

    // The Approvals sheet's evaluated cap column is the Ledger cap of its row.
    const ledgerCap = new Map(ledger.map((l) => [`${l.applicationId}|${l.year}|${l.item}`, l.cap === '' ? 'CASE_BY_CASE' : l.cap]));
    const priced = money.filter((m) => kindOf(m.kind) !== 'VOID');
    expect(priced).toHaveLength(money.length - 1); // all but the one VOID row
    expect(priced.map((m) => m.cap)).toEqual(priced.map((m) => ledgerCap.get(`${m.applicationId}|${m.year}|${itemOf(m.item)}`)));
    expect(priced.every((m) => m.cap !== '' && m.cap !== undefined)).toBe(true);

    // Approved: the last 核定 of the row on the sheet, else the approved initial grant typed with the application.
    const approved = new Map<string, number>();
    for (const a of apps.values()) if (a.approvedInitial !== '' && a.approvedInitial !== undefined) {
      const initial = ledger.find((l) => l.applicationId === a.cloudId && l.item === 'INITIAL_GRANT');
      approved.set(`${a.cloudId}|${initial?.year}|INITIAL_GRANT`, Number(a.approvedInitial));
    }
    for (const m of money) if (kindOf(m.kind) === 'APPROVAL') approved.set(`${m.applicationId}|${m.year}|${itemOf(m.item)}`, toYuan(fen(m.amount)));
    // Paid: the sheet's payments not voided by a VOID row.
    const voided = new Set(money.filter((m) => kindOf(m.kind) === 'VOID').map((m) => String(m.voids)));
    expect(voided.size).toBe(1);
    const paid = new Map<string, Fen>();
    for (const m of money) if (kindOf(m.kind) === 'PAYMENT' && !voided.has(String(m.cloudId))) add(paid, `${m.applicationId}|${m.year}|${itemOf(m.item)}`, fen(m.amount));
    for (const l of ledger) {
      const key = `${l.applicationId}|${l.year}|${l.item}`;
      expect([key, l.approved]).toEqual([key, approved.get(key) ?? '']);
      expect([key, l.paid]).toEqual([key, toYuan(paid.get(key) ?? 0)]);
      const limit = l.approved === '' ? l.cap : l.approved;
      expect([key, l.remaining]).toEqual([key, toYuan(fen(limit) - (paid.get(key) ?? 0))]);
    }
    // The voided payment's row says so after the refresh; its VOID row too.
    const voidedRows = money.filter((m) => voided.has(String(m.cloudId)));
    expect(voidedRows.map((m) => m.cloudStatus)).toEqual(['VOIDED', 'VOIDED']);
  });

  it('the Dashboard is GET /reports/summary and what the sheets add up to', () => {
    const summary = api.get('/reports/summary');
    expect(summary).toEqual(stored.summary);
    const board = sheetOf({ name: '汇总 Dashboard' });
    const figures = board.getRange(4, 2, 7, 1).getValues().flat();
    expect(figures).toEqual([`${summary.scopeLabel} (ALL)`, summary.partnersIntroduced, summary.goal, summary.applications, summary.rated, summary.transferReceived, summary.transferSubsidy]);

    // From the sheets, by the rules: committed is each schedule row's approved amount, else its cap; paid is net of voids.
    const apps = rowsOf(APPLICATIONS).filter((a) => a.institution !== '');
    const rated = apps.filter((a) => a.ratingDate !== '');
    const districtOf = new Map(apps.map((a) => [String(a.cloudId), String(plain(addon.CQ_LABEL(a.district)))]));
    const committedByYear = new Map<string, Fen>();
    const committedByDistrict = new Map<string, Fen>();
    for (const l of rowsOf(LEDGER)) {
      const amount = fen(l.approved === '' ? l.cap : l.approved);
      add(committedByYear, String(l.year), amount);
      add(committedByDistrict, districtOf.get(String(l.applicationId)) ?? '?', amount);
    }
    const money = dataRows(APPROVALS);
    const voided = new Set(money.filter((m) => kindOf(m.kind) === 'VOID').map((m) => String(m.voids)));
    const paidByYear = new Map<string, Fen>();
    const paidByDistrict = new Map<string, Fen>();
    for (const m of money) {
      if (kindOf(m.kind) !== 'PAYMENT' || voided.has(String(m.cloudId))) continue;
      add(paidByYear, String(m.year), fen(m.amount));
      add(paidByDistrict, districtOf.get(String(m.applicationId)) ?? '?', fen(m.amount));
    }
    const partners = new Set(rated.map((a) => normalisePartnerName(String(a.partnerName))));
    const receipts = dataRows(RECEIPTS);
    const sum = (values: unknown[]) => toYuan(values.reduce<Fen>((s, v) => s + fen(v), 0));
    expect(partners.size).toBe(3);
    expect(figures.slice(1)).toEqual([partners.size, 100, apps.length, rated.length, sum(receipts.map((r) => r.received)), sum(receipts.map((r) => r.subsidy))]);

    const table = (row: number, column: number) => {
      const out: unknown[][] = [];
      for (let r = row + 1; board.getRange(r, column).getValue() !== ''; r++) out.push(board.getRange(r, column, 1, 3).getValues()[0] ?? []);
      return out;
    };
    const byYear = table(3, 5);
    expect(Object.fromEntries(byYear.map((r) => [String(r[0]).replace('年', ''), r[1]]))).toEqual(yuanOf(committedByYear));
    expect(Object.fromEntries(byYear.filter((r) => r[2] !== 0).map((r) => [String(r[0]).replace('年', ''), r[2]]))).toEqual(yuanOf(paidByYear));
    expect(byYear.map((r) => [r[1], r[2]])).toEqual(byYear.map((r) => { const y = String(r[0]).replace('年', ''); return [summary.committedByYear[y] ?? 0, summary.paidByYear[y] ?? 0]; }));
    const byDistrict = table(3, 9);
    expect(Object.fromEntries(byDistrict.map((r) => [r[0], r[1]]))).toEqual(yuanOf(committedByDistrict));
    expect(Object.fromEntries(byDistrict.filter((r) => r[2] !== 0).map((r) => [r[0], r[2]]))).toEqual(yuanOf(paidByDistrict));
    expect(new Set(byDistrict.map((r) => r[0]))).toEqual(new Set(rated.map((a) => districtOf.get(String(a.cloudId)))));
  });

  it('the Receipts sheet: the cloud subsidy of each row is its formula subsidy; one achievement reached the 三(七) cap', () => {
    const receipts = dataRows(RECEIPTS);
    expect(receipts.map((r) => r.cloudSubsidy)).toEqual(receipts.map((r) => r.subsidy));
    expect(receipts.every((r) => typeof r.subsidy === 'number')).toBe(true);
    const capped = receipts.filter((r) => r.achievementId === receipts[0]?.achievementId);
    expect(toYuan(capped.reduce<Fen>((s, r) => s + fen(r.subsidy), 0))).toBe(1_000_000);
    expect(capped.at(-1)?.subsidy).toBe(0); // past the cap: nothing more
    expect(receipts.map((r) => r.cloudStatus)).toEqual(receipts.map(() => 'RECORDED'));
  });

  it('the three charts point at the Dashboard’s tables', () => {
    const board = sheetOf({ name: '汇总 Dashboard' });
    const charts = board.getCharts();
    expect(charts.map((c) => c.spec().type)).toEqual(['BAR', 'COLUMN', 'BAR']);
    expect(charts.every((c) => /[\u4e00-\u9fff]/.test(String(c.spec().options.title)))).toBe(true);
    const tables = charts.map((c) => {
      const [range] = c.state.ranges;
      if (!range || c.state.ranges.length !== 1) throw new Error('one range per chart');
      const below = board.getRange(range.getRow() + range.getNumRows(), range.column).getValue();
      return { header: range.getValues()[0], rows: range.getValues().slice(1), below };
    });
    // Each range is a whole table: its header, every row of it, and nothing under it.
    expect(tables.map((t) => t.below)).toEqual(['', '', '']);
    expect(tables[0]?.rows).toEqual([['合作方 Partners', stored.summary.partnersIntroduced, 100]]);
    expect(tables[1]?.rows.map((r) => r[0])).toEqual(Object.keys(stored.summary.committedByYear).sort().map((y) => `${y}年`));
    expect(tables[2]?.rows.map((r) => r[0]).sort()).toEqual([...new Set(Object.keys(stored.summary.committedByDistrict).map((d) => stored.summary.labels[d]))].sort());
    expect(tables.map((t) => t.header?.length)).toEqual([3, 3, 3]);
  });
});
