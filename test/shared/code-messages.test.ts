/**
 * Codes read by code or label, and what a refusal says (issue 14: mutants of shared/labels.ts and shared/codes.ts
 * that `npm run mutate -- shared` found alive). Stated on made-up lists, so the rule is not the policy's data: a
 * label matches whatever its brackets' width, quotes' shape or spaces; a refusal lists every kind asked for, in order,
 * in 中文 joined by 、 and in English by commas with "or" before the last.
 */
import { describe, expect, it } from 'vitest';
import { codeList, labelOf } from '../../shared/index.js';

const FRUIT = codeList('fruit', '水果', { APPLE: '苹果' });
const TOOL = codeList('tool', '工具', { HAMMER: '锤子（大）', QUOTE: '“引号”' });
const COLOR = codeList('color', '颜色', { RED: '红色' });
const ALL = [FRUIT, TOOL, COLOR];

describe('a label matches whatever its brackets, quotes and spaces', () => {
  it('half-width brackets and spaces inside match the full-width label', () => {
    expect(labelOf('锤子 (大)', 'code', ALL)).toEqual({ ok: true, value: '锤子（大）' });
    expect(labelOf(' 锤 子（大） ', 'code', ALL)).toEqual({ ok: true, value: '锤子（大）' });
  });
  it('straight quotes match curly ones', () => {
    expect(labelOf('"引号"', 'code', ALL)).toEqual({ ok: true, value: '“引号”' });
  });
  it('a code in any case gives its label', () => {
    expect(labelOf('hammer', 'code', ALL)).toEqual({ ok: true, value: '锤子（大）' });
  });
});

describe('a refusal lists the kinds asked for', () => {
  it('blank: a code is required, naming every kind', () => {
    expect(labelOf('  ', 'code', ALL)).toEqual({
      ok: false,
      problems: [{ code: 'REQUIRED', field: 'code', messageZh: '缺少代码（水果、工具、颜色）', message: 'a code is required (fruit, tool, color)' }],
    });
  });
  it('unknown: quoted, with "or" before the last kind', () => {
    expect(labelOf(' pear ', 'code', ALL)).toEqual({
      ok: false,
      problems: [
        {
          code: 'UNKNOWN_CODE',
          field: 'code',
          messageZh: '未知代码：pear（应为水果、工具、颜色的代码或中文名称）',
          message: 'unknown code "pear" (not a fruit, tool or color code or label)',
        },
      ],
    });
  });
  it('a number is not looked up as a code', () => {
    const r = labelOf(5, 'code', [FRUIT]);
    expect(r.ok ? r.value : r.problems[0]!.message).toBe('unknown code "5" (not a fruit code or label)');
  });
});
