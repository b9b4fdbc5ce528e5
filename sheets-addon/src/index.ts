/**
 * What Apps Script sees. Every export here becomes one top-level `function` in dist/Code.js carrying this JSDoc
 * (the build copies it: esbuild drops comments), so Sheets autocompletes the `@customfunction`s and menus,
 * `google.script.run` and triggers can call the rest by name. Logic lives in the modules these call.
 * Only `export function NAME(a, b)` with a JSDoc block belongs here (the build refuses anything else).
 */
import type { Arg } from './cells.js';
import * as cf from './custom-functions.js';
import type { Answer } from './custom-functions.js';
import { receivedBefore } from './received-before.js';
import { handleFormSubmit, installFormTrigger as installTrigger } from './form-trigger.js';
import { buildMenu, setUpSheets as layOut, showSidebar as openSidebar } from './setup.js';
import { saveSettings as save, settingsView, type SettingsInput, type SettingsView } from './settings.js';
import * as server from './sidebar-server.js';
import type { Connection, PendingSend, RefreshOutcome, SendBatch, Selection } from './bridge.js';
import { testConnection as askKeysMe } from './connection.js';
import { refreshFromCloud as refresh } from './refresh.js';
import { pendingSend, sendRows as send } from './send.js';

/**
 * 单项资助上限（元，按年的项目为每年上限）；不适用为 0。The cap of one item in yuan (per year for yearly items); 0 where it does not apply.
 *
 * @param {string} category 类别：代码或中文名称，可为一列区域。Category code or 中文 label; a value or a column range.
 * @param {string} item 资助项目：INITIAL_GRANT, ANNUAL_RD_SUPPORT, TALENT_TEAM_SUPPORT, PERFORMANCE_SUBSIDY。Item code or label.
 * @return {number} 上限（元），一事一议类别为 CASE_BY_CASE。The cap in yuan, or CASE_BY_CASE.
 * @customfunction
 */
export function CQ_CAP(category: Arg, item: Arg): Answer {
  return cf.cap(category, item);
}

/**
 * 一项申请的市级资助总上限（元）：资助计划各行之和。The whole municipal ceiling of one application in yuan: its schedule added up.
 *
 * @param {string} category 类别：代码或中文名称，可为一列区域。Category code or 中文 label; a value or a column range.
 * @param {Date} ratingDate 评定日期（日期或 YYYY-MM-DD 文本）。Rating date: a date cell or text YYYY-MM-DD.
 * @param {string} talent 可选：牵头的高层次人才。Optional: the top talent leading the team (blank: none).
 * @return {number} 总上限（元），或 CASE_BY_CASE。The total cap in yuan, or CASE_BY_CASE.
 * @customfunction
 */
export function CQ_TOTAL_CAP(category: Arg, ratingDate: Arg, talent: Arg): Answer {
  return cf.totalCap(category, ratingDate, talent);
}

/**
 * 一项申请的资助计划，展开为多行 [年度, 项目, 上限, 条款]。One application's schedule, spilled as rows [year, item, cap, clause].
 *
 * @param {string} category 类别（单个值）。Category code or 中文 label (a single value, not a range).
 * @param {Date} ratingDate 评定日期（单个值）。Rating date (a single value).
 * @param {string} talent 可选：牵头的高层次人才。Optional: the top talent leading the team.
 * @return 资助计划各行，或 CASE_BY_CASE。The schedule rows, or CASE_BY_CASE.
 * @customfunction
 */
export function CQ_SCHEDULE(category: Arg, ratingDate: Arg, talent: Arg): Answer {
  return cf.schedule(category, ratingDate, talent);
}

/**
 * 一项申请某一年度的资助上限之和（元）。The sum of one application's schedule rows for one calendar year, in yuan.
 *
 * @param {string} category 类别：代码或中文名称，可为一列区域。Category code or 中文 label; a value or a column range.
 * @param {Date} ratingDate 评定日期。Rating date: a date cell or text YYYY-MM-DD.
 * @param {number} year 年度，如 2021。The calendar year, e.g. 2021.
 * @param {string} talent 可选：牵头的高层次人才。Optional: the top talent leading the team.
 * @return {number} 该年度上限（元），或 CASE_BY_CASE。That year's cap in yuan, or CASE_BY_CASE.
 * @customfunction
 */
export function CQ_YEAR_CAP(category: Arg, ratingDate: Arg, year: Arg, talent: Arg): Answer {
  return cf.yearCapOf(category, ratingDate, year, talent);
}

