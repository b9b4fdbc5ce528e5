/**
 * The money of a rated application (CONTRACT.md §3): approvals (核定) of its ledger rows, payments held to them, voids
 * of payments, and the list of its payments. What may be approved and what is payable is shared/ (approvals.ts,
 * payable.ts); this translates, and each fact is one transaction of the store.
 */
import {
  APPLICATION_STATUS_LABELS,
  approvalTerms,
  checkApproval,
  checkEntryDate,
  editionById,
  formatYuan,
  ITEM_LABELS,
  ledgerRow,
  payableLimit,
  type CalendarDate,
  type Fen,
  type Item,
  type Problem,
} from '../../shared/index.js';
import type { Application, Approval, Payment, Rating } from '../domain/records.js';
import { ApiError, conflict, fromProblems, notFound } from '../domain/errors.js';
import { approvalCounts, paymentCounts, paymentVoidCounts } from './counts.js';
import { newId, today, type ServiceContext } from './context.js';
import { readable } from './applications.js';
import { trail } from './trail.js';

async function rated(ctx: ServiceContext, id: string, what: { en: string; zh: string }): Promise<{ application: Application; rating: Rating }> {
  const application = await readable(ctx, id);
  if (application.status !== 'RATED' || !application.rating) {
    throw conflict(`application ${id} is ${application.status}: only rated applications take ${what.en}`, 'id', `申请 ${id} ${APPLICATION_STATUS_LABELS[application.status]}，只有已评定的申请才能${what.zh}`);
  }
  return { application, rating: application.rating };
}

/** A rules problem as the API answers it: less than what is paid is a conflict with the payments (409), the rest 400. */
function approvalRefused(problems: readonly Problem[]): ApiError {
  const p = problems[0];
  if (p?.code === 'BELOW_PAID') return new ApiError(409, 'CONFLICT', p.message, p.field, { reason: p.code, messageZh: p.messageZh, ...(p.clause !== undefined ? { clause: p.clause } : {}) });
  return fromProblems(problems);
}

export interface ApprovalInput {
  readonly item: Item;
  readonly year: number;
  readonly amount: Fen;
  readonly document?: string;
  readonly reason?: string;
}

/** 核定 one row: its approved amount replaces the row's earlier one; payments on the row are held to it from now on. */
export async function recordApproval(ctx: ServiceContext<Approval>, id: string, input: ApprovalInput): Promise<Approval> {
  const { application, rating } = await rated(ctx, id, { en: 'approvals', zh: '核定' });
  const terms = approvalTerms(application.category, rating);
  const check = (paid: Fen) => checkApproval(terms, { item: input.item, year: input.year, amount: input.amount, document: input.document, paid });
  // What the input alone decides (the row, its cap, the 批复文号) is refused before anything is read.
  const first = check(0);
  if (!first.ok) throw approvalRefused(first.problems);
  const row = first.value;
  const at = ctx.now().toISOString();
  const approvalId = newId('appr');
  return ctx.store.recordApproval({ applicationId: id, item: input.item, year: input.year, ...(row.cap !== undefined ? { cap: row.cap } : {}) }, (ledger) => {
    const checked = check(ledger.paid);
    if (!checked.ok) throw approvalRefused(checked.problems);
    const approval: Approval = {
      id: approvalId,
      applicationId: id,
      item: input.item,
      year: input.year,
      amount: input.amount,
      sequence: ledger.approvals + 1,
      limitBefore: payableLimit(row, ledger.approved),
      ...(input.document !== undefined ? { document: input.document } : {}),
      ...(input.reason !== undefined ? { reason: input.reason } : {}),
      createdAt: at,
    };
    return { approval, trail: trail(ctx, approval, id, 'APPROVAL_RECORDED', approval, approvalCounts(application.district, approval), input.reason) };
  });
}

export interface PaymentInput {
  readonly item: Item;
  readonly year: number;
  readonly amount: Fen;
  readonly paidOn?: CalendarDate;
  readonly voucher?: string;
}

