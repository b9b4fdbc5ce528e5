/** The DynamoDB adapter of the store port (functions/store/store.ts). Layout: ./items.ts. */
import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Item } from '../../../shared/index.js';
import type {
  Achievement,
  AggregateDeltas,
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
} from '../../domain/records.js';
import type { LedgerResult, Store } from '../store.js';
import { isConditionFailed, putIfAbsent, putNew, tableClient } from './client.js';
import {
  achievementKey,
  appKey,
  applicationItem,
  eventKey,
  fromItem,
  historyRange,
  indexAttributes,
  indexPartition,
  keyKey,
  ledgerKey,
  ledgerRange,
  listingIndex,
  partnerKey,
  paymentKey,
  receiptKey,
  summaryKey,
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

  async putApplication(application: Application): Promise<boolean> {
    return putIfAbsent(this.t, applicationItem(application));
  }

  async getApplication(id: string): Promise<Application | undefined> {
    const { Item } = await this.t.doc.send(new GetCommand({ TableName: this.t.tableName, Key: appKey(id) }));
    return Item ? fromItem<Application>(Item) : undefined;
  }

  async rateApplication(id: string, rating: Rating, at: string): Promise<boolean> {
    const status = indexAttributes('byStatus');
    try {
      // The commit of a rating: only a SUBMITTED application becomes RATED, once.
      await this.t.doc.send(
        new UpdateCommand({
          TableName: this.t.tableName,
          Key: appKey(id),
          UpdateExpression: 'SET #status = :rated, #rating = :rating, updatedAt = :at, #gsi = :gsi',
          ConditionExpression: '#status = :submitted',
          ExpressionAttributeNames: { '#status': 'status', '#rating': 'rating', '#gsi': status.pk },
          ExpressionAttributeValues: { ':rated': 'RATED', ':submitted': 'SUBMITTED', ':rating': rating, ':at': at, ':gsi': indexPartition(listingIndex('status'), 'RATED') },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }

  listApplications(filter: ApplicationFilter, limit: number, nextToken?: string): Promise<Page<Application>> {
    return queryApplications(this.t, filter, limit, nextToken);
  }

  async addToLedger(applicationId: string, item: Item, year: number, amount: number, cap: number): Promise<LedgerResult> {
    // The condition below only holds the sum once the item exists (`attribute_not_exists(paid)` lets the first ADD
    // through), so an amount over the cap on its own is refused here, before any write.
    if (amount > cap) return { ok: false, paid: await this.paidSoFar(applicationId, year, item) };
    try {
      // The commit of a payment: one conditional ADD on the application·item·year ledger item. DynamoDB applies
      // conditional updates to one item one at a time, so however many payments race, the sum never passes the cap.
      const { Attributes } = await this.t.doc.send(
        new UpdateCommand({
          TableName: this.t.tableName,
          Key: ledgerKey(applicationId, year, item),
          UpdateExpression: 'ADD paid :amount SET cap = :cap, #item = :item, #year = :year',
          ConditionExpression: 'attribute_not_exists(paid) OR paid <= :room',
          ExpressionAttributeNames: { '#item': 'item', '#year': 'year' },
          ExpressionAttributeValues: { ':amount': amount, ':cap': cap, ':item': item, ':year': year, ':room': cap - amount },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return { ok: true, paid: Number(Attributes?.paid ?? amount) };
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      return { ok: false, paid: await this.paidSoFar(applicationId, year, item) };
    }
  }

  private async paidSoFar(applicationId: string, year: number, item: Item): Promise<number> {
    const { Item: current } = await this.t.doc.send(new GetCommand({ TableName: this.t.tableName, Key: ledgerKey(applicationId, year, item) }));
    return Number(current?.paid ?? 0);
  }

  async ledger(applicationId: string): Promise<LedgerLine[]> {
    const items = await this.query(ledgerRange(applicationId));
    return items.map((i) => ({ item: i.item as Item, year: Number(i.year), paid: Number(i.paid), cap: Number(i.cap) }));
  }

  async putPayment(payment: Payment): Promise<void> {
    await putNew(this.t, { ...paymentKey(payment), entity: 'PAYMENT', ...payment });
  }

  async putAchievement(achievement: Achievement): Promise<boolean> {
    return putIfAbsent(this.t, { ...achievementKey(achievement.id), entity: 'ACHIEVEMENT', ...achievement });
  }

  async getAchievement(id: string): Promise<Achievement | undefined> {
    const { Item } = await this.t.doc.send(new GetCommand({ TableName: this.t.tableName, Key: achievementKey(id) }));
    return Item ? fromItem<Achievement>(Item) : undefined;
  }

  async addReceipt(achievementId: string, amount: number, limit: number): Promise<{ cumulativeReceived: number; sequence: number } | undefined> {
    try {
      // The commit of a receipt: one atomic ADD on the achievement's counter. DynamoDB serialises updates to one
      // item, so each receipt sees a distinct "received before" (= after − amount) and the subsidies, each the
      // difference of the cumulative figure, add up to exactly the capped cumulative subsidy (三(七)).
      const { Attributes } = await this.t.doc.send(
        new UpdateCommand({
          TableName: this.t.tableName,
          Key: achievementKey(achievementId),
          UpdateExpression: 'ADD cumulativeReceived :amount, receipts :one',
          ConditionExpression: 'attribute_exists(pk) AND cumulativeReceived <= :room',
          ExpressionAttributeValues: { ':amount': amount, ':one': 1, ':room': limit - amount },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return { cumulativeReceived: Number(Attributes?.cumulativeReceived), sequence: Number(Attributes?.receipts) };
    } catch (error) {
      if (isConditionFailed(error)) return undefined;
      throw error;
    }
  }

  async putReceipt(receipt: Receipt): Promise<void> {
    await putNew(this.t, { ...receiptKey(receipt), entity: 'RECEIPT', ...receipt });
  }

  async appendEvent(event: HistoryEvent): Promise<void> {
    // Append-only: a new key each time, never overwritten.
    await putNew(this.t, { ...eventKey(event, randomUUID()), entity: 'EVENT', ...event });
  }

  async history(applicationId: string): Promise<HistoryEvent[]> {
    const items = await this.query(historyRange(applicationId));
    return items.map((i) => fromItem<HistoryEvent>(i));
  }

  async addToAggregates(scope: SummaryScope, deltas: AggregateDeltas): Promise<void> {
    const names: Record<string, string> = {};
    const values: Record<string, number> = {};
    const parts: string[] = [];
    Object.entries(deltas).forEach(([name, delta], i) => {
      names[`#a${i}`] = name;
      values[`:a${i}`] = delta;
      parts.push(`#a${i} :a${i}`);
    });
    if (parts.length === 0) return;
    await this.t.doc.send(
      new UpdateCommand({
        TableName: this.t.tableName,
        Key: summaryKey(scope),
        UpdateExpression: `ADD ${parts.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  async markPartner(scope: SummaryScope, normalisedName: string, applicationId: string): Promise<boolean> {
    return putIfAbsent(this.t, { ...partnerKey(scope, normalisedName), entity: 'PARTNER', name: normalisedName, firstApplicationId: applicationId });
  }

  async getSummary(scope: SummaryScope): Promise<Summary> {
    const { Item } = await this.t.doc.send(new GetCommand({ TableName: this.t.tableName, Key: summaryKey(scope) }));
    const counters: Record<string, number> = {};
    for (const [k, v] of Object.entries(Item ?? {})) if (typeof v === 'number') counters[k] = v;
    return { counters };
  }

  private async query({ pk, prefix }: { pk: string; prefix: string }): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.t.doc.send(
        new QueryCommand({
          TableName: this.t.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
          ExclusiveStartKey: start,
        }),
      );
      out.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
}
