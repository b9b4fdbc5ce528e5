/** The sidebar's server functions against fakes: settings, the request sent per row, idempotency, write-back (refresh: refresh.test.ts). */
import { describe, expect, it } from 'vitest';
import { makeFakes, type FetchCall } from './fakes/index.js';
import { dateOfRealm, loadAddon, plain } from './load.js';

const URL_ = 'https://abc123.execute-api.ap-east-1.amazonaws.com';
// Columns A–L of the Applications sheet (layout.ts).
const ROW = ['重庆大学联合研究院', 'Imperial College London', '国外高校', 'UK', '联合研发基地（中心）', 'LIANGJIANG', 'BIG_DATA', 'cas_academician', undefined, true, 1500000.5, ''];

function ready() {
  const fakes = makeFakes();
  const addon = loadAddon(fakes.globals);
  addon.setUpSheets();
  addon.saveSettings({ apiUrl: `${URL_}/`, apiKey: 'secret-key-1234' });
  const sheet = fakes.spreadsheet.getSheetByName('申请 Applications');
  if (!sheet) throw new Error('no sheet');
  fakes.spreadsheet.active = sheet;
  return { fakes, addon, sheet };
}
const row = (addon: ReturnType<typeof loadAddon>, date: unknown = dateOfRealm(addon, '2021-03-14T16:00:00.000Z')) => ROW.map((v, i) => (i === 8 ? date : v));
/** One row sent through the bridge's sendRows, its one outcome. */
const send1 = (addon: ReturnType<typeof loadAddon>, r: number) => plain(addon.sendRows('申请 Applications', [r])).outcomes[0];
const sync = (sheet: ReturnType<typeof ready>['sheet'], r: number) => sheet.getRange(r, 16, 1, 4).getValues()[0];

describe('settings', () => {
  it('keeps URL and key in user properties, never returns the key, refuses a non-https URL', () => {
    const fakes = makeFakes();
    const addon = loadAddon(fakes.globals);
    expect(plain(addon.getSettings())).toEqual({ apiUrl: '', hasKey: false, keyHint: '' });
    expect(plain(addon.saveSettings({ apiUrl: ` ${URL_}/ `, apiKey: 'secret-key-1234' }))).toEqual({ apiUrl: URL_, hasKey: true, keyHint: '…1234' });
    expect(JSON.stringify(addon.getSettings())).not.toContain('secret-key');
    expect(plain(addon.saveSettings({ apiUrl: URL_, apiKey: '' })).hasKey).toBe(true); // blank keeps the key
    expect(fakes.userProperties.getProperty('KECHUANG_API_KEY')).toBe('secret-key-1234');
    expect(() => addon.saveSettings({ apiUrl: 'http://example.com', apiKey: 'k' })).toThrow(/https/);
    expect(fakes.spreadsheet.sheets.flatMap((s) => [...s.cells.values()].map((c) => String(c.value)))).not.toContain('secret-key-1234');
  });
});

