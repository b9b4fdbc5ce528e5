/**
 * Amount text and its messages, rule by rule (issue 14: the mutants `npm run mutate -- shared` found alive in
 * shared/money.ts). CONTRACT.md §2 "Amount cells": an optional `¥` BEFORE and `元` AFTER the number, spaces around
 * either, thousands separators, leading zeros, the largest amount 10,000,000,000,000 元 exactly (not a fen more), and
 * every refusal names its field in 中文 and English.
 */
import { describe, expect, it } from 'vitest';
import { MAX_FEN, formatYuan, parseYuan, type Result } from '../../shared/index.js';

const problem = (r: Result<number>) => {
  if (r.ok) throw new Error(`expected a refusal, got ${r.value}`);
  expect(r.problems).toHaveLength(1);
  return r.problems[0]!;
};

describe('the ¥ and 元 marks: only before and after the number, spaces allowed around them', () => {
  it('reads ¥ before and 元 after, with spaces between the mark and the number', () => {
    expect(parseYuan('¥ 5', 'amount')).toEqual({ ok: true, value: 500 });
    expect(parseYuan('5 元', 'amount')).toEqual({ ok: true, value: 500 });
    expect(parseYuan(' -¥0 元 ', 'amount')).toEqual({ ok: true, value: 0 });
  });

  it('refuses ¥ after the number and 元 before it', () => {
    expect(problem(parseYuan('5¥', 'amount')).code).toBe('INVALID_NUMBER');
    expect(problem(parseYuan('元5', 'amount')).code).toBe('INVALID_NUMBER');
  });
});

describe('leading zeros are the same number, and do not count towards its size', () => {
  it('007 is 7 元', () => {
    expect(parseYuan('007', 'amount')).toEqual({ ok: true, value: 700 });
  });
  it('fifteen zeros before a 1 are still 1 元, not a number too large', () => {
    expect(parseYuan(`${'0'.repeat(15)}1.00`, 'amount')).toEqual({ ok: true, value: 100 });
  });
});

describe('the largest amount in text: 10,000,000,000,000 元 exactly', () => {
  it('is accepted, with or without separators and zero decimals', () => {
    expect(parseYuan('10,000,000,000,000.00', 'amount')).toEqual({ ok: true, value: MAX_FEN });
    expect(parseYuan('10000000000000', 'amount')).toEqual({ ok: true, value: MAX_FEN });
  });
  it('one fen more, one yuan more, or a fourteen-digit number above it, is too large', () => {
    expect(problem(parseYuan('10000000000000.01', 'amount')).code).toBe('TOO_LARGE');
    expect(problem(parseYuan('10000000000001', 'amount')).code).toBe('TOO_LARGE');
    expect(problem(parseYuan('99999999999999', 'amount')).code).toBe('TOO_LARGE');
  });
});

describe('every refusal names its field, in 中文 and English', () => {
  it('blank: required', () => {
    expect(problem(parseYuan('  ', 'paid'))).toEqual({ code: 'REQUIRED', field: 'paid', messageZh: '缺少金额', message: 'amount is required' });
  });
  it('NaN: not a number', () => {
    expect(problem(parseYuan(Number.NaN, 'paid'))).toEqual({ code: 'INVALID_NUMBER', field: 'paid', messageZh: '金额不是有效数字', message: 'amount is not a number' });
  });
  it('neither number nor text: must be a number', () => {
    expect(problem(parseYuan(true, 'paid'))).toEqual({ code: 'INVALID_NUMBER', field: 'paid', messageZh: '金额格式错误', message: 'amount must be a number' });
  });
  it('negative', () => {
    expect(problem(parseYuan('-1', 'paid'))).toEqual({ code: 'NEGATIVE', field: 'paid', messageZh: '金额不能为负数', message: 'amount must not be negative' });
  });
  it('text longer than 40 characters', () => {
    expect(problem(parseYuan('1'.padStart(41, ' '), 'paid'))).toEqual({
      code: 'INVALID_NUMBER',
      field: 'paid',
      messageZh: '金额文本过长：最多 40 个字符',
      message: 'amount text is longer than 40 characters',
    });
  });
  it('text that is no number gets the plain message, not the comma one', () => {
    expect(problem(parseYuan('abc', 'paid'))).toEqual({ code: 'INVALID_NUMBER', field: 'paid', messageZh: '金额“abc”格式错误', message: 'amount "abc" is not a number' });
  });
  it('a comma in text that would be no number without it still gets the plain message', () => {
    expect(problem(parseYuan('a,b', 'paid')).message).toBe('amount "a,b" is not a number');
  });
  it('a third decimal quotes the amount as typed, without the spaces around it', () => {
    expect(problem(parseYuan('  1.234 ', 'paid'))).toEqual({
      code: 'TOO_PRECISE',
      field: 'paid',
      messageZh: '金额 1.234 超过两位小数：最多精确到分',
      message: 'amount 1.234 has more than 2 decimal places: amounts are exact to the fen',
    });
  });
});

describe('formatYuan', () => {
  it('writes zero without a minus, and a negative with one', () => {
    expect(formatYuan(0)).toBe('0.00');
    expect(formatYuan(-1)).toBe('-0.01');
  });
});
