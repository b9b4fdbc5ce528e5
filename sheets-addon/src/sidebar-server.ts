/**
 * What the sidebar calls through google.script.run. Everything crossing that bridge is plain strings, numbers and
 * booleans (dates travel as text): the sidebar asks for the selected rows, then sends them one call per row so it can
 * show progress and each row's error as it goes.
 */
import { createApplication, describeApiError } from './api-client.js';
import { applicationBody, type RawApplication } from './application.js';
import { errorText, isBlank } from './cells.js';
import { APPLICATIONS, columnOf } from './layout.js';
import { readSettings } from './settings.js';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export interface Selection {
  readonly sheetName: string;
  readonly rows: readonly number[];
}

export interface RowOutcome {
  readonly row: number;
  readonly ok: boolean;
  readonly id: string;
  readonly status: string;
  readonly message: string;
}

const WIDTH = APPLICATIONS.columns.length;
const CLOUD_ID = columnOf(APPLICATIONS, 'cloudId');
// cloudId, cloudStatus, syncMessage, rowKey sit side by side: one write puts a row's outcome back.
const SYNC_WIDTH = 4;
if (columnOf(APPLICATIONS, 'rowKey') !== CLOUD_ID + SYNC_WIDTH - 1) throw new Error('layout: sync columns must be adjacent');
const INPUT_KEYS = APPLICATIONS.columns.filter((c) => c.kind !== 'formula' && c.kind !== 'sync').map((c) => c.key);

function applicationsSheet(): Sheet {
  const sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(APPLICATIONS.name);
  if (!sheet) throw new Error(`找不到“${APPLICATIONS.name}”表，请先运行“设置表格” (no ${APPLICATIONS.name} sheet: run Set up sheets first)`);
  return sheet;
}

/** The data rows (2…) of the current selection on the Applications sheet, in order, each once. */
export function selectedRows(): Selection {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const sheet = spreadsheet.getActiveSheet();
  if (sheet.getName() !== APPLICATIONS.name) {
    throw new Error(`请在“${APPLICATIONS.name}”表中选择行 (select rows on the ${APPLICATIONS.name} sheet)`);
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

/** Stable per row, whoever sends it and however often: the spreadsheet, the sheet and the row's own key. */
export function idempotencyKey(sheet: Sheet, rowKey: string): string {
  return `kechuang-${sheet.getParent().getId()}-${sheet.getSheetId()}-${rowKey}`;
}

function readRow(sheet: Sheet, row: number): RawApplication {
  const values = sheet.getRange(row, 1, 1, WIDTH).getValues()[0] ?? [];
  const raw: Record<string, unknown> = {};
  APPLICATIONS.columns.forEach((c, i) => {
    raw[c.key] = values[i] ?? '';
  });
  return raw;
}

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/**
 * Sends one row as POST /applications and writes the id, status and message back into it. A row already carrying a
 * cloud id is not sent again. The row key (hidden column) makes the idempotency key: a retry after a timeout returns
 * the first answer; after a 400 the API kept nothing, so the corrected row goes with the same key.
 */
export function sendRow(row: number): RowOutcome {
  const sheet = applicationsSheet();
  if (!Number.isInteger(row) || row < 2) return { row, ok: false, id: '', status: '', message: `ERROR: 行号无效 (invalid row ${row})` };
  const settings = readSettings();
  if (!settings) return { row, ok: false, id: '', status: '', message: 'ERROR: 请先保存 API 地址和密钥 (save the API URL and key first)' };

  const lock = LockService.getDocumentLock();
  if (!lock.tryLock(20_000)) return { row, ok: false, id: '', status: '', message: 'ERROR: 其他人正在发送，请稍后重试 (busy: try again)' };
  try {
    const raw = readRow(sheet, row);
    if (INPUT_KEYS.every((k) => isBlank(raw[k]))) return { row, ok: false, id: '', status: '', message: '空行，未发送 (empty row, not sent)' };
    if (!isBlank(raw.cloudId)) {
      return { row, ok: true, id: str(raw.cloudId), status: str(raw.cloudStatus), message: '已在云端，未重复发送 (already in the cloud)' };
    }
    const rowKey = str(raw.rowKey) || Utilities.getUuid();
    const write = (id: string, status: string, message: string, key: string): void => {
      sheet.getRange(row, CLOUD_ID, 1, SYNC_WIDTH).setValues([[id, status, message, key]]);
    };

    const body = applicationBody(raw, SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetTimeZone());
    if (!body.ok) {
      const message = errorText(body.problems);
      write('', '', message, rowKey);
      return { row, ok: false, id: '', status: '', message };
    }
    const result = createApplication(settings, body.value, idempotencyKey(sheet, rowKey));
    if (!result.ok) {
      const message = describeApiError(result.error);
      write('', '', message, rowKey);
      return { row, ok: false, id: '', status: '', message };
    }
    const id = str(result.body.id);
    const status = str(result.body.status);
    write(id, status, '已发送 (sent)', rowKey);
    return { row, ok: true, id, status, message: '已发送 (sent)' };
  } finally {
    lock.releaseLock();
  }
}
