/** The fakes' own behaviour where a test of the add-on leans on it: locks that contend, a UrlFetchApp that never answers by itself. */
import { describe, expect, it } from 'vitest';
import { makeFakes } from './fakes/index.js';

describe('LockService fake', () => {
  it('the script lock and the document lock are separate; a held lock refuses every other holder until released', () => {
    const { locks } = makeFakes();
    const mine = locks.getScriptLock();
    const other = locks.getScriptLock();
    expect(mine.tryLock(1000)).toBe(true);
    expect(mine.hasLock()).toBe(true);
    expect(other.tryLock(1000)).toBe(false);
    expect(other.hasLock()).toBe(false);
    expect(() => other.waitLock(1000)).toThrow(/Lock timeout/);
    expect(locks.getDocumentLock().tryLock(1000)).toBe(true); // another lock altogether
    other.releaseLock(); // releasing a lock one does not hold changes nothing
    expect(mine.hasLock()).toBe(true);
    mine.releaseLock();
    expect(other.tryLock(1000)).toBe(true);
    other.waitLock(1000); // already its own: returns
    expect(locks.log.map((e) => `${e.kind}:${e.event}:${e.ok ?? ''}`)).toEqual([
      'script:tryLock:true',
      'script:tryLock:false',
      'script:waitLock:false',
      'document:tryLock:true',
      'script:release:',
      'script:release:',
      'script:tryLock:true',
      'script:waitLock:true',
    ]);
  });
});

describe('UrlFetchApp fake', () => {
  it('fails a request no test chose an answer for, naming it', () => {
    const { urlFetch } = makeFakes();
    expect(() => urlFetch.fetch('https://api.example.cn/applications', { method: 'post', payload: '{}' })).toThrow(
      'UrlFetchApp fake: no answer set for POST https://api.example.cn/applications',
    );
    expect(urlFetch.fetches).toHaveLength(1);
  });
});

describe('UrlFetchApp fake: fetchAll', () => {
  it('answers each request through the same answer hook as fetch, in order, and counts the round trip', () => {
    const { urlFetch } = makeFakes();
    urlFetch.answer = (call) => ({ status: call.url.endsWith('/b') ? 404 : 200, body: { url: call.url, key: call.headers['x-api-key'] } });
    const answers = urlFetch.fetchAll(['https://x/a', { url: 'https://x/b', headers: { 'x-api-key': 'k' }, muteHttpExceptions: true }]);
    expect(answers.map((a) => [a.getResponseCode(), JSON.parse(a.getContentText())])).toEqual([
      [200, { url: 'https://x/a' }],
      [404, { url: 'https://x/b', key: 'k' }],
    ]);
    expect(urlFetch.fetchAlls).toBe(1);
    expect(urlFetch.fetches.map((f) => f.url)).toEqual(['https://x/a', 'https://x/b']);
    expect(() => urlFetch.fetchAll([{ url: 'https://x/b' }])).toThrow('Request failed returned code 404'); // not muted
  });
});

describe('embedded charts fake', () => {
  it('records type, A1 ranges and options; insert gives an id, modify+updateChart replaces in place, removeChart removes', () => {
    const { spreadsheet, globals } = makeFakes();
    const sheet = spreadsheet.insertSheet('汇总 Dashboard');
    const ChartType = (globals.Charts as { ChartType: Record<string, string> }).ChartType;
    sheet.insertChart(sheet.newChart().setChartType(ChartType.COLUMN ?? '').addRange(sheet.getRange(3, 5, 3, 3)).setOption('title', '年度').setPosition(3, 13, 0, 0).build());
    sheet.insertChart(sheet.newChart().setChartType(ChartType.BAR ?? '').addRange(sheet.getRange(1, 1)).build());
    const [first, second] = sheet.getCharts();
    if (!first || !second) throw new Error('two charts expected');
    expect(first.spec()).toEqual({ id: 1, type: 'COLUMN', ranges: ['E3:G5'], options: { title: '年度' }, position: { row: 3, column: 13, offsetX: 0, offsetY: 0 } });
    expect(first.getOptions().get('title')).toBe('年度');
    sheet.updateChart(first.modify().clearRanges().addRange(sheet.getRange(3, 5, 2, 3)).setOption('title', '新').build());
    expect(sheet.getCharts().map((c) => c.spec().ranges)).toEqual([['E3:G4'], ['A1']]);
    expect(first.spec().ranges).toEqual(['E3:G5']); // the old object is unchanged until updated: Apps Script's charts are values
    sheet.removeChart(second);
    expect(sheet.getCharts().map((c) => c.spec().options.title)).toEqual(['新']);
    expect(() => sheet.updateChart(sheet.newChart().build())).toThrow(/not a chart/);
  });
});

describe('PropertiesService fake', () => {
  it("refuses, as Apps Script does, a value over 9 kB and a store over 500 kB; replacing a value does not count it twice", () => {
    const props = makeFakes().userProperties;
    props.setProperty('a', 'x'.repeat(9 * 1024));
    expect(() => props.setProperty('b', 'x'.repeat(9 * 1024 + 1))).toThrow(/Argument too large/);
    expect(() => props.setProperty('c', '中'.repeat(3 * 1024 + 1))).toThrow(/Argument too large/); // 3 bytes each in UTF-8
    for (let i = 0; i < 54; i++) props.setProperty(`part${i}`, 'x'.repeat(9 * 1024));
    props.setProperty('part0', 'y'.repeat(9 * 1024));
    expect(() => props.setProperty('one-more', 'x'.repeat(9 * 1024))).toThrow(/property storage quota/);
    expect(props.getProperty('one-more')).toBeNull();
    expect(props.getProperty('part0')).toBe('y'.repeat(9 * 1024));
  });
});

describe('Sheet fake: its rows', () => {
  it('refuses, as Sheets does, a range or a typed row past getMaxRows; insertRowsAfter adds rows and moves those below', () => {
    const sheet = makeFakes().spreadsheet.insertSheet('s');
    expect(sheet.getMaxRows()).toBe(1000);
    expect(() => sheet.getRange(1000, 1)).not.toThrow();
    expect(() => sheet.getRange(1001, 1)).toThrow(/outside the dimensions of the sheet/);
    expect(() => sheet.getRange(999, 1, 2, 3)).not.toThrow();
    expect(() => sheet.getRange(999, 1, 3, 1)).toThrow(/outside the dimensions of the sheet/);
    expect(() => sheet.put(1001, ['x'])).toThrow(/past the sheet's 1000 rows/);
    sheet.put(2, ['a']);
    sheet.put(3, ['b', 'c']);
    sheet.insertRowsAfter(2, 5);
    expect(sheet.getMaxRows()).toBe(1005);
    expect(sheet.getRange(2, 1, 7, 2).getValues()).toEqual([['a', ''], ['', ''], ['', ''], ['', ''], ['', ''], ['', ''], ['b', 'c']]);
    expect(() => sheet.getRange(1005, 1).setValue('z')).not.toThrow();
    expect(() => sheet.insertRowsAfter(1006, 1)).toThrow(/bad position/);
  });
});
