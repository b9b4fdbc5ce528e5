/**
 * Rows of the fake sheets by the layout's column keys, for the add-on tests that fill sheets as staff would. Apart from
 * load.ts, which test/api also loads and which so stays free of the Apps Script fakes.
 */
import type vm from 'node:vm';
import { columnOf, type SheetSpec } from '../../sheets-addon/src/layout.js';
import type { FakeSheet, FakeSpreadsheet } from './fakes/index.js';
import { shanghaiMidnight } from './load.js';

/** A sheet of the fake spreadsheet by its layout's name; throws when set-up did not make it. */
export function sheetOf(spreadsheet: FakeSpreadsheet, spec: { readonly name: string }): FakeSheet {
  const found = spreadsheet.getSheetByName(spec.name);
  if (!found) throw new Error(`no sheet ${spec.name}`);
  return found;
}

/** Types `cells` into row `row` of `sheet`, by the layout's column keys. */
export function fill(sheet: FakeSheet, spec: SheetSpec, row: number, cells: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(cells)) sheet.getRange(row, columnOf(spec, key)).setValue(value);
}

/** One cell of `sheet` by the layout's column key. */
export const cell = (sheet: FakeSheet, spec: SheetSpec, row: number, key: string): unknown => sheet.getRange(row, columnOf(spec, key)).getValue();

/** Clears what the API answered in rows 2…rows+1 (a retry that lost its answers), keeping the hidden row key. */
export function loseAnswers(sheet: FakeSheet, spec: SheetSpec, rows: number): void {
  for (const c of spec.columns) if (c.kind === 'sync' && c.key !== 'rowKey') sheet.getRange(2, columnOf(spec, c.key), rows, 1).setValue('');
}

/** A date cell as Sheets hands it over (`shanghaiMidnight`), for a day that exists; throws otherwise. */
export function day(context: vm.Context, date: string): Date {
  const d = shanghaiMidnight(context, date);
  if (!d) throw new Error(`no such day ${date}`);
  return d;
}
