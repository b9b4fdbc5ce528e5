/**
 * The menu and "Set up sheets": lays out the six sheets of CONTRACT §2 (Applications, Approvals & payments, Receipts,
 * Schedule, Ledger, Dashboard) with bilingual headers, dropdowns from the codes, yuan, date and year formats and one
 * range formula per computed column. Idempotent: it only writes a header or formula cell that is blank, so running it
 * again changes nothing anyone typed. The Ledger and the Dashboard are filled by refresh; set-up only makes them.
 */
import { isBlank } from './cells.js';
import { APPLICATIONS, APPROVALS, DASHBOARD, DATE_FORMAT, LEDGER, RECEIPTS, SCHEDULE, YEAR_FORMAT, YUAN_FORMAT, choices, formulaFor, header, type ColumnSpec, type SheetSpec } from './layout.js';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export const MENU_TITLE = '科创资助 / Kechuang';

export function buildMenu(): void {
  SpreadsheetApp.getUi()
    .createMenu(MENU_TITLE)
    .addItem('设置表格 / Set up sheets', 'setUpSheets')
    .addItem('打开侧边栏 / Open sidebar', 'showSidebar')
    .addSeparator()
    .addItem('启用表单接收 / Enable form intake', 'installFormTrigger')
    .addToUi();
}

export function showSidebar(): void {
  const html = HtmlService.createHtmlOutputFromFile('Sidebar').setTitle('科创资助 Kechuang');
  SpreadsheetApp.getUi().showSidebar(html);
}

function sheetNamed(name: string): Sheet {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  return spreadsheet.getSheetByName(name) ?? spreadsheet.insertSheet(name);
}

/** Writes `value` into a cell only when it holds nothing (no value, no formula). */
function fillIfBlank(sheet: Sheet, row: number, column: number, value: string): boolean {
  const cell = sheet.getRange(row, column);
  if (cell.getFormula() !== '' || !isBlank(cell.getValue())) return false;
  if (value.startsWith('=')) cell.setFormula(value);
  else cell.setValue(value);
  return true;
}

function formatColumn(sheet: Sheet, column: number, c: ColumnSpec, rows: number): void {
  const body = sheet.getRange(2, column, rows, 1);
  if (c.list) {
    const rule = SpreadsheetApp.newDataValidation().requireValueInList(choices(c.list), true).setAllowInvalid(true).build();
    body.setDataValidation(rule);
  }
  if (c.kind === 'checkbox') body.setDataValidation(SpreadsheetApp.newDataValidation().requireCheckbox().build());
  if (c.kind === 'yuan' || c.yuan) body.setNumberFormat(YUAN_FORMAT);
  if (c.kind === 'date' || c.date) body.setNumberFormat(DATE_FORMAT);
  if (c.kind === 'year') body.setNumberFormat(YEAR_FORMAT);
}

/** Lays out one table sheet (made if missing): headers, formulas, formats; answers how many cells it wrote. */
export function layOutTable(spec: SheetSpec): number {
  const sheet = sheetNamed(spec.name);
  const rows = Math.max(sheet.getMaxRows() - 1, 1);
  let written = 0;
  spec.columns.forEach((c, i) => {
    if (fillIfBlank(sheet, 1, i + 1, header(c))) written++;
    if (c.formula && fillIfBlank(sheet, 2, i + 1, formulaFor(spec, c))) written++;
    formatColumn(sheet, i + 1, c, rows);
    if (c.hidden) sheet.hideColumns(i + 1);
  });
  sheet.getRange(1, 1, 1, spec.columns.length).setFontWeight('bold').setWrap(true);
  sheet.setFrozenRows(1);
  return written;
}

function layOutSchedule(): number {
  const sheet = sheetNamed(SCHEDULE.name);
  let written = 0;
  const put = (row: number, column: number, value: string): void => {
    if (fillIfBlank(sheet, row, column, value)) written++;
  };
  SCHEDULE.inputs.forEach((c, i) => {
    put(i + 1, 1, header(c));
    const cell = sheet.getRange(i + 1, 2);
    if (c.list) cell.setDataValidation(SpreadsheetApp.newDataValidation().requireValueInList(choices(c.list), true).setAllowInvalid(true).build());
    if (c.kind === 'date') cell.setNumberFormat(DATE_FORMAT);
  });
  put(4, 1, SCHEDULE.totalLabel);
  put(4, 2, SCHEDULE.totalFormula);
  sheet.getRange(4, 2).setNumberFormat(YUAN_FORMAT);
  SCHEDULE.header.forEach((h, i) => put(SCHEDULE.headerRow, i + 1, h));
  put(SCHEDULE.headerRow + 1, 1, SCHEDULE.scheduleFormula);
  put(SCHEDULE.headerRow + 1, SCHEDULE.header.length, SCHEDULE.labelFormula);
  sheet.getRange(SCHEDULE.headerRow + 1, 3, 20, 1).setNumberFormat(YUAN_FORMAT);
  put(1, 6, SCHEDULE.explainLabel);
  put(2, 6, SCHEDULE.explainFormula);
  sheet.getRange(SCHEDULE.headerRow, 1, 1, SCHEDULE.header.length).setFontWeight('bold').setWrap(true);
  return written;
}

/** Menu: 设置表格 / Set up sheets. Returns how many cells it wrote (0 on a second run). */
export function setUpSheets(): number {
  const written = layOutTable(APPLICATIONS) + layOutTable(APPROVALS) + layOutTable(RECEIPTS) + layOutSchedule() + layOutTable(LEDGER);
  sheetNamed(DASHBOARD.name); // its contents are refresh's
  SpreadsheetApp.getActiveSpreadsheet().toast(`已设置 ${written} 个单元格 (${written} cells set up)`, MENU_TITLE);
  return written;
}
