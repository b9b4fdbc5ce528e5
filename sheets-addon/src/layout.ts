/**
 * The sheets the add-on lays out: which column holds what, its bilingual header, its code list or format, and the one
 * range formula that fills a computed column. Set-up, the sidebar and form intake all read the same table.
 */
import { CATEGORIES, DISTRICTS, FIELDS, ITEMS, PARTNER_TYPES, TALENTS, codeList, foldWithoutSeparators, type CodeList } from '../../shared/index.js';

export type Kind = 'text' | 'code' | 'date' | 'yuan' | 'checkbox' | 'year' | 'formula' | 'sync';

export interface ColumnSpec {
  readonly key: string;
  readonly zh: string;
  readonly en: string;
  readonly kind: Kind;
  readonly list?: CodeList<string>;
  /** For computed columns: the formula in row 2, with `{key}` standing for that column's open range (`E2:E`). */
  readonly formula?: string;
  /** Yuan results get the yuan number format. */
  readonly yuan?: boolean;
  /** Date results (a looked-up rating date) get the date format, so functions reading them get a Date. */
  readonly date?: boolean;
  readonly hidden?: boolean;
}

export interface SheetSpec {
  readonly name: string;
  readonly columns: readonly ColumnSpec[];
}

const col = (key: string, zh: string, en: string, kind: Kind, more: Partial<ColumnSpec> = {}): ColumnSpec => ({ key, zh, en, kind, ...more });

/**
 * The last columns of every input sheet, which sending and refresh write: the cloud's status of the row, what the last
 * send said, and the row's Idempotency-Key (hidden). One definition, so the three sheets cannot drift apart.
 */
const SYNC_TAIL: readonly ColumnSpec[] = [
  col('cloudStatus', '云端状态', 'Cloud status', 'sync'),
  col('syncMessage', '同步信息', 'Sync message', 'sync'),
  col('rowKey', '行键（勿改）', 'Row key (do not edit)', 'sync', { hidden: true }),
];

export const APPLICATIONS: SheetSpec = {
  name: '申请 Applications',
  columns: [
    col('institution', '机构名称', 'Institution', 'text'),
    col('partnerName', '合作方名称', 'Partner', 'text'),
    col('partnerType', '合作方类型', 'Partner type', 'code', { list: PARTNER_TYPES }),
    col('partnerCountry', '合作方国家（地区）', 'Partner country', 'text'),
    col('category', '类别', 'Category', 'code', { list: CATEGORIES }),
    col('district', '区县', 'District', 'code', { list: DISTRICTS }),
    col('field', '重点领域', 'Key field', 'code', { list: FIELDS }),
    col('talent', '高层次人才', 'Top talent', 'code', { list: TALENTS }),
    col('ratingDate', '评定日期', 'Rating date', 'date'),
    col('legalPerson', '独立法人', 'Legal person', 'checkbox'),
    col('requestedAmount', '申请金额（元）', 'Requested (yuan)', 'yuan'),
    col('approvedInitial', '核定评定资助（元）', 'Approved initial grant (yuan)', 'yuan'),
    col('totalCap', '资助总上限（元）', 'Total cap (yuan)', 'formula', { formula: '=CQ_TOTAL_CAP({category}, {ratingDate}, {talent})', yuan: true }),
    col('initialCap', '评定资助上限（元）', 'Initial grant cap (yuan)', 'formula', { formula: '=CQ_CAP({category}, "INITIAL_GRANT")', yuan: true }),
    col('check', '检查', 'Check', 'formula', { formula: '=CQ_CHECK({category}, {ratingDate}, {approvedInitial}, {talent})' }),
    col('cloudId', '云端编号', 'Cloud ID', 'sync'),
    ...SYNC_TAIL,
  ],
};

/** What a row of the Approvals & payments sheet records: a 核定, a payment, or the void of a payment. */
export const ROW_KINDS = codeList<'APPROVAL' | 'PAYMENT' | 'VOID'>('kind', '类型', { APPROVAL: '核定', PAYMENT: '支付', VOID: '冲销' });

