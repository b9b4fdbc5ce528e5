/**
 * Form intake: a Google Form linked to this spreadsheet files each response as a row of its responses sheet; an
 * installable trigger (made from the menu) turns the row into POST /applications and writes the id, status and the
 * API's total cap back into it. Add-on triggers send no failure emails, so every failure is written into the row.
 *
 * Questions are matched to fields by title, the same names as the Applications headers: `类别`, `Category` or
 * `类别 Category` (spaces and punctuation ignored).
 */
import { createApplication, describeApiError, type StoredApplication } from './api-client.js';
import { applicationBody } from './application.js';
import { CASE_BY_CASE, errorText, isBlank } from './cells.js';
import { APPLICATIONS, matchColumn, normaliseTitle } from './layout.js';
import { readSettings } from './settings.js';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type FormSubmit = GoogleAppsScript.Events.SheetsOnFormSubmit;

export const FORM_HANDLER = 'onFormSubmit';

/** The columns the trigger adds after the form's own, by header. */
export const RESULT_HEADERS = {
  cloudId: '云端编号\nCloud ID',
  cloudStatus: '云端状态\nCloud status',
  totalCap: '资助总上限（元）\nTotal cap (yuan)',
  syncMessage: '同步信息\nSync message',
  responseId: '响应编号\nResponse ID',
} as const;
type ResultKey = keyof typeof RESULT_HEADERS;

/** Finds (or adds, at the end of row 1) each result column. */
function resultColumns(sheet: Sheet): Record<ResultKey, number> {
  const lastColumn = Math.max(sheet.getLastColumn(), 1);
  const headers = (sheet.getRange(1, 1, 1, lastColumn).getValues()[0] ?? []).map((h) => normaliseTitle(String(h)));
  let next = lastColumn + 1;
  const columns = {} as Record<ResultKey, number>;
  for (const key of Object.keys(RESULT_HEADERS) as ResultKey[]) {
    const index = headers.indexOf(normaliseTitle(RESULT_HEADERS[key]));
    if (index >= 0) columns[key] = index + 1;
    else {
      sheet.getRange(1, next).setValue(RESULT_HEADERS[key]);
      columns[key] = next++;
    }
  }
  return columns;
}

/** Named answers → raw fields; typed cell values (dates, numbers) from the row win over the answers' text. */
function rawFromResponse(e: FormSubmit, sheet: Sheet, row: number): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [title, answers] of Object.entries(e.namedValues ?? {})) {
    const c = matchColumn(APPLICATIONS, title);
    if (c && c.kind !== 'formula' && c.kind !== 'sync') raw[c.key] = (answers ?? []).join(', ');
  }
  const lastColumn = sheet.getLastColumn();
  const headers = sheet.getRange(1, 1, 1, lastColumn).getValues()[0] ?? [];
  const values = sheet.getRange(row, 1, 1, lastColumn).getValues()[0] ?? [];
  headers.forEach((h, i) => {
    const c = matchColumn(APPLICATIONS, String(h));
    const v = values[i];
    if (c && c.key in raw && !isBlank(v) && typeof v !== 'string') raw[c.key] = v;
  });
  return raw;
}

/** FNV-1a, 32 bits, as 8 hex digits: turns the response's timestamp text (any locale) into key-safe ASCII. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * The response's id (and Idempotency-Key): the same for a duplicate delivery of the same response, different for
 * every other one — spreadsheet, sheet, row and the response's timestamp; printable ASCII as the API requires.
 */
export function responseId(e: FormSubmit, sheet: Sheet, row: number): string {
  const stamp = String(e.values?.[0] ?? '');
  return `form-${sheet.getParent().getId()}-${sheet.getSheetId()}-${row}-${fnv1a(stamp)}`;
}

/** The total cap as the API answered it (its rating), the one source of truth; undefined when it answered none. */
function totalCapOf(answer: StoredApplication): number | string | undefined {
  if (answer.rating?.caseByCase) return CASE_BY_CASE;
  return typeof answer.rating?.totalCap === 'number' ? answer.rating.totalCap : undefined;
}

/** The installable trigger's handler. Never throws for a bad response: the row says what went wrong. */
export function handleFormSubmit(e: FormSubmit): void {
  const sheet = e.range.getSheet();
  const row = e.range.getRow();
  const lock = LockService.getScriptLock();
  const columns = resultColumns(sheet);
  const put = (key: ResultKey, value: string | number): void => {
    sheet.getRange(row, columns[key]).setValue(value);
  };
  if (!lock.tryLock(30_000)) {
    put('syncMessage', 'ERROR: 等待锁超时，请用侧边栏重新发送 (timed out waiting for the lock; resend from the sidebar)');
    return;
  }
  try {
    const id = responseId(e, sheet, row);
    put('responseId', id);
    const existing = sheet.getRange(row, columns.cloudId).getValue();
    if (!isBlank(existing)) return; // this response was already filed (a duplicate delivery)

    const body = applicationBody(rawFromResponse(e, sheet, row), sheet.getParent().getSpreadsheetTimeZone());
    if (!body.ok) {
      put('syncMessage', errorText(body.problems));
      return;
    }
    const settings = readSettings();
    if (!settings) {
      put('syncMessage', 'ERROR: 启用表单接收的用户未保存 API 地址和密钥 (the user who enabled form intake has no API settings)');
      return;
    }
    const result = createApplication(settings, body.value, id);
    if (!result.ok) {
      put('syncMessage', describeApiError(result.error));
      return;
    }
    put('cloudId', String(result.body.id ?? ''));
    put('cloudStatus', String(result.body.status ?? ''));
    const cap = totalCapOf(result.body);
    put('totalCap', cap ?? '');
    put('syncMessage', cap === undefined ? '已提交，云端未给出资助总上限 (submitted; the API returned no total cap)' : '已提交 (submitted)');
  } catch (error) {
    put('syncMessage', `ERROR: 内部错误 (internal error: ${error instanceof Error ? error.message : String(error)})`);
  } finally {
    lock.releaseLock();
  }
}

/** Menu: 启用表单接收 / Enable form intake — one trigger per spreadsheet and user, however often it is chosen. */
export function installFormTrigger(): string {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const exists = ScriptApp.getProjectTriggers().some((t) => t.getHandlerFunction() === FORM_HANDLER && t.getTriggerSourceId() === spreadsheet.getId());
  if (!exists) ScriptApp.newTrigger(FORM_HANDLER).forSpreadsheet(spreadsheet).onFormSubmit().create();
  const settings = readSettings() ? '' : '\n请在侧边栏保存 API 地址和密钥，否则提交会记为错误 (save the API settings in the sidebar, or submissions will be marked as errors).';
  const message = `${exists ? '表单接收已启用 (form intake was already on)' : '已启用表单接收 (form intake is on)'}${settings}`;
  SpreadsheetApp.getUi().alert(message);
  return message;
}
