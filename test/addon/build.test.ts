/** The add-on build: stubs read strictly from the entry, a deterministic dist, and the manifest's narrow scopes. */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundleCode, manifest, parseEntry, renderStubs } from '../../sheets-addon/build/build.js';

const DIST = new URL('../../sheets-addon/dist/', import.meta.url);

describe('parseEntry', () => {
  it('reads each exported function with its JSDoc and parameter names', () => {
    const stubs = parseEntry('/**\n * Hi 你好.\n * @param {string} a x\n * @customfunction\n */\nexport function CQ_X(a: Arg, b?: Cell | number): Answer {\n  return 1;\n}\n/** Plain. */\nexport function helper(): void {}\n');
    expect(stubs.map((s) => [s.name, s.params, s.customFunction])).toEqual([
      ['CQ_X', ['a', 'b'], true],
      ['helper', [], false],
    ]);
    expect(renderStubs(stubs)).toContain('*/\nfunction CQ_X(a, b) {\n  return Kechuang.CQ_X(a, b);\n}');
  });

  it('refuses what it cannot turn into a global', () => {
    expect(() => parseEntry('export function NoDoc(a: string): void {}')).toThrow(/no JSDoc/);
    expect(() => parseEntry('/** x */\nexport const CQ_Y = 1;')).toThrow(/only "export function"/);
    expect(() => parseEntry("export { a } from './a.js';")).toThrow(/re-exports/);
    expect(() => parseEntry('/** x */\nexport function f(a: Map<string, number>): void {}')).toThrow(/cannot read parameter/);
  });
});

describe('sheets-addon/dist', () => {
  it('holds exactly what clasp pushes', () => {
    expect(readdirSync(DIST).sort()).toEqual(['Code.js', 'Sidebar.html', 'appsscript.json']);
  });

  it('the manifest: V8, Asia/Shanghai, the four narrow scopes and an https URL allowlist', () => {
    const written = JSON.parse(readFileSync(new URL('appsscript.json', DIST), 'utf8'));
    expect(written).toEqual(manifest());
    expect(written.runtimeVersion).toBe('V8');
    expect(written.timeZone).toBe('Asia/Shanghai');
    expect(written.oauthScopes.map((s: string) => s.replace('https://www.googleapis.com/auth/', '')).sort()).toEqual([
      'script.container.ui',
      'script.external_request',
      'script.scriptapp',
      'spreadsheets.currentonly',
    ]);
    for (const prefix of written.urlFetchWhitelist) expect(prefix).toMatch(/^https:\/\/[^/]+\/.*$/);
  });

  it('Code.js is deterministic: the same bundle however often it is built, and the one in dist', async () => {
    const [a, b] = [await bundleCode(), await bundleCode()];
    expect(createHash('sha256').update(a).digest('hex')).toBe(createHash('sha256').update(b).digest('hex'));
    expect(readFileSync(new URL('Code.js', DIST), 'utf8')).toContain(a);
  });
});
