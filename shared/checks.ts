/**
 * Checks on an application as staff approve it: inside the plan's window, approved amounts within caps, a legal
 * person where 二(一) requires one, partner types the text names. OK, ERROR (problems) or WARN (needs confirmation).
 */
import { itemCap } from './caps.js';
import { PARTNER_TYPE_LABELS, type PartnerType } from './codes.js';
import { checkFiling } from './filing.js';
import { formatYuan, type Fen } from './money.js';
import type { Edition } from './policy/edition.js';
import { problem, type Problem } from './result.js';
import { calculate, type ApplicationTerms, type Calculation, type PlanMemo } from './schedule.js';

export interface CheckInput extends ApplicationTerms {
  /** The initial grant staff approved, in fen. */
  readonly approvedInitial?: Fen | undefined;
  readonly legalPerson?: boolean | undefined;
  readonly partnerType?: PartnerType | undefined;
}

export interface CheckResult {
  readonly status: 'OK' | 'ERROR' | 'WARN';
  readonly errors: readonly Problem[];
  readonly warnings: readonly Problem[];
  /** The schedule, when the rating date is inside the plan. */
  readonly calculation?: Calculation;
}

/** `plans`: a caller checking many applications (a column, a container) passes its own, as to `calculate`. */
export function checkApplication(edition: Edition, input: CheckInput, plans?: PlanMemo): CheckResult {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const calculated = calculate(edition, input, plans);
  if (!calculated.ok) errors.push(...calculated.problems);
  else warnings.push(...calculated.value.warnings);

  const support = edition.support[input.category];
  if (input.approvedInitial !== undefined) {
    const cap = itemCap(edition, input.category, 'INITIAL_GRANT');
    if (cap.kind === 'CAP' && input.approvedInitial > cap.cap) {
      errors.push(
        problem('OVER_CAP', 'approvedInitial', `核定资助 ${formatYuan(input.approvedInitial)} 元超过上限 ${formatYuan(cap.cap)} 元`, `approved ${formatYuan(input.approvedInitial)} exceeds the cap of ${formatYuan(cap.cap)} yuan`, cap.clause),
      );
    }
  }
  if (support.kind === 'CAPPED') {
    if (input.legalPerson === false) errors.push(...checkFiling(edition, { category: input.category, legalPerson: false }));
    const partners = support.partners;
    if (partners && input.partnerType !== undefined && !partners.value.types.includes(input.partnerType)) {
      const zh = `合作方类型“${PARTNER_TYPE_LABELS[input.partnerType]}”不在${partners.clause}所列范围（${partners.descriptionZh}）`;
      const en = `partner type ${input.partnerType} is not among those ${partners.clause} names (${partners.description})`;
      if (partners.value.strict) errors.push(problem('PARTNER_TYPE', 'partner.type', zh, en, partners.clause));
      else warnings.push(problem('PARTNER_TYPE', 'partner.type', `${zh}，需确认`, `${en}; needs confirmation`, partners.clause));
    }
  }
  const status = errors.length > 0 ? 'ERROR' : warnings.length > 0 ? 'WARN' : 'OK';
  return calculated.ok ? { status, errors, warnings, calculation: calculated.value } : { status, errors, warnings };
}
