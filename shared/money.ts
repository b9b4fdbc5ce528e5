/**
 * Money is integer fen (分) inside; yuan (元) only at the edges.
 * The one rounding function of the project lives here: half up (四舍五入) to the fen.
 */
import { isBlank } from './blank.js';
import { fail, ok, type Result } from './result.js';

/** An amount in fen (1 元 = 100 分). Always a safe integer. */
export type Fen = number;

const FEN_PER_YUAN = 100;
/** The largest amount accepted at the edges: 10,000,000,000,000 元 keeps every product below 2^53. */
export const MAX_YUAN = 1e13;
export const MAX_FEN: Fen = MAX_YUAN * FEN_PER_YUAN;

/** A rate as an exact fraction, e.g. 5% = {numerator: 5, denominator: 100}. */
export interface Rate {
  readonly numerator: number;
  readonly denominator: number;
}

/** A rate as people write it: {5, 100} → `5%`. */
export const formatRate = (rate: Rate): string => `${(rate.numerator * 100) / rate.denominator}%`;

/**
 * amount × rate, rounded half up to the fen. Exact integer arithmetic for non-negative amounts
 * (no binary floating point drift: 123,456.78 元 × 5% = 6,172.839 → 6,172.84).
 */
export function applyRate(amount: Fen, rate: Rate): Fen {
  return divideHalfUp(amount * rate.numerator, rate.denominator);
}

/** numerator / denominator rounded half up (for non-negative integers). The project's one rounding rule. */
function divideHalfUp(numerator: number, denominator: number): number {
  const quotient = Math.floor(numerator / denominator);
  const remainder = numerator - quotient * denominator;
  return remainder * 2 >= denominator ? quotient + 1 : quotient;
}

/**
 * A number within floating-point noise of a whole fen is that fen (CONTRACT.md §2 "Amount cells"): noise is
 * |x·100 − fen| ≤ min(0.01, max(|x·100| · 2^-39, 2^-14)) fen, because a sum drifts in proportion to its size, a
 * difference keeps its operands' rounding (2^-14 fen covers `=A-B` of amounts up to 2^32 元), and a typed decimal past
 * the fen is further off (a third decimal 0.1 fen, a sixth 1e-4). So a seventh decimal and beyond (`0.00000025`) is
 * noise: what `=A-B` of billion-yuan cells leaves looks the same. The nearest double to a whole fen is that fen.
 * A typed third decimal is refused up to 2^49 fen (≈ 5.6e12 元), not up to MAX_YUAN: past it x·100 is rounded to 1/8
 * fen, and past 2^43 元 (≈ 8.8e12) x itself cannot tell it from the fen (`9006776520259.609` is `…259.61`); text is
 * read exactly at any size.
 */
function nearestFen(x: number): Fen | undefined {
  const scaled = x * FEN_PER_YUAN;
  const fen = Math.round(scaled);
  if (fen / FEN_PER_YUAN === x) return fen;
  const noise = Math.min(0.01, Math.max(Math.abs(scaled) * 2 ** -39, 2 ** -14));
  return Math.abs(scaled - fen) <= noise ? fen : undefined;
}

/**
 * Text amounts, read after Unicode NFKC (so full-width `１０００．５０`, `￥`, `，` and ideographic spaces, as Chinese
 * IMEs type them, read as their ASCII forms): an optional `¥` before and `元` after, a minus, the whole part with or
 * without thousands separators (only between groups of three digits, the first group not starting with 0), then `.`
 * and decimals. `12,50` is not 1,250 nor 12.50: it is refused, as is any comma elsewhere.
 */
const AMOUNT_TEXT = /^(-?)((?:[1-9]\d{0,2}(?:,\d{3})+)|\d+)(?:\.(\d*))?$/;
/** The same without separators: text that would be a number but for its commas gets the comma message. */
const NUMBER_TEXT = /^-?\d+(?:\.\d*)?$/;

/**
 * The longest amount text read, in characters: `-¥9,999,999,999,999.99元` is 23, so 40 leaves room for spaces around
 * it. Longer text is refused before it is read, on both builds alike (the API's schema documents the same bound).
 */
export const AMOUNT_TEXT_MAX = 40;

const tooLarge = (field: string): Result<never> =>
  fail('TOO_LARGE', field, `金额过大：超过可处理的最大金额 ${formatYuan(MAX_FEN)} 元`, `amount is too large: more than the largest amount, ${formatYuan(MAX_FEN)} yuan`);
