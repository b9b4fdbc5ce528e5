/**
 * Achievements (单项成果) and their receipts in DynamoDB: the facts of 三(七). DynamoStore (./dynamo-store.ts) delegates
 * here. The achievement item is the guard of every receipt and every void: its counter (`receipts`, the count of all
 * receipts ever recorded, and `cumulativeReceived`, the sum of those not voided) moves from what was read, and each
 * fact conditions on both, so receipts and voids of one achievement serialise. The pair cannot come back to a value
 * once read: a receipt raises the count, and a void (which leaves the count) lowers the sum, by a positive amount.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { byText } from '../../domain/order.js';
import type { Achievement, Receipt } from '../../domain/records.js';
import type { AchievementResult, AchievementWithReceipts, FactTrail, VoidReceiptResult } from '../store.js';
import { getConsistent, queryRange, type TableClient } from './client.js';
import { commitFact, GuardRefused, putNewItem, type Refusal, type TransactItem } from './facts.js';
import { achievementAndReceiptsRange, achievementKey, achievementLinkItem, achievementLinksRange, contractItem, contractKey, fromItem, keyString, kindOfItem, receiptKey } from './items.js';

/** Refusals found by an attempt's read: nothing written. */
class Refused extends Error {
  override readonly name = 'Refused';
  constructor(readonly outcome: AchievementResult | VoidReceiptResult | { readonly ok: false; readonly over: true }) {
    super('refused');
  }
}

/**
 * The achievement, its link under its application (./items.ts) and the marker of its contract (三(七): one contract,
 * one achievement), in one transaction. The
 * marker's put is refused where the contract is held (registered before, or meanwhile by a racing registration);
 * the marker is read then (consistently, after the cancellation) and the answer is the achievement holding it.
 */
export async function createAchievement(t: TableClient, achievement: Achievement, contractNo: string, trail: FactTrail): Promise<AchievementResult> {
  const marker = contractKey(contractNo);
  try {
    return await commitFact(
      t,
      async () => {
        const contract: Refusal = {
          item: putNewItem(t, contractItem(contractNo, achievement.id)),
          refused: async () => {
            const held = await getConsistent(t, marker);
            if (held) throw new Refused({ ok: false, reason: 'contract-registered', existingId: String(held.achievementId) });
          },
        };
        const writes = [
          putNewItem(t, { ...achievementKey(achievement.id), entity: 'ACHIEVEMENT', ...achievement }),
          contract.item,
          putNewItem(t, achievementLinkItem(achievement.applicationId, achievement.id)),
        ];
        return { writes, refusals: [contract], trail, result: { ok: true as const } };
      },
      { guardMoves: false },
    );
  } catch (error) {
    if (error instanceof GuardRefused) return { ok: false, reason: 'id-taken' };
    if (error instanceof Refused) return error.outcome as AchievementResult;
    throw error;
  }
}

export async function getAchievement(t: TableClient, id: string): Promise<Achievement | undefined> {
  const { Item } = await t.doc.send(new GetCommand({ TableName: t.tableName, Key: achievementKey(id) }));
  return Item ? fromItem<Achievement>(Item) : undefined;
}

/** One consistent Query of the achievement's partition: its item sorts first, then its receipts by sequence. */
export async function getAchievementWithReceipts(t: TableClient, id: string): Promise<AchievementWithReceipts | undefined> {
  const items = await queryRange(t, achievementAndReceiptsRange(id), true);
  const item = items.find((i) => i.sk === achievementKey(id).sk);
  if (!item) return undefined;
  const receipts = items.filter((i) => kindOfItem(i).kind === 'receipt').map((i) => fromItem<Receipt>(i));
  return { achievement: fromItem<Achievement>(item), receipts };
}

/**
 * Every achievement of an application with its receipts: one Query of its links, then one of each achievement's
 * partition (in parallel); oldest first. A link whose achievement is gone is skipped (reconcile reports it).
 */
export async function listApplicationAchievements(t: TableClient, applicationId: string): Promise<AchievementWithReceipts[]> {
  return achievementsLinked(t, await queryRange(t, achievementLinksRange(applicationId)));
}

/** The achievements, with their receipts, that the links among `items` name (one Query of each); oldest first. */
export async function achievementsLinked(t: TableClient, items: readonly Record<string, unknown>[]): Promise<AchievementWithReceipts[]> {
  const ids = items.flatMap((l) => {
    const what = kindOfItem(l);
    return what.kind === 'achievement-link' ? [what.achievementId] : [];
  });
  const found = await Promise.all(ids.map((id) => getAchievementWithReceipts(t, id)));
  return found
    .filter((a): a is AchievementWithReceipts => a !== undefined)
    .sort(byText((a) => a.achievement.createdAt, (a) => a.achievement.id));
}

