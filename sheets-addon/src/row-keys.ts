/**
 * The hidden rowKey column: each input row's own key, made once and never changed, so a row keeps its Idempotency-Key
 * and its place in a pending send however the sheet is sorted (a row number would point at another row after a sort).
 */
import { cellText, isBlank } from './cells.js';
import { columnOf, type SheetSpec } from './layout.js';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** A data row of `sheet`: a whole number from 2 (under the header) to its last row (Sheets refuses a range past it). */
export function isDataRow(sheet: Sheet, row: number): boolean {
  return Number.isInteger(row) && row >= 2 && row <= sheet.getMaxRows();
}

/** Runs of consecutive rows (`[first, count]`) of the data rows among `rows`, each once. */
function runs(sheet: Sheet, rows: readonly number[]): [number, number][] {
  const sorted = [...new Set(rows.filter((r) => isDataRow(sheet, r)))].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const row of sorted) {
    const last = out[out.length - 1];
    if (last && last[0] + last[1] === row) last[1]++;
    else out.push([row, 1]);
  }
  return out;
}

/** Whether a row (its cells in the spec's column order) has anything typed in an input column (not formula, not sync). */
export function hasInput(spec: SheetSpec, cells: readonly unknown[]): boolean {
  return spec.columns.some((c, i) => c.kind !== 'formula' && c.kind !== 'sync' && !isBlank(cells[i]));
}

/** Runs (`[from, count]`) of the rows in `column` (0-based) that have no key. */
function unkeyed(column: readonly (readonly [string])[]): [number, number][] {
  const out: [number, number][] = [];
  column.forEach(([key], i) => {
    if (key) return;
    const last = out[out.length - 1];
    if (last && last[0] + last[1] === i) last[1]++;
    else out.push([i, 1]);
  });
  return out;
}

/**
 * Gives every row of `rows` that has something typed in it and no key its key (Utilities.getUuid); answers each keyed
 * row's key. Per run of consecutive rows: one read of the rowKey column, a read of whole rows only where a key is
 * missing (so the sidebar's later calls, whose rows are keyed, read one column), and at most one write of the column.
 * A row with nothing typed gets none (and is not in the answer): writing into it would make an empty row look used.
 */
export function giveRowKeys(sheet: Sheet, spec: SheetSpec, rows: readonly number[]): Map<number, string> {
  const keys = new Map<number, string>();
  const keyColumn = columnOf(spec, 'rowKey');
  for (const [first, count] of runs(sheet, rows)) {
    const column = sheet
      .getRange(first, keyColumn, count, 1)
      .getValues()
      .map((r): [string] => [cellText(r[0])]);
    let made = false;
    for (const [from, n] of unkeyed(column)) {
      sheet
        .getRange(first + from, 1, n, spec.columns.length)
        .getValues()
        .forEach((cells, j) => {
          if (!hasInput(spec, cells)) return;
          column[from + j] = [Utilities.getUuid()];
          made = true;
        });
    }
    column.forEach(([key], i) => {
      if (key) keys.set(first + i, key);
    });
    if (made) sheet.getRange(first, keyColumn, count, 1).setValues(column);
  }
  return keys;
}

/** Where each row key is now (rows 2 … the last), in one read; a key found twice keeps its first row. */
export function rowsByKey(sheet: Sheet, spec: SheetSpec): Map<string, number> {
  const found = new Map<string, number>();
  const last = sheet.getLastRow();
  if (last < 2) return found;
  const column = sheet.getRange(2, columnOf(spec, 'rowKey'), last - 1, 1).getValues();
  column.forEach(([value], i) => {
    const key = cellText(value);
    if (key && !found.has(key)) found.set(key, i + 2);
  });
  return found;
}
