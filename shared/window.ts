/** The plan's window (一, 六): what dates a rating or a receipt may carry. */
import type { CalendarDate } from './dates.js';
import type { Edition } from './policy/edition.js';
import { problem, type Problem } from './result.js';

/** A rating must fall inside the plan: not before it was in force (六), not after its last day (一, 六). */
export function checkRatingDate(edition: Edition, date: CalendarDate, field = 'ratingDate'): Problem | undefined {
  const { start, end } = edition.window;
  if (date < start.value) {
    return problem('BEFORE_PLAN', field, `评定日期 ${date} 早于行动计划施行日 ${start.value}，不适用本计划`, `rated ${date}, before the plan was in force (${start.value})`, start.clause);
  }
  if (date > end.value) {
    return problem('AFTER_PLAN', field, `评定日期 ${date} 晚于行动计划期（至 ${end.value}），不适用本计划`, `rated ${date}, after the plan ended (${end.value})`, `${end.clause} ${start.clause}`);
  }
  return undefined;
}

/**
 * A date of money or support that happened (a receipt, a payment, support offered): not before the plan was in force
 * (六), and not after `today` (the caller's today in Asia/Shanghai: shared/ has no clock). Interpretation 8: receipts
 * have no end date but today.
 */
export function checkEntryDate(edition: Edition, date: CalendarDate, today: CalendarDate, field: string, what: { readonly en: string; readonly zh: string }): Problem | undefined {
  const { start } = edition.window;
  if (date < start.value) {
    return problem('BEFORE_PLAN', field, `${what.zh} ${date} 早于行动计划施行日 ${start.value}，不适用本计划`, `${what.en} ${date}, before the plan was in force (${start.value})`, start.clause);
  }
  if (date > today) {
    return problem('AFTER_TODAY', field, `${what.zh} ${date} 晚于今天（${today}）`, `${what.en} ${date}, after today (${today})`);
  }
  return undefined;
}

/** A receipt for the 5% subsidy: dated inside the plan's reach and not in the future (六; interpretation 8). */
export function checkReceiptDate(edition: Edition, date: CalendarDate, today: CalendarDate, field = 'date'): Problem | undefined {
  return checkEntryDate(edition, date, today, field, { en: 'received', zh: '到账日期' });
}
