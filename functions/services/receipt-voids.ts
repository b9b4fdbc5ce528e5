/** Voiding a receipt (a correction, never a deletion): 三(七)'s subsidy follows the receipts that stand. */
import { editionOf, voidedReceiptAdjustment } from '../../shared/index.js';
import type { Receipt } from '../domain/records.js';
import { conflict, notFound } from '../domain/errors.js';
import { trail } from './trail.js';
import { receiptVoidCounts } from './counts.js';
import { ensureDistrict, type ServiceContext } from './context.js';

/**
 * Marks the receipt VOIDED with who, when and why: its amount leaves the achievement's cumulative received, and the
 * subsidy adjustment the rules give (shared/transfer-subsidy.ts, 三(七)) is recorded on it and counted, all in one
 * transaction. Answers the voided receipt, its `voided` holding the adjustment and the achievement's figures after.
 */
export async function voidReceipt(ctx: ServiceContext<Receipt>, achievementId: string, receiptId: string, reason: string): Promise<Receipt> {
  const achievement = await ctx.store.getAchievement(achievementId);
  if (!achievement) throw notFound(`achievement ${achievementId}`, 'id', `单项成果 ${achievementId} `);
  ensureDistrict(ctx.principal, achievement.district);
  // Every receipt of one achievement under its edition: the void undoes by the same cumulative rule.
  const edition = editionOf(achievement);
  const at = ctx.now().toISOString();
  const result = await ctx.store.voidReceipt(achievementId, receiptId, (stored, receivedBefore) => {
    const v = voidedReceiptAdjustment(edition, receivedBefore, stored.amount);
    const receipt: Receipt = {
      ...stored,
      status: 'VOIDED',
      voided: { reason, at, keyId: ctx.principal.keyId, adjustment: v.adjustment, cumulativeReceived: v.cumulativeReceived, cumulativeSubsidy: v.cumulativeSubsidy, capReached: v.capReached },
    };
    return { receipt, trail: trail(ctx, receipt, achievement.applicationId, 'RECEIPT_VOIDED', receipt, receiptVoidCounts(achievement.district, receipt), reason) };
  });
  if (result.ok) return result.receipt;
  if (result.reason === 'no-receipt') throw notFound(`receipt ${receiptId} of achievement ${achievementId}`, 'receiptId', `单项成果 ${achievementId} 的到账记录 ${receiptId} `);
  throw conflict(`receipt ${receiptId} is already voided (${result.receipt.voided?.at ?? 'earlier'})`, 'receiptId', `到账记录 ${receiptId} 已作废，不能再次作废`);
}
