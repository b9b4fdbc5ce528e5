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
  return subsidy < capPerAchievement.value ? subsidy : capPerAchievement.value;
}

/** The subsidy for one instalment `received`, given `receivedBefore` already received for the same achievement. */
export function transferSubsidy(edition: Edition, received: Fen, receivedBefore: Fen = 0): TransferSubsidy {
  const cumulativeReceived = receivedBefore + received;
  const before = cumulativeTransferSubsidy(edition, receivedBefore);
  const after = cumulativeTransferSubsidy(edition, cumulativeReceived);
  return {
    subsidy: after - before,
    cumulativeReceived,
    cumulativeSubsidy: after,
    capReached: after >= edition.transferSubsidy.capPerAchievement.value,
    clause: edition.transferSubsidy.rate.clause,
  };
}
