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
