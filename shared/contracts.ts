/**
 * Technology contracts (技术合同) of achievements (单项成果), 三(七).
 *
 * Interpretation: 三(七) caps the 5% subsidy per single achievement (at most 1,000,000 yuan), and the subsidy is
 * paid on the amount received under a technology contract. Were one contract registered as several achievements,
 * its money would earn the cap once per copy; so one contract is one achievement, and a contract number is
 * registered once. Numbers are compared as staff write them in different ways: full-width or half-width, upper or
 * lower case, with or without spaces and dashes ("2021-5001 0300 0123", "２０２１５００１０３０００１２３" and
 * "2021500103000123" are one contract).
 */
import { foldText } from './fold.js';

/**
 * The form two contract numbers are compared in: folded (`foldText`: invisible characters dropped, Unicode NFKC,
 * which folds full-width letters and digits, case folded), shown in upper case as contract numbers are written, and
 * every space and dash dropped (white space, each dash punctuation \p{Pd} and the ASCII hyphen-minus). An empty
 * result means the number had nothing but spaces and dashes.
 */
export function normaliseContractNo(contractNo: string): string {
  return foldText(contractNo)
    .toUpperCase()
    .replace(/[\s\p{Pd}\-]+/gu, '');
}
