/**
 * 一 工作目标: 100 partners introduced by 2022, each counted once however many applications name it
 * (interpretation 3: matched on a normalised name; interpretation 9 says how).
 */
import { foldWithoutSeparators } from './fold.js';

/**
 * A partner's name as it is compared (POLICY.md §5 interpretation 9): folded (`foldText`: invisible characters
 * dropped, Unicode NFKC, case folded), then spaces, punctuation and symbols dropped (`foldWithoutSeparators`). The
 * same organisation written in 中文 and in English stays two names until staff merge them (POST /partners/merge): the
 * software never guesses translations.
 */
export function normalisePartnerName(name: string): string {
  return foldWithoutSeparators(name);
}

/**
 * Whether a partner name has anything to compare once normalised (letters or digits): one that has not (a zero-width
 * space, dashes, a middle dot) could never be counted towards the goal nor merged, so the API refuses it wherever a
 * partner name is taken (an application's partner, a merge's names).
 */
export function hasComparableName(name: string): boolean {
  return normalisePartnerName(name) !== '';
}