describe('send selected rows', () => {
  it('lists the selected data rows once each, skipping the header', () => {
    const { fakes, addon, sheet } = ready();
    for (const r of [2, 3, 4, 5]) sheet.put(r, row(addon));
    fakes.spreadsheet.selection = [sheet.getRange(1, 1, 3, 5), sheet.getRange(3, 2, 3, 1)];
    expect(plain(addon.getSelectedRows())).toEqual({ sheetName: '申请 Applications', rows: [2, 3, 4, 5] });
    fakes.spreadsheet.active = fakes.spreadsheet.getSheetByName('资助计划 Schedule') ?? undefined;
    expect(() => addon.getSelectedRows()).toThrow(/申请 Applications.*核定与支付 Approvals & payments.*成果到账 Receipts/);
  });

  it('POSTs /applications with x-api-key, an Idempotency-Key and the contract body, and writes id and status back', () => {
    const { fakes, addon, sheet } = ready();
    sheet.put(2, row(addon));
    fakes.urlFetch.answer = () => ({ status: 201, body: { id: 'app-42', status: 'SUBMITTED', category: 'JOINT_RD_BASE' } });
    const outcome = send1(addon, 2);
    expect(outcome).toEqual({ row: 2, ok: true, id: 'app-42', status: 'SUBMITTED', message: '已发送 (sent)' });
    expect(fakes.urlFetch.fetches).toHaveLength(1);
    const call = fakes.urlFetch.fetches[0] as FetchCall;
    expect(call.url).toBe(`${URL_}/applications`);
    expect(call.method).toBe('POST');
    expect(call.muteHttpExceptions).toBe(true);
    expect(call.contentType).toBe('application/json');
    expect(call.headers['x-api-key']).toBe('secret-key-1234');
    expect(call.headers['Idempotency-Key']).toBe(`kechuang-sheet-file-1-${sheet.id}-uuid-1`);
    expect(JSON.parse(call.payload ?? '')).toEqual({
      institution: '重庆大学联合研究院',
      partner: { name: 'Imperial College London', type: 'FOREIGN_UNIVERSITY', country: 'UK' },
      category: 'JOINT_RD_BASE',
      district: 'LIANGJIANG',
      field: 'BIG_DATA',
      talent: 'CAS_ACADEMICIAN',
      legalPerson: true,
      ratingDate: '2021-03-15', // a date cell at Asia/Shanghai midnight, sent as text
      requestedAmount: 1500000.5,
    });
    expect(sync(sheet, 2)).toEqual(['app-42', 'SUBMITTED', '已发送 (sent)', 'uuid-1']);
    // Sent rows are not sent again.
    expect(send1(addon, 2).id).toBe('app-42');
    expect(fakes.urlFetch.fetches).toHaveLength(1);
    // The document lock was taken and released around the row keys, then around the row, in each of the two calls.
    expect(fakes.locks.log.filter((l) => l.kind === 'document').map((l) => l.event)).toEqual(['tryLock', 'release', 'tryLock', 'release', 'tryLock', 'release', 'tryLock', 'release']);
  });

  it('a rated row sends its approved initial grant; an approved grant without a rating date is refused, naming the field', () => {
    const { fakes, addon, sheet } = ready();
    sheet.put(2, row(addon).map((v, i) => (i === 11 ? '1,000,000.50' : v)));
    sheet.put(3, row(addon, '').map((v, i) => (i === 11 ? 500000 : v)));
    fakes.urlFetch.answer = () => ({ status: 201, body: { id: 'app-5', status: 'RATED' } });
    const batch = plain(addon.sendRows('申请 Applications', [2, 3]));
    expect(JSON.parse(fakes.urlFetch.fetches[0]?.payload ?? '')).toMatchObject({ ratingDate: '2021-03-15', approvedInitial: 1000000.5 });
    expect(batch.outcomes[1].ok).toBe(false);
    expect(batch.outcomes[1].message).toMatch(/^ERROR: 核定评定资助须同时填写评定日期 \(approvedInitial: /);
    expect(fakes.urlFetch.fetches).toHaveLength(1);
  });

  it('a retry of the same row after a failure sends the same Idempotency-Key', () => {
    const { fakes, addon, sheet } = ready();
    sheet.put(2, row(addon));
    fakes.urlFetch.answer = () => new Error('Address unavailable');
    const first = send1(addon, 2);
    expect(first.ok).toBe(false);
    expect(first.message).toMatch(/^ERROR: \[NETWORK\]/);
    expect(sync(sheet, 2)?.[2]).toMatch(/^ERROR: \[NETWORK\]/);
    fakes.urlFetch.answer = () => ({ status: 201, body: { id: 'app-1', status: 'SUBMITTED' } });
    expect(send1(addon, 2).ok).toBe(true);
    const keys = fakes.urlFetch.fetches.map((f) => f.headers['Idempotency-Key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
  });

  it("writes the API's error into the row; the corrected row is sent with the same key", () => {
    const { fakes, addon, sheet } = ready();
    sheet.put(2, row(addon));
    fakes.urlFetch.answer = () => ({ status: 400, body: { error: { code: 'INVALID', message: 'district is not valid', field: 'district' } } });
    const outcome = send1(addon, 2);
    expect(outcome).toEqual({ row: 2, ok: false, id: '', status: '', message: 'ERROR: [INVALID HTTP 400] district is not valid (district)' });
    expect(sync(sheet, 2)).toEqual(['', '', outcome.message, 'uuid-1']);
    sheet.getRange(2, 6).setValue('YUBEI');
    fakes.urlFetch.answer = () => ({ status: 201, body: { id: 'app-9', status: 'SUBMITTED' } });
    expect(send1(addon, 2).id).toBe('app-9');
    expect(JSON.parse(fakes.urlFetch.fetches[1]?.payload ?? '').district).toBe('YUBEI');
    expect(fakes.urlFetch.fetches[1]?.headers['Idempotency-Key']).toBe(fakes.urlFetch.fetches[0]?.headers['Idempotency-Key']);
  });

  it('a row with bad cells is not sent; its error names the fields', () => {
    const { fakes, addon, sheet } = ready();
    sheet.put(3, row(addon, '2021-02-30').map((v, i) => (i === 4 ? 'SPACE_STATION' : v)));
    const outcome = send1(addon, 3);
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toMatch(/^ERROR: /);
    expect(outcome.message).toContain('(category:');
    expect(outcome.message).toContain('(ratingDate:');
    expect(fakes.urlFetch.fetches).toHaveLength(0);
    expect(sync(sheet, 3)?.[2]).toBe(outcome.message);
    expect(send1(addon, 4).message).toMatch(/empty row/); // nothing typed: nothing sent, nothing written
    expect(sync(sheet, 4)).toEqual(['', '', '', '']);
  });

  it('without settings nothing is sent', () => {
    const fakes = makeFakes();
    const addon = loadAddon(fakes.globals);
    addon.setUpSheets();
    fakes.spreadsheet.getSheetByName('申请 Applications')?.put(2, row(addon));
    const batch = plain(addon.sendRows('申请 Applications', [2]));
    expect(batch.message).toMatch(/API/);
    expect(batch.outcomes).toEqual([]);
    expect(fakes.urlFetch.fetches).toHaveLength(0);
  });
});
