/**
 * Domain records (fen) → the API's JSON (yuan). The only place money leaves the cloud side. Each answer is typed by
 * `z.output` of its schema in ./answers.ts, so a field the document does not have is a tsc error here.
 */
import { editionOf, SUPPORT_KIND_CLAUSES, SUPPORT_KIND_LABELS, toYuan, transferSubsidy } from '../../shared/index.js';
import type { output } from 'zod/mini';
import type { AchievementAnswer, ApplicationAnswer, HistoryAnswer, PaymentAnswer, ReceiptAnswer, SupportAnswer } from './answers.js';
import type { Achievement, Application, HistoryEvent, LedgerLine, Payment, Rating, Receipt, SupportRecord } from '../domain/records.js';

function presentRating(r: Rating): NonNullable<output<typeof ApplicationAnswer>['rating']> {
  return {
    ratingDate: r.ratingDate,
    ...(r.approvedInitial !== undefined ? { approvedInitial: toYuan(r.approvedInitial) } : {}),
    edition: r.edition,
    caseByCase: r.caseByCase,
    totalCap: toYuan(r.totalCap),
    schedule: r.schedule.map((row) => ({ year: row.year, item: row.item, cap: toYuan(row.cap), clause: row.clause })),
    warnings: [...r.warnings],
  };
}

export function presentApplication(a: Application, ledger?: readonly LedgerLine[]): output<typeof ApplicationAnswer> {
  return {
    id: a.id,
    institution: a.institution,
    partner: { ...a.partner },
    category: a.category,
    district: a.district,
    field: a.field,
    ...(a.talent !== undefined ? { talent: a.talent } : {}),
    legalPerson: a.legalPerson,
    ...(a.requestedAmount !== undefined ? { requestedAmount: toYuan(a.requestedAmount) } : {}),
    status: a.status,
    ...(a.rating ? { rating: presentRating(a.rating) } : {}),
    ...(ledger ? { payments: ledger.map((l) => ({ item: l.item, year: l.year, paid: toYuan(l.paid), cap: toYuan(l.cap) })) } : {}),
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

export function presentPayment(p: Payment): output<typeof PaymentAnswer> {
  return { id: p.id, applicationId: p.applicationId, item: p.item, year: p.year, amount: toYuan(p.amount), paidToDate: toYuan(p.paidToDate), cap: toYuan(p.cap), createdAt: p.createdAt };
}

export function presentAchievement(a: Achievement): output<typeof AchievementAnswer> {
  // All received so far as one instalment: the cumulative subsidy and whether the cap is reached, by the record's rules.
  const s = transferSubsidy(editionOf(a), a.cumulativeReceived);
  return {
    id: a.id,
    applicationId: a.applicationId,
    district: a.district,
    title: a.title,
    contractNo: a.contractNo,
    cumulativeReceived: toYuan(a.cumulativeReceived),
    cumulativeSubsidy: toYuan(s.cumulativeSubsidy),
    capReached: s.capReached,
    createdAt: a.createdAt,
  };
}

export function presentReceipt(r: Receipt): output<typeof ReceiptAnswer> {
  return {
    id: r.id,
    achievementId: r.achievementId,
    sequence: r.sequence,
    date: r.date,
    amount: toYuan(r.amount),
    subsidy: toYuan(r.subsidy),
    cumulativeReceived: toYuan(r.cumulativeReceived),
    cumulativeSubsidy: toYuan(r.cumulativeSubsidy),
    capReached: r.capReached,
    clause: editionOf(r).transferSubsidy.rate.clause,
  };
}

export function presentSupport(s: SupportRecord): output<typeof SupportAnswer> {
  return {
    id: s.id,
    applicationId: s.applicationId,
    kind: s.kind,
    kindZh: SUPPORT_KIND_LABELS[s.kind],
    clause: SUPPORT_KIND_CLAUSES[s.kind],
    date: s.date,
    ...(s.note !== undefined ? { note: s.note } : {}),
    createdAt: s.createdAt,
  };
}

/** An amendment's changes (`{field: {before, after}}`), money in yuan. */
function presentAmendment(data: { readonly id: string; readonly changes: Readonly<Record<string, { readonly before: unknown; readonly after: unknown }>> }): object {
  const yuan = (v: unknown) => (typeof v === 'number' ? toYuan(v) : v);
  const changes = Object.fromEntries(
    Object.entries(data.changes).map(([name, c]) => [name, name === 'requestedAmount' ? { before: yuan(c.before), after: yuan(c.after) } : c]),
  );
  return { id: data.id, changes };
}

/** A history event with its data in the API's shape (each type's data is the record its fact made or changed). */
export function presentEvent(e: HistoryEvent): output<typeof HistoryAnswer>['items'][number] {
  const data = e.data as never;
  const shaped = ((): object => {
    switch (e.type) {
      case 'APPLICATION_CREATED':
        return presentApplication(data);
      case 'APPLICATION_RATED':
        return presentRating(data);
      case 'PAYMENT_RECORDED':
        return presentPayment(data);
      case 'ACHIEVEMENT_CREATED':
        return presentAchievement(data);
      case 'RECEIPT_RECORDED':
        return presentReceipt(data);
      case 'APPLICATION_AMENDED':
        return presentAmendment(data);
      case 'APPLICATION_WITHDRAWN':
      case 'APPLICATION_REJECTED':
        // `{id, status}`: the reason is the event's own.
        return data;
      case 'SUPPORT_RECORDED':
        return presentSupport(data);
      case 'APPROVAL_RECORDED':
      case 'PAYMENT_VOIDED':
      case 'RECEIPT_VOIDED':
        // Each filled in by the fact that records it (issue 10); until then its data as stored.
        return data;
    }
  })();
  return { at: e.at, keyId: e.keyId, type: e.type, ...(e.reason !== undefined ? { reason: e.reason } : {}), data: shaped as Record<string, unknown> };
}
