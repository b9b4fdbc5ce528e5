/**
 * The sheets of GET /reports/export.xlsx (CONTRACT.md §3), made from the API's own answers (./present.ts, in yuan), so
 * every cell is what GET /applications, GET /applications/{id}, …/payments, GET /achievements/{id} and
 * GET /reports/summary answer: codes with their 中文 labels beside them, headers 中文 then English.
 */
import type { output } from 'zod/mini';
import type { AchievementDetailAnswer, ApplicationAnswer, ApplicationViewAnswer, PaymentAnswer, ReceiptAnswer, SummaryAnswer } from './answers.js';
import { sheet, type CellValue, type Column, type Sheet } from './workbook.js';
import { SHEET_NAMES } from './xlsx.js';

type ApplicationOut = output<typeof ApplicationAnswer>;
type LedgerRowOut = output<typeof ApplicationViewAnswer>['ledger'][number];
type PaymentOut = output<typeof PaymentAnswer>;
type AchievementOut = output<typeof AchievementDetailAnswer>;
type ReceiptOut = output<typeof ReceiptAnswer>;

export interface ExportAnswers {
  /** In the order GET /applications lists them: each as GET /applications/{id} answers it, with its payments. */
  readonly applications: readonly {
    readonly application: ApplicationOut;
    readonly ledger: readonly LedgerRowOut[];
    readonly achievements: readonly AchievementOut[];
    readonly payments: readonly PaymentOut[];
  }[];
  readonly summary: output<typeof SummaryAnswer>;
}

const text = (value: string | undefined): CellValue => (value === undefined ? undefined : { text: value });
const yuan = (value: number | undefined): CellValue => (value === undefined ? undefined : { number: value, format: 'yuan' });
const int = (value: number): CellValue => ({ number: value, format: 'int' });
const date = (value: string | undefined): CellValue => (value === undefined ? undefined : { date: value });
const instant = (value: string | undefined): CellValue => (value === undefined ? undefined : { instant: value });
/**
 * A code and its label: two columns, `区县 District` and `区县（中文） District label`, both as the answer has them
 * (`district`, `districtLabel`: the labels are decided in shared/, by the presenters, never here).
 */
function coded<R>(zh: string, en: string, code: (row: R) => string | undefined, label: (row: R) => string | undefined, width = 16): Column<R>[] {
  return [
    { header: `${zh} ${en}`, width, value: (r) => text(code(r)) },
    { header: `${zh}（中文） ${en} label`, width: width + 4, value: (r) => text(label(r)) },
  ];
}

/** The columns every sheet about an application's records starts with. */
function ofApplication<R>(application: (row: R) => ApplicationOut): Column<R>[] {
  return [
    { header: '申请编号 Application id', width: 26, value: (r) => text(application(r).id) },
    { header: '机构 Institution', width: 30, value: (r) => text(application(r).institution) },
    ...coded<R>('区县', 'District', (r) => application(r).district, (r) => application(r).districtLabel),
  ];
}

const applicationColumns: Column<ApplicationOut>[] = [
  { header: '申请编号 Application id', width: 26, value: (a) => text(a.id) },
  { header: '机构 Institution', width: 30, value: (a) => text(a.institution) },
  { header: '合作方 Partner', width: 26, value: (a) => text(a.partner.name) },
  ...coded<ApplicationOut>('合作方类型', 'Partner type', (a) => a.partner.type, (a) => a.partner.typeLabel, 20),
  { header: '国别 Country', width: 10, value: (a) => text(a.partner.country) },
  ...coded<ApplicationOut>('类别', 'Category', (a) => a.category, (a) => a.categoryLabel, 24),
  ...coded<ApplicationOut>('区县', 'District', (a) => a.district, (a) => a.districtLabel),
  ...coded<ApplicationOut>('领域', 'Field', (a) => a.field, (a) => a.fieldLabel, 20),
  ...coded<ApplicationOut>('人才', 'Talent', (a) => a.talent, (a) => a.talentLabel),
  ...coded<ApplicationOut>('状态', 'Status', (a) => a.status, (a) => a.statusLabel, 12),
  { header: '评定日期 Rating date', width: 12, value: (a) => date(a.rating?.ratingDate) },
  { header: '申请金额（元） Requested (yuan)', width: 18, value: (a) => yuan(a.requestedAmount) },
  { header: '登记时间（北京时间） Created (Beijing time)', width: 20, value: (a) => instant(a.createdAt) },
];

