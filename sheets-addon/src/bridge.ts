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
  /** True for a row with nothing typed in it: not sent, and not a failure (ok is false). */
  readonly skipped?: boolean;
}

/**
 * `sendRows(sheetName, rows, maxRows)`: `rows` is the whole list still to send, `maxRows` how many this call may send
 * (the sidebar's chunk). `remaining` is every row of the list not yet sent (past maxRows, or no time left), to send next.
 */
export interface SendBatch {
  readonly sheetName: string;
  readonly outcomes: readonly RowOutcome[];
  readonly remaining: readonly number[];
  readonly message: string;
}

/**
 * `getPendingSend()`: a send that stopped before its end (time budget, closed sidebar), to resume: kept by row key, its
 * `rows` are where those rows are now (after any sort), in the order they were to be sent.
 */
export interface PendingSend {
  readonly sheetName: string;
  readonly rows: readonly number[];
  readonly done: number;
  /** Rows of the send no longer found (deleted, or their row key cleared): not in `rows`, not sent. */
  readonly dropped: number;
  /** Rows of a very long send beyond what the user properties can keep: not in `rows`; select them again. */
  readonly notKept: number;
}

/** `refreshFromCloud()`: what it pulled. */
export interface RefreshOutcome {
  readonly updated: number;
  readonly missing: number;
  readonly ledgerRows: number;
  readonly message: string;
}
