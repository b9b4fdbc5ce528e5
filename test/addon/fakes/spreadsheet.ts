/**
 * `SpreadsheetApp` and the spreadsheet the add-on is bound to: sheets as sparse grids of cells (value or formula),
 * with the validations, number formats, hidden columns and frozen rows set on them, the selection and the toasts.
 */
import { FakeChart, FakeChartBuilder } from './charts.js';
import type { Fake } from './google.js';
import type { FakeUi } from './ui.js';

type Value = unknown;

interface CellState {
  value: Value;
  formula: string;
}

export interface FakeRule {
  readonly kind: 'list' | 'checkbox';
  readonly values: readonly string[];
  readonly allowInvalid: boolean;
}

type RangeUsed =
  | 'getRow' | 'getNumRows' | 'getSheet' | 'getValues' | 'getValue' | 'getFormula' | 'setValues' | 'setValue' | 'setFormula'
  | 'setDataValidation' | 'setNumberFormat' | 'setFontWeight' | 'setWrap' | 'getA1Notation' | 'clearContent';

export class FakeRange implements Fake<GoogleAppsScript.Spreadsheet.Range, RangeUsed> {
  constructor(
    readonly sheet: FakeSheet,
    readonly row: number,
    readonly column: number,
    readonly numRows = 1,
    readonly numColumns = 1,
  ) {
    if (row < 1 || column < 1 || numRows < 1 || numColumns < 1) throw new Error(`bad range ${row},${column},${numRows},${numColumns}`);
  }
  private each(fn: (r: number, c: number, i: number, j: number) => void): void {
    for (let i = 0; i < this.numRows; i++) for (let j = 0; j < this.numColumns; j++) fn(this.row + i, this.column + j, i, j);
  }
  getRow(): number {
    return this.row;
  }
  getNumRows(): number {
    return this.numRows;
  }
  getSheet(): FakeSheet {
    return this.sheet;
  }
  getValues(): Value[][] {
    return Array.from({ length: this.numRows }, (_, i) => Array.from({ length: this.numColumns }, (_, j) => this.sheet.cell(this.row + i, this.column + j).value));
  }
  getValue(): Value {
    return this.sheet.cell(this.row, this.column).value;
  }
  getFormula(): string {
    return this.sheet.cell(this.row, this.column).formula;
  }
  setValues(values: Value[][]): this {
    if (values.length !== this.numRows || values.some((r) => r.length !== this.numColumns)) throw new Error('setValues: dimensions do not match the range');
    this.each((r, c, i, j) => this.sheet.set(r, c, { value: values[i]?.[j] ?? '', formula: '' }));
    return this;
  }
  setValue(value: Value): this {
    this.each((r, c) => this.sheet.set(r, c, { value, formula: '' }));
    return this;
  }
  setFormula(formula: string): this {
    this.each((r, c) => this.sheet.set(r, c, { value: '', formula }));
    return this;
  }
  setDataValidation(rule: FakeRule): this {
    this.sheet.validations.push({ column: this.column, row: this.row, rows: this.numRows, rule });
    return this;
  }
  setNumberFormat(format: string): this {
    this.each((_r, c) => this.sheet.formats.set(c, format));
    return this;
  }
  setFontWeight(): this {
    return this;
  }
  setWrap(): this {
    return this;
  }
  /** `A1` or `A1:C3` (no sheet name, as Apps Script's Range answers). */
  getA1Notation(): string {
    const a = (row: number, column: number): string => `${columnLetter(column)}${row}`;
    const first = a(this.row, this.column);
    return this.numRows === 1 && this.numColumns === 1 ? first : `${first}:${a(this.row + this.numRows - 1, this.column + this.numColumns - 1)}`;
  }
  clearContent(): this {
    this.each((r, c) => this.sheet.set(r, c, { value: '', formula: '' }));
    return this;
  }
}

