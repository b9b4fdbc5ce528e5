/**
 * What the sidebar calls through google.script.run. Everything crossing that bridge is plain strings, numbers and
 * booleans (dates travel as text): the sidebar asks for the selected rows, then sends them in batches (./send.ts) so it
 * can show progress and each row's error as it goes; refresh lives in ./refresh.ts.
 */
import type { Selection } from './bridge.js';
import { INPUT_SHEETS } from './layout.js';

/** The data rows (2…) of the current selection on whichever input sheet is active, in order, each once. */
export function selectedRows(): Selection {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const sheet = spreadsheet.getActiveSheet();
  if (!INPUT_SHEETS.some((s) => s.name === sheet.getName())) {
    const zh = INPUT_SHEETS.map((s) => `“${s.name}”`).join('、');
    const en = INPUT_SHEETS.map((s) => s.name).join(', ');
    throw new Error(`请在 ${zh} 表之一中选择行 (select rows on one of the sheets ${en})`);
  }
  const rows = new Set<number>();
  const ranges = spreadsheet.getActiveRangeList()?.getRanges() ?? [];
  for (const range of ranges) {
    const first = range.getRow();
    const last = Math.min(first + range.getNumRows() - 1, sheet.getLastRow());
    for (let row = Math.max(first, 2); row <= last; row++) rows.add(row);
  }
  return { sheetName: sheet.getName(), rows: [...rows].sort((a, b) => a - b) };
}
