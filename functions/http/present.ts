/**
 * Domain records (fen) → the API's JSON (yuan). The only place money leaves the cloud side. Each answer is typed by
 * `z.output` of its schema in ./answers.ts, so a field the document does not have is a tsc error here.
 */
import { editionOf, toYuan, transferSubsidy } from '../../shared/index.js';
import type { output } from 'zod/mini';
import type { AchievementAnswer, AchievementDetailAnswer, ApplicationAnswer, HistoryAnswer, PaymentAnswer, ReceiptAnswer } from './answers.js';
import type { Achievement, Application, HistoryEvent, LedgerLine, Payment, Rating, Receipt } from '../domain/records.js';

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
    ...(r.voucher !== undefined ? { voucher: r.voucher } : {}),
    status: r.status ?? 'RECORDED',
    ...(r.voided
      ? {
          voided: {
            reason: r.voided.reason,
            at: r.voided.at,
            keyId: r.voided.keyId,
            adjustment: toYuan(r.voided.adjustment),
            cumulativeReceived: toYuan(r.voided.cumulativeReceived),
            cumulativeSubsidy: toYuan(r.voided.cumulativeSubsidy),
            capReached: r.voided.capReached,
          },
        }
      : {}),
  };
}

/** An achievement with all its receipts (voided included): its figures are those of the receipts not voided. */
export function presentAchievementDetail(a: Achievement, receipts: readonly Receipt[]): output<typeof AchievementDetailAnswer> {
  return { ...presentAchievement(a), receipts: receipts.map(presentReceipt) };
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
      case 'APPLICATION_WITHDRAWN':
      case 'APPLICATION_REJECTED':
      case 'APPROVAL_RECORDED':
      case 'RECEIPT_VOIDED':
        return presentReceipt(data);
      case 'PAYMENT_VOIDED':
      case 'SUPPORT_RECORDED':
        // Each filled in by the fact that records it (issue 10); until then its data as stored.
        return data;
    }
  })();
  return { at: e.at, keyId: e.keyId, type: e.type, ...(e.reason !== undefined ? { reason: e.reason } : {}), data: shaped as Record<string, unknown> };
}