/**
 * 本次到账额的 5% 成果转化补贴（元），单项成果累计不超过 100 万元。The 5% subsidy on one instalment received, at most 1,000,000 per achievement.
 *
 * @param {number} received 本次实际到账额（元）。The amount received in this instalment, in yuan.
 * @param {number} receivedBefore 可选：同一成果此前累计到账额（元），默认 0。Optional: already received for the same achievement (default 0).
 * @return {number} 本次补贴（元）。This instalment's subsidy in yuan.
 * @customfunction
 */
export function CQ_TRANSFER_SUBSIDY(received: Arg, receivedBefore: Arg): Answer {
  return cf.transferSubsidyOf(received, receivedBefore);
}

/**
 * 资助项目所依据的条款，如 三(一)。The clause an item rests on, e.g. 三(一).
 *
 * @param {string} category 类别：代码或中文名称，可为一列区域。Category code or 中文 label; a value or a column range.
 * @param {string} item 资助项目代码或中文名称。Item code or label.
 * @return {string} 条款。The clause.
 * @customfunction
 */
export function CQ_CLAUSE(category: Arg, item: Arg): Answer {
  return cf.clause(category, item);
}

/**
 * 检查申请：OK、ERROR: …（计划期外、超上限、未知代码）或 WARN: …（需确认）。Checks an application: OK, ERROR: … or WARN: ….
 *
 * @param {string} category 类别：代码或中文名称，可为一列区域。Category code or 中文 label; a value or a column range.
 * @param {Date} ratingDate 评定日期。Rating date: a date cell or text YYYY-MM-DD.
 * @param {number} approvedInitial 可选：核定的评定资助（元）。Optional: the initial grant approved, in yuan.
 * @param {string} talent 可选：牵头的高层次人才。Optional: the top talent leading the team.
 * @return {string} OK、ERROR: … 或 WARN: …。OK, ERROR: … or WARN: ….
 * @customfunction
 */
export function CQ_CHECK(category: Arg, ratingDate: Arg, approvedInitial: Arg, talent: Arg): Answer {
  return cf.check(category, ratingDate, approvedInitial, talent);
}

/**
 * 说明计算依据：各行所用参数、施行日期、条款及文号。Explains the result: each row's parameter, effective date, clause and the edition.
 *
 * @param {string} category 类别：代码或中文名称，可为一列区域。Category code or 中文 label; a value or a column range.
 * @param {Date} ratingDate 评定日期。Rating date: a date cell or text YYYY-MM-DD.
 * @param {string} talent 可选：牵头的高层次人才。Optional: the top talent leading the team.
 * @return {string} 说明文本。One explanatory text.
 * @customfunction
 */
export function CQ_EXPLAIN(category: Arg, ratingDate: Arg, talent: Arg): Answer {
  return cf.explanation(category, ratingDate, talent);
}

/**
 * 同一成果在本行之上各行的到账额之和（元），即此前累计到账；成果名称去首尾空格、不分大小写和全半角比较。What the same achievement received in the rows above, in yuan (names compared trimmed, case- and width-insensitive).
 *
 * @param {string} achievement 成果名称，通常为一列区域；空白行结果为空。The achievement's name, usually a column range; a blank row gives a blank.
 * @param {number} received 各行本次实际到账额（元），与成果同高的一列；空白计为 0。Each row's amount received in yuan, a column as tall; a blank counts 0.
 * @return {number} 此前累计到账（元），可作 CQ_TRANSFER_SUBSIDY 的 receivedBefore。Received before, in yuan: CQ_TRANSFER_SUBSIDY's receivedBefore.
 * @customfunction
 */
export function CQ_RECEIVED_BEFORE(achievement: Arg, received: Arg): Answer {
  return receivedBefore(achievement, received);
}

/**
 * 代码的中文名称：类别、资助项目、高层次人才、重点领域、区县、合作方类型或行类型。The 中文 label of any code: category, item, talent, field, district, partner type or row kind.
 *
 * @param {string} code 代码（不分大小写）或中文名称，可为一列区域；空白结果为空。A code (any case) or its label; a value or a column range; a blank gives a blank.
 * @return {string} 中文名称，未知代码为 ERROR: …。The 中文 label, or ERROR: … for an unknown code.
 * @customfunction
 */
export function CQ_LABEL(code: Arg): Answer {
  return cf.label(code);
}