/**
 * `=ARRAYFORMULA(…VLOOKUP…)`: for each row's application cloud id, that application's `column` on the Applications
 * sheet (blank where the id is blank or not found there). `{applicationId}` is this sheet's own column.
 */
function fromApplications(column: string): string {
  const id = letter(columnOf(APPLICATIONS, 'cloudId'));
  const value = letter(columnOf(APPLICATIONS, column));
  const sheet = `'${APPLICATIONS.name}'`;
  return `=ARRAYFORMULA(IF({applicationId}="", "", IFERROR(VLOOKUP({applicationId}, {${sheet}!${id}2:${id}, ${sheet}!${value}2:${value}}, 2, FALSE), "")))`;
}

export const APPROVALS: SheetSpec = {
  name: '核定与支付 Approvals & payments',
  columns: [
    col('applicationId', '申请云端编号', 'Application cloud ID', 'text'),
    col('kind', '类型', 'Kind', 'code', { list: ROW_KINDS }),
    col('item', '资助项目', 'Item', 'code', { list: ITEMS }),
    col('year', '年度', 'Year', 'year'),
    col('amount', '金额（元）', 'Amount (yuan)', 'yuan'),
    col('date', '支付日期', 'Paid on', 'date'),
    col('reference', '凭证号或批复文号', 'Voucher or document no.', 'text'),
    col('reason', '原因', 'Reason', 'text'),
    col('voids', '冲销的支付云端编号', 'Payment voided (cloud ID)', 'text'),
    col('category', '类别（自动）', 'Category (looked up)', 'formula', { formula: fromApplications('category') }),
    col('ratingDate', '评定日期（自动）', 'Rating date (looked up)', 'formula', { formula: fromApplications('ratingDate'), date: true }),
    col('talent', '高层次人才（自动）', 'Top talent (looked up)', 'formula', { formula: fromApplications('talent') }),
    col('cap', '本行上限（元）', 'Row cap (yuan)', 'formula', { formula: '=CQ_ROW_CAP({category}, {ratingDate}, {item}, {year}, {talent})', yuan: true }),
    col('cloudId', '云端编号', 'Cloud ID', 'sync'),
    ...SYNC_TAIL,
  ],
};

export const RECEIPTS: SheetSpec = {
  name: '成果到账 Receipts',
  columns: [
    col('achievement', '成果名称', 'Achievement', 'text'),
    col('contractNo', '技术合同编号', 'Contract no.', 'text'),
    col('applicationId', '申请云端编号', 'Application cloud ID', 'text'),
    col('date', '到账日期', 'Date received', 'date'),
    col('received', '本次到账（元）', 'Received (yuan)', 'yuan'),
    col('voucher', '凭证号', 'Voucher', 'text'),
    col('receivedBefore', '此前累计到账（元）', 'Received before (yuan)', 'formula', { formula: '=CQ_RECEIVED_BEFORE({achievement}, {received})', yuan: true }),
    col('subsidy', '本次补贴（元）', 'Subsidy (yuan)', 'formula', { formula: '=CQ_TRANSFER_SUBSIDY({received}, {receivedBefore})', yuan: true }),
    col('achievementId', '成果云端编号', 'Achievement cloud ID', 'sync'),
    col('cloudId', '到账云端编号', 'Receipt cloud ID', 'sync'),
    col('cloudSubsidy', '云端补贴（元）', 'Cloud subsidy (yuan)', 'sync', { yuan: true }),
    ...SYNC_TAIL,
  ],
};

/** The three sheets staff type into, which the sidebar sends a row at a time. */
export const INPUT_SHEETS: readonly SheetSpec[] = [APPLICATIONS, APPROVALS, RECEIPTS];

