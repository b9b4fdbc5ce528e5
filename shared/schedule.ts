/**
 * One application's schedule: which items it may be paid, in which years, up to which caps (三(一)–(三), (六), (七)).
 * Let Y be the year of the rating date (评定日期).
 */
import type { Category, Item, Talent } from './codes.js';
import { yearOf, type CalendarDate } from './dates.js';
import type { Fen } from './money.js';
import type { CappedSupport, Edition, Parameter } from './policy/edition.js';
import { ok, problem, type Problem, type Result } from './result.js';
import { checkRatingDate } from './window.js';

export interface ApplicationTerms {
  readonly category: Category;
  readonly ratingDate: CalendarDate;
  readonly talent?: Talent | undefined;
}

export interface ScheduleRow {
  readonly year: number;
  readonly item: Item;
  readonly cap: Fen;
  readonly clause: string;
  /** The cap. */
  readonly parameter: Parameter<Fen>;
  /** The other parameters that put the row there (its year, whether it applies), for explanations. */
  readonly basis: readonly Parameter<unknown>[];
}

export interface Calculation {
  readonly edition: Edition;
  readonly terms: ApplicationTerms;
  readonly ratingYear: number;
  /** 一事一议: nothing is computed; `schedule` is empty and `totalCap` is 0. */
  readonly caseByCase: boolean;
  /** The category's support clause. */
  readonly clause: string;
  /** In year order; within a year INITIAL_GRANT, TALENT_TEAM_SUPPORT, ANNUAL_RD_SUPPORT, PERFORMANCE_SUBSIDY. */
  readonly schedule: readonly ScheduleRow[];
  readonly totalCap: Fen;
  /** E.g. talent needing confirmation (三(六) 等). */
  readonly warnings: readonly Problem[];
}

const NONE: readonly never[] = Object.freeze([]);

/**
 * The schedule of an application rated on `terms.ratingDate`, or the problem that stops it (outside the plan).
 * A caller calculating many applications (a spreadsheet column) passes its own `plans`, so each plan is built once.
 */
export function calculate(edition: Edition, terms: ApplicationTerms, plans?: PlanMemo): Result<Calculation> {
  const outside = checkRatingDate(edition, terms.ratingDate);
  if (outside) return { ok: false, problems: [outside] };

  const ratingYear = yearOf(terms.ratingDate);
  const support = edition.support[terms.category];
  if (support.kind === 'CASE_BY_CASE') {
    return ok({ edition, terms, ratingYear, caseByCase: true, clause: support.clause, schedule: NONE, totalCap: 0, warnings: NONE });
  }

  const talent = edition.talentSupport;
  const grantsTalent = terms.talent !== undefined && support.talentEligible.value && talent.named.value.includes(terms.talent);
  let warnings: readonly Problem[] = NONE;
  if (terms.talent !== undefined && (talent.needsConfirmation.value as readonly Talent[]).includes(terms.talent)) {
    warnings = [
      problem('NEEDS_CONFIRMATION', 'talent', '其他高层次人才的研发专项支持需逐案确认，未计入', 'talent support for other high-level talent needs case-by-case confirmation and is not included', talent.cap.clause),
    ];
  }

  const plan = plans ? plans.plan(edition, terms.category, support, ratingYear, grantsTalent) : buildPlan(edition, support, ratingYear, grantsTalent);
  return ok({ edition, terms, ratingYear, caseByCase: false, clause: support.clause, schedule: plan.schedule, totalCap: plan.totalCap, warnings });
}

interface Plan {
  readonly schedule: readonly ScheduleRow[];
  readonly totalCap: Fen;
}

/**
 * Built plans, kept by the caller (shared/ keeps no state between calls). A plan depends only on (edition, category,
 * rating year, talent granted), a tiny domain, so with one memo a column of ten thousand applications costs a lookup
 * per row, not a schedule per row. Plans are frozen, so calculations may share them.
 */
export class PlanMemo {
  private readonly byEdition = new Map<Edition, Map<Category, Plan[]>>();

  plan(edition: Edition, category: Category, support: CappedSupport, ratingYear: number, grantsTalent: boolean): Plan {
    let byCategory = this.byEdition.get(edition);
    if (!byCategory) this.byEdition.set(edition, (byCategory = new Map()));
    let byYear = byCategory.get(category);
    if (!byYear) byCategory.set(category, (byYear = []));
    // Rating years lie inside the window (checked before), so the slots are few and dense.
    const slot = (ratingYear - yearOf(edition.window.start.value)) * 2 + (grantsTalent ? 1 : 0);
    return (byYear[slot] ??= buildPlan(edition, support, ratingYear, grantsTalent));
  }
}

function buildPlan(edition: Edition, support: CappedSupport, ratingYear: number, grantsTalent: boolean): Plan {
  const talent = edition.talentSupport;
  const schedule: ScheduleRow[] = [scheduleRow(ratingYear, 'INITIAL_GRANT', support.initialGrant)];
  if (grantsTalent) schedule.push(scheduleRow(talent.paidInRatingYear.value ? ratingYear : ratingYear + 1, 'TALENT_TEAM_SUPPORT', talent.cap, [talent.paidInRatingYear, support.talentEligible]));
  const annual = support.annualRdSupport;
  const performance = support.performanceSubsidy;
  const lastPerformanceYear = edition.window.lastYear.value;
  const lastAnnualYear = annual ? ratingYear + annual.years.value : ratingYear;
  const lastPaidYear = Math.max(lastAnnualYear, performance ? lastPerformanceYear + 1 : ratingYear);
  for (let year = ratingYear + 1; year <= lastPaidYear; year++) {
    if (annual && year <= lastAnnualYear) schedule.push(scheduleRow(year, 'ANNUAL_RD_SUPPORT', annual.cap, [annual.years]));
    // 三(七): performance year P is paid in P+1, for P from the rating year to the plan's last year.
    if (performance && year - 1 <= lastPerformanceYear) schedule.push(scheduleRow(year, 'PERFORMANCE_SUBSIDY', performance.cap, [edition.window.lastYear]));
  }
  let totalCap = 0;
  for (const row of schedule) totalCap += row.cap;
  return { schedule: Object.freeze(schedule.map((row) => Object.freeze(row))), totalCap };
}

function scheduleRow(year: number, item: Item, parameter: Parameter<Fen>, basis: readonly Parameter<unknown>[] = NONE): ScheduleRow {
  return { year, item, cap: parameter.value, clause: parameter.clause, parameter, basis: basis.length === 0 ? NONE : Object.freeze(basis) };
}

/** The sum of the schedule's rows for one calendar year. */
export function yearCap(calculation: Calculation, year: number): Fen {
  let sum = 0;
  for (const r of calculation.schedule) if (r.year === year) sum += r.cap;
  return sum;
}

/** The cap of the schedule's row of `item` in `year`; 0 where the schedule has no such row. */
export function rowCap(calculation: Calculation, item: Item, year: number): Fen {
  for (const r of calculation.schedule) if (r.year === year && r.item === item) return r.cap;
  return 0;
}