function columnLetter(column: number): string {
  let n = column;
  let s = '';
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

type SheetUsed =
  | 'getName' | 'getSheetId' | 'getParent' | 'getRange' | 'getLastRow' | 'getLastColumn' | 'getMaxRows' | 'insertRowsAfter' | 'hideColumns'
  | 'setFrozenRows' | 'clearContents' | 'newChart' | 'insertChart' | 'getCharts' | 'updateChart' | 'removeChart';

export class FakeSheet implements Fake<GoogleAppsScript.Spreadsheet.Sheet, SheetUsed> {
  readonly cells = new Map<string, CellState>();
  readonly validations: { column: number; row: number; rows: number; rule: FakeRule }[] = [];
  readonly formats = new Map<number, string>();
  readonly hidden = new Set<number>();
  frozenRows = 0;
  constructor(
    readonly parent: FakeSpreadsheet,
    readonly name: string,
    readonly id: number,
    /** A new sheet has 1000 rows, as in Sheets; `insertRowsAfter` adds more. */
    private maxRows = 1000,
  ) {}
  cell(row: number, column: number): CellState {
    return this.cells.get(`${row},${column}`) ?? { value: '', formula: '' };
  }
  set(row: number, column: number, state: CellState): void {
    if (state.value === '' && state.formula === '') this.cells.delete(`${row},${column}`);
    else this.cells.set(`${row},${column}`, state);
  }
  /** Test helper: a row's values from column 1 (within the sheet's rows, as staff can type only there). */
  put(row: number, values: Value[]): void {
    if (row > this.maxRows) throw new Error(`put: row ${row} is past the sheet's ${this.maxRows} rows`);
    values.forEach((value, i) => this.set(row, i + 1, { value, formula: '' }));
  }
  getName(): string {
    return this.name;
  }
  getSheetId(): number {
    return this.id;
  }
  getParent(): FakeSpreadsheet {
    return this.parent;
  }
  /** As Sheets, refuses a range past the sheet's last row (`getMaxRows`): a sheet does not grow by being written to. */
  getRange(row: number | string, column = 1, numRows = 1, numColumns = 1): FakeRange {
    if (typeof row === 'string') throw new Error(`Sheet fake: A1 notation (${row}) is not faked`);
    if (row + numRows - 1 > this.maxRows) throw new Error('Exception: The coordinates of the range are outside the dimensions of the sheet.');
    return new FakeRange(this, row, column, numRows, numColumns);
  }
  getLastRow(): number {
    return this.last(0);
  }
  getLastColumn(): number {
    return this.last(1);
  }
  private last(part: 0 | 1): number {
    let last = 0;
    for (const key of this.cells.keys()) last = Math.max(last, Number(key.split(',')[part]));
    return last;
  }
  getMaxRows(): number {
    return this.maxRows;
  }
  /** Adds `count` empty rows after row `after`, moving the cells below them down (validations and formats stay put). */
  insertRowsAfter(after: number, count: number): this {
    if (after < 1 || after > this.maxRows || count < 1) throw new Error(`insertRowsAfter: bad position ${after} or count ${count}`);
    const moved = [...this.cells].filter(([key]) => Number(key.split(',')[0]) > after);
    for (const [key] of moved) this.cells.delete(key);
    for (const [key, state] of moved) {
      const [row, column] = key.split(',').map(Number);
      this.cells.set(`${(row ?? 0) + count},${column}`, state);
    }
    this.maxRows += count;
    return this;
  }
  hideColumns(column: number): void {
    this.hidden.add(column);
  }
  setFrozenRows(rows: number): void {
    this.frozenRows = rows;
  }
  /** Values and formulas go; formats and validations stay, as in Sheets. */
  clearContents(): this {
    this.cells.clear();
    return this;
  }
  /** The embedded charts, in the order inserted. */
  readonly charts: FakeChart[] = [];
  private nextChartId = 1;
  newChart(): FakeChartBuilder {
    return new FakeChartBuilder(undefined);
  }
  insertChart(chart: FakeChart): void {
    this.charts.push(new FakeChart(this.nextChartId++, chart.state));
  }
  getCharts(): FakeChart[] {
    return [...this.charts];
  }
  /** Replaces the chart with the same id (a `modify()`…`build()` of one of this sheet's charts). */
  updateChart(chart: FakeChart): void {
    const i = this.charts.findIndex((c) => c.id === chart.id);
    if (i < 0) throw new Error('updateChart: not a chart of this sheet');
    this.charts[i] = chart;
  }
  removeChart(chart: FakeChart): void {
    const i = this.charts.findIndex((c) => c.id === chart.id);
    if (i >= 0) this.charts.splice(i, 1);
  }
}

type SpreadsheetUsed = 'getId' | 'getSpreadsheetTimeZone' | 'getSheetByName' | 'insertSheet' | 'getActiveSheet' | 'getActiveRangeList' | 'toast';

export class FakeSpreadsheet implements Fake<GoogleAppsScript.Spreadsheet.Spreadsheet, SpreadsheetUsed> {
  readonly sheets: FakeSheet[] = [];
  active?: FakeSheet;
  selection: FakeRange[] = [];
  readonly toasts: string[] = [];
  /** How often SpreadsheetApp.flush() applied the pending writes. */
  flushes = 0;
  constructor(
    readonly id = 'sheet-file-1',
    readonly timeZone = 'Asia/Shanghai',
  ) {}
  getId(): string {
    return this.id;
  }
  getSpreadsheetTimeZone(): string {
    return this.timeZone;
  }
  getSheetByName(name: string): FakeSheet | null {
    return this.sheets.find((s) => s.name === name) ?? null;
  }
  insertSheet(name: string): FakeSheet {
    // As Apps Script: "A sheet with the name … already exists."
    if (this.getSheetByName(name)) throw new Error(`A sheet with the name "${name}" already exists. Please enter another name.`);
    const sheet = new FakeSheet(this, name, 100 + this.sheets.length);
    this.sheets.push(sheet);
    return sheet;
  }
  getActiveSheet(): FakeSheet {
    const sheet = this.active ?? this.sheets[0];
    if (!sheet) throw new Error('no sheets');
    return sheet;
  }
  getActiveRangeList() {
    const ranges = this.selection;
    return ranges.length ? ({ getRanges: () => ranges } satisfies Fake<GoogleAppsScript.Spreadsheet.RangeList, 'getRanges'>) : null;
  }
  toast(message: string): void {
    this.toasts.push(message);
  }
}

class FakeValidationBuilder implements Fake<GoogleAppsScript.Spreadsheet.DataValidationBuilder, 'requireValueInList' | 'requireCheckbox' | 'setAllowInvalid' | 'build'> {
  private rule: FakeRule = { kind: 'list', values: [], allowInvalid: true };
  requireValueInList(values: string[]): this {
    this.rule = { ...this.rule, kind: 'list', values: [...values] };
    return this;
  }
  requireCheckbox(): this {
    this.rule = { ...this.rule, kind: 'checkbox', values: [] };
    return this;
  }
  setAllowInvalid(allowInvalidData: boolean): this {
    this.rule = { ...this.rule, allowInvalid: allowInvalidData };
    return this;
  }
  build(): FakeRule {
    return this.rule;
  }
}

export function fakeSpreadsheetApp(spreadsheet: FakeSpreadsheet, ui: FakeUi) {
  return {
    getActiveSpreadsheet: () => spreadsheet,
    getUi: () => ui,
    newDataValidation: () => new FakeValidationBuilder(),
    flush: () => {
      spreadsheet.flushes++;
    },
  } satisfies Fake<GoogleAppsScript.Spreadsheet.SpreadsheetApp, 'getActiveSpreadsheet' | 'getUi' | 'newDataValidation' | 'flush'>;
}