/** The guard of a receipt or a void: the counter moves from exactly what was read. */
function counterGuard(t: TableClient, achievementId: string, read: { readonly received: number; readonly receipts: number }, after: { readonly received: number; readonly receipts: number }): TransactItem {
  return {
    Update: {
      TableName: t.tableName,
      Key: achievementKey(achievementId),
      UpdateExpression: 'SET cumulativeReceived = :after, receipts = :receiptsAfter',
      ConditionExpression: 'receipts = :receipts AND cumulativeReceived = :before',
      ExpressionAttributeValues: { ':after': after.received, ':receiptsAfter': after.receipts, ':receipts': read.receipts, ':before': read.received },
    },
  };
}

async function readCounter(t: TableClient, achievementId: string): Promise<{ received: number; receipts: number }> {
  const current = await getConsistent(t, achievementKey(achievementId));
  if (!current) throw new Error(`achievement ${achievementId} vanished`);
  return { received: Number(current.cumulativeReceived), receipts: Number(current.receipts) };
}

export async function recordReceipt(
  t: TableClient,
  achievementId: string,
  amount: number,
  limit: number,
  record: (receivedBefore: number, sequence: number) => { readonly receipt: Receipt; readonly trail: FactTrail },
): Promise<Receipt | undefined> {
  const key = achievementKey(achievementId);
  try {
    return await commitFact(
      t,
      async () => {
        // Each receipt has its own "received before" (the surviving sum), so the subsidies, each the difference of
        // the cumulative figure, add up to exactly the capped cumulative subsidy (三(七)).
        const read = await readCounter(t, achievementId);
        if (read.received + amount > limit) throw new Refused({ ok: false, over: true });
        const { receipt, trail } = record(read.received, read.receipts + 1);
        const guard = counterGuard(t, achievementId, read, { received: read.received + amount, receipts: read.receipts + 1 });
        return { writes: [guard, putNewItem(t, { ...receiptKey(receipt), entity: 'RECEIPT', ...receipt })], trail, result: receipt };
      },
      { guardMoves: true, guardKey: keyString(key) },
    );
  } catch (error) {
    if (error instanceof Refused) return undefined;
    throw error;
  }
}

/**
 * A void: the counter loses the receipt's amount (conditioned on what was read) and the receipt is marked, on
 * condition it is not VOIDED already; a void that committed meanwhile cancels this one, and the read again finds it.
 */
export async function voidReceipt(
  t: TableClient,
  achievementId: string,
  receiptId: string,
  record: (receipt: Receipt, receivedBefore: number) => { readonly receipt: Receipt; readonly trail: FactTrail },
): Promise<VoidReceiptResult> {
  const key = achievementKey(achievementId);
  try {
    return await commitFact(
      t,
      async () => {
        // One consistent Query: the counter sorts first, then the receipts (items.ts).
        const items = await queryRange(t, achievementAndReceiptsRange(achievementId), true);
        const counter = items.find((i) => i.sk === key.sk);
        if (!counter) throw new Error(`achievement ${achievementId} vanished`);
        const item = items.find((i) => kindOfItem(i).kind === 'receipt' && i.id === receiptId);
        if (!item) throw new Refused({ ok: false, reason: 'no-receipt' });
        const stored = fromItem<Receipt>(item);
        if (stored.status === 'VOIDED') throw new Refused({ ok: false, reason: 'voided', receipt: stored });
        const read = { received: Number(counter.cumulativeReceived), receipts: Number(counter.receipts) };
        const { receipt, trail } = record(stored, read.received);
        const guard = counterGuard(t, achievementId, read, { received: read.received - stored.amount, receipts: read.receipts });
        const mark: TransactItem = {
          Update: {
            TableName: t.tableName,
            Key: receiptKey(stored),
            UpdateExpression: 'SET #status = :voided, voided = :void',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#status) OR #status <> :voided)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':voided': 'VOIDED', ':void': receipt.voided },
          },
        };
        return { writes: [guard, mark], trail, result: { ok: true as const, receipt } };
      },
      { guardMoves: true, guardKey: keyString(key) },
    );
  } catch (error) {
    if (error instanceof Refused) return error.outcome as VoidReceiptResult;
    throw error;
  }
}
