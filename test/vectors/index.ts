/**
 * The one set of test vectors (OpenFisca-style: input → expected, with the clause). The rules tests, the add-on bundle
 * tests and the API tests all read these files, so the spreadsheet and the cloud are proven to agree.
 * Amounts are yuan; dates are text unless a case says `instant`.
 */
import { readFileSync } from 'node:fs';

export interface VectorError {
  readonly error: { readonly code: string; readonly field: string };
}
export interface VectorCase<I, E> {
  readonly name: string;
  readonly clause: string;
  readonly input: I;
  readonly expected: E;
}
interface VectorFile<I, E> {
  readonly description: string;
  readonly cases: readonly VectorCase<I, E>[];
}

export type ScheduleTuple = readonly [year: number, item: string, cap: number, clause: string];
export interface ScheduleInput {
  readonly category: string;
  readonly ratingDate: string;
  readonly talent?: string;
}
export type ScheduleExpected =
  | { readonly totalCap: number; readonly warnings: readonly string[]; readonly schedule: readonly ScheduleTuple[] }
  | { readonly caseByCase: true; readonly clause: string }
  | VectorError;

export type YearCapExpected = { readonly yearCap: number } | { readonly caseByCase: true } | VectorError;
export interface YearCapInput extends ScheduleInput {
  readonly year: number;
}

export interface CapInput {
  readonly category: string;
  readonly item: string;
}
export type CapExpected =
  | { readonly cap: number; readonly clause: string }
  | { readonly cap: 0; readonly applies: false }
  | { readonly caseByCase: true; readonly clause: string }
  | VectorError;

export interface TransferInput {
  readonly received: number | string;
  /** Absent, null, '' or spaces: nothing received before (0). */
  readonly receivedBefore?: number | string | null;
}
export type TransferExpected = { readonly subsidy: number; readonly cumulativeSubsidy: number; readonly capReached: boolean } | VectorError;
export interface TransferSequence {
  readonly name: string;
  readonly clause: string;
  readonly instalments: readonly number[];
  readonly subsidies: readonly number[];
  readonly cumulativeSubsidy: number;
}

export interface CheckInputVector extends ScheduleInput {
  readonly approvedInitial?: number;
  readonly legalPerson?: boolean;
  readonly partnerType?: string;
}
export interface CheckExpected {
  readonly status: 'OK' | 'ERROR' | 'WARN';
  readonly codes: readonly string[];
}

export type DateInput = string | { readonly instant: string; readonly timeZone: string };
export type DateExpected = string | { readonly error: string };

export interface ApprovalInputVector extends ScheduleInput {
  readonly item: string;
  readonly year: number;
  readonly amount: number;
  /** What is already paid on the row. */
  readonly paid: number;
  readonly document?: string;
}
/** `cap` absent: a case-by-case row (no computed cap). */
export type ApprovalExpected = { readonly approved: number; readonly cap?: number } | VectorError;
export interface PayableInputVector extends ScheduleInput {
  readonly item: string;
  readonly year: number;
  /** The row's approval, where one is recorded. */
  readonly approved?: number;
  readonly document?: string;
}
export interface PayableExpected {
  readonly limit: number;
}

