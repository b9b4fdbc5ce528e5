/**
 * What Sheets hands a custom function, normalised: a cell is a value ('' when blank, number, boolean, string, Date);
 * a range is a 2-D array of cells. One argument is one column; results are one row per input row.
 *
 * Shapes (CONTRACT §2): when any argument is a range, the answer is a 2-D array as tall as the tallest range; single
 * values repeat down; rows beyond a shorter range read that argument as blank (a blank first argument gives a blank
 * row, a blank required argument an `ERROR: … required`). A range wider than one column is an error naming it.
 */
import { describeProblem, isBlank, problem, type Problem } from '../../shared/index.js';

export type Cell = string | number | boolean | Date | null | undefined;
/** One argument as Sheets passes it: a single value or a range (rows × columns). */
export type Arg = Cell | Cell[][];
/** A result cell: yuan, text, or '' for a blank row. */
export type Out = string | number;

export const BLANK = '';
export const CASE_BY_CASE = 'CASE_BY_CASE';

/** The add-on's blank test is the rules module's (shared/blank.ts): an empty cell, null/undefined, or only spaces. */
export { isBlank };

/** A cell or an API field as trimmed text; null and undefined as ''. */
export function cellText(value: unknown): string {
  return value === null || value === undefined ? '' : String(value).trim();
}

export function isRange(arg: unknown): arg is unknown[][] {
  return Array.isArray(arg);
}

/** `ERROR: 中文 (field: English)` — every problem of the row, joined. */
export function errorText(problems: readonly Problem[]): string {
  return `ERROR: ${problems.map(describeProblem).join('；')}`;
}

/** A cell one of these functions filled with `ERROR: …` (errorText's form), e.g. one argument fed by another's answer. */
export function isErrorText(cell: unknown): boolean {
  return typeof cell === 'string' && cell.startsWith('ERROR: ');
}

export function warnText(problems: readonly Problem[]): string {
  return `WARN: ${problems.map(describeProblem).join('；')}`;
}

/** One argument read row by row: `at(i)` is row i's value (single values repeat; rows past a range are blank). */
export interface Column {
  readonly name: string;
  readonly height: number;
  /** A problem that spoils every row (a range wider than one column). */
  readonly problem?: Problem;
  at(row: number): unknown;
}

function column(name: string, arg: unknown): Column {
  if (!isRange(arg)) return { name, height: 1, at: () => arg };
  const rows = arg;
  const at = (row: number): unknown => {
    const r = rows[row];
    return Array.isArray(r) ? r[0] : BLANK;
  };
  const wide = rows.some((r) => Array.isArray(r) && r.length > 1);
  if (!wide) return { name, height: rows.length, at };
  // Blank rows stay blank (read from the first column); the others say which argument is too wide.
  const p = problem('RANGE_NOT_ALLOWED', name, `参数 ${name} 应为单列区域`, `argument ${name} must be a single column`);
  return { name, height: rows.length, problem: p, at };
}

/**
 * Runs `compute` once per row over the arguments and shapes the answer: a single value when every argument is a
 * single value, else a 2-D array with one row per input row. `compute` never sees a blank first argument (that row is
 * blank) and returns the cell to show. Exceptions from a row (a bug, never bad data) become that row's ERROR text so
 * one odd cell cannot blank the whole column. Rows are computed in order, top to bottom; `row` is the row's 0-based
 * position in the ranges (a running figure such as CQ_RECEIVED_BEFORE's depends on both).
 */
export function mapRows(args: readonly (readonly [name: string, value: unknown])[], compute: (get: (index: number) => unknown, row: number) => Out): Out | Out[][] {
  const columns = args.map(([name, value]) => column(name, value));
  const anyRange = args.some(([, value]) => isRange(value));
  let height = 1;
  for (const c of columns) if (c.height > height) height = c.height;
  const spoiled: Problem[] = [];
  for (const c of columns) if (c.problem) spoiled.push(c.problem);
  const first = columns[0];

  let row = 0;
  const get = (index: number): unknown => columns[index]?.at(row);
  const one = (): Out => {
    if (!first || isBlank(first.at(row))) return BLANK;
    if (spoiled.length > 0) return errorText(spoiled);
    try {
      return compute(get, row);
    } catch (error) {
      return `ERROR: 内部错误 (internal error: ${error instanceof Error ? error.message : String(error)})`;
    }
  };
  if (!anyRange) return one();
  const out: Out[][] = new Array<Out[]>(height);
  for (row = 0; row < height; row++) out[row] = [one()];
  return out;
}
