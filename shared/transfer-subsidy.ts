/**
 * 三(七): 5% of the technology-contract amount actually received (技术合同成交实际到账额), at most 1,000,000 yuan per
 * single achievement (单项成果). Money arrives in instalments, so the cap and the rounding apply to the cumulative
 * figure: each instalment gets cumulative-after − cumulative-before, and instalments add up exactly.
 */
import { applyRate, type Fen } from './money.js';
import type { Edition } from './policy/edition.js';

export interface TransferSubsidy {
  /** This instalment's subsidy. */
  readonly subsidy: Fen;
  readonly cumulativeReceived: Fen;
  readonly cumulativeSubsidy: Fen;
  readonly capReached: boolean;
  readonly clause: string;
}

/** min(round(5% × total received so far), cap). */
export function cumulativeTransferSubsidy(edition: Edition, totalReceived: Fen): Fen {
  const { rate, capPerAchievement } = edition.transferSubsidy;
  const subsidy = applyRate(totalReceived, rate.value);
  return Math.min(subsidy, capPerAchievement.value);
}

/**
 * The cumulative figures after the achievement's received total moves from `from` to `to`, and the change of its
 * cumulative subsidy: an instalment's subsidy (a receipt) or a void's adjustment, by the one cumulative rule.
 */
function moveReceived(edition: Edition, from: Fen, to: Fen): { change: Fen; cumulativeReceived: Fen; cumulativeSubsidy: Fen; capReached: boolean; clause: string } {
  const before = cumulativeTransferSubsidy(edition, from);
  const after = cumulativeTransferSubsidy(edition, to);
  return {
    change: after - before,
    cumulativeReceived: to,
    cumulativeSubsidy: after,
    capReached: after >= edition.transferSubsidy.capPerAchievement.value,
    clause: edition.transferSubsidy.rate.clause,
  };
}

/** The subsidy for one instalment `received`, given `receivedBefore` already received for the same achievement. */
export function transferSubsidy(edition: Edition, received: Fen, receivedBefore: Fen = 0): TransferSubsidy {
  const { change, ...cumulative } = moveReceived(edition, receivedBefore, receivedBefore + received);
  return { subsidy: change, ...cumulative };
}

/** What voiding one receipt does to its achievement's 5% subsidy (三(七)). */
export interface VoidedReceiptAdjustment {
  /**
   * The subsidy adjustment recorded on the void: cumulative subsidy after − before, so never positive. It is not the
   * voided receipt's own subsidy: the cap and the rounding apply to the cumulative figure, so a receipt voided after
   * later ones takes back what the surviving sum no longer earns.
   */
  readonly adjustment: Fen;
  readonly cumulativeReceived: Fen;
  readonly cumulativeSubsidy: Fen;
  readonly capReached: boolean;
  readonly clause: string;
}

/**
 * 三(七) on a correction: a receipt of `amount` voided when the achievement's receipts not voided add up to
 * `cumulativeBefore`. Its amount leaves the cumulative, and the cumulative subsidy becomes the same rule applied to
 * what survives, so subsidies plus adjustments always add up to the rule on the sum of the receipts not voided.
 * `amount` must be at most `cumulativeBefore` (it is one of the receipts that make it up).
 */
export function voidedReceiptAdjustment(edition: Edition, cumulativeBefore: Fen, amount: Fen): VoidedReceiptAdjustment {
  if (amount > cumulativeBefore) throw new RangeError(`a voided receipt of ${amount} fen is more than the ${cumulativeBefore} fen received`);
  const { change, ...cumulative } = moveReceived(edition, cumulativeBefore, cumulativeBefore - amount);
  return { adjustment: change, ...cumulative };
}
