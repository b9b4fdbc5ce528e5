/**
 * Domain records (fen) → the API's JSON (yuan). The only place money leaves the cloud side. Each answer is typed by
 * `z.output` of its schema in ./answers.ts, so a field the document does not have is a tsc error here.
 */
import {
  APPLICATION_STATUS_LABELS,
  approvalTerms,
  CATEGORIES,
  CATEGORY_LABELS,
  CITY_LABEL,
  DISTRICT_LABELS,
  DISTRICTS,
  editionOf,
  FIELD_LABELS,
  FIELDS,
  ITEM_LABELS,
  PARTNER_TYPE_LABELS,
  payableLimit,
  RECORD_STATUS_LABELS,
  SUPPORT_KIND_CLAUSES,
  SUPPORT_KIND_LABELS,
  SUPPORT_KINDS,
  TALENT_LABELS,
  toYuan,
  transferSubsidy,
  type CodeList,
  type ScheduleRow,
} from '../../shared/index.js';
import type { output } from 'zod/mini';
import type { AchievementAnswer, AchievementDetailAnswer, ApplicationAnswer, ApplicationViewAnswer, ApprovalAnswer, HistoryAnswer, PaymentAnswer, ReceiptAnswer, SummaryAnswer, SupportAnswer } from './answers.js';
import type { SummaryReport } from '../services/reports.js';
import type { Achievement, Application, Approval, HistoryEvent, LedgerLine, Payment, Rating, Receipt, SupportRecord } from '../domain/records.js';

/** A schedule row (POST /calculate, a rating's schedule): its item with its label, its cap in yuan. */
export function presentScheduleRow(row: Pick<ScheduleRow, 'year' | 'item' | 'cap' | 'clause'>): NonNullable<output<typeof ApplicationAnswer>['rating']>['schedule'][number] {
  return { year: row.year, item: row.item, itemLabel: ITEM_LABELS[row.item], cap: toYuan(row.cap), clause: row.clause };
}

function presentRating(r: Rating): NonNullable<output<typeof ApplicationAnswer>['rating']> {
  return {
    ratingDate: r.ratingDate,
    ...(r.approvedInitial !== undefined ? { approvedInitial: toYuan(r.approvedInitial) } : {}),
    edition: r.edition,
    caseByCase: r.caseByCase,
    totalCap: toYuan(r.totalCap),
    schedule: r.schedule.map(presentScheduleRow),
    warnings: [...r.warnings],
  };
}

type LedgerRowAnswer = output<typeof ApplicationViewAnswer>['ledger'][number];

/**
 * The ledger of a rated application: a row per schedule row, paid or not, and a row per approved case-by-case row,
 * each with what may still be paid on it (shared/payable.ts: its approval, else its cap).
 */
function presentLedger(a: Application, lines: readonly LedgerLine[]): LedgerRowAnswer[] {
  const rating = a.rating;
  if (!rating) return [];
  const row = (year: number, item: LedgerLine['item'], clause: string, cap: number | undefined): LedgerRowAnswer => {
    const line = lines.find((l) => l.item === item && l.year === year);
    const paid = line?.paid ?? 0;
    return {
      year,
      item,
      itemLabel: ITEM_LABELS[item],
      clause,
      ...(cap !== undefined ? { cap: toYuan(cap) } : {}),
      ...(line?.approved !== undefined ? { approved: toYuan(line.approved) } : {}),
      paid: toYuan(paid),
      remaining: toYuan(payableLimit({ cap }, line?.approved) - paid),
    };
  };
  const rows = rating.schedule.map((r) => row(r.year, r.item, r.clause, r.cap));
  if (rating.caseByCase) {
    const clause = approvalTerms(a.category, rating).clause;
    for (const l of [...lines].filter((l) => l.item === 'CASE_BY_CASE').sort((x, y) => x.year - y.year)) rows.push(row(l.year, l.item, clause, undefined));
  }
  return rows;
}