interface LedgerRow {
  readonly application: ApplicationOut;
  readonly row: LedgerRowOut;
}
const ledgerColumns: Column<LedgerRow>[] = [
  ...ofApplication<LedgerRow>((r) => r.application),
  { header: '年度 Year', width: 8, value: (r) => int(r.row.year) },
  ...coded<LedgerRow>('资助项目', 'Item', (r) => r.row.item, (r) => r.row.itemLabel, 20),
  { header: '条款 Clause', width: 10, value: (r) => text(r.row.clause) },
  { header: '上限（元） Cap (yuan)', width: 18, value: (r) => yuan(r.row.cap) },
  { header: '核定（元） Approved (yuan)', width: 18, value: (r) => yuan(r.row.approved) },
  { header: '已支付（元） Paid (yuan)', width: 18, value: (r) => yuan(r.row.paid) },
  { header: '剩余可付（元） Remaining (yuan)', width: 18, value: (r) => yuan(r.row.remaining) },
];

interface PaymentRow {
  readonly application: ApplicationOut;
  readonly payment: PaymentOut;
}
const paymentColumns: Column<PaymentRow>[] = [
  ...ofApplication<PaymentRow>((r) => r.application),
  { header: '支付编号 Payment id', width: 26, value: (r) => text(r.payment.id) },
  { header: '年度 Year', width: 8, value: (r) => int(r.payment.year) },
  ...coded<PaymentRow>('资助项目', 'Item', (r) => r.payment.item, (r) => r.payment.itemLabel, 20),
  { header: '金额（元） Amount (yuan)', width: 18, value: (r) => yuan(r.payment.amount) },
  { header: '支付日期 Paid on', width: 12, value: (r) => date(r.payment.paidOn) },
  { header: '凭证号 Voucher', width: 16, value: (r) => text(r.payment.voucher) },
  ...coded<PaymentRow>('状态', 'Status', (r) => r.payment.status, (r) => r.payment.statusLabel, 12),
  { header: '作废原因 Void reason', width: 24, value: (r) => text(r.payment.voidReason) },
  { header: '作废时间（北京时间） Voided at (Beijing time)', width: 20, value: (r) => instant(r.payment.voidedAt) },
  { header: '录入时间（北京时间） Recorded at (Beijing time)', width: 20, value: (r) => instant(r.payment.createdAt) },
];

interface ReceiptRow {
  readonly application: ApplicationOut;
  readonly achievement: AchievementOut;
  readonly receipt: ReceiptOut;
}
const receiptColumns: Column<ReceiptRow>[] = [
  ...ofApplication<ReceiptRow>((r) => r.application),
  { header: '单项成果编号 Achievement id', width: 26, value: (r) => text(r.achievement.id) },
  { header: '成果名称 Title', width: 30, value: (r) => text(r.achievement.title) },
  { header: '合同编号 Contract no.', width: 18, value: (r) => text(r.achievement.contractNo) },
  { header: '到账编号 Receipt id', width: 26, value: (r) => text(r.receipt.id) },
  { header: '序号 No.', width: 6, value: (r) => int(r.receipt.sequence) },
  { header: '到账日期 Date', width: 12, value: (r) => date(r.receipt.date) },
  { header: '到账金额（元） Amount (yuan)', width: 18, value: (r) => yuan(r.receipt.amount) },
  { header: '补助（元） Subsidy (yuan)', width: 16, value: (r) => yuan(r.receipt.subsidy) },
  { header: '凭证号 Voucher', width: 16, value: (r) => text(r.receipt.voucher) },
  ...coded<ReceiptRow>('状态', 'Status', (r) => r.receipt.status, (r) => r.receipt.statusLabel, 12),
  { header: '作废原因 Void reason', width: 24, value: (r) => text(r.receipt.voided?.reason) },
  { header: '作废调整（元） Void adjustment (yuan)', width: 18, value: (r) => yuan(r.receipt.voided?.adjustment) },
];

