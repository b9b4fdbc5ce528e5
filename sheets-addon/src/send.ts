/**
 * *Send selected rows* (CONTRACT §2, the sidebar): each row of an input sheet becomes its request(s), sent in order
 * under the row's own Idempotency-Key, and the answer is written back into the row's sync columns in one write.
 *
 * The key is made from the row key in the hidden rowKey column (made once per row), not from the row's position, so
 * it is stable across retries and sorting: a retry that lost its answer gets the first answer back and nothing new is
 * stored. Apps Script stops an execution at 6 minutes, so one call starts no row after SEND_BUDGET_MS (nor after the
 * sidebar's chunk, `maxRows`) and answers the rows left; the whole rest of the selection is also kept in the user's
 * properties by row key (./pending-send.ts, getPendingSend) so the sidebar can resume it after a stop or a closed
 * sidebar, even if the sheet was sorted in between.
 */
import {
  createAchievement,
  createApplication,
  createApproval,
  createPayment,
  createReceipt,
  describeApiError,
  getAchievement,
  keptRefusal,
  voidPayment,
  type ApiError,
} from './api-client.js';
import { applicationBody } from './application.js';
import type { PendingSend, RowOutcome, SendBatch } from './bridge.js';
import { cellText, errorText, isBlank } from './cells.js';
import { APPLICATIONS, APPROVALS, INPUT_SHEETS, RECEIPTS, columnOf, type SheetSpec } from './layout.js';
import { moneyRequest, receiptRequests, type RawRow } from './row-requests.js';
import { advancePending, beginPending, pendingSend as pendingOf } from './pending-send.js';
import { giveRowKeys, hasInput, isDataRow, rowsByKey } from './row-keys.js';
import { readSettings, type ApiSettings } from './settings.js';
import type { Problem } from '../../shared/index.js';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/**
 * No row starts after this much of one call (4½ of Apps Script's 6 minutes): the last row (a receipt: up to three
 * requests) still has 90 s to finish and write its answer.
 */
export const SEND_BUDGET_MS = 270_000;

const SENT = '已发送 (sent)';
const NO_SETTINGS = 'ERROR: 请先保存 API 地址和密钥 (save the API URL and key first)';

/** Stable per row, whoever sends it and however often: the spreadsheet, the sheet and the row's own key. */
export function idempotencyKey(sheet: Sheet, rowKey: string): string {
  return `kechuang-${sheet.getParent().getId()}-${sheet.getSheetId()}-${rowKey}`;
}


/** What sending one row gave: its outcome and the sync cells to write (by column key; the rest stay as they are). */
interface Answer {
  readonly ok: boolean;
  readonly sync: Readonly<Record<string, string | number>>;
  readonly id: string;
  readonly status: string;
  readonly subsidy?: number;
  readonly message: string;
  /** The API kept a 409 refusal under this row's key (./api-client.ts keptRefusal): the row's next send needs a new key. */
  readonly renewKey?: boolean;
}

interface Context {
  readonly settings: ApiSettings;
  readonly key: string;
  readonly timeZone: string;
}

type Sender = (raw: RawRow, context: Context) => Answer;

const refused = (problems: readonly Problem[], sync: Record<string, string>): Answer => ({ ok: false, sync, id: '', status: '', message: errorText(problems) });
const apiRefused = (error: ApiError, sync: Record<string, string>): Answer => ({ ok: false, sync, id: '', status: '', message: describeApiError(error), ...(keptRefusal(error) ? { renewKey: true } : {}) });

const sendApplication: Sender = (raw, { settings, key, timeZone }) => {
  const cleared = { cloudId: '', cloudStatus: '' };
  const body = applicationBody(raw, timeZone);
  if (!body.ok) return refused(body.problems, cleared);
  const result = createApplication(settings, body.value, key);
  if (!result.ok) return apiRefused(result.error, cleared);
  const id = cellText(result.body.id);
  const status = cellText(result.body.status);
  return { ok: true, sync: { cloudId: id, cloudStatus: status }, id, status, message: SENT };
};

