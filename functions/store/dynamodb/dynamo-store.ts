/** The DynamoDB adapter of the store port (functions/store/store.ts). Layout: ./items.ts. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type {
  Achievement,
  Application,
  Approval,
  ApplicationFilter,
  HistoryEvent,
  Page,
  Payment,
  Rating,
  Receipt,
  StoredKey,
  Summary,
  SummaryScope,
  SupportRecord,
} from '../../domain/records.js';
import type { AchievementResult, AchievementWithReceipts, ApplicationChange, ApplicationRecords, FactTrail, PaymentResult, RevokeKey, RevokeResult, Store, VoidReceiptResult, VoidResult } from '../store.js';
import * as achievements from './achievements.js';
import { applicationRecords } from './application-records.js';
import * as applicationFacts from './applications.js';
import * as keys from './keys.js';
import * as money from './ledger.js';
import * as partnerFacts from './partners.js';
import type { PartnerMerge } from '../../domain/partners.js';
import { queryRange, tableClient } from './client.js';
import { commitFact, GuardRefused, type TransactItem } from './facts.js';
import {
  appKey,
  fromItem,
  historyRange,
  indexAttributes,
  indexPartition,
  listingIndex,
  summaryRange,
} from './items.js';
import { queryApplications } from './listing.js';

export class DynamoStore implements Store {
  private get t() {
    return tableClient();
  }

  getKey(hash: string): Promise<StoredKey | undefined> {
    return keys.getKey(this.t, hash);
  }

  putKey(key: StoredKey): Promise<void> {
    return keys.putKey(this.t, key);
  }

  listKeys(): Promise<StoredKey[]> {
    return keys.listKeys(this.t);
  }

  revokeKey(id: string, revoke: RevokeKey): Promise<RevokeResult> {
    return keys.revokeKey(this.t, id, revoke);
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

  async getApplication(id: string): Promise<Application | undefined> {
    const { Item } = await this.t.doc.send(new GetCommand({ TableName: this.t.tableName, Key: appKey(id) }));
    return Item ? fromItem<Application>(Item) : undefined;
  }

  async rateApplication(id: string, rating: Rating, at: string, trail: FactTrail, readUpdatedAt: string): Promise<boolean> {
    const status = indexAttributes('byStatus');
    // The guard of a rating: only a SUBMITTED application becomes RATED, once, and only as it was read.
    const guard: TransactItem = {
      Update: {
        TableName: this.t.tableName,
        Key: appKey(id),
        UpdateExpression: 'SET #status = :rated, #rating = :rating, updatedAt = :at, #gsi = :gsi',
        ConditionExpression: '#status = :submitted AND updatedAt = :read',
        ExpressionAttributeNames: { '#status': 'status', '#rating': 'rating', '#gsi': status.pk },
        ExpressionAttributeValues: {
          ':rated': 'RATED',
          ':submitted': 'SUBMITTED',
          ':rating': rating,
          ':at': at,
          ':gsi': indexPartition(listingIndex('status'), 'RATED'),
          ':read': readUpdatedAt,
        },
      },
    };
    return this.refusedAsFalse(async () => ({ writes: [guard, ...money.ratingLedgerWrites(this.t, id, rating)], trail, result: true }));
  }

  listApplications(filter: ApplicationFilter, limit: number, nextToken?: string): Promise<Page<Application>> {
    return queryApplications(this.t, filter, limit, nextToken);
  }

  recordPayment(...args: Parameters<Store['recordPayment']>): Promise<PaymentResult> {
    return money.recordPayment(this.t, ...args);
  }

  recordApproval(...args: Parameters<Store['recordApproval']>): Promise<Approval> {
    return money.recordApproval(this.t, ...args);
  }

  voidPayment(...args: Parameters<Store['voidPayment']>): Promise<VoidResult> {
    return money.voidPayment(this.t, ...args);
  }

  payments(applicationId: string): Promise<Payment[]> {
    return money.payments(this.t, applicationId);
  }

  applicationRecords(id: string): Promise<ApplicationRecords | undefined> {
    return applicationRecords(this.t, id);
  }

  createAchievement(achievement: Achievement, contractNo: string, trail: FactTrail): Promise<AchievementResult> {
    return achievements.createAchievement(this.t, achievement, contractNo, trail);
  }

  getAchievement(id: string): Promise<Achievement | undefined> {
    return achievements.getAchievement(this.t, id);
  }

  getAchievementWithReceipts(id: string): Promise<AchievementWithReceipts | undefined> {
    return achievements.getAchievementWithReceipts(this.t, id);
  }

  listApplicationAchievements(applicationId: string): Promise<AchievementWithReceipts[]> {
    return achievements.listApplicationAchievements(this.t, applicationId);
  }

  recordReceipt(
    achievementId: string,
    amount: number,
    limit: number,
    record: (receivedBefore: number, sequence: number) => { readonly receipt: Receipt; readonly trail: FactTrail },
  ): Promise<Receipt | undefined> {
    return achievements.recordReceipt(this.t, achievementId, amount, limit, record);
  }

  voidReceipt(
    achievementId: string,
    receiptId: string,
    record: (receipt: Receipt, receivedBefore: number) => { readonly receipt: Receipt; readonly trail: FactTrail },
  ): Promise<VoidReceiptResult> {
    return achievements.voidReceipt(this.t, achievementId, receiptId, record);
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

  partners(scope: SummaryScope): ReturnType<Store['partners']> {
    return partnerFacts.partners(this.t, scope);
  }

  mergePartners(...args: Parameters<Store['mergePartners']>): Promise<PartnerMerge> {
    return partnerFacts.mergePartners(this.t, ...args);
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
