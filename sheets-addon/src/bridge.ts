/**
 * What crosses google.script.run between the sidebar and the server functions: plain strings, numbers, booleans and
 * arrays of them only (dates travel as text), as Apps Script requires.
 */

/** `testConnection()`: the saved key as GET /keys/me answers it, or why it could not be asked. */
export interface Connection {
  readonly ok: boolean;
  readonly id: string;
  readonly role: string;
  readonly roleLabel: string;
  /** '' for a city-wide key. */
  readonly district: string;
  readonly districtLabel: string;
  readonly label: string;
  /** 中文 first, English in brackets: what the sidebar shows. */
  readonly message: string;
}

/** `getSelectedRows()`: the data rows (2…) selected on the active input sheet, in order, each once. */
export interface Selection {
  readonly sheetName: string;
  readonly rows: readonly number[];
}

/** One row's answer, also written into the row's sync columns. */
export interface RowOutcome {
  readonly row: number;
  readonly ok: boolean;
  /** The cloud id(s) the row got, e.g. an application id, or `achievementId / receiptId`. */
  readonly id: string;
  readonly status: string;
  /** The API's subsidy for a receipt row, in yuan; absent for other rows. */
  readonly subsidy?: number;
  /** `messageZh` first, the English in brackets. */
  readonly message: string;
}

/** `sendRows(sheetName, rows)`: what one call sent; `remaining` are the rows it had no time for, to send next. */
export interface SendBatch {
  readonly sheetName: string;
  readonly outcomes: readonly RowOutcome[];
  readonly remaining: readonly number[];
  readonly message: string;
}

/** `getPendingSend()`: a send that stopped before its end (time budget, closed sidebar), to resume. */
export interface PendingSend {
  readonly sheetName: string;
  readonly rows: readonly number[];
  readonly done: number;
}

/** `refreshFromCloud()`: what it pulled. */
export interface RefreshOutcome {
  readonly updated: number;
  readonly missing: number;
  readonly ledgerRows: number;
  readonly message: string;
}