/**
 * 核定与支付表一行的上限（元）：该申请资助计划中该项目该年度一行的上限，计划中无此行为 0；项目与年度均空（如冲销行）为空白。The cap in yuan of one schedule row of an application: the row of that item in that year, 0 where the schedule has none; blank where item and year are both blank (a VOID row).
 *
 * @param {string} category 类别：代码或中文名称，可为一列区域。Category code or 中文 label; a value or a column range.
 * @param {Date} ratingDate 评定日期（日期或 YYYY-MM-DD 文本）。Rating date: a date cell or text YYYY-MM-DD.
 * @param {string} item 资助项目代码或中文名称。Item code or label.
 * @param {number} year 年度，如 2021。The calendar year, e.g. 2021.
 * @param {string} talent 可选：牵头的高层次人才。Optional: the top talent leading the team (blank: none).
 * @return {number} 本行上限（元），或 CASE_BY_CASE。The row's cap in yuan, or CASE_BY_CASE.
 * @customfunction
 */
export function CQ_ROW_CAP(category: Arg, ratingDate: Arg, item: Arg, year: Arg, talent: Arg): Answer {
  return cf.rowCapOf(category, ratingDate, item, year, talent);
}

// ——— Menu and triggers ———

/**
 * Simple trigger: adds the 科创资助 / Kechuang menu when the spreadsheet opens.
 * @param {Object} e the open event
 */
export function onOpen(e: unknown): void {
  void e;
  buildMenu();
}

/**
 * Runs when the add-on is installed: the menu appears without reopening the spreadsheet.
 * @param {Object} e the install event
 */
export function onInstall(e: unknown): void {
  onOpen(e);
}

/** Menu: 设置表格 / Set up sheets — Applications, Approvals & payments, Receipts, Schedule, Ledger, Dashboard; changes nothing already typed. */
export function setUpSheets(): number {
  return layOut();
}

/** Menu: 打开侧边栏 / Open sidebar. */
export function showSidebar(): void {
  openSidebar();
}

/** Menu: 启用表单接收 / Enable form intake — installs the onFormSubmit trigger for this spreadsheet. */
export function installFormTrigger(): string {
  return installTrigger();
}

/**
 * Installable trigger: a linked Google Form's response becomes POST /applications; the row gets the id and caps.
 * @param {Object} e the spreadsheet form-submit event
 */
export function onFormSubmit(e: GoogleAppsScript.Events.SheetsOnFormSubmit): void {
  handleFormSubmit(e);
}

// ——— Sidebar server functions (google.script.run) ———

/** Sidebar: the saved API URL and whether a key is saved (the key itself never goes back to the browser). */
export function getSettings(): SettingsView {
  return settingsView();
}

/**
 * Sidebar: saves the API URL and key in the user's own properties.
 * @param {Object} input {apiUrl, apiKey}; a blank apiKey keeps the saved one
 */
export function saveSettings(input: SettingsInput): SettingsView {
  return save(input);
}

/** Sidebar: test connection — GET /keys/me with the saved key: its role, district and label, or why not (never throws). */
export function testConnection(): Connection {
  return askKeysMe();
}

/** Sidebar: the selected data rows (2…) of whichever input sheet is active (Applications, Approvals & payments, Receipts). */
export function getSelectedRows(): Selection {
  return server.selectedRows();
}

/**
 * Sidebar: sends up to maxRows of the rows in order, each under its own Idempotency-Key, writing each answer into its
 * row, stopping earlier when about 4½ minutes have passed; every row of the list not sent comes back in `remaining`
 * and stays pending, by row key, to resume (getPendingSend) even after a sort.
 * @param {string} sheetName the input sheet's name
 * @param {number[]} rows the whole list of row numbers (2 or more) still to send, in order
 * @param {number} maxRows how many rows this call may send (the sidebar's chunk); all when absent
 */
export function sendRows(sheetName: string, rows: number[], maxRows?: number): SendBatch {
  return send(sheetName, rows, maxRows);
}

/** Sidebar: a send that stopped before its end (time budget, closed sidebar), to resume, its rows where they are now; null when none. */
export function getPendingSend(): PendingSend | null {
  return pendingSend();
}

/** Sidebar: statuses back into the input sheets, the Ledger and the Dashboard (with its charts) from the cloud. */
export function refreshFromCloud(): RefreshOutcome {
  return refresh();
}
