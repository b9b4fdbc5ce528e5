/**
 * A formula evaluator for the fake spreadsheet: computes every formula cell the way Sheets would and writes the
 * results into the cells as their values (the formula stays). It knows exactly two kinds of formula, the two kinds
 * set-up writes, and throws on anything else, so a typo in layout.ts fails a test instead of leaving a blank:
 *
 * - `=CQ_NAME(arg, …)`: the BUILT add-on's custom function `addon.CQ_NAME`, called as Sheets calls it. An argument is
 *   an open range `E2:E` (rows 2 … the sheet's last row), a closed range `A2:C5`, a single cell `B1` (its value), a
 *   quoted string `"INITIAL_GRANT"`, a number, or a nested `CQ_NAME(…)` call (its answer, as Sheets passes an array
 *   result to a function). Ranges and cells are the formula's own sheet's (`'sheet'!A1` is refused outside the
 *   lookup). A range is a 2-D array of values, '' for blank cells. A 2-D answer spills down and right
 *   from the formula's cell; a spill onto a typed cell or another formula throws (Sheets' `#REF!`).
 * - the layout's lookup `=ARRAYFORMULA(IF(A2:A="", "", IFERROR(VLOOKUP(A2:A, {'sheet'!P2:P, 'sheet'!E2:E}, 2,
 *   FALSE), "")))`: for each row, the value beside the first exact match (text case-insensitive, as VLOOKUP's), ''
 *   where the key is blank or not found. A date found is written as a Date only when the result column has a date
 *   number format; otherwise as Sheets' date serial number (days since 1899-12-30), which is why layout's looked-up
 *   rating date column carries `date: true`.
 *
 * Order: every formula is evaluated in turn (sheet order, then row, then column) and the whole round repeats until a
 * round changes no value, so a formula may read cells another fills (lookups before CQ_ROW_CAP, CQ_RECEIVED_BEFORE
 * before CQ_TRANSFER_SUBSIDY, CQ_SCHEDULE's spill before CQ_LABEL) whatever their positions. A cycle that never
 * settles throws.
 */
import type { FakeSheet, FakeSpreadsheet } from './fakes/index.js';

/** The loaded add-on (`loadAddon`): its top-level functions by name. */
export type Addon = Record<string, unknown>;

export interface Evaluation {
  /** How many formula cells were evaluated. */
  readonly formulas: number;
  /** How many rounds it took until nothing changed (the last round changed nothing). */
  readonly rounds: number;
}

/** Evaluates every formula of `spreadsheet` with `addon`'s functions; writes the results as the cells' values. */
export function evaluate(spreadsheet: FakeSpreadsheet, addon: Addon): Evaluation {
  const formulas: Formula[] = [];
  for (const sheet of spreadsheet.sheets) {
    for (const [key, cell] of sheet.cells) {
      if (cell.formula === '') continue;
      const [row, column] = key.slice(key.lastIndexOf('!') + 1).split(',').map(Number) as [number, number];
      formulas.push({ sheet, row, column, text: cell.formula, expr: parse(cell.formula, `${sheet.name}!${key}`) });
    }
  }
  const order = (f: Formula) => spreadsheet.sheets.indexOf(f.sheet) * 1e9 + f.row * 1e4 + f.column;
  formulas.sort((a, b) => order(a) - order(b));
  const spills = spillsOf(spreadsheet);
  const limit = formulas.length + 2;
  for (let round = 1; round <= limit; round++) {
    let changed = false;
    for (const f of formulas) changed = write(f, compute(f, spreadsheet, addon), spills) || changed;
    if (!changed) return { formulas: formulas.length, rounds: round };
  }
  throw new Error(`formulas did not settle after ${limit} rounds (a cycle?)`);
}

// ——— Parsing ———

type Expr =
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expr[] }
  | { readonly kind: 'range'; readonly from: Ref; readonly to: { readonly column: number; readonly row?: number } }
  | { readonly kind: 'cell'; readonly at: Ref }
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'lookup'; readonly key: number; readonly sheet: string; readonly match: number; readonly value: number };

interface Ref {
  readonly column: number;
  readonly row: number;
}

interface Formula {
  readonly sheet: FakeSheet;
  readonly row: number;
  readonly column: number;
  readonly text: string;
  readonly expr: Expr;
}

const columnNumber = (letters: string): number => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

