/**
 * An .xlsx workbook of tables (exceljs): each sheet one header row of bilingual headers, frozen, with a filter over
 * the table; money as numbers in yuan with a yuan format, dates as date cells, never text that only looks like one.
 * What the tables hold is ./export-sheets.ts.
 */
/// <reference path="./exceljs-workbook.d.ts" />
import type { Workbook as Book, Worksheet } from 'exceljs';
// Only exceljs's Workbook class: its package entry also loads its streaming reader and writer (unzipper, archiver),
// which a workbook written in memory never uses: with them exceljs adds about 1.1 MB to the function's bundle (minified),
// without them about 0.5 MB.
import Workbook from 'exceljs/lib/doc/workbook.js';

/** Number formats: yuan exact to the fen with thousands separators; whole counts; dates; Beijing date-times. */
export const FORMATS = { yuan: '#,##0.00', count: '#,##0', int: '0', date: 'yyyy-mm-dd', datetime: 'yyyy-mm-dd hh:mm:ss' } as const;

/**
 * What a cell holds: text; a number in one of FORMATS (`yuan`, `count`, `int`); a calendar date `YYYY-MM-DD`; an
 * instant (ISO 8601), shown as Beijing time; or nothing (an empty cell).
 */
export type CellValue =
  | { readonly text: string }
  | { readonly number: number; readonly format: 'yuan' | 'count' | 'int' }
  | { readonly date: string }
  | { readonly instant: string }
  | undefined;

export interface Column<R> {
  /** 中文 first, then English: `金额（元） Amount (yuan)`. */
  readonly header: string;
  readonly width: number;
  readonly value: (row: R) => CellValue;
}

export interface Table<R> {
  /** At most 31 characters (Excel's limit). */
  readonly name: string;
  readonly columns: readonly Column<R>[];
  readonly rows: readonly R[];
}

/** Characters XML 1.0 does not allow (a control character in a name would make the file unreadable): shown as �. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const cellText = (text: string): string => text.replace(NOT_XML, '\uFFFD');

/** Asia/Shanghai has been UTC+8 all year since 1991: an instant's Beijing wall clock, to the second. */
const BEIJING_OFFSET_MS = 8 * 3_600_000;

function write(sheet: Worksheet, rowNumber: number, columnNumber: number, value: CellValue): void {
  if (value === undefined) return;
  const cell = sheet.getCell(rowNumber, columnNumber);
  if ('text' in value) cell.value = cellText(value.text);
  else if ('number' in value) {
    cell.value = value.number;
    cell.numFmt = FORMATS[value.format];
  } else if ('date' in value) {
    const [y, m, d] = value.date.split('-').map(Number);
    // Midnight UTC: exceljs turns a Date into Excel's day number from its UTC fields.
    cell.value = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1));
    cell.numFmt = FORMATS.date;
  } else {
    const ms = Date.parse(value.instant);
    cell.value = new Date(Math.floor((ms + BEIJING_OFFSET_MS) / 1000) * 1000);
    cell.numFmt = FORMATS.datetime;
  }
}

/** A table ready to be written (its row type hidden, so tables of different rows make one list). */
export type Sheet = (book: Book) => void;

export const sheet =
  <R>(table: Table<R>): Sheet =>
  (book) =>
    addTable(book, table);

function addTable<R>(book: Book, table: Table<R>): void {
  // The header row stays in view while scrolling (a frozen pane below row 1).
  const sheet = book.addWorksheet(table.name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  table.columns.forEach((column, i) => {
    sheet.getColumn(i + 1).width = column.width;
    const cell = sheet.getCell(1, i + 1);
    cell.value = column.header;
    cell.font = { bold: true };
    cell.alignment = { vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  });
  sheet.getRow(1).height = 32;
  table.rows.forEach((row, r) => table.columns.forEach((column, c) => write(sheet, r + 2, c + 1, column.value(row))));
  // A filter on every column of the table (the header row and every row under it).
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: table.rows.length + 1, column: table.columns.length } };
}

/** The workbook's bytes: the sheets in order. */
export async function writeWorkbook(sheets: readonly Sheet[], created: Date): Promise<Buffer> {
  const book = new Workbook();
  book.creator = 'Kechuang 科创资助';
  book.created = created;
  book.modified = created;
  for (const add of sheets) add(book);
  return Buffer.from(await book.xlsx.writeBuffer());
}
