/**
 * Issue 14: surviving mutants of shared/policy/interpretations.ts and shared/result.ts. Errors and explanations cite
 * the interpretations they rest on as POLICY.md §5 numbers them (`本项目解释 §5.N`; `interpretation N, POLICY.md
 * §5.N`), and a problem carries a clause only when it rests on one.
 */
import { describe, expect, it } from 'vitest';
import { citeInterpretations, citeInterpretationsZh, fail, problem } from '../../shared/index.js';

describe('citing interpretations (POLICY.md §5)', () => {
  it('none cited: no text at all, whatever the lead', () => {
    expect(citeInterpretationsZh()).toBe('');
    expect(citeInterpretationsZh([], '；')).toBe('');
    expect(citeInterpretations()).toBe('');
    expect(citeInterpretations([], '; ')).toBe('');
  });
  it('one: in 中文 本项目解释 §5.N, in English "interpretation N" and its place in POLICY.md', () => {
    expect(citeInterpretationsZh([6])).toBe('本项目解释 §5.6');
    expect(citeInterpretations([6])).toBe('interpretation 6, POLICY.md §5.6');
  });
  it('several: each number, in order, 、-joined in 中文, comma-joined and plural in English', () => {
    expect(citeInterpretationsZh([1, 7])).toBe('本项目解释 §5.1、§5.7');
    expect(citeInterpretations([1, 7])).toBe('interpretations 1, 7, POLICY.md §5.1, §5.7');
  });
  it('the lead comes first, only when something is cited', () => {
    expect(citeInterpretationsZh([6], '；')).toBe('；本项目解释 §5.6');
    expect(citeInterpretations([6], '; ')).toBe('; interpretation 6, POLICY.md §5.6');
  });
});

describe('a problem carries a clause only when it rests on one', () => {
  it('without a clause there is no clause key (nothing to show, nothing sent as null)', () => {
    const p = problem('REQUIRED', 'amount', '缺少金额', 'amount is required');
    expect('clause' in p).toBe(false);
    expect(p).toStrictEqual({ code: 'REQUIRED', field: 'amount', message: 'amount is required', messageZh: '缺少金额' });
    const r = fail('REQUIRED', 'amount', '缺少金额', 'amount is required');
    expect(r.ok ? undefined : Object.keys(r.problems[0]!).sort()).toEqual(['code', 'field', 'message', 'messageZh']);
  });
  it('with one, the clause is kept', () => {
    expect(problem('OVER_CAP', 'amount', '超过上限', 'over the cap', '三(七)').clause).toBe('三(七)');
  });
});