/** 核定, payment or void: one request each. An approval's answer has no status; the row says APPROVED. */
const sendMoneyRow: Sender = (raw, { settings, key, timeZone }) => {
  const cleared = { cloudId: '', cloudStatus: '' };
  const request = moneyRequest(raw, timeZone);
  if (!request.ok) return refused(request.problems, cleared);
  const r = request.value;
  const result =
    r.kind === 'APPROVAL'
      ? createApproval(settings, r.applicationId, r.body, key)
      : r.kind === 'PAYMENT'
        ? createPayment(settings, r.applicationId, r.body, key)
        : voidPayment(settings, r.applicationId, r.paymentId, r.body, key);
  if (!result.ok) return apiRefused(result.error, cleared);
  const id = cellText(result.body.id);
  const status = 'status' in result.body ? cellText(result.body.status) : 'APPROVED';
  return { ok: true, sync: { cloudId: id, cloudStatus: status }, id, status, message: SENT };
};

/**
 * The achievement, then the receipt, each under its own key derived from the row's. The achievement is registered
 * once per contract: a later row of the same achievement gets 409 DUPLICATE with the existing id, used if it is this
 * application's (another application's contract is an error, not a receipt booked to someone else).
 */
const sendReceipt: Sender = (raw, { settings, key, timeZone }) => {
  const cleared = { cloudId: '', cloudSubsidy: '', cloudStatus: '' };
  const request = receiptRequests(raw, timeZone);
  if (!request.ok) return refused(request.problems, cleared);
  const { achievement, receipt } = request.value;
  let achievementId = cellText(raw.achievementId);
  if (!achievementId) {
    const made = createAchievement(settings, achievement, `${key}-achievement`);
    if (made.ok) achievementId = cellText(made.body.id);
    else if (made.error.code === 'DUPLICATE' && made.error.existingId) {
      const existing = getAchievement(settings, made.error.existingId);
      if (!existing.ok) return apiRefused(existing.error, cleared);
      if (existing.body.applicationId !== achievement.applicationId) {
        const message = `ERROR: 技术合同 ${achievement.contractNo} 已由另一申请（${existing.body.applicationId}）登记 (contract already registered by application ${existing.body.applicationId}) (contractNo)`;
        return { ok: false, sync: cleared, id: '', status: '', message, renewKey: true };
      }
      achievementId = made.error.existingId;
    } else return apiRefused(made.error, cleared);
  }
  const result = createReceipt(settings, achievementId, receipt, `${key}-receipt`);
  if (!result.ok) return apiRefused(result.error, { ...cleared, achievementId });
  const id = cellText(result.body.id);
  const status = cellText(result.body.status);
  const subsidy = result.body.subsidy;
  return { ok: true, sync: { achievementId, cloudId: id, cloudSubsidy: subsidy, cloudStatus: status }, id: `${achievementId} / ${id}`, status, subsidy, message: SENT };
};

const SENDERS = new Map<string, Sender>([
  [APPLICATIONS.name, sendApplication],
  [APPROVALS.name, sendMoneyRow],
  [RECEIPTS.name, sendReceipt],
]);

/** The sync columns (cloud ids … syncMessage, rowKey) sit side by side at the end: one setValues writes them all. */
function syncBlock(spec: SheetSpec): { first: number; keys: string[] } {
  const keys = spec.columns.filter((c) => c.kind === 'sync').map((c) => c.key);
  const first = columnOf(spec, keys[0] ?? 'rowKey');
  if (columnOf(spec, 'rowKey') !== first + keys.length - 1) throw new Error(`layout: the sync columns of ${spec.name} must be adjacent and last`);
  return { first, keys };
}


function alreadySent(spec: SheetSpec, row: number, raw: RawRow): RowOutcome {
  const id = spec === RECEIPTS ? `${cellText(raw.achievementId)} / ${cellText(raw.cloudId)}` : cellText(raw.cloudId);
  const subsidy = spec === RECEIPTS && typeof raw.cloudSubsidy === 'number' ? { subsidy: raw.cloudSubsidy } : {};
  return { row, ok: true, id, status: cellText(raw.cloudStatus), ...subsidy, message: '已在云端，未重复发送 (already in the cloud)' };
}

