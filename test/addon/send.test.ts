/**
 * sendRows, getPendingSend and testConnection (issue 12) in the built bundle against the fakes: each input sheet's row
 * → its request(s), bad rows refused naming their fields, keys stable when rows are sorted, the time budget's stop and
 * the resume, and what test connection says.
 */
import vm from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import { APPLICATIONS, APPROVALS, RECEIPTS, columnOf, header, type SheetSpec } from '../../sheets-addon/src/layout.js';
import { FakeRange, makeFakes, type FakeSheet, type FetchAnswer, type FetchCall } from './fakes/index.js';
import { loadAddon, plain } from './load.js';
import { cell, fill } from './sheet-cells.js';

const URL_ = 'https://api.example.cn/prod';
const KEY = 'secret-key-5678';

function ready(spec: SheetSpec) {
  const fakes = makeFakes();
  const addon = loadAddon(fakes.globals);
  addon.saveSettings({ apiUrl: URL_, apiKey: KEY });
  // The one input sheet, headed from layout's spec, without set-up's formulas: these tests send typed cells.
  const sheet = fakes.spreadsheet.insertSheet(spec.name);
  sheet.put(1, spec.columns.map(header));
  fakes.spreadsheet.active = sheet;
  return { fakes, addon, sheet };
}

const body = (call: FetchCall | undefined) => JSON.parse(call?.payload ?? 'null');
/** Replaces the bundle's own clock (its realm's Date.now), as time passing in Apps Script. */
const setClock = (addon: vm.Context, now: () => number): void => {
  (vm.runInContext('Date', addon) as DateConstructor).now = now;
};

