/** Item caps: what one item of support may be at most, and the clause it rests on (三). */
import type { Category, Item } from './codes.js';
import type { Fen } from './money.js';
import type { Edition, Parameter } from './policy/edition.js';

export type ItemCap =
  /** 一事一议: no cap to compute (三(四), (五), (九)). */
  | { readonly kind: 'CASE_BY_CASE'; readonly clause: string }
  /** The item does not apply to the category: its cap is 0. */
  | { readonly kind: 'NOT_APPLICABLE'; readonly cap: 0; readonly clause: string }
  /** A cap (per year for yearly items). */
  | { readonly kind: 'CAP'; readonly cap: Fen; readonly perYear: boolean; readonly clause: string; readonly parameter: Parameter<Fen> };

function capOf(parameter: Parameter<Fen>, perYear: boolean): ItemCap {
  return { kind: 'CAP', cap: parameter.value, perYear, clause: parameter.clause, parameter };
}

export function itemCap(edition: Edition, category: Category, item: Item): ItemCap {
  const support = edition.support[category];
  if (support.kind === 'CASE_BY_CASE') return { kind: 'CASE_BY_CASE', clause: support.clause };
  const none: ItemCap = { kind: 'NOT_APPLICABLE', cap: 0, clause: support.clause };
  switch (item) {
    case 'INITIAL_GRANT':
      return capOf(support.initialGrant, false);
    case 'ANNUAL_RD_SUPPORT':
      return support.annualRdSupport ? capOf(support.annualRdSupport.cap, true) : none;
    case 'PERFORMANCE_SUBSIDY':
      return support.performanceSubsidy ? capOf(support.performanceSubsidy.cap, true) : none;
    case 'TALENT_TEAM_SUPPORT':
      return support.talentEligible.value ? capOf(edition.talentSupport.cap, false) : none;
    case 'CASE_BY_CASE':
      return none;
  }
}
