/**
 * What an application must be to be filed at all (checked at the door: on creation and on every amendment), and when
 * two applications are the same one filed twice.
 */
import type { Category } from './codes.js';
import { normalisePartnerName } from './partners.js';
import type { Edition } from './policy/edition.js';
import { problem, type Problem } from './result.js';

export interface FilingInput {
  readonly category: Category;
  readonly legalPerson: boolean;
}

/**
 * The problems that keep an application from being filed: 二(一) a high-end R&D institution must be an independent
 * legal person (具有独立法人资格). Partner types are not refused here: where the text's list ends in 等 a person
 * confirms, so the rating's check (./checks.ts) says.
 */
export function checkFiling(edition: Edition, input: FilingInput): Problem[] {
  const support = edition.support[input.category];
  const legal = support.kind === 'CAPPED' ? support.legalPersonRequired : undefined;
  if (legal?.value && !input.legalPerson) {
    return [problem('NOT_LEGAL_PERSON', 'legalPerson', '高端研发机构须具有独立法人资格', 'a high-end R&D institution must be an independent legal person', legal.clause)];
  }
  return [];
}

/**
 * One application per institution, partner and category while it is open (submitted or rated): the same two
 * organisations introduced twice under one task would be paid twice (二, 三). Names are compared as partners are
 * (interpretation 3: `normalisePartnerName`), so `清华大学` and ` 清华大学 ` are one.
 */
export function duplicateKey(input: { readonly institution: string; readonly partnerName: string; readonly category: Category }): string {
  return [normalisePartnerName(input.institution), normalisePartnerName(input.partnerName), input.category].join('\u0000');
}