describe('Approvals & payments rows', () => {
  it('APPROVAL, PAYMENT and VOID rows each become their own request, read through the rules module', () => {
    const { fakes, addon, sheet } = ready(APPROVALS);
    fill(sheet, APPROVALS, 2, { applicationId: 'app-1', kind: '核定', item: '年度研发专项', year: '2021年', amount: '3,000,000', reference: '渝科发〔2021〕1号', reason: '评审' });
    fill(sheet, APPROVALS, 3, { applicationId: 'app-1', kind: 'payment', item: 'ANNUAL_RD_SUPPORT', year: 2021, amount: 0.30000000000000004, date: '2021/6/30', reference: 'V-001' });
    fill(sheet, APPROVALS, 4, { applicationId: 'app-1', kind: 'VOID', voids: 'pay-7', reason: '重复支付' });
    fakes.urlFetch.answer = (call) =>
      call.url.endsWith('/approvals')
        ? { status: 201, body: { id: 'apv-1', item: 'ANNUAL_RD_SUPPORT', year: 2021, amount: 3000000 } }
        : call.url.endsWith('/void')
          ? { status: 200, body: { id: 'pay-7', status: 'VOIDED' } }
          : { status: 201, body: { id: 'pay-8', status: 'RECORDED' } };
    const batch = plain(addon.sendRows(APPROVALS.name, [2, 3, 4]));
    expect(batch.remaining).toEqual([]);
    expect(batch.outcomes.map((o: { id: string; status: string; ok: boolean }) => [o.ok, o.id, o.status])).toEqual([
      [true, 'apv-1', 'APPROVED'],
      [true, 'pay-8', 'RECORDED'],
      [true, 'pay-7', 'VOIDED'],
    ]);
    const [approval, payment, voided] = fakes.urlFetch.fetches;
    expect(approval?.url).toBe(`${URL_}/applications/app-1/approvals`);
    expect(body(approval)).toEqual({ item: 'ANNUAL_RD_SUPPORT', year: 2021, amount: 3000000, document: '渝科发〔2021〕1号', reason: '评审' });
    expect(payment?.url).toBe(`${URL_}/applications/app-1/payments`);
    expect(body(payment)).toEqual({ item: 'ANNUAL_RD_SUPPORT', year: 2021, amount: 0.3, paidOn: '2021-06-30', voucher: 'V-001' });
    expect(voided?.url).toBe(`${URL_}/applications/app-1/payments/pay-7/void`);
    expect(body(voided)).toEqual({ reason: '重复支付' });
    // Three rows, three keys, each from its row's own key; the row's sync cells in one write.
    const keys = fakes.urlFetch.fetches.map((f) => f.headers['Idempotency-Key']);
    expect(new Set(keys).size).toBe(3);
    expect(keys[0]).toBe(`kechuang-sheet-file-1-${sheet.id}-${cell(sheet, APPROVALS, 2, 'rowKey')}`);
    const syncAt = columnOf(APPROVALS, 'cloudId');
    expect(sheet.getRange(3, syncAt, 1, 4).getValues()[0]).toEqual(['pay-8', 'RECORDED', '已发送 (sent)', 'uuid-2']);
  });

  it('a bad row is written with its ERROR naming each field, and nothing is sent', () => {
    const { fakes, addon, sheet } = ready(APPROVALS);
    fill(sheet, APPROVALS, 2, { applicationId: 'app-1', kind: 'PAYMENT', item: 'SPACE_TRIP', year: '21', amount: '1,5', date: '2021-02-30' });
    fill(sheet, APPROVALS, 3, { kind: 'REFUND' });
    fill(sheet, APPROVALS, 4, { applicationId: 'app-1', kind: 'VOID' });
    const batch = plain(addon.sendRows(APPROVALS.name, [2, 3, 4]));
    expect(fakes.urlFetch.fetches).toHaveLength(0);
    const [payment, unknown, voided] = batch.outcomes.map((o: { message: string }) => o.message);
    for (const field of ['item', 'year', 'amount', 'paidOn']) expect(payment).toContain(`(${field}:`);
    for (const field of ['applicationId', 'kind']) expect(unknown).toContain(`(${field}:`);
    for (const field of ['voids', 'reason']) expect(voided).toContain(`(${field}:`);
    expect(payment).toMatch(/^ERROR: /);
    expect(cell(sheet, APPROVALS, 2, 'syncMessage')).toBe(payment);
    expect(cell(sheet, APPROVALS, 2, 'cloudId')).toBe('');
  });

  it("the API's refusal lands in the row, its messageZh first", () => {
    const { fakes, addon, sheet } = ready(APPROVALS);
    fill(sheet, APPROVALS, 2, { applicationId: 'app-1', kind: 'PAYMENT', item: 'INITIAL_GRANT', year: 2021, amount: 9e6 });
    fakes.urlFetch.answer = () => ({
      status: 409,
      body: { error: { code: 'CAP_EXCEEDED', message: 'over the cap', messageZh: '超过上限', field: 'amount' } },
    });
    const [outcome] = plain(addon.sendRows(APPROVALS.name, [2])).outcomes;
    expect(outcome).toEqual({ row: 2, ok: false, id: '', status: '', message: 'ERROR: [CAP_EXCEEDED HTTP 409] 超过上限 (over the cap) (amount)' });
    expect(cell(sheet, APPROVALS, 2, 'syncMessage')).toBe(outcome.message);
  });

  it('a row refused with a 409 the API keeps is sent under a new key once corrected; a key reused with another body keeps its key', () => {
    const { fakes, addon, sheet } = ready(APPROVALS);
    // The API's idempotency rule (CONTRACT §3, functions/idempotency/middleware.ts): 2xx and 409 answers are kept per
    // key and answered again to the same body; the same key with a different body is 409 CONFLICT.
    const kept = new Map<string, { payload: string; answer: FetchAnswer }>();
    fakes.urlFetch.answer = (call) => {
      const key = call.headers['Idempotency-Key'] ?? '';
      const before = kept.get(key);
      if (before && before.payload !== call.payload) {
        return { status: 409, body: { error: { code: 'CONFLICT', message: 'Idempotency-Key was used with a different body', messageZh: '此 Idempotency-Key 已用于另一个请求体', field: 'Idempotency-Key' } } };
      }
      if (before) return before.answer;
      const answer: FetchAnswer =
        body(call).amount > 1000
          ? { status: 409, body: { error: { code: 'CAP_EXCEEDED', message: 'over the cap', messageZh: '超过上限', field: 'amount' } } }
          : { status: 201, body: { id: 'pay-1', status: 'RECORDED' } };
      kept.set(key, { payload: call.payload ?? '', answer });
      return answer;
    };
    fill(sheet, APPROVALS, 2, { applicationId: 'app-1', kind: 'PAYMENT', item: 'INITIAL_GRANT', year: 2021, amount: 5000 });
    expect(plain(addon.sendRows(APPROVALS.name, [2])).outcomes[0]?.message).toContain('CAP_EXCEEDED');
    fill(sheet, APPROVALS, 2, { amount: 800 });
    const [corrected] = plain(addon.sendRows(APPROVALS.name, [2])).outcomes;
    expect(corrected).toMatchObject({ ok: true, id: 'pay-1', status: 'RECORDED' });
    const [first, second] = fakes.urlFetch.fetches.map((f) => f.headers['Idempotency-Key']);
    expect(second).not.toBe(first);
    expect(second).toBe(`kechuang-sheet-file-1-${sheet.id}-${cell(sheet, APPROVALS, 2, 'rowKey')}`);

    // A CONFLICT may stand for a payment stored whose answer was lost: the row keeps its key, so nothing is stored twice.
    fill(sheet, APPROVALS, 3, { applicationId: 'app-1', kind: 'PAYMENT', item: 'INITIAL_GRANT', year: 2021, amount: 700, rowKey: 'lost-answer' });
    kept.set(`kechuang-sheet-file-1-${sheet.id}-lost-answer`, { payload: '{"other":"body"}', answer: { status: 201, body: { id: 'pay-0', status: 'RECORDED' } } });
    expect(plain(addon.sendRows(APPROVALS.name, [3])).outcomes[0]?.message).toContain('[CONFLICT HTTP 409]');
    expect(cell(sheet, APPROVALS, 3, 'rowKey')).toBe('lost-answer');
  });
});

