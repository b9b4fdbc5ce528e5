/**
 * What may be approved (核定) for one row of a rated application's ledger: a schedule row, at most its cap and at least
 * what is already paid on it; or, for the 一事一议 categories (三(四) 三(五) 三(九)), a case-by-case row of any year from
 * the rating year, with no computed cap, whose approval must cite its 批复文号. A later approval of a row replaces the
 * earlier one; this decides only whether one approval may stand.
 */
import { isBlank } from './blank.js';
import type { Category, Item } from './codes.js';
import { yearOf, type CalendarDate } from './dates.js';
import { editionById } from './editions.js';
import { formatYuan, type Fen } from './money.js';
import { payableCap, type PayableRow } from './payable.js';
import { fail, ok, type Result } from './result.js';

/** What a rating fixed that approvals depend on. */
export interface ApprovalTerms {
  readonly caseByCase: boolean;
  readonly ratingYear: number;
  readonly schedule: readonly PayableRow[];
  /** The category's support clause (a case-by-case row cites it). */
  readonly clause: string;
}

/** A rating as kept with its application: what its approvals and payments are checked against. */
export interface RatingTerms {
  readonly ratingDate: CalendarDate;
  readonly edition: string;
  readonly caseByCase: boolean;
  readonly schedule: readonly PayableRow[];
}

/** The approval terms of an application of `category` rated as `rating` (its clauses from the edition that rated it). */
export function approvalTerms(category: Category, rating: RatingTerms): ApprovalTerms {
  return { caseByCase: rating.caseByCase, ratingYear: yearOf(rating.ratingDate), schedule: rating.schedule, clause: editionById(rating.edition).support[category].clause };
}

/**
 * The approval a rating's `approvedInitial` is (核定评定资助, 三(一)–(三)): the initial grant row's, in the rating year.
 * Undefined where none was approved at rating, or the schedule has no initial grant (一事一议).
 */
export function initialApproval<R extends PayableRow>(rating: { readonly approvedInitial?: Fen | undefined; readonly schedule: readonly R[] }): { readonly row: R; readonly amount: Fen } | undefined {
  if (rating.approvedInitial === undefined) return undefined;
  const row = rating.schedule.find((r) => r.item === 'INITIAL_GRANT');
  return row ? { row, amount: rating.approvedInitial } : undefined;
}

/** The row an approval or a payment is for: a schedule row with its cap, or a case-by-case row (no cap: 一事一议). */
export interface LedgerRow {
  readonly year: number;
  readonly item: Item;
  /** fen; absent for a case-by-case row, whose only limit is its approval. */
  readonly cap?: Fen;
  readonly clause: string;
}

export interface ApprovalInput {
  readonly item: Item;
  readonly year: number;
  /** fen */
  readonly amount: Fen;
  /** 批复文号: required for a case-by-case row. */
  readonly document?: string | undefined;
  /** fen: what is already paid on the row. */
  readonly paid: Fen;
}

/** The ledger row of `item` in `year`, or why the application has none. */
export function ledgerRow(terms: ApprovalTerms, item: Item, year: number): Result<LedgerRow> {
  if (terms.caseByCase) {
    if (item !== 'CASE_BY_CASE') {
      return fail('NOT_APPLICABLE', 'item', `一事一议类别只核定“一事一议”（CASE_BY_CASE），不核定 ${item}`, `a case-by-case category is approved only as CASE_BY_CASE, not ${item}`, terms.clause);
    }
    if (year < terms.ratingYear) {
      return fail('NOT_APPLICABLE', 'year', `${year} 年早于评定年度 ${terms.ratingYear} 年`, `${year} is before the rating year ${terms.ratingYear}`, terms.clause);
    }
    return ok({ year, item, clause: terms.clause });
  }
  // A schedule row: the same row, and the same refusals, as what may be paid (shared/payable.ts).
  const row = payableCap(terms.schedule, item, year);
  return row.ok ? ok({ year, item, cap: row.value.cap, clause: row.value.clause }) : row;
}

/**
 * Whether `input.amount` may be approved for its row: the row (with its cap) when it may. OVER_CAP past the cap (400),
 * BELOW_PAID under what is already paid (a conflict with the payments, 409 at the API), REQUIRED without the 批复文号
 * of a case-by-case row.
 */
export function checkApproval(terms: ApprovalTerms, input: ApprovalInput): Result<LedgerRow> {
  const row = ledgerRow(terms, input.item, input.year);
  if (!row.ok) return row;
  const { cap, clause } = row.value;
  if (cap === undefined && isBlank(input.document)) {
    return fail('REQUIRED', 'document', '一事一议的核定须注明批复文号', 'a case-by-case approval needs its approval document number (批复文号)', clause);
  }
  if (cap !== undefined && input.amount > cap) {
    return fail('OVER_CAP', 'amount', `核定 ${formatYuan(input.amount)} 元超过上限 ${formatYuan(cap)} 元`, `approved ${formatYuan(input.amount)} exceeds the cap of ${formatYuan(cap)} yuan`, clause);
  }
  if (input.amount < input.paid) {
    return fail('BELOW_PAID', 'amount', `核定 ${formatYuan(input.amount)} 元少于已支付的 ${formatYuan(input.paid)} 元`, `approved ${formatYuan(input.amount)} is less than the ${formatYuan(input.paid)} yuan already paid`, clause);
  }
  return row;
}