/** The row carrying `key` now: `row` if it still does (one cell read), else where it moved (undefined: deleted). */
function rowNow(sheet: Sheet, spec: SheetSpec, row: number, key: string): number | undefined {
  if (cellText(sheet.getRange(row, columnOf(spec, 'rowKey')).getValue()) === key) return row;
  return rowsByKey(sheet, spec).get(key);
}

/**
 * One row: skipped when blank or already in the cloud, else sent and its answer written into its sync columns. `key`
 * is the row key the row had when this call began: a row that no longer carries it was moved since (another person
 * sorted the sheet), and the row sent is the one carrying it now (none: the row was deleted, and nothing is sent).
 */
function sendOne(sheet: Sheet, spec: SheetSpec, sender: Sender, at: number, key: string | undefined, settings: ApiSettings, timeZone: string): RowOutcome {
  const read = (r: number) => sheet.getRange(r, 1, 1, spec.columns.length).getValues()[0] ?? [];
  let row = at;
  let values = read(row);
  if (key !== undefined && cellText(values[columnOf(spec, 'rowKey') - 1]) !== key) {
    const now = rowsByKey(sheet, spec).get(key);
    if (now === undefined) return { row, ok: false, skipped: true, id: '', status: '', message: '该行已被删除，未发送 (the row was deleted, not sent)' };
    row = now;
    values = read(row);
  }
  if (!hasInput(spec, values)) return { row, ok: false, skipped: true, id: '', status: '', message: '空行，未发送 (empty row, not sent)' };
  const raw: Record<string, unknown> = Object.fromEntries(spec.columns.map((c, i) => [c.key, values[i] ?? '']));
  if (!isBlank(raw.cloudId)) return alreadySent(spec, row, raw);

  const rowKey = cellText(raw.rowKey) || Utilities.getUuid();
  const answer = sender(raw, { settings, key: idempotencyKey(sheet, rowKey), timeZone });
  const { first, keys } = syncBlock(spec);
  // A refusal the API keeps under the key would be answered again to the row's corrected resend (or, changed, be a
  // CONFLICT): nothing was stored, so the row's next send goes under a new key.
  const cells: Record<string, unknown> = { ...raw, ...answer.sync, syncMessage: answer.message, rowKey: answer.renewKey ? Utilities.getUuid() : rowKey };
  // A sort while the request was under way moved the row: its answer goes where its key is now (deleted: nowhere).
  const target = cellText(raw.rowKey) ? rowNow(sheet, spec, row, rowKey) : row;
  if (target !== undefined) sheet.getRange(target, first, 1, keys.length).setValues([keys.map((k) => (cells[k] ?? '') as string | number)]);
  return { row: target ?? row, ok: answer.ok, id: answer.id, status: answer.status, ...(answer.subsidy !== undefined ? { subsidy: answer.subsidy } : {}), message: answer.message };
}

/** The unfinished send of this spreadsheet (the active sheet's first), or null: see ./pending-send.ts. */
export function pendingSend(): PendingSend | null {
  return pendingOf((name) => SENDERS.has(name));
}

/**
 * Sends the first `maxRows` of `rows` (the whole list still to send) of `sheetName` in order, stopping earlier when
 * SEND_BUDGET_MS has passed since the call began (Date.now()); answers each row's outcome and `remaining`: every row of
 * the list not yet sent, which stays pending (by row key) until sent. First every selected row with something typed
 * and no row key gets one, so the pending send survives a sort. A bad row is written with its ERROR and nothing is
 * sent for it; a row already in the cloud is not sent again; an empty row is skipped.
 */