function load<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./${name}.json`, import.meta.url), 'utf8')) as T;
}

export const scheduleVectors = load<VectorFile<ScheduleInput, ScheduleExpected>>('schedule').cases;
export const yearCapVectors = load<VectorFile<YearCapInput, YearCapExpected>>('year-cap').cases;
export const capVectors = load<VectorFile<CapInput, CapExpected>>('caps').cases;
const transfer = load<VectorFile<TransferInput, TransferExpected> & { readonly sequences: readonly TransferSequence[] }>('transfer-subsidy');
export const transferVectors = transfer.cases;
export const transferSequences = transfer.sequences;
export const checkVectors = load<VectorFile<CheckInputVector, CheckExpected>>('check').cases;
const approvals = load<VectorFile<ApprovalInputVector, ApprovalExpected> & { readonly payable: readonly VectorCase<PayableInputVector, PayableExpected>[] }>('approvals');
export const approvalVectors = approvals.cases;
export const payableVectors = approvals.payable;
export const dateVectors = load<VectorFile<DateInput, DateExpected>>('dates').cases;

/**
 * Amounts as the edges read them (issue 13): a cell or JSON value (number or text) → yuan, or the problem code
 * (`parseYuan`, field-free: each front door names its own field).
 */
export type AmountExpected = { readonly yuan: number } | { readonly error: 'INVALID_NUMBER' | 'TOO_PRECISE' | 'TOO_LARGE' | 'NEGATIVE' };
export const amountVectors = load<VectorFile<number | string, AmountExpected>>('amounts').cases;

export function isError(expected: object): expected is VectorError {
  return 'error' in expected;
}

/** Contract numbers (三(七)): `input` is the same contract as `expected`, its normalised form. */
export const contractVectors = load<VectorFile<string, string>>('contracts').cases;

/** A step on one achievement: a receipt of an amount (yuan), or the void of the receipt made by step `void` (0-based). */
export type ReceiptStep = { readonly receive: number } | { readonly void: number };
export interface ReceiptVoidExpected {
  /** Each step's subsidy (a receipt) or adjustment (a void), yuan. */
  readonly results: readonly number[];
  readonly cumulativeReceived: number;
  readonly cumulativeSubsidy: number;
  readonly capReached: boolean;
}
export const receiptVoidVectors = load<VectorFile<readonly ReceiptStep[], ReceiptVoidExpected>>('receipt-voids').cases;

export interface FilingInputVector {
  readonly category: string;
  readonly legalPerson: boolean;
}
export interface FilingExpected {
  readonly codes: readonly string[];
  readonly field?: string;
}
export interface DuplicateName {
  readonly institution: string;
  readonly partnerName: string;
  readonly category: string;
}
export interface DuplicateVector {
  readonly name: string;
  readonly clause: string;
  readonly a: DuplicateName;
  readonly b: DuplicateName;
  readonly same: boolean;
}
const filing = load<VectorFile<FilingInputVector, FilingExpected> & { readonly duplicates: readonly DuplicateVector[] }>('filing');
export const filingVectors = filing.cases;
export const duplicateVectors = filing.duplicates;

/** Partner names (一, interpretations 3 and 9): `input` is the same partner as `expected`, its normalised form. */
export interface PartnerDistinct {
  readonly name: string;
  readonly clause: string;
  readonly a: string;
  readonly b: string;
}
export interface PartnerSpellings {
  readonly clause: string;
  /** The one normalised name of every spelling. */
  readonly expected: string;
  /** How many partners the spellings counted as before format characters were dropped (issue 11). */
  readonly distinctBefore: number;
  readonly names: readonly string[];
}
const partners = load<VectorFile<string, string> & { readonly distinct: readonly PartnerDistinct[]; readonly spellings: PartnerSpellings }>('partners');
export const partnerVectors = partners.cases;
export const partnerDistinctVectors = partners.distinct;
export const partnerSpellings = partners.spellings;
/**
 * How partner names were normalised before issue 11 dropped format characters and variation selectors: what
 * `distinctBefore` counts, and the names of the markers reconcile mends.
 */
export const normalisedBeforeIssue11 = (name: string): string => name.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');

/**
 * Interpretations (POLICY.md §5): `parameters` maps each interpreted parameter to its §5 numbers (every other
 * carries none); each case lists exactly the §5 numbers its explanation, or its error, cites.
 */
export interface InterpretationExpected {
  readonly interpretations: readonly number[];
  readonly error?: VectorError['error'];
}
const interpretations = load<VectorFile<ScheduleInput, InterpretationExpected> & { readonly parameters: { readonly [name: string]: readonly number[] } }>('interpretations');
export const interpretedParameters = interpretations.parameters;
export const interpretationVectors = interpretations.cases;

/** The §5 numbers a text cites (`§5.6`), each once, in order. */
export function citedInterpretations(text: string): number[] {
  return [...new Set([...text.matchAll(/§5\.(\d+)/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
}

/** CQ_RECEIVED_BEFORE over whole columns (CONTRACT §2); `subsidy` is CQ_TRANSFER_SUBSIDY fed by it, where given. */
export interface ReceivedBeforeInput {
  readonly achievement: readonly (string | number)[];
  readonly received: readonly (string | number)[];
}
/**
 * An ERROR cell: the row's own amount, or (`earlierRow`, 1-based in the selected range) an earlier row of its achievement.
 * `messageZh` and `message`, where given, are words the cell's 中文 and English must contain.
 */
export interface ReceivedBeforeError {
  readonly error: { readonly code: string; readonly field: string; readonly earlierRow?: number; readonly messageZh?: string; readonly message?: string };
}
/** Yuan, '' for a blank row, or an error. */
export type ReceivedBeforeCell = number | '' | ReceivedBeforeError;
export interface ReceivedBeforeExpected {
  readonly receivedBefore: readonly ReceivedBeforeCell[];
  readonly subsidy?: readonly ReceivedBeforeCell[];
}
export const receivedBeforeVectors = load<VectorFile<ReceivedBeforeInput, ReceivedBeforeExpected>>('received-before').cases;

/** CQ_LABEL: a code (or label) → its 中文 label, or an error; `addonOnly` cases are the add-on's own row kinds. */
export interface LabelCase extends VectorCase<string | number, string | VectorError> {
  readonly addonOnly?: boolean;
}
export const labelVectors = load<VectorFile<string | number, string | VectorError>>('label').cases as readonly LabelCase[];

/** CQ_ROW_CAP: the cap of the schedule row of `item` in `year` (0 where there is none), yuan; blank where item and year are both blank. */
export interface RowCapInput extends ScheduleInput {
  readonly item: string;
  readonly year: number | string;
}
export type RowCapExpected = { readonly cap: number } | { readonly caseByCase: true } | { readonly blank: true } | VectorError;
export const rowCapVectors = load<VectorFile<RowCapInput, RowCapExpected>>('row-cap').cases;
