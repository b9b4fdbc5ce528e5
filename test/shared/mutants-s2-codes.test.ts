/**
 * Issue 14: surviving mutants of shared/codes.ts and shared/labels.ts. Every refusal names its field and says in 中文
 * and in English what was expected (CONTRACT.md §2: "a clear message naming the field, in 中文 and English"); stated on
 * a made-up list, so the rule is not the policy's data.
 */
import { describe, expect, it } from 'vitest';
import { codeList, labelOf, lookupCode, lookupOptionalCode } from '../../shared/index.js';

const FRUIT = codeList('fruit', '水果', { APPLE: '苹果' });

describe('lookupCode: a refusal names the list in both languages', () => {
  it('a blank is refused as required, naming the kind in 中文 and English', () => {
    for (const blank of ['', '   ', null, undefined]) {
      const r = lookupCode(FRUIT, blank, 'fruitCell');
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0]).toMatchObject({ code: 'REQUIRED', field: 'fruitCell' });
      expect(r.problems[0]!.messageZh).toContain('缺少水果');
      expect(r.problems[0]!.message).toContain('fruit is required');
    }
  });
  it('a value that is not text is refused, saying a code or a label is expected, in both languages', () => {
    for (const notText of [5, true, {}]) {
      const r = lookupCode(FRUIT, notText, 'fruitCell');
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.problems[0]).toMatchObject({ code: 'UNKNOWN_CODE', field: 'fruitCell' });
      expect(r.problems[0]!.messageZh).toContain('水果');
      expect(r.problems[0]!.messageZh).toContain('代码或中文名称');
      expect(r.problems[0]!.message).toContain('fruit');
      expect(r.problems[0]!.message).toContain('code or label');
    }
  });
  it('an optional code refuses a non-blank value that is not text the same way', () => {
    const r = lookupOptionalCode(FRUIT, 7, 'fruitCell');
    expect(r.ok ? undefined : r.problems[0]!.message).toContain('fruit');
  });
});

describe('lookupCode: quotes written either way match (codes.ts normaliseLabel)', () => {
  it('curly quotes typed match a label written with straight ones', () => {
    const SIGN = codeList('sign', '标志', { QUOTED: '"引号"' });
    expect(lookupCode(SIGN, '“引号”', 'sign')).toEqual({ ok: true, value: 'QUOTED' });
    expect(lookupCode(SIGN, '"引号"', 'sign')).toEqual({ ok: true, value: 'QUOTED' });
  });
  it('the code itself, in any case, is found too', () => {
    const SIGN = codeList('sign', '标志', { QUOTED: '"引号"' });
    expect(lookupCode(SIGN, ' quoted ', 'sign')).toEqual({ ok: true, value: 'QUOTED' });
  });
});

describe('labelOf: no input at all is a missing code, not an unknown one', () => {
  it('null and undefined are refused as required, naming every kind', () => {
    for (const nothing of [null, undefined]) {
      const r = labelOf(nothing, 'code', [FRUIT]);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.problems[0]).toMatchObject({ code: 'REQUIRED', field: 'code', messageZh: '缺少代码（水果）', message: 'a code is required (fruit)' });
    }
  });
});
