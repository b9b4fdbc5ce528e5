/** Every result can be explained: the parameters it used, their effective dates and clauses, and the edition. */
import { CATEGORY_LABELS, ITEM_LABELS, TALENT_LABELS } from './codes.js';
import { formatYuan } from './money.js';
import { isParameter, type Edition, type Parameter } from './policy/edition.js';
import { describeProblem } from './result.js';
import type { Calculation } from './schedule.js';

function describeParameter(parameter: Parameter<unknown>): string {
  const note = parameter.interpretation ? '；本项目解释 (interpretation)' : '';
  return `${parameter.clause} ${parameter.descriptionZh}（${parameter.name}，${parameter.effectiveFrom} 起施行${note}）`;
}

/** One text: the edition, the terms, each schedule row with its parameter, the total and any warnings. */
export function explain(calculation: Calculation): string {
  const { edition, terms } = calculation;
  const talent = terms.talent ? `，高层次人才 ${TALENT_LABELS[terms.talent]} (${terms.talent})` : '';
  const lines = [
    `${edition.docNo}《${edition.title}》(${edition.id})`,
    `${CATEGORY_LABELS[terms.category]} (${terms.category})，评定日期 ${terms.ratingDate}${talent}`,
  ];
  if (calculation.caseByCase) {
    lines.push(`${calculation.clause} 一事一议 (CASE_BY_CASE): 不计算上限 (no cap is computed)`);
  } else {
    for (const row of calculation.schedule) {
      lines.push(`${row.year} ${ITEM_LABELS[row.item]} (${row.item}) ≤ ${formatYuan(row.cap)} 元 — ${describeParameter(row.parameter)}`);
    }
    lines.push(`合计上限 (total cap) ${formatYuan(calculation.totalCap)} 元`);
  }
  for (const warning of calculation.warnings) lines.push(`WARN: ${describeProblem(warning)}`);
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
