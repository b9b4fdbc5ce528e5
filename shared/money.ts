/**
 * Money is integer fen (分) inside; yuan (元) only at the edges.
 * The one rounding function of the project lives here: half up (四舍五入) to the fen.
 */
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

export interface YuanOptions {
  /** Allow negative amounts (refunds, corrections). Default false. */
  readonly allowNegative?: boolean;
}

/**
 * Reads an amount in yuan from the edge (a JSON number, a cell number or text like `1,234.56` / `¥1234.5`)
 * into fen. More than two decimals, NaN, Infinity, or a negative where not allowed is a problem naming `field`.
 */
export function parseYuan(input: unknown, field: string, options: YuanOptions = {}): Result<Fen> {
  let fen: number;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return fail('INVALID_NUMBER', field, '金额不是有效数字', 'amount is not a finite number');
    fen = Math.round(input * FEN_PER_YUAN);
    // A float like 0.1 is stored as 0.1000000000000000055…: accept it when it is the nearest double to a fen value.
    if (fen / FEN_PER_YUAN !== input) {
      return fail('TOO_PRECISE', field, '金额最多保留两位小数（分）', 'amount has more than 2 decimal places (fen)');
    }
  } else if (typeof input === 'string') {
    const text = input.trim().replace(/^[¥￥]/, '').replace(/,/g, '').replace(/元$/, '').trim();
    const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(text);
    if (!match) return fail('INVALID_NUMBER', field, '金额格式错误', `amount "${input}" is not a number`);
    const [, sign = '', whole = '0', decimals = ''] = match;
    if (decimals.length > 2) {
      return fail('TOO_PRECISE', field, '金额最多保留两位小数（分）', 'amount has more than 2 decimal places (fen)');
    }
    fen = Number(whole) * FEN_PER_YUAN + Number(decimals.padEnd(2, '0'));
    if (sign === '-') fen = -fen;
  } else if (input === null || input === undefined || input === '') {
    return fail('REQUIRED', field, '缺少金额', 'amount is required');
  } else {
    return fail('INVALID_NUMBER', field, '金额格式错误', 'amount must be a number');
  }
  if (Object.is(fen, -0)) fen = 0;
  if (fen < 0 && !options.allowNegative) return fail('NEGATIVE', field, '金额不能为负数', 'amount must not be negative');
  if (Math.abs(fen) > MAX_FEN) return fail('TOO_LARGE', field, '金额超出可处理范围', `amount exceeds ${MAX_YUAN} yuan`);
  return ok(fen);
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