/** Pulled by refresh, nothing typed: one row per application·schedule row, from GET /applications/{id}. */
export const LEDGER: SheetSpec = {
  name: '台账 Ledger',
  columns: [
    col('applicationId', '申请云端编号', 'Application cloud ID', 'sync'),
    col('institution', '机构名称', 'Institution', 'sync'),
    col('district', '区县', 'District', 'sync'),
    col('category', '类别', 'Category', 'sync'),
    col('status', '状态', 'Status', 'sync'),
    col('year', '年度', 'Year', 'sync'),
    col('item', '资助项目代码', 'Item code', 'sync'),
    col('itemLabel', '资助项目', 'Item', 'sync'),
    col('clause', '条款', 'Clause', 'sync'),
    col('cap', '上限（元）', 'Cap (yuan)', 'sync', { yuan: true }),
    col('approved', '核定（元）', 'Approved (yuan)', 'sync', { yuan: true }),
    col('paid', '已支付（元）', 'Paid (yuan)', 'sync', { yuan: true }),
    col('remaining', '可支付余额（元）', 'Remaining (yuan)', 'sync', { yuan: true }),
  ],
};

/** Pulled by refresh: GET /reports/summary's figures and three charts (its layout is the refresh's own). */
export const DASHBOARD = { name: '汇总 Dashboard' } as const;

/** One application's schedule: inputs in B1:B3, the spilled schedule under the header in row 6. */
export const SCHEDULE = {
  name: '资助计划 Schedule',
  inputs: [
    col('category', '类别', 'Category', 'code', { list: CATEGORIES }),
    col('ratingDate', '评定日期', 'Rating date', 'date'),
    col('talent', '高层次人才', 'Top talent', 'code', { list: TALENTS }),
  ],
  totalLabel: '资助总上限（元）\nTotal cap (yuan)',
  totalFormula: '=CQ_TOTAL_CAP(B1, B2, B3)',
  header: ['年度\nYear', '资助项目\nItem', '上限（元）\nCap (yuan)', '条款\nClause', '项目名称\nItem (中文)'],
  headerRow: 6,
  scheduleFormula: '=CQ_SCHEDULE(B1, B2, B3)',
  /** Beside the spilled schedule: the 中文 label of each row's item code (column B). */
  labelFormula: '=CQ_LABEL(B7:B)',
  explainLabel: '计算说明\nExplanation',
  explainFormula: '=CQ_EXPLAIN(B1, B2, B3)',
} as const;

export const YUAN_FORMAT = '#,##0.00';
export const DATE_FORMAT = 'yyyy-mm-dd';
/** A year as typed (2021, not 2,021). */
export const YEAR_FORMAT = '0';

export function header(c: ColumnSpec): string {
  return `${c.zh}\n${c.en}`;
}

/** 1-based column number of `key`. */
export function columnOf(sheet: SheetSpec, key: string): number {
  const index = sheet.columns.findIndex((c) => c.key === key);
  if (index < 0) throw new Error(`no column ${key} in ${sheet.name}`);
  return index + 1;
}

export function letter(column: number): string {
  let n = column;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** `=CQ_TOTAL_CAP({category}, …)` → `=CQ_TOTAL_CAP(E2:E, …)`. */
export function formulaFor(sheet: SheetSpec, c: ColumnSpec): string {
  return (c.formula ?? '').replace(/\{(\w+)\}/g, (_m, key: string) => {
    const l = letter(columnOf(sheet, key));
    return `${l}2:${l}`;
  });
}

/** Codes and their labels: a dropdown offers both, as the functions accept both. */
export function choices(list: CodeList<string>): string[] {
  return [...list.codes, ...list.codes.map((code) => list.labels[code] ?? code)];
}

/**
 * Text compared for matching a header or a form question: spaces, punctuation and case ignored, and what a reader
 * does not see (shared/fold.ts `foldWithoutSeparators`, the rules' one fold for typed names).
 */
export function normaliseTitle(text: string): string {
  return foldWithoutSeparators(text);
}

/** The column a header or form question names: `类别`, `Category`, `类别 Category` or `类别 / Category`. */
export function matchColumn(sheet: SheetSpec, title: string): ColumnSpec | undefined {
  const t = normaliseTitle(title);
  return sheet.columns.find((c) => [c.zh, c.en, `${c.zh}${c.en}`].some((name) => normaliseTitle(name) === t));
}
