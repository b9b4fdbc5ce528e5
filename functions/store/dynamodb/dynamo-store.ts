/** The DynamoDB adapter of the store port (functions/store/store.ts). Layout: ./items.ts. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Item } from '../../../shared/index.js';
import type {
  Achievement,
  Application,
  ApplicationFilter,
  HistoryEvent,
  LedgerLine,
  Page,
  Payment,
  Rating,
  Receipt,
  StoredKey,
  Summary,
  SummaryScope,
  SupportRecord,
} from '../../domain/records.js';
import type { ApplicationChange, FactTrail, PaymentResult, Store } from '../store.js';
import * as applicationFacts from './applications.js';
import { putNew, queryRange, tableClient } from './client.js';
import { commitFact, GuardRefused, type TransactItem } from './facts.js';
import {
  achievementKey,
  appKey,
  fromItem,
  historyRange,
  indexAttributes,
  indexPartition,
  keyKey,
  ledgerKey,
  ledgerRange,
  listingIndex,
  paymentKey,
  receiptKey,
  summaryRange,
} from './items.js';
import { queryApplications } from './listing.js';

export class DynamoStore implements Store {
  private get t() {
    return tableClient();
  }

  async getKey(hash: string): Promise<StoredKey | undefined> {
    const { Item } = await this.t.doc.send(new GetCommand({ TableName: this.t.tableName, Key: keyKey(hash) }));
    return Item ? fromItem<StoredKey>(Item) : undefined;
  }

  async putKey(key: StoredKey): Promise<void> {
    await putNew(this.t, { ...keyKey(key.hash), entity: 'KEY', ...key });
  }

  createApplication(application: Application, trail: FactTrail): Promise<boolean> {
    return applicationFacts.createApplication(this.t, application, trail);
  }

  changeApplication(id: string, change: ApplicationChange): Promise<Application> {
    return applicationFacts.changeApplication(this.t, id, change);
  }

  recordSupport(record: SupportRecord, trail: FactTrail): Promise<boolean> {
    return applicationFacts.recordSupport(this.t, record, trail);
  }

  support(applicationId: string): Promise<SupportRecord[]> {
    return applicationFacts.support(this.t, applicationId);
  }

  async getApplication(id: string): Promise<Application | undefined> {
    const { Item } = await this.t.doc.send(new GetCommand({ TableName: this.t.tableName, Key: appKey(id) }));
    return Item ? fromItem<Application>(Item) : undefined;
  }

  async rateApplication(id: string, rating: Rating, at: string, trail: FactTrail, readUpdatedAt?: string): Promise<boolean> {
    const status = indexAttributes('byStatus');
    // The guard of a rating: only a SUBMITTED application becomes RATED, once.
    const guard: TransactItem = {
      Update: {
        TableName: this.t.tableName,
        Key: appKey(id),
        UpdateExpression: 'SET #status = :rated, #rating = :rating, updatedAt = :at, #gsi = :gsi',
        ConditionExpression: readUpdatedAt === undefined ? '#status = :submitted' : '#status = :submitted AND updatedAt = :read',
        ExpressionAttributeNames: { '#status': 'status', '#rating': 'rating', '#gsi': status.pk },
        ExpressionAttributeValues: {
          ':rated': 'RATED',
          ':submitted': 'SUBMITTED',
          ':rating': rating,
          ':at': at,
          ':gsi': indexPartition(listingIndex('status'), 'RATED'),
          ...(readUpdatedAt === undefined ? {} : { ':read': readUpdatedAt }),
        },
      },
    };
    return this.refusedAsFalse(async () => ({ writes: [guard], trail, result: true }));
  }

  listApplications(filter: ApplicationFilter, limit: number, nextToken?: string): Promise<Page<Application>> {
    return queryApplications(this.t, filter, limit, nextToken);
  }

  async recordPayment(
    line: { readonly applicationId: string; readonly item: Item; readonly year: number; readonly amount: number; readonly cap: number },
    record: (paidBefore: number) => { readonly payment: Payment; readonly trail: FactTrail },
  ): Promise<PaymentResult> {
    const key = ledgerKey(line.applicationId, line.year, line.item);
    try {
      return await commitFact(
        this.t,
        async () => {
          // The guard of a payment: the ledger item moves from what was read to that plus the amount, never past the
          // cap; a payment that committed meanwhile fails the condition and this one reads again.
          const { Item: current } = await this.t.doc.send(new GetCommand({ TableName: this.t.tableName, Key: key, ConsistentRead: true }));
          const before = current ? Number(current.paid) : 0;
          if (before + line.amount > line.cap) throw new OverCap(before);
          const { payment, trail } = record(before);
          const guard: TransactItem = {
            Update: {
              TableName: this.t.tableName,
              Key: key,
              UpdateExpression: 'SET paid = :after, cap = :cap, #item = :item, #year = :year',
              ConditionExpression: current ? 'paid = :before' : 'attribute_not_exists(pk)',
              ExpressionAttributeNames: { '#item': 'item', '#year': 'year' },
              ExpressionAttributeValues: { ':after': before + line.amount, ':cap': line.cap, ':item': line.item, ':year': line.year, ...(current ? { ':before': before } : {}) },
            },
          };
          return { writes: [guard, this.putNew({ ...paymentKey(payment), entity: 'PAYMENT', ...payment })], trail, result: { ok: true as const, payment } };
        },
        { guardMoves: true, guardKey: `${key.pk}|${key.sk}` },
      );
    } catch (error) {
      if (error instanceof OverCap) return { ok: false, paid: error.value };
      throw error;
    }
  }

  async ledger(applicationId: string): Promise<LedgerLine[]> {
    const items = await queryRange(this.t, ledgerRange(applicationId));
    return items.map((i) => ({ item: i.item as Item, year: Number(i.year), paid: Number(i.paid), cap: Number(i.cap) }));
  }

  async createAchievement(achievement: Achievement, trail: FactTrail): Promise<boolean> {
    return this.refusedAsFalse(async () => ({ writes: [this.putNew({ ...achievementKey(achievement.id), entity: 'ACHIEVEMENT', ...achievement })], trail, result: true }));
  }

  async getAchievement(id: string): Promise<Achievement | undefined> {
    const { Item } = await this.t.doc.send(new GetCommand({ TableName: this.t.tableName, Key: achievementKey(id) }));
    return Item ? fromItem<Achievement>(Item) : undefined;
  }

  async recordReceipt(
    achievementId: string,
    amount: number,
    limit: number,
    record: (receivedBefore: number, sequence: number) => { readonly receipt: Receipt; readonly trail: FactTrail },
  ): Promise<Receipt | undefined> {
    const key = achievementKey(achievementId);
    try {
      return await commitFact(
        this.t,
        async () => {
          // The guard of a receipt: the achievement's counter moves from what was read, so each receipt has its own
          // "received before" and the subsidies, each the difference of the cumulative figure, add up to exactly the
          // capped cumulative subsidy (三(七)).
          const { Item: current } = await this.t.doc.send(new GetCommand({ TableName: this.t.tableName, Key: key, ConsistentRead: true }));
          if (!current) throw new Error(`achievement ${achievementId} vanished`);
          const before = Number(current.cumulativeReceived);
          const count = Number(current.receipts);
          if (before + amount > limit) throw new OverCap(before);
          const { receipt, trail } = record(before, count + 1);
          const guard: TransactItem = {
            Update: {
              TableName: this.t.tableName,
              Key: key,
              UpdateExpression: 'SET cumulativeReceived = :after, receipts = :sequence',
              ConditionExpression: 'receipts = :count',
              ExpressionAttributeValues: { ':after': before + amount, ':sequence': count + 1, ':count': count },
            },
          };
          return { writes: [guard, this.putNew({ ...receiptKey(receipt), entity: 'RECEIPT', ...receipt })], trail, result: receipt };
        },
        { guardMoves: true, guardKey: `${key.pk}|${key.sk}` },
      );
    } catch (error) {
      if (error instanceof OverCap) return undefined;
      throw error;
    }
  }

  async history(applicationId: string): Promise<HistoryEvent[]> {
    const items = await queryRange(this.t, historyRange(applicationId));
    return items.map((i) => fromItem<HistoryEvent>(i));
  }

  async getSummary(scope: SummaryScope): Promise<Summary> {
    const counters: Record<string, number> = {};
    for (const shard of await queryRange(this.t, summaryRange(scope))) {
      for (const [k, v] of Object.entries(shard)) if (typeof v === 'number') counters[k] = (counters[k] ?? 0) + v;
    }
    return { counters };
  }

  /** A put of an item whose key must be new, as a transaction item. */
  private putNew(item: Record<string, unknown>): TransactItem {
    return { Put: { TableName: this.t.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
  }

  /** A fact whose guard is not read first: its refusal (id taken, not SUBMITTED) is `false`. */
  private async refusedAsFalse(attempt: () => Promise<{ writes: TransactItem[]; trail: FactTrail; result: true }>): Promise<boolean> {
    try {
      return await commitFact(this.t, attempt, { guardMoves: false });
    } catch (error) {
      if (error instanceof GuardRefused) return false;
      throw error;
    }
  }
}

/** A guard that would pass its limit: the value read, nothing written. */
class OverCap extends Error {
  override readonly name = 'OverCap';
  constructor(readonly value: number) {
    super('over the limit');
  }
}
