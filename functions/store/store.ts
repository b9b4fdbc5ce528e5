/**
 * The store port: what the services need from storage, in domain words. Only functions/store/dynamodb knows
 * DynamoDB. Request claims (Idempotency-Key) are not here: they are their own module, functions/idempotency. Every method that guards money is one single-item conditional write (no transactions: dynalite has none,
 * and on DynamoDB they cost double).
 */
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
} from '../domain/records.js';
import type { Item } from '../../shared/index.js';

export type LedgerResult = { readonly ok: true; readonly paid: number } | { readonly ok: false; readonly paid: number };

export interface Store {
  getKey(hash: string): Promise<StoredKey | undefined>;
  putKey(key: StoredKey): Promise<void>;

  /** Creates; false when the id exists already. */
  putApplication(application: Application): Promise<boolean>;
  getApplication(id: string): Promise<Application | undefined>;
  /** SUBMITTED → RATED; false when it was not SUBMITTED (someone rated it first). */
  rateApplication(id: string, rating: Rating, at: string): Promise<boolean>;
  listApplications(filter: ApplicationFilter, limit: number, nextToken?: string): Promise<Page<Application>>;

  /** Adds `amount` to the application·item·year ledger unless the sum would pass `cap`. */
  addToLedger(applicationId: string, item: Item, year: number, amount: number, cap: number): Promise<LedgerResult>;
  ledger(applicationId: string): Promise<LedgerLine[]>;
  putPayment(payment: Payment): Promise<void>;

  putAchievement(achievement: Achievement): Promise<boolean>;
  getAchievement(id: string): Promise<Achievement | undefined>;
  /**
   * Adds one instalment to the achievement's counter; answers the cumulative amount received after it and its
   * sequence number, or undefined when the counter would pass `limit`.
   */
  addReceipt(achievementId: string, amount: number, limit: number): Promise<{ cumulativeReceived: number; sequence: number } | undefined>;
  putReceipt(receipt: Receipt): Promise<void>;

  appendEvent(event: HistoryEvent): Promise<void>;
  history(applicationId: string): Promise<HistoryEvent[]>;

  /** Adds the deltas to the summary counters of one scope (the whole city, or a district). */
  addToAggregates(scope: SummaryScope, deltas: AggregateDeltas): Promise<void>;
  /** Marks a partner (normalised name) as counted in `scope`; true only for the first marking. */
  markPartner(scope: SummaryScope, normalisedName: string, applicationId: string): Promise<boolean>;
  getSummary(scope: SummaryScope): Promise<Summary>;
}
