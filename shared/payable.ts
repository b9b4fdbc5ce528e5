/**
 * What may be paid for one item in one year once an application is rated: `payableCap`, what the rating commits (the
 * schedule row's cap, or the initial grant staff approved (核定) where that is lower; items or years the schedule has
 * no row for are refused), and `payableLimit`, what a ledger row may be paid in all once approvals are recorded.
 */
import type { Item } from './codes.js';
import type { Fen } from './money.js';
import { fail, ok, type Result } from './result.js';

/** A schedule row as stored with a rating: only what the cap needs. */
export interface PayableRow {
  readonly year: number;
  readonly item: Item;
  readonly cap: Fen;
  readonly clause: string;
}

export function payableCap<R extends PayableRow>(schedule: readonly R[], item: Item, year: number, approvedInitial?: Fen): Result<R> {
  const row = schedule.find((r) => r.item === item && r.year === year);
  if (!row) {
    if (!schedule.some((r) => r.item === item)) {
      return fail('NOT_APPLICABLE', 'item', `该申请的资助计划中没有 ${item}`, `${item} is not in this application's schedule`);
    }
    return fail('NOT_APPLICABLE', 'year', `${item} 未安排在 ${year} 年`, `${item} is not scheduled for ${year}`);
  }
  if (item === 'INITIAL_GRANT' && approvedInitial !== undefined && approvedInitial < row.cap) return ok({ ...row, cap: approvedInitial });
  return ok(row);
}

/**
 * What a ledger row may be paid in all: its approval (核定) where one is recorded, else its cap; a case-by-case row
 * (一事一议, no cap) takes nothing until its amount is approved.
 */
export function payableLimit(row: { readonly cap?: Fen | undefined }, approved: Fen | undefined): Fen {
  return approved ?? row.cap ?? 0;
}
