/**
 * The ledger checks of a Tally (./drifts.ts): each ledger item's `paid` against its payments, its approval against
 * its approval records (else the rating's approved initial grant), and what was paid against its limit.
 */
import { initialApproval, payableLimit } from '../../shared/index.js';
import type { Application, Approval, Payment } from '../domain/records.js';
import { approvalCounts, paymentCounts, paymentVoidCounts } from '../services/counts.js';
import type { Key } from '../store/dynamodb/items.js';
import type { Drift } from './drift.js';
import type { Expectations } from './expectations.js';

/** A ledger item as the table holds it. */
export interface LedgerItem {
  readonly key: Key;
  readonly applicationId: string;
  readonly year: number;
  readonly item: string;
  readonly paid: number;
  readonly cap: number;
  readonly approved: number | undefined;
  readonly approvals: number;
}

/** What the ledger checks read of a Tally. */
export interface LedgerRecords {
  readonly applications: ReadonlyMap<string, Application>;
  /** By ledgerId(). */
  readonly ledgers: ReadonlyMap<string, LedgerItem>;
  readonly payments: readonly { readonly key: Key; readonly payment: Payment }[];
  readonly approvals: readonly { readonly key: Key; readonly approval: Approval }[];
}

export const ledgerId = (applicationId: string, year: number, item: string) => `${applicationId}|${year}|${item}`;

/** Payments, then approvals, then each ledger item's paid and limit; `applications` oldest first. */
export function ledgerDrifts(records: LedgerRecords, applications: readonly Application[], expect: Expectations): Drift[] {
  const out: Drift[] = [];
  const sums = paymentSums(records, expect, out);
  const approvedOf = approvalDrifts(records, applications, expect, out);
  for (const [id, sum] of sums) {
    const ledger = records.ledgers.get(id);
    if (ledger?.paid !== sum.paid) out.push({ kind: 'ledger', applicationId: sum.applicationId, year: sum.year, item: sum.item, expected: sum.paid, actual: ledger?.paid });
  }
  for (const [id, ledger] of records.ledgers) {
    if (!sums.has(id) && ledger.paid !== 0) out.push({ kind: 'ledger', applicationId: ledger.applicationId, year: ledger.year, item: ledger.item, expected: 0, actual: ledger.paid });
    const paid = sums.get(id)?.paid ?? 0;
    const limit = approvedOf.get(id) ?? ledger.cap;
    if (paid > limit) out.push({ kind: 'over-cap', applicationId: ledger.applicationId, year: ledger.year, item: ledger.item, paid, cap: limit });
  }
  return out;
}

/** Payments: the ledger's sums (by ledgerId()), and the money paid by year. */
function paymentSums(records: LedgerRecords, expect: Expectations, out: Drift[]) {
  const sums = new Map<string, { applicationId: string; year: number; item: string; paid: number }>();
  for (const { key, payment } of records.payments) {
    const app = records.applications.get(payment.applicationId);
    if (!app) {
      out.push({ kind: 'orphan', what: 'payment', key });
      continue;
    }
    expect.count(paymentCounts(app.district, payment), app.id);
    // The event of a payment holds it as it was recorded, before any void.
    const { status: _s, voidedAt: _a, voidedBy: _b, voidReason: _r, ...recorded } = payment;
    expect.want(payment.id, { applicationId: app.id, at: payment.createdAt, type: 'PAYMENT_RECORDED', data: recorded });
    const id = ledgerId(app.id, payment.year, payment.item);
    const sum = sums.get(id) ?? { applicationId: app.id, year: payment.year, item: payment.item, paid: 0 };
    sums.set(id, sum);
    if (payment.status === 'VOIDED') {
      // A void: its amount leaves the year's paid money and its row, and it has its own event.
      expect.count(paymentVoidCounts(app.district, payment), app.id);
      expect.want(payment.id, { applicationId: app.id, at: payment.voidedAt ?? payment.createdAt, type: 'PAYMENT_VOIDED', data: payment, ...(payment.voidReason !== undefined ? { reason: payment.voidReason } : {}) });
    } else {
      sum.paid += payment.amount;
    }
  }
  return sums;
}

/**
 * Approvals (核定), per row in the order its guard took them: each moves the committed money from the limit it
 * replaces (the earlier approval, else the rating's limit for the row) to its amount; the latest is the row's.
 * Answers each row's approved amount (by ledgerId()), the limit its payments are held to.
 */
function approvalDrifts(records: LedgerRecords, applications: readonly Application[], expect: Expectations, out: Drift[]) {
  const rows = new Map<string, { app: Application; year: number; item: string; approvals: Approval[] }>();
  for (const { key, approval } of records.approvals) {
    const app = records.applications.get(approval.applicationId);
    if (!app) {
      out.push({ kind: 'orphan', what: 'approval', key });
      continue;
    }
    const id = ledgerId(app.id, approval.year, approval.item);
    const row = rows.get(id) ?? { app, year: approval.year, item: approval.item, approvals: [] };
    row.approvals.push(approval);
    rows.set(id, row);
  }
  // Rows whose approval is the rating's approved initial grant, with no approval record since.
  for (const app of applications) {
    const initial = app.rating ? initialApproval(app.rating)?.row : undefined;
    const id = initial ? ledgerId(app.id, initial.year, initial.item) : undefined;
    if (initial && id && !rows.has(id)) rows.set(id, { app, year: initial.year, item: initial.item, approvals: [] });
  }
  const approvedOf = new Map<string, number>();
  for (const [id, { app, year, item, approvals }] of rows) {
    const scheduled = app.rating?.schedule.find((r) => r.item === item && r.year === year);
    const initial = app.rating ? initialApproval(app.rating) : undefined;
    let limit = payableLimit(scheduled ?? {}, initial !== undefined && initial.row === scheduled ? initial.amount : undefined);
    for (const approval of approvals.sort((a, b) => a.sequence - b.sequence)) {
      expect.count(approvalCounts(app.district, { ...approval, limitBefore: limit }), app.id);
      expect.want(approval.id, { applicationId: app.id, at: approval.createdAt, type: 'APPROVAL_RECORDED', data: approval, ...(approval.reason !== undefined ? { reason: approval.reason } : {}) });
      limit = approval.amount;
    }
    const expected = { approved: approvals.length > 0 ? limit : initial?.row === scheduled ? initial?.amount : undefined, approvals: approvals.length };
    if (expected.approved !== undefined) approvedOf.set(id, expected.approved);
    const ledger = records.ledgers.get(id);
    const actual = ledger ? { approved: ledger.approved, approvals: ledger.approvals } : undefined;
    if (!actual || actual.approved !== expected.approved || actual.approvals !== expected.approvals) {
      out.push({ kind: 'approval', applicationId: app.id, year, item, cap: scheduled?.cap ?? limit, expected, actual });
    }
  }
  for (const [id, ledger] of records.ledgers) {
    if (rows.has(id) || (ledger.approved === undefined && ledger.approvals === 0)) continue;
    out.push({ kind: 'approval', applicationId: ledger.applicationId, year: ledger.year, item: ledger.item, cap: ledger.cap, expected: { approved: undefined, approvals: 0 }, actual: { approved: ledger.approved, approvals: ledger.approvals } });
  }
  return approvedOf;
}
