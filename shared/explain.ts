/** Every result can be explained: the parameters it used, their effective dates and clauses, and the edition. */
import { CATEGORY_LABELS, ITEM_LABELS, TALENT_LABELS, type Item } from './codes.js';
import { formatYuan } from './money.js';
import { isParameter, type Edition, type Parameter } from './policy/edition.js';
import { citeInterpretationsZh, interpretation, type InterpretationNumber } from './policy/interpretations.js';
import { describeProblem } from './result.js';
import type { Calculation } from './schedule.js';

/** The POLICY.md §5 numbers some parameters rest on, each once, in order. */
function interpretationsOf(parameters: readonly Parameter<unknown>[]): InterpretationNumber[] {
  return [...new Set(parameters.flatMap((p) => p.interpretations ?? []))].sort((a, b) => a - b);
}

/** A row's parameter, and the others that put the row there (its year, whether it applies), with their interpretations. */
function describeParameters(parameter: Parameter<unknown>, basis: readonly Parameter<unknown>[]): string {
  const also = basis.length === 0 ? '' : `；另据 ${basis.map((p) => `${p.clause} ${p.name}`).join('、')}`;
  return `${parameter.clause} ${parameter.descriptionZh}（${parameter.name}，${parameter.effectiveFrom} 起施行${also}${citeInterpretationsZh(interpretationsOf([parameter, ...basis]), '；')}）`;
}

/**
 * One text: the edition, the terms, the plan's window the rating date fell in, each schedule row with its parameters,
 * the total, any warnings, and a line for each POLICY.md §5 interpretation it rests on.
 */
export function explain(calculation: Calculation): string {
  const { edition, terms } = calculation;
  const { start, end } = edition.window;
  const talent = terms.talent ? `，高层次人才 ${TALENT_LABELS[terms.talent]} (${terms.talent})` : '';
  const lines = [
    `${edition.docNo}《${edition.title}》(${edition.id})`,
    `${CATEGORY_LABELS[terms.category]} (${terms.category})，评定日期 ${terms.ratingDate}${talent}`,
    `评定日期须在行动计划期内 ${start.value} 至 ${end.value}（${start.clause}、${end.clause}；${start.name}、${end.name}${citeInterpretationsZh(interpretationsOf([start, end]), '；')}）`,
  ];
  const used: Parameter<unknown>[] = [start, end];
  const support = edition.support[terms.category];
  /** A row the edition's reading removes: said, with the parameter that removes it, so its interpretation is cited. */
  const absent = (item: Item, why: string, parameter: Parameter<unknown>): void => {
    lines.push(`${ITEM_LABELS[item]} (${item})：${why} — ${describeParameters(parameter, [])}`);
    used.push(parameter);
  };
  if (calculation.caseByCase) {
    lines.push(`${calculation.clause} 一事一议 (CASE_BY_CASE): 不计算上限 (no cap is computed)`);
    if (terms.talent && support.kind === 'CASE_BY_CASE') absent('TALENT_TEAM_SUPPORT', '一事一议，逐案决定 (decided case by case)', support.talentEligible);
  } else {
    for (const row of calculation.schedule) {
      lines.push(`${row.year} ${ITEM_LABELS[row.item]} (${row.item}) ≤ ${formatYuan(row.cap)} 元 — ${describeParameters(row.parameter, row.basis)}`);
      used.push(row.parameter, ...row.basis);
    }
    if (support.kind === 'CAPPED' && support.performanceSubsidyApplies?.value === false) absent('PERFORMANCE_SUBSIDY', '不适用 (does not apply)', support.performanceSubsidyApplies);
    lines.push(`合计上限 (total cap) ${formatYuan(calculation.totalCap)} 元`);
  }
  for (const warning of calculation.warnings) lines.push(`WARN: ${describeProblem(warning)}`);
  for (const n of interpretationsOf(used)) {
    const { summaryZh, summary, reference } = interpretation(n);
    lines.push(`${citeInterpretationsZh([n])}（interpretation ${n}）：${summaryZh} (${summary}) — ${reference}`);
  }
  return lines.join('\n');
}

/** Every parameter of an edition, one entry per place, in the order the edition writes them (for `GET /policy`). */
export function listParameters(edition: Edition): Parameter<unknown>[] {
  const found: Parameter<unknown>[] = [];
  const visit = (node: unknown): void => {
    if (isParameter(node)) found.push(node);
    else if (node !== null && typeof node === 'object') for (const child of Object.values(node)) visit(child);
  };
  visit(edition);
  return found;
}