export function presentApplication(a: Application): output<typeof ApplicationAnswer> {
  return {
    id: a.id,
    institution: a.institution,
    partner: { name: a.partner.name, type: a.partner.type, typeLabel: PARTNER_TYPE_LABELS[a.partner.type], country: a.partner.country },
    category: a.category,
    categoryLabel: CATEGORY_LABELS[a.category],
    district: a.district,
    districtLabel: DISTRICT_LABELS[a.district],
    field: a.field,
    fieldLabel: FIELD_LABELS[a.field],
    ...(a.talent !== undefined ? { talent: a.talent, talentLabel: TALENT_LABELS[a.talent] } : {}),
    legalPerson: a.legalPerson,
    ...(a.requestedAmount !== undefined ? { requestedAmount: toYuan(a.requestedAmount) } : {}),
    status: a.status,
    statusLabel: APPLICATION_STATUS_LABELS[a.status],
    ...(a.rating ? { rating: presentRating(a.rating) } : {}),
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

/** GET /applications/{id}: the application alone, its ledger view, its achievements with their receipts, its support. */
export function presentApplicationView(v: {
  readonly application: Application;
  readonly ledger: readonly LedgerLine[];
  readonly achievements: readonly { readonly achievement: Achievement; readonly receipts: readonly Receipt[] }[];
  readonly support: readonly SupportRecord[];
}): output<typeof ApplicationViewAnswer> {
  return {
    application: presentApplication(v.application),
    ledger: presentLedger(v.application, v.ledger),
    achievements: v.achievements.map((a) => presentAchievementDetail(a.achievement, a.receipts)),
    support: v.support.map(presentSupport),
  };
}

export function presentPayment(p: Payment): output<typeof PaymentAnswer> {
  return {
    id: p.id,
    applicationId: p.applicationId,
    item: p.item,
    itemLabel: ITEM_LABELS[p.item],
    year: p.year,
    amount: toYuan(p.amount),
    paidToDate: toYuan(p.paidToDate),
    cap: toYuan(p.cap),
    ...(p.paidOn !== undefined ? { paidOn: p.paidOn } : {}),
    ...(p.voucher !== undefined ? { voucher: p.voucher } : {}),
    createdAt: p.createdAt,
    status: p.status ?? 'RECORDED',
    statusLabel: RECORD_STATUS_LABELS[p.status ?? 'RECORDED'],
    ...(p.voidedAt !== undefined ? { voidedAt: p.voidedAt } : {}),
    ...(p.voidedBy !== undefined ? { voidedBy: p.voidedBy } : {}),
    ...(p.voidReason !== undefined ? { voidReason: p.voidReason } : {}),
  };
}

export function presentApproval(a: Approval): output<typeof ApprovalAnswer> {
  return {
    id: a.id,
    applicationId: a.applicationId,
    item: a.item,
    itemLabel: ITEM_LABELS[a.item],
    year: a.year,
    amount: toYuan(a.amount),
    sequence: a.sequence,
    limitBefore: toYuan(a.limitBefore),
    ...(a.document !== undefined ? { document: a.document } : {}),
    ...(a.reason !== undefined ? { reason: a.reason } : {}),
    createdAt: a.createdAt,
  };
}

export function presentAchievement(a: Achievement): output<typeof AchievementAnswer> {
  // All received so far as one instalment: the cumulative subsidy and whether the cap is reached, by the record's rules.
  const s = transferSubsidy(editionOf(a), a.cumulativeReceived);
  return {
    id: a.id,
    applicationId: a.applicationId,
    district: a.district,
    districtLabel: DISTRICT_LABELS[a.district],
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
    statusLabel: RECORD_STATUS_LABELS[r.status ?? 'RECORDED'],
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

export function presentSupport(s: SupportRecord): output<typeof SupportAnswer> {
  return {
    id: s.id,
    applicationId: s.applicationId,
    kind: s.kind,
    kindZh: SUPPORT_KIND_LABELS[s.kind],
    kindLabel: SUPPORT_KIND_LABELS[s.kind],
    clause: SUPPORT_KIND_CLAUSES[s.kind],
    date: s.date,
    ...(s.note !== undefined ? { note: s.note } : {}),
    createdAt: s.createdAt,
  };
}

/** The labels of the coded fields an amendment may change. */
const AMENDED_CODES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'partner.type': PARTNER_TYPE_LABELS,
  category: CATEGORY_LABELS,
  district: DISTRICT_LABELS,
  field: FIELD_LABELS,
  talent: TALENT_LABELS,
};

/** An amendment's changes (`{field: {before, after}}`), money in yuan, a code with its label beside it (`beforeLabel`). */
function presentAmendment(data: { readonly id: string; readonly changes: Readonly<Record<string, { readonly before: unknown; readonly after: unknown }>> }): object {
  const yuan = (v: unknown) => (typeof v === 'number' ? toYuan(v) : v);
  const labelled = (labels: Readonly<Record<string, string>>, c: { readonly before: unknown; readonly after: unknown }) => {
    const label = (v: unknown) => (typeof v === 'string' ? labels[v] : undefined);
    const before = label(c.before);
    const after = label(c.after);
    return { before: c.before, ...(before !== undefined ? { beforeLabel: before } : {}), after: c.after, ...(after !== undefined ? { afterLabel: after } : {}) };
  };
  const changes = Object.fromEntries(
    Object.entries(data.changes).map(([name, c]) => {
      const labels = AMENDED_CODES[name];
      return [name, name === 'requestedAmount' ? { before: yuan(c.before), after: yuan(c.after) } : labels ? labelled(labels, c) : c];
    }),
  );
  return { id: data.id, changes };
}

/** A closure's data (`{id, status}`), its status with its label. */
function presentClosure(data: { readonly id: string; readonly status: keyof typeof APPLICATION_STATUS_LABELS }): object {
  return { ...data, statusLabel: APPLICATION_STATUS_LABELS[data.status] };
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
      case 'PAYMENT_VOIDED':
        return presentPayment(data);
      case 'APPROVAL_RECORDED':
        return presentApproval(data);
      case 'ACHIEVEMENT_CREATED':
        return presentAchievement(data);
      case 'RECEIPT_RECORDED':
      case 'RECEIPT_VOIDED':
        return presentReceipt(data);
      case 'APPLICATION_AMENDED':
        return presentAmendment(data);
      case 'APPLICATION_WITHDRAWN':
      case 'APPLICATION_REJECTED':
        // `{id, status}`: the reason is the event's own.
        return presentClosure(data);
      case 'SUPPORT_RECORDED':
        return presentSupport(data);
    }
  })();
  return { at: e.at, keyId: e.keyId, keyLabel: e.keyLabel ?? null, type: e.type, ...(e.reason !== undefined ? { reason: e.reason } : {}), data: shaped as Record<string, unknown> };
}