export function sendRows(sheetName: string, rows: readonly number[], maxRows?: number): SendBatch {
  const started = Date.now();
  const list = Array.from(rows ?? [], Number);
  const limit = Number.isInteger(maxRows) && (maxRows as number) > 0 ? (maxRows as number) : list.length;
  const sender = SENDERS.get(sheetName);
  const spec = INPUT_SHEETS.find((s) => s.name === sheetName);
  const names = INPUT_SHEETS.map((s) => `“${s.name}”`).join('、');
  if (!sender || !spec) return { sheetName, outcomes: [], remaining: [], message: `ERROR: 只能发送 ${names} 表中的行 (only rows of ${names} can be sent)` };
  const sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(sheetName);
  if (!sheet) return { sheetName, outcomes: [], remaining: [], message: `ERROR: 找不到“${sheetName}”表，请先运行“设置表格” (no ${sheetName} sheet: run Set up sheets first)` };
  const settings = readSettings();
  if (!settings) return { sheetName, outcomes: [], remaining: [], message: NO_SETTINGS };
  const timeZone = SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetTimeZone();
  const busy = ['。其他人正在发送，已暂停，请稍后继续', '; busy: someone else is sending, resume later'] as const;

  // Keys first, under the lock, so two people sending the same rows cannot give one row two keys.
  const keyLock = LockService.getDocumentLock();
  if (!keyLock.tryLock(20_000)) return { sheetName, outcomes: [], remaining: list, message: `ERROR: 其他人正在发送，请稍后继续 (busy: someone else is sending, resume later)` };
  let keys: Map<number, string>;
  try {
    keys = giveRowKeys(sheet, spec, list);
    // Apps Script batches sheet writes until the call ends; a call killed at its 6-minute limit would lose keys not yet
    // applied, and the retry would send those rows under new keys: stored twice. Applied before any request is made.
    SpreadsheetApp.flush();
  } finally {
    keyLock.releaseLock();
  }
  const pending = beginPending(sheetName, list.map((row) => keys.get(row) ?? '').filter(Boolean));

  const outcomes: RowOutcome[] = [];
  let remaining: number[] = [];
  let stop: readonly [zh: string, en: string] | undefined;
  let keyed = 0;
  for (let i = 0; i < list.length; i++) {
    const row = list[i] as number;
    if (i >= limit) {
      remaining = list.slice(i);
      break;
    }
    if (Date.now() - started >= SEND_BUDGET_MS) {
      remaining = list.slice(i);
      stop = ['。时间将到，已暂停，可继续发送', '; time budget reached: paused, resume to send the rest'];
      break;
    }
    if (!isDataRow(sheet, row)) outcomes.push({ row, ok: false, id: '', status: '', message: `ERROR: 行号无效，表中没有第 ${row} 行 (invalid row ${row}: not a row of the sheet)` });
    else {
      const lock = LockService.getDocumentLock();
      if (!lock.tryLock(20_000)) {
        remaining = list.slice(i);
        stop = busy;
        break;
      }
      try {
        outcomes.push(sendOne(sheet, spec, sender, row, keys.get(row), settings, timeZone));
      } finally {
        lock.releaseLock();
      }
    }
    if (keys.has(row)) advancePending(pending, ++keyed, pending.head.done + i + 1);
  }

  // The rows left, where they are now (a sort during this call moved them): the sidebar's next call sends these.
  if (remaining.length && outcomes.length) {
    const where = rowsByKey(sheet, spec);
    remaining = remaining.flatMap((row) => {
      const key = keys.get(row);
      const now = key === undefined ? row : where.get(key);
      return now === undefined ? [] : [now];
    });
  }

  const skipped = outcomes.filter((o) => o.skipped).length;
  const failed = outcomes.filter((o) => !o.ok && !o.skipped).length;
  const sent = outcomes.length - failed - skipped;
  const notKept = pending.head.notKept
    ? [`；另有 ${pending.head.notKept} 行超出可保存的范围，中断后须重新选择`, `; ${pending.head.notKept} rows beyond what can be kept to resume: select them again after a stop`]
    : ['', ''];
  const zh = `已处理 ${outcomes.length} 行：成功 ${sent} 行${failed ? `，未成功 ${failed} 行` : ''}${skipped ? `，空行 ${skipped} 行` : ''}${remaining.length ? `，剩余 ${remaining.length} 行` : ''}`;
  const en = `${outcomes.length} rows: ${sent} ok${failed ? `, ${failed} not sent` : ''}${skipped ? `, ${skipped} empty` : ''}${remaining.length ? `, ${remaining.length} left` : ''}`;
  return { sheetName, outcomes, remaining, message: `${zh}${stop?.[0] ?? ''}${notKept[0]} (${en}${stop?.[1] ?? ''}${notKept[1]})` };
}