const tooPrecise = (field: string, input: unknown): Result<never> =>
  fail('TOO_PRECISE', field, `金额 ${String(input)} 超过两位小数：最多精确到分`, `amount ${String(input)} has more than 2 decimal places: amounts are exact to the fen`);

/**
 * Reads an amount in yuan from the edge (a JSON number, a cell number or text like `1,234.56` / `¥1234.5` / `1000元`)
 * into fen. In this order: not a number (NaN, a misplaced comma) is INVALID_NUMBER; past MAX_YUAN (±Infinity too) is
 * TOO_LARGE; a decimal past the fen (beyond floating-point noise, see `nearestFen`) is TOO_PRECISE; a negative is
 * NEGATIVE. Every problem names `field`. Blank is REQUIRED (optional amounts: `parseOptionalYuan`).
 */
export function parseYuan(input: unknown, field: string): Result<Fen> {
  let fen: number;
  if (typeof input === 'number') {
    if (Number.isNaN(input)) return fail('INVALID_NUMBER', field, '金额不是有效数字', 'amount is not a number');
    if (Math.abs(input) > MAX_YUAN) return tooLarge(field); // ±Infinity too: JSON's 1e400
    const nearest = nearestFen(input);
    if (nearest === undefined) return tooPrecise(field, input);
    fen = nearest;
  } else if (isBlank(input)) {
    return fail('REQUIRED', field, '缺少金额', 'amount is required');
  } else if (typeof input === 'string') {
    if (input.length > AMOUNT_TEXT_MAX) {
      return fail('INVALID_NUMBER', field, `金额文本过长：最多 ${AMOUNT_TEXT_MAX} 个字符`, `amount text is longer than ${AMOUNT_TEXT_MAX} characters`);
    }
    const text = input.normalize('NFKC').trim().replace(/^(-?)¥/, '$1').replace(/元$/, '').trim();
    const match = AMOUNT_TEXT.exec(text);
    if (!match) {
      if (text.includes(',') && NUMBER_TEXT.test(text.replace(/,/g, ''))) {
        return fail(
          'INVALID_NUMBER',
          field,
          `金额“${input}”格式错误：逗号只能用作千位分隔符，每三位数字一组（如 1,000.50）`,
          `amount "${input}" is not a number: a comma may only separate groups of three digits, e.g. 1,000.50`,
        );
      }
      return fail('INVALID_NUMBER', field, `金额“${input}”格式错误`, `amount "${input}" is not a number`);
    }
    const [, sign = '', grouped = '0', decimals = ''] = match;
    // Size first: "123456789012345678.123" is too large, whatever its decimals. Fourteen digits are exact in a double.
    const whole = grouped.replace(/,/g, '').replace(/^0+(?=\d)/, '');
    if (whole.length > 14 || Number(whole) > MAX_YUAN || (Number(whole) === MAX_YUAN && /[1-9]/.test(decimals))) return tooLarge(field);
    if (decimals.length > 2) return tooPrecise(field, input.trim());
    fen = Number(whole) * FEN_PER_YUAN + Number(decimals.padEnd(2, '0'));
    if (sign === '-') fen = -fen;
  } else {
    return fail('INVALID_NUMBER', field, '金额格式错误', 'amount must be a number');
  }
  if (Object.is(fen, -0)) fen = 0;
  if (fen < 0) return fail('NEGATIVE', field, '金额不能为负数', 'amount must not be negative');
  return ok(fen);
}

/** An optional amount: blank (`''`, spaces, null, absent) is none (`undefined`); anything else as `parseYuan` reads it. */
export function parseOptionalYuan(input: unknown, field: string): Result<Fen | undefined> {
  return isBlank(input) ? ok(undefined) : parseYuan(input, field);
}

/** Fen → yuan as a number exact to the fen, for JSON and cells. */
export function toYuan(amount: Fen): number {
  return amount / FEN_PER_YUAN;
}

/** `1,234,567.80` for text output. */
export function formatYuan(amount: Fen): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const whole = Math.floor(abs / FEN_PER_YUAN);
  const fen = abs - whole * FEN_PER_YUAN;
  return `${sign}${whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fen.toString().padStart(2, '0')}`;
}
