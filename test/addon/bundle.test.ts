/** The built Code.js is what Apps Script needs: top-level declarations with JSDoc, no modules, runs in a bare scope. */
import { describe, expect, it } from 'vitest';
import { fakeSession } from './fakes/session.js';
import { loadAddon, readCode } from './load.js';

const CUSTOM_FUNCTIONS = ['CQ_CAP', 'CQ_TOTAL_CAP', 'CQ_SCHEDULE', 'CQ_YEAR_CAP', 'CQ_TRANSFER_SUBSIDY', 'CQ_CLAUSE', 'CQ_CHECK', 'CQ_EXPLAIN', 'CQ_RECEIVED_BEFORE', 'CQ_LABEL', 'CQ_ROW_CAP'];

describe('sheets-addon/dist/Code.js', () => {
  const code = readCode();

  it.each(CUSTOM_FUNCTIONS)('%s is a top-level function declaration whose JSDoc says @customfunction', (name) => {
    // At column 0 (top level, outside the IIFE), directly preceded by its own /** … */ block.
    const match = new RegExp(`(/\\*\\*(?:(?!\\*/)[\\s\\S])*\\*/)\\nfunction ${name}\\(([^)]*)\\) \\{`).exec(code);
    expect(match, `no top-level "function ${name}(" with a JSDoc block`).not.toBeNull();
    const jsdoc = match?.[1] ?? '';
    expect(jsdoc).toMatch(/@customfunction/);
    expect(jsdoc).toMatch(/[\u4e00-\u9fff]/); // a 中文 description
    expect(jsdoc).toMatch(/[A-Za-z]{4,} /); // and an English one
    const params = (match?.[2] ?? '').split(', ').filter(Boolean);
    expect(params.length).toBeGreaterThan(0);
    for (const p of params) expect(jsdoc).toMatch(new RegExp(`@param \\{[^}]+\\} ${p} `));
  });

  it('every CQ_ function in the bundle is one of the contract functions', () => {
    const declared = [...code.matchAll(/^function (CQ_\w+)\(/gm)].map((m) => m[1]).sort();
    expect(declared).toEqual([...CUSTOM_FUNCTIONS].sort());
  });

  it('has no import, export or require, and evaluates in a bare global scope', () => {
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    expect(code).not.toMatch(/\brequire\(/);
    const addon = loadAddon({ Session: fakeSession() });
    for (const name of CUSTOM_FUNCTIONS) expect(typeof addon[name]).toBe('function');
    expect(typeof addon.require).toBe('undefined');
  });

  it('custom functions call no Apps Script service but Session (no network)', () => {
    const touched = new Set<string>();
    const spy = (name: string): object =>
      new Proxy({}, { get: (_t, prop) => (touched.add(`${name}.${String(prop)}`), () => 'Asia/Shanghai') });
    const services = Object.fromEntries(['Session', 'UrlFetchApp', 'SpreadsheetApp', 'PropertiesService', 'LockService', 'CacheService'].map((n) => [n, spy(n)]));
    const addon = loadAddon(services);
    addon.CQ_TOTAL_CAP([['JOINT_RD_BASE']], [['2021-03-15']], [['']]);
    addon.CQ_SCHEDULE('JOINT_RD_BASE', '2021-03-15', '');
    addon.CQ_CHECK('JOINT_RD_BASE', '2021-03-15', 1, '');
    expect([...touched].filter((t) => !t.startsWith('Session.'))).toEqual([]);
    expect(touched).toContain('Session.getScriptTimeZone');
  });
});
