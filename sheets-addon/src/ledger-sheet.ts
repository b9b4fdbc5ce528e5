/**
 * `台账 Ledger`: one row per application·schedule row, as GET /applications/{id} answers its `ledger` (cap, approved,
 * paid, remaining in yuan). Pulled, never typed: each refresh rewrites the whole sheet in one write.
 */
import type { ApplicationView } from './api-types.js';
import { LEDGER, YUAN_FORMAT, columnOf } from './layout.js';
import { layOutTable } from './setup.js';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Cell = string | number;

const WIDTH = LEDGER.columns.length;

/** The Ledger sheet, laid out as set-up does if set-up has not made it yet. */
export function ledgerSheet(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): Sheet {
  const found = spreadsheet.getSheetByName(LEDGER.name);
  if (found) return found;
  layOutTable(LEDGER);
  const made = spreadsheet.getSheetByName(LEDGER.name);
  if (!made) throw new Error(`无法创建“${LEDGER.name}”表 (could not make the ${LEDGER.name} sheet)`);
  return made;
}

const yuan = (value: number | undefined): Cell => (typeof value === 'number' ? value : '');

/**
 * The rows, in the order the applications are given, then by year; within a year the API's own order, which is the
 * schedule's item order (a stable sort keeps it).
 */
export function ledgerRows(views: readonly ApplicationView[]): Cell[][] {
  const rows: Cell[][] = [];
  for (const { application: a, ledger } of views) {
    const byYear = [...ledger].sort((x, y) => x.year - y.year);
    for (const line of byYear) {
      const values: Record<string, Cell> = {
        applicationId: a.id,
        institution: a.institution,
        district: a.districtLabel,
        category: a.categoryLabel,
        status: a.status,
        year: line.year,
        item: line.item,
        itemLabel: line.itemLabel,
        clause: line.clause,
        cap: yuan(line.cap),
        approved: yuan(line.approved),
        paid: yuan(line.paid),
        remaining: yuan(line.remaining),
      };
      rows.push(LEDGER.columns.map((c) => values[c.key] ?? ''));
    }
  }
  return rows;
}

/**
 * Clears the old rows, writes the new ones in one `setValues` and gives the yuan columns their format. Sheets refuses a
 * range past the sheet's last row (a new sheet has 1000; a few hundred rated applications fill more), so rows are
 * added first where the ledger needs them.
 */
export function writeLedger(sheet: Sheet, rows: readonly Cell[][]): void {
  const short = rows.length + 1 - sheet.getMaxRows();
  if (short > 0) sheet.insertRowsAfter(sheet.getMaxRows(), short);
  const old = sheet.getLastRow();
  if (old > 1) sheet.getRange(2, 1, old - 1, WIDTH).clearContent();
  if (rows.length) sheet.getRange(2, 1, rows.length, WIDTH).setValues(rows.map((r) => [...r]));
  const count = Math.max(rows.length, 1);
  for (const c of LEDGER.columns) if (c.yuan) sheet.getRange(2, columnOf(LEDGER, c.key), count, 1).setNumberFormat(YUAN_FORMAT);
}