/** Exactly the lookup layout.ts's `fromApplications` writes; `$1` key column, `$2` sheet, `$3` match, `$4` value. */
const LOOKUP = /^=ARRAYFORMULA\(IF\(([A-Z]+)2:\1="", "", IFERROR\(VLOOKUP\(\1[2]:\1, \{'([^']+)'!([A-Z]+)2:\3, '\2'!([A-Z]+)2:\4\}, 2, FALSE\), ""\)\)\)$/;

function parse(formula: string, where: string): Expr {
  const refuse = (why: string): never => {
    throw new Error(`formula not understood at ${where}: ${formula} (${why})`);
  };
  const lookup = LOOKUP.exec(formula);
  if (lookup) {
    const [, key = '', sheet = '', match = '', value = ''] = lookup;
    return { kind: 'lookup', key: columnNumber(key), sheet, match: columnNumber(match), value: columnNumber(value) };
  }
  if (!formula.startsWith('=')) refuse('not a formula');
  let at = 1;
  const skip = () => {
    while (formula[at] === ' ') at++;
  };
  const expr = (): Expr => {
    skip();
    const rest = formula.slice(at);
    let m: RegExpExecArray | null;
    if ((m = /^(CQ_[A-Z_]+)\(/.exec(rest))) {
      at += m[0].length;
      const args: Expr[] = [];
      skip();
      if (formula[at] === ')') at++;
      else {
        for (;;) {
          args.push(expr());
          skip();
          const ch = formula[at++];
          if (ch === ')') break;
          if (ch !== ',') refuse(`expected , or ) at ${at - 1}`);
        }
      }
      return { kind: 'call', name: m[1] ?? '', args };
    }
    if ((m = /^"((?:[^"]|"")*)"/.exec(rest))) {
      at += m[0].length;
      return { kind: 'text', value: (m[1] ?? '').replace(/""/g, '"') };
    }
    if ((m = /^([A-Z]+)([1-9]\d*):([A-Z]+)([1-9]\d*)?(?![A-Za-z0-9_(!])/.exec(rest))) {
      at += m[0].length;
      const from = { column: columnNumber(m[1] ?? ''), row: Number(m[2]) };
      const to = { column: columnNumber(m[3] ?? ''), ...(m[4] ? { row: Number(m[4]) } : {}) };
      if (to.column < from.column || (to.row !== undefined && to.row < from.row)) refuse('a range runs backwards');
      return { kind: 'range', from, to };
    }
    if ((m = /^([A-Z]+)([1-9]\d*)(?![A-Za-z0-9_(!:])/.exec(rest))) {
      at += m[0].length;
      return { kind: 'cell', at: { column: columnNumber(m[1] ?? ''), row: Number(m[2]) } };
    }
    if ((m = /^-?\d+(\.\d+)?(?![\w.])/.exec(rest))) {
      at += m[0].length;
      return { kind: 'number', value: Number(m[0]) };
    }
    return refuse(`unexpected "${rest.slice(0, 20)}" at ${at}`);
  };
  const top = expr();
  skip();
  if (at !== formula.length) refuse(`unexpected "${formula.slice(at, at + 20)}" at ${at}`);
  if (top.kind !== 'call') refuse('only CQ_ functions and the layout lookup are evaluated');
  return top;
}

// ——— Computing ———

type Value = unknown;

const blankOf = (value: Value): Value => (value === undefined || value === null ? '' : value);

function compute(f: Formula, spreadsheet: FakeSpreadsheet, addon: Addon): Value {
  const { expr, sheet } = f;
  if (expr.kind === 'lookup') return lookup(expr, f, spreadsheet);
  return value(expr, sheet, addon, f);
}

function value(expr: Expr, sheet: FakeSheet, addon: Addon, f: Formula): Value {
  switch (expr.kind) {
    case 'text':
    case 'number':
      return expr.value;
    case 'cell':
      return blankOf(sheet.cell(expr.at.row, expr.at.column).value);
    case 'range': {
      const last = expr.to.row ?? Math.max(sheet.getLastRow(), expr.from.row);
      const rows: Value[][] = [];
      for (let r = expr.from.row; r <= last; r++) {
        const row: Value[] = [];
        for (let c = expr.from.column; c <= expr.to.column; c++) row.push(blankOf(sheet.cell(r, c).value));
        rows.push(row);
      }
      return rows;
    }
    case 'call': {
      const fn = addon[expr.name];
      if (typeof fn !== 'function') throw new Error(`formula at ${sheet.name}!${f.row},${f.column}: the add-on has no function ${expr.name} (${f.text})`);
      return fn(...expr.args.map((a) => value(a, sheet, addon, f))) as Value;
    }
    case 'lookup':
      throw new Error(`a lookup inside a formula is not evaluated (${f.text})`);
  }
}

function lookup(expr: Extract<Expr, { kind: 'lookup' }>, f: Formula, spreadsheet: FakeSpreadsheet): Value[][] {
  const source = spreadsheet.getSheetByName(expr.sheet);
  if (!source) throw new Error(`formula at ${f.sheet.name}!${f.row},${f.column} looks up sheet '${expr.sheet}', which does not exist (${f.text})`);
  const asDate = isDateFormat(f.sheet.formats.get(f.column));
  const found = new Map<string, Value>();
  for (let r = source.getLastRow(); r >= 2; r--) {
    const key = keyOf(source.cell(r, expr.match).value);
    if (key !== undefined) found.set(key, blankOf(source.cell(r, expr.value).value)); // bottom-up: the first match wins
  }
  const out: Value[][] = [];
  for (let r = 2; r <= Math.max(f.sheet.getLastRow(), 2); r++) {
    const key = keyOf(f.sheet.cell(r, expr.key).value);
    const hit = key === undefined ? '' : (found.get(key) ?? '');
    out.push([isDate(hit) && !asDate ? serialOf(hit, spreadsheet.getSpreadsheetTimeZone()) : hit]);
  }
  return out;
}

/** VLOOKUP's exact match: text compared case-insensitively, numbers as numbers; blank matches nothing. */
function keyOf(value: Value): string | undefined {
  if (value === '' || value === undefined || value === null) return undefined;
  if (typeof value === 'string') return `s:${value.toLowerCase()}`;
  if (isDate(value)) return `n:${value.getTime()}`;
  return `${typeof value}:${String(value)}`;
}

const isDate = (value: Value): value is Date => Object.prototype.toString.call(value) === '[object Date]';
const isDateFormat = (format: string | undefined): boolean => format !== undefined && /[yd]/.test(format);

/** Sheets' serial number of a date: days since 1899-12-30, the day read in the spreadsheet's zone. */
function serialOf(date: Date, timeZone: string): number {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date).split('-').map(Number);
  return Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1) / 86_400_000 + 25_569;
}

// ——— Writing ———

/** Per spreadsheet: each formula's spilled area (the cells it owns besides its own), kept across calls. */
const allSpills = new WeakMap<FakeSpreadsheet, Map<string, Set<string>>>();

function spillsOf(spreadsheet: FakeSpreadsheet): Map<string, Set<string>> {
  let found = allSpills.get(spreadsheet);
  if (!found) allSpills.set(spreadsheet, (found = new Map()));
  return found;
}

const same = (a: Value, b: Value): boolean => (isDate(a) && isDate(b) ? a.getTime() === b.getTime() : a === b);

/** Writes `answer` from the formula's cell, spilling a 2-D answer; true when any value changed. */
function write(f: Formula, answer: Value, spills: Map<string, Set<string>>): boolean {
  const id = `${f.sheet.name}!${f.row},${f.column}`;
  const rows: Value[][] = Array.isArray(answer) ? (answer as Value[][]) : [[answer]];
  const owned = spills.get(id) ?? new Set<string>();
  const ownedByOthers = new Set<string>();
  for (const [other, cells] of spills) if (other !== id) for (const c of cells) ownedByOthers.add(c);
  const now = new Set<string>();
  let changed = false;
  rows.forEach((cells, i) => {
    if (!Array.isArray(cells)) throw new Error(`${id}: ${f.text} answered a row that is not an array`);
    cells.forEach((v, j) => {
      const row = f.row + i;
      const column = f.column + j;
      const key = `${f.sheet.name}!${row},${column}`;
      const current = f.sheet.cell(row, column);
      const result = blankOf(v);
      if (i === 0 && j === 0) {
        if (!same(current.value, result)) changed = true;
        f.sheet.set(row, column, { value: result, formula: f.text });
        return;
      }
      const typed = current.formula !== '' || (!owned.has(key) && current.value !== '' && current.value !== undefined);
      if (typed || ownedByOthers.has(key)) {
        throw new Error(`#REF!: ${f.text} at ${id} would spill over ${key}`);
      }
      if (!same(current.value, result)) changed = true;
      f.sheet.set(row, column, { value: result, formula: '' });
      now.add(key);
    });
  });
  for (const key of owned) {
    if (now.has(key)) continue;
    const [row, column] = key.slice(key.lastIndexOf('!') + 1).split(',').map(Number) as [number, number];
    if (f.sheet.cell(row, column).value !== '') changed = true;
    f.sheet.set(row, column, { value: '', formula: '' });
  }
  spills.set(id, now);
  return changed;
}
