/** Reading already type-checked JSON into domain values through the rules module (codes, yuan, dates). */
import {
  lookupCode,
  lookupOptionalCode,
  parseCalendarDate,
  parseYuan,
  type CalendarDate,
  type CodeList,
  type Fen,
  type Result,
} from '../../shared/index.js';
import { fromProblems, invalid } from '../domain/errors.js';

export function must<T>(result: Result<T>): T {
  if (!result.ok) throw fromProblems(result.problems);
  return result.value;
}

export const code = <C extends string>(list: CodeList<C>, input: unknown, field: string): C => must(lookupCode(list, input, field));
export const optionalCode = <C extends string>(list: CodeList<C>, input: unknown, field: string): C | undefined =>
  must(lookupOptionalCode(list, input, field));
export const date = (input: unknown, field: string): CalendarDate => must(parseCalendarDate(input, field));
export const fen = (input: unknown, field: string): Fen => must(parseYuan(input, field));

/** A payment or receipt of nothing records nothing: it must be more than 0. */
export function positiveFen(input: unknown, field: string): Fen {
  const amount = fen(input, field);
  if (amount === 0) throw invalid(field, 'amount must be more than 0');
  return amount;
}
