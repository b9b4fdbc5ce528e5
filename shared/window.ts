/** The plan's window (一, 六): what dates a rating or a receipt may carry. */
import type { CalendarDate } from './dates.js';
import type { Edition } from './policy/edition.js';
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
    const zh = citeInterpretationsZh(end.interpretations);
    const en = citeInterpretations(end.interpretations);
    return problem(
      'AFTER_PLAN',
      field,
      `评定日期 ${date} 晚于行动计划期（至 ${end.value}${zh ? `，${zh}` : ''}），不适用本计划`,
      `rated ${date}, after the plan ended (${end.value}${en ? `; ${en}` : ''})`,
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
  const { start } = edition.window;
  return checkDateFrom(start.value, { before: start.clause }, date, today, field, what);
}

/**
 * A receipt for the 5% subsidy: from the plan's start (`window.start`, 六) with no end date but today, as the edition's
 * `transferSubsidy.receiptDates` says (interpretation 8). A receipt before the start cites that parameter's clause
 * (三(七)) and the start's (六); one after today cites the parameter's clause and its interpretation (POLICY.md §5.8),
 * as a rating after the plan cites §5.6.
 */
export function checkReceiptDate(edition: Edition, date: CalendarDate, today: CalendarDate, field = 'date'): Problem | undefined {
  const { start } = edition.window;
  const dates = edition.transferSubsidy.receiptDates;
  const after = { clause: dates.clause, zh: citeInterpretationsZh(dates.interpretations), en: citeInterpretations(dates.interpretations) };
  return checkDateFrom(start.value, { before: `${dates.clause} ${start.clause}`, after }, date, today, field, { en: 'received', zh: '到账日期' });
}

/** `clauses`: what each problem cites (a date after today cites nothing but where a parameter says so, with its reading). */
function checkDateFrom(
  from: CalendarDate,
  clauses: { readonly before: string; readonly after?: { readonly clause: string; readonly zh: string; readonly en: string } },
  date: CalendarDate,
  today: CalendarDate,
  field: string,
  what: { readonly en: string; readonly zh: string },
): Problem | undefined {
  if (date < from) {
    return problem('BEFORE_PLAN', field, `${what.zh} ${date} 早于行动计划施行日 ${from}，不适用本计划`, `${what.en} ${date}, before the plan was in force (${from})`, clauses.before);
  }
  if (date > today) {
    const { clause, zh = '', en = '' } = clauses.after ?? {};
    return problem('AFTER_TODAY', field, `${what.zh} ${date} 晚于今天（${today}${zh ? `，${zh}` : ''}）`, `${what.en} ${date}, after today (${today}${en ? `; ${en}` : ''})`, clause);
  }
  return undefined;
}
