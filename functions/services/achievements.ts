/** Achievements (单项成果) and their receipts: the 5% transfer subsidy of 三(七), capped per achievement. */
import { APPLICATION_STATUS_LABELS, MAX_FEN, MAX_YUAN, checkReceiptDate, editionOf, normaliseContractNo, transferSubsidy, type CalendarDate, type Fen } from '../../shared/index.js';
import type { Achievement, Receipt } from '../domain/records.js';
import { conflict, duplicate, fromProblems, invalid, notFound } from '../domain/errors.js';
import type { AchievementWithReceipts } from '../store/store.js';
import { readable } from './applications.js';
import { trail } from './trail.js';
import { receiptCounts } from './counts.js';
import { ensureDistrict, newId, today, type ServiceContext } from './context.js';

export async function createAchievement(ctx: ServiceContext<Achievement>, applicationId: string, title: string, contractNo: string): Promise<Achievement> {
  // 三(七): one technology contract, one achievement (shared/contracts.ts); a number of only spaces and dashes names none.
  const contract = normaliseContractNo(contractNo);
  if (contract === '') throw invalid('contractNo', 'contract number must have more than spaces and dashes', '合同编号不能只有空格和连字符');
  const application = await readable(ctx, applicationId, 'applicationId');
  const rating = application.rating;
  if (application.status !== 'RATED' || !rating) throw conflict(`application ${applicationId} is ${application.status}, not RATED: only introduced institutions have achievements`, 'applicationId', `申请 ${applicationId} ${APPLICATION_STATUS_LABELS[application.status]}，尚未评定：只有已评定（引进）的机构才能登记单项成果`);
  const achievement: Achievement = {
    id: newId('ach'),
    applicationId,
    district: application.district,
    title,
    contractNo,
    // 三(七) pays researchers of institutions introduced under the plan: the plan that rated this one.
    edition: rating.edition,
    cumulativeReceived: 0,
    receipts: 0,
    createdAt: ctx.now().toISOString(),
  };
  // One transaction: the achievement (put only if its id is new), its contract's marker (only if none is) and its event.
  const created = await ctx.store.createAchievement(achievement, contract, trail(ctx, achievement, applicationId, 'ACHIEVEMENT_CREATED', achievement));
  if (!created.ok && created.reason === 'contract-registered') {
    throw duplicate(
      created.existingId,
      'contractNo',
      `technology contract ${contractNo} is already registered, as achievement ${created.existingId}: one contract is one achievement (三(七))`,
      `技术合同 ${contractNo} 已登记为单项成果 ${created.existingId}：一份技术合同只登记一项成果（三(七)）`,
    );
  }
  if (!created.ok) throw conflict('id collision, retry', undefined, '编号冲突，请重试');
  return achievement;
}

/** GET /achievements/{id}: the achievement and its receipts, voided included; a district key sees its own district's. */
export async function readAchievement(ctx: ServiceContext, id: string): Promise<AchievementWithReceipts> {
  const found = await ctx.store.getAchievementWithReceipts(id);
  if (!found) throw notFound(`achievement ${id}`, 'id', `单项成果 ${id} `);
  ensureDistrict(ctx.principal, found.achievement.district);
  return found;
}

/** GET /applications/{id}/achievements: the application's achievements with their receipts, where this key may read the application. */
export async function applicationAchievements(ctx: ServiceContext, applicationId: string): Promise<AchievementWithReceipts[]> {
  const [, achievements] = await Promise.all([readable(ctx, applicationId), ctx.store.listApplicationAchievements(applicationId)]);
  return achievements;
}

export async function recordReceipt(ctx: ServiceContext<Receipt>, achievementId: string, date: CalendarDate, amount: Fen, voucher?: string): Promise<Receipt> {
  const achievement = await ctx.store.getAchievement(achievementId);
  if (!achievement) throw notFound(`achievement ${achievementId}`, 'id', `单项成果 ${achievementId} `);
  ensureDistrict(ctx.principal, achievement.district);
  // Every receipt of one achievement under one edition, so the subsidies telescope to its capped cumulative figure.
  const edition = editionOf(achievement);
  const outside = checkReceiptDate(edition, date, today(ctx));
  if (outside) throw fromProblems([outside]);
  // The counter holds at most what the edges accept in one amount: every sum stays a safe integer.
  const at = ctx.now().toISOString();
  // One transaction: the achievement's counter, the receipt, its event and its counts.
  const receipt = await ctx.store.recordReceipt(achievementId, amount, MAX_FEN, (receivedBefore, sequence) => {
    // The subsidy of this instalment is the shared rules' difference of the cumulative figure before and after it.
    const s = transferSubsidy(edition, amount, receivedBefore);
    const receipt: Receipt = {
      id: newId('rcpt'),
      achievementId,
      applicationId: achievement.applicationId,
      sequence,
      date,
      edition: edition.id,
      amount,
      subsidy: s.subsidy,
      cumulativeReceived: s.cumulativeReceived,
      cumulativeSubsidy: s.cumulativeSubsidy,
      capReached: s.capReached,
      createdAt: at,
      ...(voucher !== undefined ? { voucher } : {}),
      status: 'RECORDED',
    };
    return { receipt, trail: trail(ctx, receipt, achievement.applicationId, 'RECEIPT_RECORDED', receipt, receiptCounts(achievement.district, receipt)) };
  });
  // The counter holds at most what the edges accept in one amount: every sum stays a safe integer.
  if (!receipt) throw invalid('amount', `the achievement's received total would exceed ${MAX_YUAN} yuan`, `该成果累计到账金额将超过 ${MAX_YUAN} 元`);
  return receipt;
}
