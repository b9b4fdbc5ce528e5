/**
 * Small fakes of the Apps Script services the add-on touches, with just enough behaviour to check what it does:
 * a grid of cells with formulas, validations and formats; a menu recorder; user properties; UrlFetchApp answering
 * from a handler; locks; triggers; UUIDs. Nothing else.
 */
type Value = unknown;

interface CellState {
  value: Value;
  formula: string;
}

export class FakeRange {
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
  getColumn(): number {
    return this.column;
  }
  getNumRows(): number {
    return this.numRows;
  }
  getNumColumns(): number {
    return this.numColumns;
  }
  getSheet(): FakeSheet {
    return this.sheet;
  }
  getValues(): Value[][] {
    const out: Value[][] = Array.from({ length: this.numRows }, () => new Array<Value>(this.numColumns).fill(''));
    this.each((r, c, i, j) => {
      (out[i] as Value[])[j] = this.sheet.cell(r, c).value;
    });
    return out;
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
}

export interface FakeRule {
  readonly kind: 'list' | 'checkbox';
  readonly values: readonly string[];
  readonly allowInvalid: boolean;
}

export class FakeSheet {
  readonly cells = new Map<string, CellState>();
  readonly validations: { column: number; row: number; rows: number; rule: FakeRule }[] = [];
  readonly formats = new Map<number, string>();
  readonly hidden = new Set<number>();
  frozenRows = 0;
  constructor(
    readonly parent: FakeSpreadsheet,
    readonly name: string,
    readonly id: number,
    readonly maxRows = 1000,
  ) {}
  cell(row: number, column: number): CellState {
    return this.cells.get(`${row},${column}`) ?? { value: '', formula: '' };
  }
  set(row: number, column: number, state: CellState): void {
    if (state.value === '' && state.formula === '') this.cells.delete(`${row},${column}`);
    else this.cells.set(`${row},${column}`, state);
  }
  /** Test helper: a row's values from column 1. */
  put(row: number, values: Value[]): void {
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
  getRange(row: number, column: number, numRows = 1, numColumns = 1): FakeRange {
    return new FakeRange(this, row, column, numRows, numColumns);
  }
  getLastRow(): number {
    let last = 0;
    for (const key of this.cells.keys()) last = Math.max(last, Number(key.split(',')[0]));
    return last;
  }
  getLastColumn(): number {
    let last = 0;
    for (const key of this.cells.keys()) last = Math.max(last, Number(key.split(',')[1]));
    return last;
  }
  getMaxRows(): number {
    return this.maxRows;
  }
  hideColumns(column: number): void {
    this.hidden.add(column);
  }
  setFrozenRows(rows: number): void {
    this.frozenRows = rows;
  }
}

export class FakeSpreadsheet {
  readonly sheets: FakeSheet[] = [];
  active?: FakeSheet;
  selection: FakeRange[] = [];
  toasts: string[] = [];
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
    const sheet = new FakeSheet(this, name, 100 + this.sheets.length);
    this.sheets.push(sheet);
    return sheet;
  }
  getActiveSheet(): FakeSheet {
    const sheet = this.active ?? this.sheets[0];
    if (!sheet) throw new Error('no sheets');
    return sheet;
  }
  getActiveRangeList(): { getRanges(): FakeRange[] } | null {
    return this.selection.length ? { getRanges: () => this.selection } : null;
  }
  toast(message: string): void {
    this.toasts.push(message);
  }
}

class RuleBuilder {
  private rule: FakeRule = { kind: 'list', values: [], allowInvalid: true };
  requireValueInList(values: string[]): this {
    this.rule = { ...this.rule, kind: 'list', values: [...values] };
    return this;
  }
  requireCheckbox(): this {
    this.rule = { ...this.rule, kind: 'checkbox', values: [] };
    return this;
  }
  setAllowInvalid(allow: boolean): this {
    this.rule = { ...this.rule, allowInvalid: allow };
    return this;
  }
  build(): FakeRule {
    return this.rule;
  }
}

export interface FetchCall {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly payload?: string;
  readonly contentType?: string;
  readonly muteHttpExceptions?: boolean;
}
export type FetchAnswer = { status: number; body: unknown } | Error;

export interface Fakes {
  readonly spreadsheet: FakeSpreadsheet;
  readonly menus: { title: string; items: [string, string][] }[];
  readonly alerts: string[];
  readonly sidebars: { file: string; title: string }[];
  readonly userProperties: Map<string, string>;
  readonly fetches: FetchCall[];
  /** How UrlFetchApp answers; by default 201 with a fresh id. */
  answer: (call: FetchCall) => FetchAnswer;
  readonly locks: { kind: 'script' | 'document'; event: 'tryLock' | 'release'; ok?: boolean }[];
  lockAvailable: boolean;
  readonly triggers: { handler: string; sourceId: string; event: string }[];
  readonly globals: Record<string, unknown>;
}

export function makeFakes(spreadsheet = new FakeSpreadsheet()): Fakes {
  let uuid = 0;
  let lockHeld = false;
  const fakes: Fakes = {
    spreadsheet,
    menus: [],
    alerts: [],
    sidebars: [],
    userProperties: new Map(),
    fetches: [],
    answer: () => ({ status: 201, body: { id: `app-${fakes.fetches.length}`, status: 'SUBMITTED' } }),
    locks: [],
    lockAvailable: true,
    triggers: [],
    globals: {},
  };
  const lock = (kind: 'script' | 'document') => ({
    tryLock(): boolean {
      const ok = fakes.lockAvailable && !lockHeld;
      if (ok) lockHeld = true;
      fakes.locks.push({ kind, event: 'tryLock', ok });
      return ok;
    },
    waitLock(): void {
      if (!this.tryLock()) throw new Error('Lock timeout');
    },
    hasLock: () => lockHeld,
    releaseLock(): void {
      lockHeld = false;
      fakes.locks.push({ kind, event: 'release' });
    },
  });
  const ui = {
    createMenu(title: string) {
      const menu = { title, items: [] as [string, string][] };
      const builder = {
        addItem(caption: string, fn: string) {
          menu.items.push([caption, fn]);
          return builder;
        },
        addSeparator: () => builder,
        addToUi: () => void fakes.menus.push(menu),
      };
      return builder;
    },
    alert: (message: string) => void fakes.alerts.push(message),
    showSidebar: (html: { file: string; title: string }) => void fakes.sidebars.push(html),
  };
  Object.assign(fakes.globals, {
    SpreadsheetApp: {
      getActiveSpreadsheet: () => spreadsheet,
      getActive: () => spreadsheet,
      getUi: () => ui,
      newDataValidation: () => new RuleBuilder(),
    },
    HtmlService: {
      createHtmlOutputFromFile(file: string) {
        const html = {
          file,
          title: '',
          setTitle(title: string) {
            html.title = title;
            return html;
          },
        };
        return html;
      },
    },
    PropertiesService: {
      getUserProperties: () => ({
        getProperty: (k: string) => fakes.userProperties.get(k) ?? null,
        setProperty: (k: string, v: string) => void fakes.userProperties.set(k, v),
        deleteProperty: (k: string) => void fakes.userProperties.delete(k),
      }),
    },
    UrlFetchApp: {
      fetch(url: string, options: { method?: string; headers?: Record<string, string>; payload?: string; contentType?: string; muteHttpExceptions?: boolean }) {
        const call: FetchCall = {
          url,
          method: (options.method ?? 'get').toUpperCase(),
          headers: { ...(options.headers ?? {}) },
          ...(options.payload !== undefined ? { payload: options.payload } : {}),
          ...(options.contentType !== undefined ? { contentType: options.contentType } : {}),
          ...(options.muteHttpExceptions !== undefined ? { muteHttpExceptions: options.muteHttpExceptions } : {}),
        };
        fakes.fetches.push(call);
        const answer = fakes.answer(call);
        if (answer instanceof Error) throw answer;
        if (answer.status >= 400 && !options.muteHttpExceptions) throw new Error(`Request failed returned code ${answer.status}`);
        const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
        return { getResponseCode: () => answer.status, getContentText: () => text };
      },
    },
    LockService: { getScriptLock: () => lock('script'), getDocumentLock: () => lock('document') },
    ScriptApp: {
      getProjectTriggers: () =>
        fakes.triggers.map((t) => ({ getHandlerFunction: () => t.handler, getTriggerSourceId: () => t.sourceId, getEventType: () => t.event })),
      newTrigger(handler: string) {
        return {
          forSpreadsheet: (ss: FakeSpreadsheet) => ({
            onFormSubmit: () => ({ create: () => void fakes.triggers.push({ handler, sourceId: ss.getId(), event: 'ON_FORM_SUBMIT' }) }),
          }),
        };
      },
    },
    Utilities: { getUuid: () => `uuid-${++uuid}` },
    Session: { getScriptTimeZone: () => spreadsheet.timeZone },
  });
  return fakes;
}
