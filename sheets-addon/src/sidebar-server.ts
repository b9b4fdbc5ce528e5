/**
 * What the sidebar calls through google.script.run. Everything crossing that bridge is plain strings, numbers and
 * booleans (dates travel as text): the sidebar asks for the selected rows, then sends them in batches (./send.ts) so it
 * can show progress and each row's error as it goes.
 */
import { describeApiError, listApplications, type StoredApplication } from './api-client.js';
import type { Selection } from './bridge.js';
import { APPLICATIONS, INPUT_SHEETS, columnOf } from './layout.js';
import { readSettings } from './settings.js';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export interface RefreshOutcome {
  readonly updated: number;
  readonly missing: number;
  readonly message: string;
}

const CLOUD_ID = columnOf(APPLICATIONS, 'cloudId');
// cloudId, cloudStatus, syncMessage, rowKey sit side by side: one write puts a row's outcome back.
const SYNC_WIDTH = 4;
if (columnOf(APPLICATIONS, 'rowKey') !== CLOUD_ID + SYNC_WIDTH - 1) throw new Error('layout: sync columns must be adjacent');

function applicationsSheet(): Sheet {
  const sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(APPLICATIONS.name);
  if (!sheet) throw new Error(`找不到“${APPLICATIONS.name}”表，请先运行“设置表格” (no ${APPLICATIONS.name} sheet: run Set up sheets first)`);
  return sheet;
}

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

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/** Reads every page of GET /applications and updates the status of the rows whose cloud id it lists. */
export function refreshFromCloud(): RefreshOutcome {
  const settings = readSettings();
  if (!settings) throw new Error('请先保存 API 地址和密钥 (save the API URL and key first)');
  const sheet = applicationsSheet();

  const found = new Map<string, StoredApplication>();
  let token: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const result = listApplications(settings, token);
    if (!result.ok) throw new Error(describeApiError(result.error));
    for (const item of result.body.items ?? []) found.set(String(item.id), item);
    token = result.body.nextToken ?? undefined;
    if (!token) break;
  }

  const rows = sheet.getLastRow() - 1;
  if (rows < 1) return { updated: 0, missing: 0, message: '没有需要刷新的行 (no rows)' };
  const block = sheet.getRange(2, CLOUD_ID, rows, 2);
  const values = block.getValues();
  let updated = 0;
  let missing = 0;
  for (const line of values) {
    const id = str(line[0]);
    if (!id) continue;
    const item = found.get(id);
    if (!item) {
      missing++;
      continue;
    }
    line[1] = str(item.status);
    updated++;
  }
  block.setValues(values);
  const message = `已刷新 ${updated} 行${missing ? `，${missing} 行在云端未找到` : ''} (refreshed ${updated} rows${missing ? `, ${missing} not found in the cloud` : ''})`;
  return { updated, missing, message };
}
