/**
 * *Refresh from the cloud* (the sidebar's button): statuses back into the three input sheets, the `台账 Ledger` and the
 * `汇总 Dashboard` rewritten from the API.
 *
 * What one refresh costs, for N listed applications of which R are rated (or named on the Receipts sheet) and P are
 * named on Approvals & payments rows that carry a cloud id: ⌈N/100⌉ pages of GET /applications (one after another, as
 * each page names the next), then R GET /applications/{id} and P GET /applications/{id}/payments through
 * `UrlFetchApp.fetchAll`, 50 at a time, and one GET /reports/summary. For 300 rated applications all paid:
 * 3 + 600 + 1 = 604 requests in 3 + 12 + 1 = 16 round trips, so the time is about 16 times the API's slowest answer
 * rather than 604 times its average (not measured against the deployed API); the sheet writes are one `setValues` per
 * sheet (the Dashboard: one per table).
 */
import type { ApplicationView, PaymentList } from './api-types.js';
import { describeApiError, getSummary, listApplications, type ApiResult, type StoredApplication } from './api-client.js';
import type { RefreshOutcome } from './bridge.js';
import { cellText } from './cells.js';
import { readAll } from './cloud-reads.js';
import { dashboardSheet, writeDashboard } from './dashboard.js';
import { APPLICATIONS, APPROVALS, RECEIPTS, columnOf, type SheetSpec } from './layout.js';
import { ledgerRows, ledgerSheet, writeLedger } from './ledger-sheet.js';
import { readSettings } from './settings.js';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;


function must<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(describeApiError(result.error));
  return result.body;
}

/** At 100 a page: 100,000 applications, far beyond what the plan (a goal of 100 partners) will file. */
const MAX_PAGES = 1000;

/** Every page of GET /applications, in the API's order. */
function listAll(settings: NonNullable<ReturnType<typeof readSettings>>): { applications: StoredApplication[]; pages: number } {
  const applications: StoredApplication[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const body = must(listApplications(settings, token));
    pages++;
    applications.push(...(body.items ?? []));
    token = body.nextToken ?? undefined;
    // A cursor that never ends (a broken API) must not hold the call until Apps Script kills it at 6 minutes.
    if (token && pages >= MAX_PAGES) throw new Error(`云端申请列表超过 ${MAX_PAGES} 页，未刷新 (more than ${MAX_PAGES} pages of applications: nothing refreshed)`);
  } while (token);
  return { applications, pages };
}

/** One column of a sheet's data rows (rows 2…), trimmed text. */
function columnValues(sheet: Sheet | null, spec: SheetSpec, key: string): string[] {
  if (!sheet || sheet.getLastRow() < 2) return [];
  return sheet
    .getRange(2, columnOf(spec, key), sheet.getLastRow() - 1, 1)
    .getValues()
    .map((r) => cellText(r[0]));
}

/**
 * Writes `statuses.get(cloudId)` into the cloud status of each row whose cloud id it knows; answers how many rows it
 * updated and how many carried an id it does not know. The ids and statuses are read together (one read, from the
 * cloud id to the status column) right before the one write of the status column: ids read before the refresh's
 * requests would pair with rows a sort in the meantime has moved.
 */
function updateStatuses(sheet: Sheet | null, spec: SheetSpec, statuses: ReadonlyMap<string, string>): { updated: number; unknown: number } {
  if (!sheet || sheet.getLastRow() < 2) return { updated: 0, unknown: 0 };
  const rows = sheet.getLastRow() - 1;
  const idAt = columnOf(spec, 'cloudId');
  const statusAt = columnOf(spec, 'cloudStatus');
  const first = Math.min(idAt, statusAt);
  const block = sheet.getRange(2, first, rows, Math.abs(statusAt - idAt) + 1).getValues();
  const values = block.map((r) => [r[statusAt - first]]);
  let updated = 0;
  let unknown = 0;
  block.forEach((r, i) => {
    const id = cellText(r[idAt - first]);
    if (!id) return;
    const status = statuses.get(id);
    if (status === undefined) {
      unknown++;
      return;
    }
    values[i] = [status];
    updated++;
  });
  if (updated) sheet.getRange(2, statusAt, rows, 1).setValues(values);
  return { updated, unknown };
}

export function refreshFromCloud(): RefreshOutcome {
  const settings = readSettings();
  if (!settings) throw new Error('请先保存 API 地址和密钥 (save the API URL and key first)');
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const applicationsSheet = spreadsheet.getSheetByName(APPLICATIONS.name);
  if (!applicationsSheet) throw new Error(`找不到“${APPLICATIONS.name}”表，请先运行“设置表格” (no ${APPLICATIONS.name} sheet: run Set up sheets first)`);
  const approvalsSheet = spreadsheet.getSheetByName(APPROVALS.name);
  const receiptsSheet = spreadsheet.getSheetByName(RECEIPTS.name);

  const { applications, pages } = listAll(settings);
  const listed = new Set(applications.map((a) => a.id));

  // Details for what has a ledger (rated) or receipts on the sheet; payments for what the sheet has paid.
  const onReceipts = new Set(columnValues(receiptsSheet, RECEIPTS, 'applicationId'));
  const detailed = applications.filter((a) => a.status === 'RATED' || onReceipts.has(a.id)).map((a) => a.id);
  const sent = columnValues(approvalsSheet, APPROVALS, 'cloudId');
  const paidOn = new Set(columnValues(approvalsSheet, APPROVALS, 'applicationId').filter((id, i) => id && sent[i]));
  const withPayments = [...paidOn].filter((id) => listed.has(id));
  const paths = [...detailed.map((id) => `/applications/${encodeURIComponent(id)}`), ...withPayments.map((id) => `/applications/${encodeURIComponent(id)}/payments`)];
  const answers = readAll<unknown>(settings, paths).map(must);
  const views = answers.slice(0, detailed.length) as ApplicationView[];
  const paymentLists = answers.slice(detailed.length) as PaymentList[];
  const summary = must(getSummary(settings));

  const applicationStatus = new Map(applications.map((a) => [a.id, cellText(a.status)]));
  const paymentStatus = new Map(paymentLists.flatMap((list) => list.items.map((p) => [p.id, p.status] as const)));
  const receiptStatus = new Map(views.flatMap((v) => v.achievements.flatMap((a) => a.receipts.map((r) => [r.id, r.status] as const))));
  const apps = updateStatuses(applicationsSheet, APPLICATIONS, applicationStatus);
  const payments = updateStatuses(approvalsSheet, APPROVALS, paymentStatus);
  const receipts = updateStatuses(receiptsSheet, RECEIPTS, receiptStatus);

  const rows = ledgerRows(views);
  writeLedger(ledgerSheet(spreadsheet), rows);
  writeDashboard(dashboardSheet(spreadsheet), summary);

  const updated = apps.updated + payments.updated + receipts.updated;
  const missing = apps.unknown;
  const requests = pages + paths.length + 1;
  const message =
    `已刷新 ${updated} 行${missing ? `，${missing} 个申请在云端未找到` : ''}；台账 ${rows.length} 行；汇总已更新（${requests} 次请求）` +
    ` (refreshed ${updated} rows${missing ? `, ${missing} applications not found in the cloud` : ''}; ledger ${rows.length} rows; dashboard updated; ${requests} requests)`;
  return { updated, missing, ledgerRows: rows.length, message };
}