/** The summary's figures by name: 中文, English, and whether the figure is money (yuan) or a count. */
const FIGURES: Readonly<Record<string, { readonly zh: string; readonly en: string; readonly money?: true }>> = {
  applications: { zh: '申请数', en: 'Applications' },
  rated: { zh: '已评定数', en: 'Rated' },
  partnersIntroduced: { zh: '引进合作方', en: 'Partners introduced' },
  goal: { zh: '目标（合作方）', en: 'Goal (partners)' },
  byDistrict: { zh: '按区县（申请数）', en: 'Applications by district' },
  byCategory: { zh: '按类别（申请数）', en: 'Applications by category' },
  byField: { zh: '按领域（申请数）', en: 'Applications by field' },
  committedByYear: { zh: '按年度核定（元）', en: 'Committed by year (yuan)', money: true },
  paidByYear: { zh: '按年度支付（元）', en: 'Paid by year (yuan)', money: true },
  committedByDistrict: { zh: '按区县核定（元）', en: 'Committed by district (yuan)', money: true },
  paidByDistrict: { zh: '按区县支付（元）', en: 'Paid by district (yuan)', money: true },
  transferReceived: { zh: '成果转化到账（元）', en: 'Transfer received (yuan)', money: true },
  transferSubsidy: { zh: '成果转化补助（元）', en: 'Transfer subsidy (yuan)', money: true },
  support: { zh: '非资金支持（条）', en: 'Support (records)' },
};

interface SummaryRow {
  /** The answer's field (`committedByYear`), for scripts that read the sheet. */
  readonly name: string;
  readonly figure: string;
  readonly key?: string;
  readonly keyLabel?: string;
  readonly value?: number;
  readonly money: boolean;
}
const summaryColumns: Column<SummaryRow>[] = [
  { header: '指标 Figure', width: 34, value: (r) => text(r.figure) },
  { header: '接口字段 API field', width: 20, value: (r) => text(r.name) },
  { header: '分项 Key', width: 24, value: (r) => text(r.key) },
  { header: '分项（中文） Key label', width: 24, value: (r) => text(r.keyLabel) },
  { header: '数值 Value', width: 20, value: (r) => (r.value === undefined ? undefined : r.money ? yuan(r.value) : { number: r.value, format: 'count' }) },
];

/**
 * Each figure of the summary answer a row, each breakdown (by district, by year …) a row per key, in the answer's
 * order; a key's 中文 label is the answer's own (`labels`), a year's is the year with 年.
 */
function summaryRows(summary: output<typeof SummaryAnswer>): SummaryRow[] {
  const rows: SummaryRow[] = [{ name: 'scope', figure: '范围 Scope', key: summary.scope, keyLabel: summary.scopeLabel, money: false }];
  const keyLabel = (key: string): string | undefined => summary.labels[key] ?? (/^\d{4}$/.test(key) ? `${key}年` : undefined);
  for (const [name, value] of Object.entries(summary)) {
    const known = FIGURES[name];
    const figure = known ? `${known.zh} ${known.en}` : name;
    const money = known?.money === true;
    if (typeof value === 'number') rows.push({ name, figure, value, money });
    else if (name !== 'labels' && value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) if (typeof v === 'number') rows.push({ name, figure, key, keyLabel: keyLabel(key), value: v, money });
    }
  }
  return rows;
}

/** The five sheets, in the contract's order. */
export function exportSheets(answers: ExportAnswers): Sheet[] {
  const { applications } = answers;
  return [
    sheet({ name: SHEET_NAMES.applications, columns: applicationColumns, rows: applications.map((a) => a.application) }),
    sheet({ name: SHEET_NAMES.ledger, columns: ledgerColumns, rows: applications.flatMap((a) => a.ledger.map((row) => ({ application: a.application, row }))) }),
    sheet({ name: SHEET_NAMES.payments, columns: paymentColumns, rows: applications.flatMap((a) => a.payments.map((payment) => ({ application: a.application, payment }))) }),
    sheet({
      name: SHEET_NAMES.receipts,
      columns: receiptColumns,
      rows: applications.flatMap((a) => a.achievements.flatMap((achievement) => achievement.receipts.map((receipt) => ({ application: a.application, achievement, receipt })))),
    }),
    sheet({ name: SHEET_NAMES.summary, columns: summaryColumns, rows: summaryRows(answers.summary) }),
  ];
}