describe('Receipts rows', () => {
  it('registers the achievement once (a later row uses the existing id), then each receipt; subsidy and ids in the row', () => {
    const { fakes, addon, sheet } = ready(RECEIPTS);
    fill(sheet, RECEIPTS, 2, { achievement: '某成果', contractNo: 'JS-2021-001', applicationId: 'app-1', date: '2021-05-01', received: 200000, voucher: 'R1' });
    fill(sheet, RECEIPTS, 3, { achievement: '某成果', contractNo: 'js 2021 001', applicationId: 'app-1', date: '2021-06-01', received: 300000 });
    let receipts = 0;
    fakes.urlFetch.answer = (call): FetchAnswer => {
      if (call.url === `${URL_}/achievements` && call.headers['Idempotency-Key']?.includes('uuid-1')) return { status: 201, body: { id: 'ach-1', applicationId: 'app-1' } };
      if (call.url === `${URL_}/achievements`) return { status: 409, body: { error: { code: 'DUPLICATE', message: 'registered', messageZh: '已登记', existingId: 'ach-1' } } };
      if (call.method === 'GET') return { status: 200, body: { id: 'ach-1', applicationId: 'app-1' } };
      receipts++;
      return { status: 201, body: { id: `rc-${receipts}`, subsidy: receipts * 1000.5, status: 'RECORDED' } };
    };
    const batch = plain(addon.sendRows(RECEIPTS.name, [2, 3]));
    expect(batch.outcomes).toEqual([
      { row: 2, ok: true, id: 'ach-1 / rc-1', status: 'RECORDED', subsidy: 1000.5, message: '已发送 (sent)' },
      { row: 3, ok: true, id: 'ach-1 / rc-2', status: 'RECORDED', subsidy: 2001, message: '已发送 (sent)' },
    ]);
    const calls = fakes.urlFetch.fetches.map((f) => `${f.method} ${f.url.slice(URL_.length)} ${f.headers['Idempotency-Key'] ?? ''}`);
    const key = (row: number) => `kechuang-sheet-file-1-${sheet.id}-${cell(sheet, RECEIPTS, row, 'rowKey')}`;
    expect(calls).toEqual([
      `POST /achievements ${key(2)}-achievement`,
      `POST /achievements/ach-1/receipts ${key(2)}-receipt`,
      `POST /achievements ${key(3)}-achievement`,
      'GET /achievements/ach-1 ',
      `POST /achievements/ach-1/receipts ${key(3)}-receipt`,
    ]);
    expect(body(fakes.urlFetch.fetches[0])).toEqual({ applicationId: 'app-1', title: '某成果', contractNo: 'JS-2021-001' });
    expect(body(fakes.urlFetch.fetches[1])).toEqual({ date: '2021-05-01', amount: 200000, voucher: 'R1' });
    const syncAt = columnOf(RECEIPTS, 'achievementId');
    expect(sheet.getRange(3, syncAt, 1, 6).getValues()[0]).toEqual(['ach-1', 'rc-2', 2001, 'RECORDED', '已发送 (sent)', 'uuid-2']);
  });

  it("a contract another application registered is refused, not booked to it; a failed receipt keeps the achievement's id", () => {
    const { fakes, addon, sheet } = ready(RECEIPTS);
    fill(sheet, RECEIPTS, 2, { achievement: 'A', contractNo: 'C-1', applicationId: 'app-1', date: '2021-05-01', received: 100 });
    fill(sheet, RECEIPTS, 3, { achievement: 'B', contractNo: 'C-2', applicationId: 'app-1', date: '2021-05-01', received: 100 });
    fakes.urlFetch.answer = (call): FetchAnswer => {
      if (call.url === `${URL_}/achievements` && body(call).contractNo === 'C-1') return { status: 409, body: { error: { code: 'DUPLICATE', message: 'registered', messageZh: '已登记', existingId: 'ach-9' } } };
      if (call.method === 'GET') return { status: 200, body: { id: 'ach-9', applicationId: 'app-other' } };
      if (call.url === `${URL_}/achievements`) return { status: 201, body: { id: 'ach-2' } };
      return { status: 400, body: { error: { code: 'INVALID', message: 'date after today', messageZh: '日期晚于今天', field: 'date' } } };
    };
    const [other, failed] = plain(addon.sendRows(RECEIPTS.name, [2, 3])).outcomes;
    expect(other.message).toMatch(/^ERROR: 技术合同 C-1 已由另一申请（app-other）登记 .*\(contractNo\)$/);
    expect(fakes.urlFetch.fetches.filter((f) => f.url.includes('/ach-9/receipts'))).toHaveLength(0);
    expect(failed.message).toBe('ERROR: [INVALID HTTP 400] 日期晚于今天 (date after today) (date)');
    expect(cell(sheet, RECEIPTS, 3, 'achievementId')).toBe('ach-2');
    // The API keeps its 409 DUPLICATE under row 2's achievement key: the corrected contract goes under a new key; row 3's
    // 400 is not kept, its key stays.
    expect([2, 3].map((r) => cell(sheet, RECEIPTS, r, 'rowKey'))).toEqual(['uuid-3', 'uuid-2']);
    // Sent again: the achievement id in the row is used; only the receipt goes.
    fakes.urlFetch.fetches.length = 0;
    addon.sendRows(RECEIPTS.name, [3]);
    expect(fakes.urlFetch.fetches.map((f) => f.url.slice(URL_.length))).toEqual(['/achievements/ach-2/receipts']);
  });

  it('a bad receipt row names its fields and sends nothing', () => {
    const { fakes, addon, sheet } = ready(RECEIPTS);
    fill(sheet, RECEIPTS, 2, { achievement: '某成果', date: '2021-13-01', received: 1.005 });
    const [outcome] = plain(addon.sendRows(RECEIPTS.name, [2])).outcomes;
    for (const field of ['contractNo', 'applicationId', 'date', 'received']) expect(outcome.message).toContain(`(${field}:`);
    expect(fakes.urlFetch.fetches).toHaveLength(0);
  });
});

