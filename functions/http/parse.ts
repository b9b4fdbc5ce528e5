/** Reading already type-checked JSON into domain values through the rules module (codes, yuan, dates). */
import {
  lookupCode,
  lookupOptionalCode,
  hasComparableName,
  parseCalendarDate,
  parseOptionalCalendarDate,
  parseOptionalYuan,
  parseYuan,
  type CalendarDate,
  type CodeList,
  type Fen,
  type Result,
} from '../../shared/index.js';
import { fromProblems, invalid } from '../domain/errors.js';
import { fieldZh, unknownCode } from './bilingual.js';

/**
 * The value, or 400 naming the field of the first problem. An unknown code of a field `lists` names is refused with
 * the valid codes and their labels (./bilingual.ts).
 */
export function must<T>(result: Result<T>, lists: Readonly<Record<string, CodeList<string>>> = {}): T {
  if (result.ok) return result.value;
  const p = result.problems[0];
  const list = p?.code === 'UNKNOWN_CODE' ? lists[p.field] : undefined;
  throw list && p ? unknownCode(list, p) : fromProblems(result.problems);
}

export const code = <C extends string>(list: CodeList<C>, input: unknown, field: string): C => must(lookupCode(list, input, field), { [field]: list });
export const optionalCode = <C extends string>(list: CodeList<C>, input: unknown, field: string): C | undefined =>
  must(lookupOptionalCode(list, input, field), { [field]: list });
export const date = (input: unknown, field: string): CalendarDate => must(parseCalendarDate(input, field));
/** An optional date: absent, null, '' or only spaces is none (`undefined`), as an optional amount is. */
export const optionalDate = (input: unknown, field: string): CalendarDate | undefined => must(parseOptionalCalendarDate(input, field));
export const fen = (input: unknown, field: string): Fen => must(parseYuan(input, field));
/** An optional amount: absent, null, '' or only spaces is none (`undefined`), as a blank cell is in the sheet. */
export const optionalFen = (input: unknown, field: string): Fen | undefined => must(parseOptionalYuan(input, field));

/** A payment or receipt of nothing records nothing: it must be more than 0. */
export function positiveFen(input: unknown, field: string): Fen {
  const amount = fen(input, field);
  if (amount === 0) throw invalid(field, `${field} must be more than 0`, `${fieldZh(field)}须大于 0`);
  return amount;
}

/**
 * A partner's name as given (trimmed), refused where it has no letters or digits once normalised (a zero-width space,
 * dashes): such a name could never be counted towards the goal nor merged (../services/partners.ts refuses it too).
 * The message names the field in both languages, as every other refusal here does.
 */
export function partnerName(input: string, field: string): string {
  const name = input.trim();
  if (!hasComparableName(name)) throw invalid(field, `${field} "${name}" has no letters or digits to compare`, `${fieldZh(field)}“${name}”没有可比较的文字或数字`);
  return name;
}
