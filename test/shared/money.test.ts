/**
 * Amounts read exactly as written (issue 13, CONTRACT.md §2 "Amount cells"): the comma rule, floating-point noise,
 * size before precision, blanks, and what the messages say. The cases one by one are test/vectors/amounts.json.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_FEN, describeProblem, isBlank, parseOptionalYuan, parseYuan, type Result } from '../../shared/index.js';

const fenOf = (r: Result<number | undefined>) => (r.ok ? r.value : r.problems.map((p) => p.code).join());
/** A whole-yuan number written with `sep` between groups of three digits: 1234567 → 1,234,567. */
const grouped = (yuan: number, sep: string) => String(yuan).replace(/\B(?=(\d{3})+(?!\d))/g, sep);

describe('float noise of a whole fen is that fen', () => {
  it('a column of cents summed left to right (=SUM) reads as the exact sum', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 10_000, size: 'max' }), (cells) => {
        let sum = 0;
        for (const fen of cells) sum += fen / 100;
        expect(parseYuan(sum, 'received')).toEqual({ ok: true, value: cells.reduce((a, b) => a + b, 0) });
      }),
      { numRuns: 60 },
    );
  });
  it('a difference that should be 0 is 0, yet a typed sixth decimal of a yuan is refused', () => {
    expect(parseYuan(0.1 + 0.2 - 0.3, 'amount')).toEqual({ ok: true, value: 0 });
    expect(parseYuan(5_000_000.35 + 0.35 - 5_000_000.7, 'amount')).toEqual({ ok: true, value: 0 }); // -9.3e-10
    expect(parseYuan(70_000_000.01 + 0.01 - 70_000_000.02, 'amount')).toEqual({ ok: true, value: 0 }); // 1.49e-8
    for (const typed of [1.00001, 1.000001]) expect(fenOf(parseYuan(typed, 'amount'))).toBe('TOO_PRECISE');
  });
  it('=A-B of amounts up to 4e9 元 reads as the exact difference', () => {
    expect(parseYuan(1_000_000_000.55 - 1_000_000_000, 'amount')).toEqual({ ok: true, value: 55 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400_000_000_000 }), fc.integer({ min: 0, max: 400_000_000_000 }), (a, b) => {
        const [big, small] = a >= b ? [a, b] : [b, a];
        expect(parseYuan(big / 100 - small / 100, 'amount')).toEqual({ ok: true, value: big - small });
      }),
      { numRuns: 2000 },
    );
  });
  it('=A+B-C of grant-sized and larger amounts (up to 1e9 元) reads as the exact result', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(10_000_000, 10_000_000_000, 100_000_000_000),
        fc.integer({ min: 0, max: 100_000_000_000 }),
        fc.integer({ min: 0, max: 100_000_000_000 }),
        fc.integer({ min: 0, max: 100_000_000_000 }),
        (maxFen, a, b, c) => {
          [a, b, c] = [a % maxFen, b % maxFen, c % maxFen];
          fc.pre(a + b >= c);
          expect(parseYuan(a / 100 + b / 100 - c / 100, 'amount')).toEqual({ ok: true, value: a + b - c });
        },
      ),
      { numRuns: 3000 },
    );
  });
  it('a typed third decimal is refused up to 2^49 fen (≈ 5.6e12 元); past 2^43 元 a double cannot tell it from the fen', () => {
    const TOP = 2 ** 49 - 1;
    expect(9006776520259.609).toBe(9006776520259.61);
    expect(fenOf(parseYuan('9006776520259.609', 'amount'))).toBe('TOO_PRECISE');
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: TOP }), fc.integer({ min: 2 ** 48, max: TOP })), fc.integer({ min: 1, max: 9 }), (fen, third) => {
        const x = Number(`${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}${third}`);
        expect(fenOf(parseYuan(x, 'amount'))).toBe('TOO_PRECISE');
      }),
      { numRuns: 3000 },
    );
  });
  it('every amount exact to the fen is read as itself, as a number and as text', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_FEN }), (fen) => {
        const text = `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
        expect(parseYuan(Number(text), 'amount')).toEqual({ ok: true, value: fen });
        expect(parseYuan(text, 'amount')).toEqual({ ok: true, value: fen });
      }),
    );
  });
});

describe('commas are thousands separators only', () => {
  it('between groups of three digits, half-width or full-width, the amount is the one without them', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), fc.constantFrom(',', '，'), fc.constantFrom('', '¥', '￥'), fc.constantFrom('', '元'), (yuan, sep, before, after) => {
        expect(parseYuan(`${before}${grouped(yuan, sep)}.50${after}`, 'amount')).toEqual({ ok: true, value: yuan * 100 + 50 });
      }),
    );
  });
  it('anywhere else the text is refused, never read as the digits run together', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,12}$/), fc.integer({ min: 0, max: 12 }), fc.constantFrom(',', '，'), (digits, at, sep) => {
        const cut = Math.min(at, digits.length);
        const text = `${digits.slice(0, cut)}${sep}${digits.slice(cut)}`;
        // Valid only when the comma stands before exactly three digits, after 1–3 digits not starting with 0.
        fc.pre(!(digits.length - cut === 3 && cut >= 1 && cut <= 3 && digits[0] !== '0'));
        expect(fenOf(parseYuan(text, 'amount'))).toBe('INVALID_NUMBER');
      }),
    );
  });
  it('says what is wrong, naming the field, in 中文 and English', () => {
    const r = parseYuan('12,50', 'received');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(describeProblem(r.problems[0]!)).toBe(
      '金额“12,50”格式错误：逗号只能用作千位分隔符，每三位数字一组（如 1,000.50） (received: amount "12,50" is not a number: a comma may only separate groups of three digits, e.g. 1,000.50)',
    );
  });
});

describe('full-width text reads as its ASCII form (NFKC)', () => {
  /** 1,000.50 → １，０００．５０: the forms a Chinese IME types. */
  const fullWidth = (text: string) => text.replace(/[0-9.,]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  it('full-width digits, point, commas, ￥ and ideographic spaces give the same fen or the same error', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), fc.constantFrom('', ','), fc.constantFrom('', '5', '05', '005'), (yuan, sep, decimals) => {
        const text = `¥${grouped(yuan, sep)}${decimals ? `.${decimals}` : ''}元`;
        expect(fenOf(parseYuan(`　${fullWidth(text).replace('¥', '￥')}　`, 'amount'))).toBe(fenOf(parseYuan(text, 'amount')));
      }),
    );
  });
});

describe('size is checked before precision', () => {
  it('1e21 is too large, and the message says so with the largest amount', () => {
    const r = parseYuan(1e21, 'received');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]).toMatchObject({ code: 'TOO_LARGE', field: 'received' });
    expect(r.problems[0]!.message).toBe('amount is too large: more than the largest amount, 10,000,000,000,000.00 yuan');
    expect(r.problems[0]!.messageZh).toBe('金额过大：超过可处理的最大金额 10,000,000,000,000.00 元');
  });
  it('past the largest amount, as a number or as text of any length', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9]\d{14,30}(\.\d{1,6})?$/), (text) => {
        expect(fenOf(parseYuan(text, 'amount'))).toBe('TOO_LARGE');
        expect(fenOf(parseYuan(Number(text), 'amount'))).toBe('TOO_LARGE');
      }),
    );
  });
});

describe('blanks', () => {
  it('null, undefined, empty text and only spaces are blank; 0, false and text are not', () => {
    for (const blank of [null, undefined, '', ' ', '\t \n', '　']) expect(isBlank(blank)).toBe(true);
    for (const value of [0, false, '0', 'a', NaN]) expect(isBlank(value)).toBe(false);
  });
  it('a blank optional amount is none; a blank required amount is REQUIRED naming the field', () => {
    for (const blank of [null, undefined, '', '  ']) {
      expect(parseOptionalYuan(blank, 'receivedBefore')).toEqual({ ok: true, value: undefined });
      expect(parseYuan(blank, 'received')).toMatchObject({ ok: false, problems: [{ code: 'REQUIRED', field: 'received' }] });
    }
  });
});
