/** The plan's window (一, 六): what dates a rating or a receipt may carry. */
import type { CalendarDate } from './dates.js';
import type { Edition, Parameter } from './policy/edition.js';
import { citeInterpretations, citeInterpretationsZh } from './policy/interpretations.js';
import { problem, type Problem } from './result.js';

/** A rating must fall inside the plan: not before it was in force (六), not after its last day (一, 六). */
export function checkRatingDate(edition: Edition, date: CalendarDate, field = 'ratingDate'): Problem | undefined {
  const { start, end } = edition.window;
  if (date < start.value) {
    return problem('BEFORE_PLAN', field, `评定日期 ${date} 早于行动计划施行日 ${start.value}，不适用本计划`, `rated ${date}, before the plan was in force (${start.value})`, start.clause);
  }
  if (date > end.value) {
    // POLICY.md §5.6: the end is the project's reading, and the error says so.
    return problem(
      'AFTER_PLAN',
      field,
      `评定日期 ${date} 晚于行动计划期（至 ${end.value}${citeInterpretationsZh(end.interpretations, '，')}），不适用本计划`,
      `rated ${date}, after the plan ended (${end.value}${citeInterpretations(end.interpretations, '; ')})`,
      `${end.clause} ${start.clause}`,
    );
  }
  return undefined;
}

/**
 * A date of money or support that happened (a receipt, a payment, support offered): not before the plan was in force
 * (六), and not after `today` (the caller's today in Asia/Shanghai: shared/ has no clock).
 */
export function checkEntryDate(edition: Edition, date: CalendarDate, today: CalendarDate, field: string, what: { readonly en: string; readonly zh: string }): Problem | undefined {
  return checkDateFrom(edition, { before: edition.window.start.clause }, date, today, field, what);
}

/**
 * A receipt for the 5% subsidy: from the plan's start (`window.start`, 六) with no end date but today, as the edition's
 * `transferSubsidy.receiptDates` says (interpretation 8). A receipt before the start cites that parameter's clause
 * (三(七)) and the start's (六); one after today cites the parameter's clause and its interpretation (POLICY.md §5.8),
 * as a rating after the plan cites §5.6.
 */
export function checkReceiptDate(edition: Edition, date: CalendarDate, today: CalendarDate, field = 'date'): Problem | undefined {
  const dates = edition.transferSubsidy.receiptDates;
  return checkDateFrom(edition, { before: `${dates.clause} ${edition.window.start.clause}`, after: dates }, date, today, field, { en: 'received', zh: '到账日期' });
}

/**
 * Not before the plan's start, not after today. `cites.before`: the clauses a date before the start cites;
 * `cites.after`: the parameter whose clause and interpretations a date after today cites (none: it cites nothing).
 */
function checkDateFrom(
  edition: Edition,
  cites: { readonly before: string; readonly after?: Parameter<unknown> },
  date: CalendarDate,
  today: CalendarDate,
  field: string,
  what: { readonly en: string; readonly zh: string },
): Problem | undefined {
  const from = edition.window.start.value;
  if (date < from) {
    return problem('BEFORE_PLAN', field, `${what.zh} ${date} 早于行动计划施行日 ${from}，不适用本计划`, `${what.en} ${date}, before the plan was in force (${from})`, cites.before);
  }
  if (date > today) {
    const after = cites.after;
    const zh = citeInterpretationsZh(after?.interpretations, '，');
    const en = citeInterpretations(after?.interpretations, '; ');
    return problem('AFTER_TODAY', field, `${what.zh} ${date} 晚于今天（${today}${zh}）`, `${what.en} ${date}, after today (${today}${en})`, after?.clause);
  }
  return undefined;
}
