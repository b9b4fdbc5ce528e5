/**
 * sendRows while another execution (another person's send) holds the document lock (issue 14): the two tryLocks of
 * sheets-addon/src/send.ts — the one around giving row keys and the one around each row — each have a test here that
 * fails when that lock's refusal is ignored. What staff see is asserted: nothing sent, the busy message in both
 * languages, the rows left to resume, and each row sent once under the one key it was given.
 */
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { APPLICATIONS, columnOf, header } from '../../sheets-addon/src/layout.js';
import { makeFakes, type FetchCall } from './fakes/index.js';
import { loadAddon, plain } from './load.js';
import { cell } from './sheet-cells.js';

const URL_ = 'https://api.example.cn/prod';
const APP = ['某研究院', 'MIT', 'FOREIGN_UNIVERSITY', 'US', 'JOINT_RD_BASE', 'YUBEI', 'BIG_DATA', '', '', true, ''];

/** The Applications sheet with rows 2…`last` typed (研究院 N in row N), the settings saved, the API answering 201. */
function ready(last: number) {
  const fakes = makeFakes();
  const addon = loadAddon(fakes.globals);
  addon.saveSettings({ apiUrl: URL_, apiKey: 'secret-key-lock' });
  const sheet = fakes.spreadsheet.insertSheet(APPLICATIONS.name);
  sheet.put(1, APPLICATIONS.columns.map(header));
  for (let r = 2; r <= last; r++) sheet.put(r, APP.map((v, i) => (i === 0 ? `研究院 ${r}` : v)));
  fakes.spreadsheet.active = sheet;
  let n = 0;
  fakes.urlFetch.answer = () => ({ status: 201, body: { id: `app-${++n}`, status: 'SUBMITTED' } });
  return { fakes, addon, sheet };
}

const institution = (call: FetchCall) => JSON.parse(call.payload ?? 'null').institution;
const keyHeader = (call: FetchCall) => call.headers['Idempotency-Key'];
const rowKey = (sheet: ReturnType<typeof ready>['sheet'], row: number) => cell(sheet, APPLICATIONS, row, 'rowKey');

describe('sendRows under a contended document lock', () => {
  it('another send holding the lock while it gives row keys: this call writes no key, sends nothing, keeps nothing, and says busy', () => {
    const { fakes, addon, sheet } = ready(3);
    const other = fakes.locks.getDocumentLock(); // another person's send, giving keys to the same rows
    expect(other.tryLock(0)).toBe(true);

    const busy = plain(addon.sendRows(APPLICATIONS.name, [2, 3]));
    expect(busy).toEqual({
      sheetName: APPLICATIONS.name,
      outcomes: [],
      remaining: [2, 3],
      message: 'ERROR: 其他人正在发送，请稍后继续 (busy: someone else is sending, resume later)',
    });
    expect(fakes.urlFetch.fetches).toHaveLength(0);
    // No key written beside the other send's: a row given two keys could be stored twice, once under each.
    expect([rowKey(sheet, 2), rowKey(sheet, 3)]).toEqual(['', '']);
    expect(addon.getPendingSend()).toBeNull();
    expect(fakes.userProperties.values.size).toBe(2); // the URL and key only
    expect(other.hasLock()).toBe(true); // this call did not take or drop the other's lock

    // The other send gives its keys and lets go; resuming sends each row once, under the key the other gave it.
    sheet.getRange(2, columnOf(APPLICATIONS, 'rowKey'), 2, 1).setValues([['other-key-2'], ['other-key-3']]);
    other.releaseLock();
    const resumed = plain(addon.sendRows(busy.sheetName, busy.remaining));
    expect(resumed.remaining).toEqual([]);
    expect(resumed.outcomes.map((o: { row: number; ok: boolean; id: string }) => `${o.row}:${o.ok}:${o.id}`)).toEqual(['2:true:app-1', '3:true:app-2']);
    expect(fakes.urlFetch.fetches.map(keyHeader)).toEqual([2, 3].map((r) => `kechuang-sheet-file-1-${sheet.id}-other-key-${r}`));
    expect([rowKey(sheet, 2), rowKey(sheet, 3)]).toEqual(['other-key-2', 'other-key-3']);
  });

  it('another send taking the lock between two rows: the rest is not sent, stays pending under its keys, and a resume sends each once', () => {
    const { fakes, addon, sheet } = ready(4);
    const other = fakes.locks.getDocumentLock();
    // Each row starts by reading the clock; once row 2's answer is in (and its lock let go), another send takes the lock.
    let taken = false;
    (vm.runInContext('Date', addon) as DateConstructor).now = () => {
      if (fakes.urlFetch.fetches.length === 1 && !taken) taken = other.tryLock(0);
      return 0;
    };

    const first = plain(addon.sendRows(APPLICATIONS.name, [2, 3, 4]));
    expect(taken).toBe(true);
    expect(other.hasLock()).toBe(true);
    expect(fakes.urlFetch.fetches.map(institution)).toEqual(['研究院 2']);
    expect(first.outcomes).toEqual([{ row: 2, ok: true, id: 'app-1', status: 'SUBMITTED', message: '已发送 (sent)' }]);
    expect(first.remaining).toEqual([3, 4]);
    expect(first.message).toBe('已处理 1 行：成功 1 行，剩余 2 行。其他人正在发送，已暂停，请稍后继续 (1 rows: 1 ok, 2 left; busy: someone else is sending, resume later)');
    // Rows 3 and 4 are untouched but keyed, and kept to resume.
    for (const r of [3, 4]) expect([cell(sheet, APPLICATIONS, r, 'cloudId'), cell(sheet, APPLICATIONS, r, 'syncMessage')]).toEqual(['', '']);
    const keys = [2, 3, 4].map((r) => rowKey(sheet, r));
    expect(keys).toEqual(['uuid-1', 'uuid-2', 'uuid-3']);
    expect(plain(addon.getPendingSend())).toEqual({ sheetName: APPLICATIONS.name, rows: [3, 4], done: 1, dropped: 0, notKept: 0 });

    // The other send finishes; the sidebar resumes: rows 3 and 4, once each, under the keys they were given.
    other.releaseLock();
    const pending = plain(addon.getPendingSend());
    const second = plain(addon.sendRows(pending.sheetName, pending.rows));
    expect(second.remaining).toEqual([]);
    expect(second.outcomes.map((o: { row: number; id: string }) => `${o.row}:${o.id}`)).toEqual(['3:app-2', '4:app-3']);
    expect(fakes.urlFetch.fetches.map(institution)).toEqual(['研究院 2', '研究院 3', '研究院 4']);
    expect(fakes.urlFetch.fetches.map(keyHeader)).toEqual(keys.map((k) => `kechuang-sheet-file-1-${sheet.id}-${k}`));
    expect([2, 3, 4].map((r) => rowKey(sheet, r))).toEqual(keys);
    expect(addon.getPendingSend()).toBeNull();
  });
});