describe('keys, sorting, the time budget and resuming', () => {
  const APP = ['某研究院', 'MIT', 'FOREIGN_UNIVERSITY', 'US', 'JOINT_RD_BASE', 'YUBEI', 'BIG_DATA', '', '', true, ''];

  it('moving a row (a sort) keeps its Idempotency-Key: the key is the row key, not the position', () => {
    const { fakes, addon, sheet } = ready(APPLICATIONS);
    sheet.put(2, APP);
    fakes.urlFetch.answer = () => new Error('Address unavailable');
    addon.sendRows(APPLICATIONS.name, [2]);
    // Sorted: the row (with its hidden row key) is now row 5.
    sheet.put(5, sheet.getRange(2, 1, 1, APPLICATIONS.columns.length).getValues()[0] ?? []);
    sheet.put(2, APPLICATIONS.columns.map(() => ''));
    fakes.urlFetch.answer = () => ({ status: 201, body: { id: 'app-1', status: 'SUBMITTED' } });
    const [outcome] = plain(addon.sendRows(APPLICATIONS.name, [5])).outcomes;
    expect(outcome.id).toBe('app-1');
    const [first, second] = fakes.urlFetch.fetches.map((f) => f.headers['Idempotency-Key']);
    expect(second).toBe(first);
  });

  it('every row key is applied (SpreadsheetApp.flush) before the first request: a call killed mid-send cannot lose it', () => {
    const { fakes, addon, sheet } = ready(APPLICATIONS);
    sheet.put(2, APP);
    sheet.put(3, APP.map((v, i) => (i === 0 ? '另一研究院' : v)));
    const seen: { flushes: number; keys: unknown[] }[] = [];
    fakes.urlFetch.answer = () => {
      seen.push({ flushes: fakes.spreadsheet.flushes, keys: [2, 3].map((row) => cell(sheet, APPLICATIONS, row, 'rowKey')) });
      return { status: 201, body: { id: `app-${seen.length}`, status: 'SUBMITTED' } };
    };
    addon.sendRows(APPLICATIONS.name, [2, 3]);
    expect(seen).toHaveLength(2);
    // At the first request both rows' keys were written and flushed (Apps Script applies unflushed writes only when the
    // call ends, so a call killed at its limit would lose them and a retry would store the row again under a new key).
    expect(seen[0]?.flushes).toBeGreaterThanOrEqual(1);
    expect(seen[0]?.keys.every((k) => typeof k === 'string' && k !== '')).toBe(true);
  });

  it('stops starting rows once the budget has passed, keeps the rest pending, and a resume sends them and clears it', () => {
    const { fakes, addon, sheet } = ready(APPLICATIONS);
    putInstitutions(sheet, 7);
    let now = 1_000_000;
    setClock(addon, () => now); // each request takes 100 s
    let n = 0;
    fakes.urlFetch.answer = () => {
      now += 100_000;
      return { status: 201, body: { id: `app-${++n}`, status: 'SUBMITTED' } };
    };
    const first = plain(addon.sendRows(APPLICATIONS.name, [2, 3, 4, 5, 6, 7]));
    // Rows start at 0, 100 and 200 s; at 300 s (past 270 s) none starts.
    expect(first.outcomes.map((o: { row: number }) => o.row)).toEqual([2, 3, 4]);
    expect(first.remaining).toEqual([5, 6, 7]);
    expect(first.message).toMatch(/剩余 3 行.*time budget/);
    expect(plain(addon.getPendingSend())).toEqual({ sheetName: APPLICATIONS.name, rows: [5, 6, 7], done: 3, dropped: 0, notKept: 0 });

    // The sidebar was closed; a new one asks and resumes (a fresh call: a fresh budget).
    const pending = plain(addon.getPendingSend());
    const second = plain(addon.sendRows(pending.sheetName, pending.rows));
    expect(second.outcomes.map((o: { row: number; id: string }) => `${o.row}:${o.id}`)).toEqual(['5:app-4', '6:app-5', '7:app-6']);
    expect(second.remaining).toEqual([]);
    expect(addon.getPendingSend()).toBeNull();
    expect(fakes.userProperties.values.size).toBe(2); // the URL and key only

    // Sending the whole selection again sends nothing: every row has its cloud id.
    const again = plain(addon.sendRows(APPLICATIONS.name, [2, 3, 4, 5, 6, 7]));
    expect(fakes.urlFetch.fetches).toHaveLength(6);
    expect(again.outcomes).toHaveLength(6);
    expect(again.outcomes.every((o: { message: string; ok: boolean }) => o.ok && o.message.includes('already in the cloud'))).toBe(true);
  });

  /** The data rows 2…`last` as they stand: every column, hidden row key included. */
  const grid = (sheet: FakeSheet, last: number) => sheet.getRange(2, 1, last - 1, APPLICATIONS.columns.length).getValues();
  /** A sort of rows 2…: the rows (their hidden row keys with them) put back in `order` (indexes into the old rows). */
  const sortRows = (sheet: FakeSheet, order: readonly number[]) => {
    const old = grid(sheet, order.length + 1);
    order.forEach((from, i) => sheet.getRange(i + 2, 1, 1, APPLICATIONS.columns.length).setValues([old[from] ?? []]));
  };
  const institution = (call: FetchCall | undefined) => body(call).institution;
  /** Rows 2…`last`, each an application of 研究院 N, N the row it is typed in. */
  const putInstitutions = (sheet: FakeSheet, last: number) => {
    for (let r = 2; r <= last; r++) sheet.put(r, APP.map((v, i) => (i === 0 ? `研究院 ${r}` : v)));
  };
  /** Rows 2…7 as `institution=cloud id`: after a Z→A sort and all six sent in their first order, each id in its own row. */
  const idsByRow = (sheet: FakeSheet) => [2, 3, 4, 5, 6, 7].map((r) => `${cell(sheet, APPLICATIONS, r, 'institution')}=${cell(sheet, APPLICATIONS, r, 'cloudId')}`);
  const SORTED_AND_SENT = ['研究院 7=app-6', '研究院 6=app-5', '研究院 5=app-4', '研究院 4=app-3', '研究院 3=app-2', '研究院 2=app-1'];
  const keyHeader = (call: FetchCall | undefined) => call?.headers['Idempotency-Key'];

  it('stopped by the budget, the sheet sorted, then resumed: exactly the unsent rows are sent, once each, under the keys they had', () => {
    const { fakes, addon, sheet } = ready(APPLICATIONS);
    putInstitutions(sheet, 7);
    let now = 1_000_000;
    setClock(addon, () => now);
    let n = 0;
    fakes.urlFetch.answer = () => {
      now += 100_000; // each request 100 s: three rows start before 270 s
      return { status: 201, body: { id: `app-${++n}`, status: 'SUBMITTED' } };
    };
    const first = plain(addon.sendRows(APPLICATIONS.name, [2, 3, 4, 5, 6, 7], 6));
    expect(first.outcomes.map((o: { row: number }) => o.row)).toEqual([2, 3, 4]);
    expect(first.remaining).toEqual([5, 6, 7]);
    // Every selected row got its key at the start, the unsent ones too.
    const keyAt = (r: number) => String(cell(sheet, APPLICATIONS, r, 'rowKey'));
    const keyOf = new Map([2, 3, 4, 5, 6, 7].map((r) => [`研究院 ${r}`, keyAt(r)]));
    expect([...keyOf.values()]).toEqual(['uuid-1', 'uuid-2', 'uuid-3', 'uuid-4', 'uuid-5', 'uuid-6']);

    // Staff sort the sheet Z→A by institution: 研究院 7 … 研究院 2 are now rows 2 … 7.
    sortRows(sheet, [5, 4, 3, 2, 1, 0]);
    const pending = plain(addon.getPendingSend());
    // The unsent 研究院 5, 6, 7 are rows 4, 3, 2 now (in the order they were to be sent).
    expect(pending).toEqual({ sheetName: APPLICATIONS.name, rows: [4, 3, 2], done: 3, dropped: 0, notKept: 0 });

    setClock(addon, () => 0); // a fresh call: a fresh budget
    const second = plain(addon.sendRows(pending.sheetName, pending.rows, 5));
    expect(second.remaining).toEqual([]);
    expect(second.outcomes.map((o: { row: number; id: string }) => `${o.row}:${o.id}`)).toEqual(['4:app-4', '3:app-5', '2:app-6']);
    const resumed = fakes.urlFetch.fetches.slice(3);
    expect(resumed.map(institution)).toEqual(['研究院 5', '研究院 6', '研究院 7']);
    expect(resumed.map(keyHeader)).toEqual(['研究院 5', '研究院 6', '研究院 7'].map((name) => `kechuang-sheet-file-1-${sheet.id}-${keyOf.get(name)}`));
    // Six rows, six requests, six keys: none sent twice, none missed; each row's id is in the row it moved to.
    expect(fakes.urlFetch.fetches.map(institution).sort()).toEqual([...keyOf.keys()].sort());
    expect(new Set(fakes.urlFetch.fetches.map(keyHeader)).size).toBe(6);
    expect(idsByRow(sheet)).toEqual(SORTED_AND_SENT);
    expect(addon.getPendingSend()).toBeNull();
  });

  it('sorted by someone else during a call: each selected row is sent from where it is now, and the rows left are answered where they are', () => {
    const { fakes, addon, sheet } = ready(APPLICATIONS);
    putInstitutions(sheet, 7);
    let n = 0;
    fakes.urlFetch.answer = () => {
      // While the first request waits for its answer, another person sorts the sheet Z→A.
      if (n === 0) sortRows(sheet, [5, 4, 3, 2, 1, 0]);
      return { status: 201, body: { id: `app-${++n}`, status: 'SUBMITTED' } };
    };
    const first = plain(addon.sendRows(APPLICATIONS.name, [2, 3, 4, 5, 6, 7], 3));
    // 研究院 2, 3, 4 were selected first: after the sort they are rows 7, 6, 5.
    expect(fakes.urlFetch.fetches.map(institution)).toEqual(['研究院 2', '研究院 3', '研究院 4']);
    // 研究院 2 was read before the sort and answered after it: its answer is written where it is now, row 7.
    expect(first.outcomes.map((o: { row: number; id: string }) => `${o.row}:${o.id}`)).toEqual(['7:app-1', '6:app-2', '5:app-3']);
    // 研究院 5, 6, 7 are rows 4, 3, 2 now.
    expect(first.remaining).toEqual([4, 3, 2]);
    const second = plain(addon.sendRows(APPLICATIONS.name, first.remaining, 3));
    expect(second.remaining).toEqual([]);
    expect(fakes.urlFetch.fetches.map(institution)).toEqual([2, 3, 4, 5, 6, 7].map((r) => `研究院 ${r}`));
    expect(new Set(fakes.urlFetch.fetches.map(keyHeader)).size).toBe(6);
    // Each answer is in its own row: 研究院 7 … 2 (rows 2 … 7) were sent sixth … first.
    expect(idsByRow(sheet)).toEqual(SORTED_AND_SENT);
    expect(addon.getPendingSend()).toBeNull();
  });

  it('a chunked call keeps the whole rest of the selection pending, across a fresh load; a deleted row is dropped', () => {
    const { fakes, addon, sheet } = ready(APPLICATIONS);
    putInstitutions(sheet, 13);
    let n = 0;
    fakes.urlFetch.answer = () => ({ status: 201, body: { id: `app-${++n}`, status: 'SUBMITTED' } });
    const all = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
    const first = plain(addon.sendRows(APPLICATIONS.name, all, 5));
    expect(first.outcomes.map((o: { row: number }) => o.row)).toEqual([2, 3, 4, 5, 6]);
    expect(first.remaining).toEqual(all.slice(5));
    expect(first.message).toMatch(/剩余 7 行/);
    expect(plain(addon.getPendingSend())).toEqual({ sheetName: APPLICATIONS.name, rows: all.slice(5), done: 5, dropped: 0, notKept: 0 });
    // The next chunk, given the whole rest as the sidebar gives it: the count goes on, and the rest stays pending.
    const second = plain(addon.sendRows(APPLICATIONS.name, first.remaining, 5));
    expect(second.remaining).toEqual([12, 13]);
    expect(plain(addon.getPendingSend())).toMatchObject({ rows: [12, 13], done: 10 });

    // The sidebar is closed and the add-on loaded afresh (a new execution): the same user properties answer.
    const reloaded = loadAddon(fakes.globals);
    expect(plain(reloaded.getPendingSend())).toEqual({ sheetName: APPLICATIONS.name, rows: [12, 13], done: 10, dropped: 0, notKept: 0 });
    // Row 12 is deleted meanwhile: row 13 moves up to 12.
    sheet.getRange(12, 1, 1, APPLICATIONS.columns.length).setValues(grid(sheet, 13).slice(11, 12));
    sheet.getRange(13, 1, 1, APPLICATIONS.columns.length).clearContent();
    const pending = plain(reloaded.getPendingSend());
    expect(pending).toEqual({ sheetName: APPLICATIONS.name, rows: [12], done: 10, dropped: 1, notKept: 0 });
    const last = plain(reloaded.sendRows(pending.sheetName, pending.rows, 5));
    expect(last.outcomes.map((o: { row: number; id: string }) => `${o.row}:${o.id}`)).toEqual(['12:app-11']);
    expect(fakes.urlFetch.fetches.map(institution)).toEqual(all.filter((r) => r !== 12).map((r) => `研究院 ${r}`));
    expect(reloaded.getPendingSend()).toBeNull();
    expect(fakes.userProperties.values.size).toBe(2); // the URL and key only
  });

  it('row keys are written once per run of consecutive rows, never into an empty row', () => {
    const { addon, sheet } = ready(APPLICATIONS);
    for (const r of [2, 3, 4, 8, 9]) sheet.put(r, APP.map((v, i) => (i === 0 ? `研究院 ${r}` : v)));
    sheet.getRange(3, columnOf(APPLICATIONS, 'rowKey')).setValue('kept-key');
    const writes = vi.spyOn(FakeRange.prototype, 'setValues');
    try {
      addon.sendRows(APPLICATIONS.name, [2, 3, 4, 5, 8, 9], 1); // row 5 is empty
      const keyColumn = columnOf(APPLICATIONS, 'rowKey');
      const keyWrites = writes.mock.contexts.map((r) => r as unknown as FakeRange).filter((r) => r.column === keyColumn);
      expect(keyWrites.map((r) => `${r.row}+${r.numRows}`)).toEqual(['2+4', '8+2']);
    } finally {
      writes.mockRestore();
    }
    expect([2, 3, 4, 5, 8, 9].map((r) => cell(sheet, APPLICATIONS, r, 'rowKey'))).toEqual(['uuid-1', 'kept-key', 'uuid-2', '', 'uuid-3', 'uuid-4']);

    // The sidebar's next call, its rows keyed now: the key column is read, whole rows only where a key is missing (5).
    const reads = vi.spyOn(FakeRange.prototype, 'getValues');
    try {
      addon.sendRows(APPLICATIONS.name, [3, 4, 5, 8, 9], 1);
      const wide = reads.mock.contexts.map((r) => r as unknown as FakeRange).filter((r) => r.numColumns === APPLICATIONS.columns.length);
      // Row 5 (no key) for the keys, and row 3 (the one row sent) for its request.
      expect(wide.map((r) => `${r.row}+${r.numRows}`).sort()).toEqual(['3+1', '5+1']);
    } finally {
      reads.mockRestore();
    }
  });

  it('a long selection is kept by row key in parts under 9 kB; what the store has no room for is said; a blank row is skipped', () => {
    const { fakes, addon, sheet } = ready(APPLICATIONS);
    const rows = Array.from({ length: 3000 }, (_, i) => i + 2);
    // Keys of ~110 characters (typed by hand, say): 3,000 of them pass the ~320 kB a pending send may take.
    const keyOf = (r: number) => `key-${r}-${'x'.repeat(100)}`;
    sheet.insertRowsAfter(sheet.getMaxRows(), 3000); // a sheet of 4000 rows: Sheets' new sheet has 1000
    for (const r of rows) {
      sheet.put(r, APP);
      sheet.getRange(r, columnOf(APPLICATIONS, 'rowKey')).setValue(keyOf(r));
    }
    let calls = 0;
    setClock(addon, () => (++calls > 2 ? 300_000 : 0)); // the start, the first row's check; then past the budget
    fakes.urlFetch.answer = () => ({ status: 201, body: { id: 'app-1', status: 'SUBMITTED' } });
    const batch = plain(addon.sendRows(APPLICATIONS.name, rows, 5));
    expect(batch.remaining).toEqual(rows.slice(1));
    const head = `KECHUANG_PENDING_SEND:sheet-file-1:${APPLICATIONS.name}`;
    const stored = JSON.parse(fakes.userProperties.getProperty(head) ?? 'null');
    expect(stored).toMatchObject({ v: 2, done: 1, from: 1, parts: 40 });
    const parts = Array.from({ length: 40 }, (_, i) => fakes.userProperties.getProperty(`${head}#${i}`) ?? '');
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(8000);
    const keys = parts.flatMap((p) => JSON.parse(p) as string[]);
    expect(keys).toEqual(rows.slice(0, keys.length).map(keyOf));
    expect(stored.notKept).toBe(3000 - keys.length);
    expect(stored.notKept).toBeGreaterThan(0);
    expect(batch.message).toContain(`${stored.notKept} rows beyond what can be kept to resume`);
    const pending = plain(addon.getPendingSend());
    expect(pending).toMatchObject({ done: 1, dropped: 0, notKept: stored.notKept });
    expect(pending.rows).toEqual(rows.slice(1, keys.length));
    // Resumed (the kept rows, all the sidebar is offered) and stopped again: the rows not kept are still said.
    calls = 0;
    const resumed = plain(addon.sendRows(pending.sheetName, pending.rows, 5));
    expect(resumed.outcomes).toHaveLength(1);
    expect(resumed.message).toContain(`${stored.notKept} rows beyond what can be kept to resume`);
    expect(plain(addon.getPendingSend())).toMatchObject({ done: 2, dropped: 0, notKept: stored.notKept, rows: rows.slice(2, keys.length) });

    setClock(addon, () => 0);
    const [blank] = plain(addon.sendRows(APPLICATIONS.name, [4000])).outcomes;
    expect(blank).toEqual({ row: 4000, ok: false, skipped: true, id: '', status: '', message: '空行，未发送 (empty row, not sent)' });
    expect(sheet.getRange(4000, columnOf(APPLICATIONS, 'rowKey')).getValue()).toBe(''); // no key written into it
    fakes.userProperties.deleteProperty('KECHUANG_API_KEY');
    expect(plain(addon.sendRows(APPLICATIONS.name, [2])).message).toMatch(/^ERROR: .*API/);
    expect(plain(addon.sendRows('资助计划 Schedule', [2])).message).toMatch(/申请 Applications/);
  });
  it("a pending send keeps what the user's property store has room for (500 kB for all of this user's properties): the rest is said, not a thrown quota error", () => {
    const { fakes, addon, sheet } = ready(APPLICATIONS);
    // Another spreadsheet's send, stopped and never resumed, already holds most of the store (61 parts of 8,000).
    const other = 'KECHUANG_PENDING_SEND:other-file:申请 Applications';
    for (let i = 0; i < 61; i++) fakes.userProperties.setProperty(`${other}#${i}`, JSON.stringify(['k'.repeat(7996)]));
    fakes.userProperties.setProperty(other, JSON.stringify({ v: 2, done: 0, from: 0, parts: 61, total: 61, notKept: 0 }));
    const rows = Array.from({ length: 300 }, (_, i) => i + 2);
    const keyOf = (r: number) => `key-${r}-${'x'.repeat(100)}`; // 300 keys of ~110 characters: about 34 kB to keep
    for (const r of rows) {
      sheet.put(r, APP);
      sheet.getRange(r, columnOf(APPLICATIONS, 'rowKey')).setValue(keyOf(r));
    }
    fakes.urlFetch.answer = () => ({ status: 201, body: { id: 'app-1', status: 'SUBMITTED' } });
    const batch = plain(addon.sendRows(APPLICATIONS.name, rows, 1));
    expect(batch.outcomes.map((o: { row: number; ok: boolean }) => [o.row, o.ok])).toEqual([[2, true]]);
    expect(batch.remaining).toEqual(rows.slice(1));
    const pending = plain(addon.getPendingSend());
    expect(pending.notKept).toBeGreaterThan(0);
    expect(pending.notKept).toBeLessThan(299);
    expect(pending).toEqual({ sheetName: APPLICATIONS.name, rows: rows.slice(1, 300 - pending.notKept), done: 1, dropped: 0, notKept: pending.notKept });
    expect(batch.message).toContain(`${pending.notKept} rows beyond what can be kept to resume`);
    // The other send is untouched.
    expect(fakes.userProperties.getProperty(`${other}#60`)).toHaveLength(8000);
  });
});