/**
 * The summary in yuan, with the 中文 label of every code it uses as a key (CONTRACT.md §3: labels beside codes) and of
 * its scope.
 */
export function presentSummary(s: SummaryReport): output<typeof SummaryAnswer> {
  const inYuan = (fen: Record<string, number>) => Object.fromEntries(Object.entries(fen).map(([key, value]) => [key, toYuan(value)]));
  const labels: Record<string, string> = {};
  const label = (list: CodeList<string>, codes: Record<string, number>) => {
    for (const code of Object.keys(codes)) {
      const text = (list.labels as Readonly<Record<string, string>>)[code];
      if (text !== undefined) labels[code] = text;
    }
  };
  label(DISTRICTS, s.byDistrict);
  label(DISTRICTS, s.committedByDistrict);
  label(DISTRICTS, s.paidByDistrict);
  label(CATEGORIES, s.byCategory);
  label(FIELDS, s.byField);
  label(SUPPORT_KINDS, s.support);
  const scopeLabel = s.scope === 'ALL' ? CITY_LABEL : ((DISTRICTS.labels as Readonly<Record<string, string>>)[s.scope] ?? s.scope);
  return {
    ...s,
    scopeLabel,
    committedByYear: inYuan(s.committedByYear),
    paidByYear: inYuan(s.paidByYear),
    committedByDistrict: inYuan(s.committedByDistrict),
    paidByDistrict: inYuan(s.paidByDistrict),
    transferReceived: toYuan(s.transferReceived),
    transferSubsidy: toYuan(s.transferSubsidy),
    labels,
  };
}
