/**
 * One row of the Approvals & payments or Receipts sheet as the request(s) the API wants (CONTRACT §3): codes, years,
 * yuan exact to the fen and dates read through shared/, so every bad cell is a problem naming its field and nothing
 * malformed is sent. (Applications rows: ./application.ts.)
 */
import {
  ITEMS,
  lookupCode,
  ok,
  parseCalendarDate,
  parseOptionalCalendarDate,
  parseYuan,
  toYuan,
  type Problem,
  type Result,
} from '../../shared/index.js';
import type { AchievementRequest, ApprovalRequest, PaymentRequest, ReceiptRequest, VoidRequest } from './api-types.js';
import { text } from './application.js';
import { isBlank } from './cells.js';
import { ROW_KINDS } from './layout.js';
import { collect, Reader } from './reader.js';

/** Raw values by column key (layout.ts APPROVALS / RECEIPTS). */
export type RawRow = Readonly<Record<string, unknown>>;

export type MoneyRequest =
  | { readonly kind: 'APPROVAL'; readonly applicationId: string; readonly body: ApprovalRequest }
  | { readonly kind: 'PAYMENT'; readonly applicationId: string; readonly body: PaymentRequest }
  | { readonly kind: 'VOID'; readonly applicationId: string; readonly paymentId: string; readonly body: VoidRequest };

export interface ReceiptRequests {
  readonly achievement: AchievementRequest;
  readonly receipt: ReceiptRequest;
}

const optionalText = (value: unknown): string | undefined => (isBlank(value) ? undefined : String(value).trim());

const failed = (problems: readonly Problem[]): Result<never> => ({ ok: false, problems: [...problems] });

/** An Approvals & payments row: a 核定 (APPROVAL), a payment (PAYMENT) or the void of a payment (VOID). */
export function moneyRequest(raw: RawRow, timeZone: string): Result<MoneyRequest> {
  const applicationId = text(raw.applicationId, 'applicationId', '申请云端编号');
  const kind = lookupCode(ROW_KINDS, raw.kind, 'kind');
  if (!applicationId.ok || !kind.ok) return failed(collect(applicationId, kind));

  if (kind.value === 'VOID') {
    const paymentId = text(raw.voids, 'voids', '冲销的支付云端编号');
    const reason = text(raw.reason, 'reason', '原因');
    if (!paymentId.ok || !reason.ok) return failed(collect(paymentId, reason));
    return ok({ kind: 'VOID', applicationId: applicationId.value, paymentId: paymentId.value, body: { reason: reason.value } });
  }

  const reader = new Reader(timeZone);
  const item = lookupCode(ITEMS, raw.item, 'item');
  const year = reader.year(raw.year);
  const amount = parseYuan(raw.amount, 'amount');
  const reference = optionalText(raw.reference);
  const reason = optionalText(raw.reason);
  if (kind.value === 'APPROVAL') {
    if (!item.ok || !year.ok || !amount.ok) return failed(collect(item, year, amount));
    const body: ApprovalRequest = {
      item: item.value,
      year: year.value,
      amount: toYuan(amount.value),
      ...(reference !== undefined ? { document: reference } : {}),
      ...(reason !== undefined ? { reason } : {}),
    };
    return ok({ kind: 'APPROVAL', applicationId: applicationId.value, body });
  }
  const paidOn = parseOptionalCalendarDate(raw.date, 'paidOn', timeZone);
  if (!item.ok || !year.ok || !amount.ok || !paidOn.ok) return failed(collect(item, year, amount, paidOn));
  const body: PaymentRequest = {
    item: item.value,
    year: year.value,
    amount: toYuan(amount.value),
    ...(paidOn.value !== undefined ? { paidOn: paidOn.value } : {}),
    ...(reference !== undefined ? { voucher: reference } : {}),
  };
  return ok({ kind: 'PAYMENT', applicationId: applicationId.value, body });
}

/** A Receipts row: its achievement (registered once per contract) and this instalment received. */
export function receiptRequests(raw: RawRow, timeZone: string): Result<ReceiptRequests> {
  const title = text(raw.achievement, 'achievement', '成果名称');
  const contractNo = text(raw.contractNo, 'contractNo', '技术合同编号');
  const applicationId = text(raw.applicationId, 'applicationId', '申请云端编号');
  const date = parseCalendarDate(raw.date, 'date', timeZone);
  const amount = parseYuan(raw.received, 'received');
  if (!title.ok || !contractNo.ok || !applicationId.ok || !date.ok || !amount.ok) return failed(collect(title, contractNo, applicationId, date, amount));
  const voucher = optionalText(raw.voucher);
  return ok({
    achievement: { applicationId: applicationId.value, title: title.value, contractNo: contractNo.value },
    receipt: { date: date.value, amount: toYuan(amount.value), ...(voucher !== undefined ? { voucher } : {}) },
  });
}
