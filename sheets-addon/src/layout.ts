/**
 * The sheets the add-on lays out: which column holds what, its bilingual header, its code list or format, and the one
 * range formula that fills a computed column. Set-up, the sidebar and form intake all read the same table.
 */
import { CATEGORIES, DISTRICTS, FIELDS, PARTNER_TYPES, TALENTS, foldWithoutSeparators, type CodeList } from '../../shared/index.js';

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
  readonly hidden?: boolean;
}

export interface SheetSpec {
  readonly name: string;
  readonly columns: readonly ColumnSpec[];
}

const col = (key: string, zh: string, en: string, kind: Kind, more: Partial<ColumnSpec> = {}): ColumnSpec => ({ key, zh, en, kind, ...more });

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
    col('cloudStatus', '云端状态', 'Cloud status', 'sync'),
    col('syncMessage', '同步信息', 'Sync message', 'sync'),
    col('rowKey', '行键（勿改）', 'Row key (do not edit)', 'sync', { hidden: true }),
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
    col('receivedBefore', '此前累计到账（元）', 'Received before (yuan)', 'yuan'),
    col('subsidy', '本次补贴（元）', 'Subsidy (yuan)', 'formula', { formula: '=CQ_TRANSFER_SUBSIDY({received}, {receivedBefore})', yuan: true }),
  ],
};

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
  header: ['年度\nYear', '资助项目\nItem', '上限（元）\nCap (yuan)', '条款\nClause'],
  headerRow: 6,
  scheduleFormula: '=CQ_SCHEDULE(B1, B2, B3)',
  explainLabel: '计算说明\nExplanation',
  explainFormula: '=CQ_EXPLAIN(B1, B2, B3)',
} as const;

export const YUAN_FORMAT = '#,##0.00';
export const DATE_FORMAT = 'yyyy-mm-dd';

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