describe('row numbers', () => {
  it('a row past the end of the sheet (rows deleted between two calls) is an ERROR in both languages, not a thrown range error', () => {
    const { fakes, addon, sheet } = ready(APPLICATIONS);
    fakes.urlFetch.answer = () => ({ status: 201, body: { id: 'app-1', status: 'SUBMITTED' } });
    const last = sheet.getMaxRows();
    const batch = plain(addon.sendRows(APPLICATIONS.name, [last, last + 1, 1]));
    expect(batch.outcomes.map((o: { row: number; ok: boolean; skipped?: boolean }) => [o.row, o.ok, o.skipped ?? false])).toEqual([
      [last, false, true],
      [last + 1, false, false],
      [1, false, false],
    ]);
    expect(batch.outcomes[1].message).toBe(`ERROR: 行号无效，表中没有第 ${last + 1} 行 (invalid row ${last + 1}: not a row of the sheet)`);
    expect(fakes.urlFetch.fetches).toHaveLength(0);
  });
});

describe('testConnection', () => {
  it("answers the key's role, district and label, or why not, bilingual and never with the key", () => {
    const fakes = makeFakes();
    const addon = loadAddon(fakes.globals);
    const none = plain(addon.testConnection());
    expect(none).toMatchObject({ ok: false, role: '', district: '' });
    expect(none.message).toMatch(/未保存.*\(no API URL and key saved/);

    addon.saveSettings({ apiUrl: URL_, apiKey: KEY });
    fakes.urlFetch.answer = () => ({ status: 200, body: { id: 'k-1', role: 'municipal', roleLabel: '市级', district: null, districtLabel: null, label: '市科技局 张三' } });
    expect(plain(addon.testConnection())).toEqual({
      ok: true,
      id: 'k-1',
      role: 'municipal',
      roleLabel: '市级',
      district: '',
      districtLabel: '全市',
      label: '市科技局 张三',
      message: '连接成功：市级 · 全市 · 市科技局 张三 (connected: municipal · city-wide · 市科技局 张三)',
    });
    const call = fakes.urlFetch.fetches[0];
    expect(`${call?.method} ${call?.url}`).toBe(`GET ${URL_}/keys/me`);
    expect(call?.headers['x-api-key']).toBe(KEY);

    fakes.urlFetch.answer = () => ({ status: 200, body: { id: 'k-2', role: 'district', roleLabel: '区县', district: 'YUBEI', districtLabel: '渝北区', label: '渝北区科技局 李四' } });
    expect(plain(addon.testConnection())).toMatchObject({ ok: true, district: 'YUBEI', districtLabel: '渝北区', message: '连接成功：区县 · 渝北区 · 渝北区科技局 李四 (connected: district · YUBEI · 渝北区科技局 李四)' });

    fakes.urlFetch.answer = () => ({ status: 401, body: { error: { code: 'UNAUTHORIZED', message: 'unknown or revoked key', messageZh: '密钥无效' } } });
    const revoked = plain(addon.testConnection());
    expect(revoked).toMatchObject({ ok: false, role: '' });
    expect(revoked.message).toMatch(/^密钥无效或已吊销 \(the key is unknown or revoked\)/);

    fakes.urlFetch.answer = () => new Error('DNS error: https://api.example.cn/prod');
    const offline = plain(addon.testConnection());
    expect(offline.ok).toBe(false);
    expect(offline.message).toMatch(/^无法连接 API .*check the API URL/);
    for (const answer of [none, revoked, offline]) expect(JSON.stringify(answer)).not.toContain(KEY);
  });
});
