/**
 * Rating an application (评定): the rules module checks it and computes its schedule; this only shapes what is kept.
 * What a rating commits per item·year is the schedule's cap, or the approved initial grant where staff approved less.
 */
import { CURRENT_EDITION, PlanMemo, checkApplication, payableCap as payableCapRule, type CalendarDate, type Fen, type Item } from '../../shared/index.js';
import type { Application, Rating, ScheduleLine } from '../domain/records.js';
import { fromProblems } from '../domain/errors.js';

/** Plans built in this container (a handful: one per edition, category, rating year and talent), kept across requests. */
export const plans = new PlanMemo();

export function rate(application: Application, ratingDate: CalendarDate, approvedInitial: Fen | undefined): Rating {
  const check = checkApplication(CURRENT_EDITION, {
    category: application.category,
    ratingDate,
    talent: application.talent,
    approvedInitial,
    legalPerson: application.legalPerson,
    partnerType: application.partner.type,
  }, plans);
  if (check.status === 'ERROR' || !check.calculation) throw fromProblems(check.errors);
  const calc = check.calculation;
  return {
    ratingDate,
    // Stryker disable next-line ConditionalExpression: equivalent, `approvedInitial: undefined` is dropped by the store (removeUndefinedValues) and by JSON
    ...(approvedInitial !== undefined ? { approvedInitial } : {}),
    edition: CURRENT_EDITION.id,
    schedule: calc.schedule.map((r) => ({ year: r.year, item: r.item, cap: r.cap, clause: r.clause })),
    totalCap: calc.totalCap,
    caseByCase: calc.caseByCase,
    warnings: check.warnings.map((w) => ({ code: w.code, field: w.field, message: w.message, messageZh: w.messageZh })),
  };
}

/**
 * What the rating itself commits for one item in one year: the rules' payable cap for this rating (the approved initial
 * grant where staff approved less). Payments read their limit from the ledger row instead (./payments.ts), where the
 * rating's approvedInitial and every later approval are kept in one place.
 */
function payableCap(rating: Rating, item: Item, year: number): ScheduleLine {
  const row = payableCapRule(rating.schedule, item, year, rating.approvedInitial);
  if (!row.ok) throw fromProblems(row.problems);
  return row.value;
}

/** What a rating commits, per year: each item's payable cap (for the summary's committedByYear). */
export function committedByYear(rating: Rating): Map<number, Fen> {
  const byYear = new Map<number, Fen>();
  for (const row of rating.schedule) {
    const cap = payableCap(rating, row.item, row.year).cap;
    byYear.set(row.year, (byYear.get(row.year) ?? 0) + cap);
  }
  return byYear;
}