/** Records a payment within its row's approval (or its cap where none is approved); 409 CAP_EXCEEDED past it, however many race. */
export async function recordPayment(ctx: ServiceContext<Payment>, id: string, input: PaymentInput): Promise<Payment> {
  const { application, rating } = await rated(ctx, id, { en: 'payments', zh: '支付' });
  if (input.paidOn !== undefined) {
    const late = checkEntryDate(editionById(rating.edition), input.paidOn, today(ctx), 'paidOn', { en: 'paid', zh: '支付日期' });
    if (late) throw fromProblems([late]);
  }
  const found = ledgerRow(approvalTerms(application.category, rating), input.item, input.year);
  if (!found.ok) throw fromProblems(found.problems);
  const row = found.value;
  const { item, year, amount } = input;
  const at = ctx.now().toISOString();
  // One transaction: the ledger's guard, the payment, its event and its counts.
  const result = await ctx.store.recordPayment(
    { applicationId: id, item, year, amount, ...(row.cap !== undefined ? { cap: row.cap } : {}), limit: (approved) => payableLimit(row, approved) },
    (paidBefore, limit) => {
      const payment: Payment = {
        id: newId('pay'),
        applicationId: id,
        item,
        year,
        amount,
        paidToDate: paidBefore + amount,
        cap: limit,
        ...(input.paidOn !== undefined ? { paidOn: input.paidOn } : {}),
        ...(input.voucher !== undefined ? { voucher: input.voucher } : {}),
        createdAt: at,
      };
      return { payment, trail: trail(ctx, payment, id, 'PAYMENT_RECORDED', payment, paymentCounts(application.district, payment)) };
    },
  );
  if (result.ok) return result.payment;
  if (row.cap === undefined && result.approved === undefined) {
    throw new ApiError(409, 'CAP_EXCEEDED', `${item} ${year}: nothing is approved for this case-by-case row yet, so nothing may be paid`, 'amount', {
      messageZh: `${year} 年一事一议尚未核定金额，不能支付`,
      clause: row.clause,
    });
  }
  const what = result.approved !== undefined ? { en: 'approved amount', zh: '核定金额' } : { en: 'cap', zh: '上限' };
  throw new ApiError(409, 'CAP_EXCEEDED', `${item} ${year}: ${formatYuan(amount)} would pass the ${what.en} of ${formatYuan(result.limit)} (paid so far ${formatYuan(result.paid)})`, 'amount', {
    messageZh: `${year} 年${ITEM_LABELS[item]}（${item}）支付 ${formatYuan(amount)} 元将超过${what.zh} ${formatYuan(result.limit)} 元（已支付 ${formatYuan(result.paid)} 元），超出部分不能支付`,
    clause: row.clause,
  });
}

/** Voids a payment: it stays, marked VOIDED with who, when and why, and its amount is released from its row. */
export async function voidPayment(ctx: ServiceContext<Payment>, id: string, paymentId: string, reason: string): Promise<Payment> {
  const application = await readable(ctx, id);
  const at = ctx.now().toISOString();
  const result = await ctx.store.voidPayment(id, paymentId, (payment) => {
    const voided: Payment = { ...payment, status: 'VOIDED', voidedAt: at, voidedBy: ctx.principal.keyId, voidReason: reason };
    return { voided, trail: trail(ctx, voided, id, 'PAYMENT_VOIDED', voided, paymentVoidCounts(application.district, voided), reason) };
  });
  switch (result.outcome) {
    case 'voided':
      return result.payment;
    case 'not-found':
      throw notFound(`payment ${paymentId} of application ${id}`, 'paymentId', `申请 ${id} 的支付记录 ${paymentId} `);
    case 'already-voided':
      throw conflict(`payment ${paymentId} is already voided`, 'paymentId', `支付记录 ${paymentId} 已作废`);
  }
}

/** Every payment of the application, voided ones included, oldest first. */
export async function listPayments(ctx: ServiceContext, id: string): Promise<Payment[]> {
  await readable(ctx, id);
  return ctx.store.payments(id);
}
