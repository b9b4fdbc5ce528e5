/**
 * The store port: what the services need from storage, in domain words. Only functions/store/dynamodb knows
 * DynamoDB. Request claims (Idempotency-Key) are their own module, functions/idempotency: the store only commits a
 * request's answer, opaque to it, with the fact (`FactTrail.answer`), so the two exist together or not at all.
 *
 * Every write of a fact takes its trail (history event and summary counts) and commits it in the same transaction
 * as the fact's guard and record: there is no write after the commit.
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
  SupportRecord,
} from '../domain/records.js';
import type { District, Item } from '../../shared/index.js';
import type { FactAnswer } from '../idempotency/index.js';

export type { FactAnswer };

/** What a fact adds to the summaries of the city and of its district. */
export interface Counts {
  readonly district: District;
  readonly deltas: AggregateDeltas;
  /** A partner (normalised name) rated inside the plan: counted once per scope towards the goal (一). */
  readonly partner?: string;
}

/** The summaries a fact's counts go to: the city's and its district's. */
export const countedIn = (counts: Counts): readonly SummaryScope[] => ['ALL', counts.district];

/** What records a fact besides its guard and record: its history event, its counts, and the request's answer. */
export interface FactTrail {
  readonly event: HistoryEvent;
  /** What it adds to the summaries: usually one Counts; a change of district takes from one and adds to another. */
  readonly counts?: readonly Counts[];
  /** The answer kept for retries of the request (Idempotency-Key): a retry finds it exactly when the fact committed. */
  readonly answer?: FactAnswer;
}

/**
 * Another open (submitted or rated) application of the same institution, partner and category holds the duplicate
 * marker (shared/filing.ts `duplicateKey`): nothing was written; `holderId` is that application.
 */
export class DuplicateHeld extends Error {
  override readonly name = 'DuplicateHeld';
  constructor(readonly holderId: string) {
    super(`held by ${holderId}`);
  }
}

/** What a change of an application makes of the application as it is now (read consistently): or it refuses, by throwing. */
export type ApplicationChange = (current: Application) => { readonly application: Application; readonly trail: FactTrail };

export type PaymentResult = { readonly ok: true; readonly payment: Payment } | { readonly ok: false; readonly paid: number };

export interface Store {
  getKey(hash: string): Promise<StoredKey | undefined>;
  putKey(key: StoredKey): Promise<void>;

  /**
   * Creates the application with its trail; false when the id exists already (nothing written). Holds its duplicate
   * marker in the same transaction: DuplicateHeld when another open application holds it.
   */
  createApplication(application: Application, trail: FactTrail): Promise<boolean>;
  getApplication(id: string): Promise<Application | undefined>;
  /**
   * SUBMITTED → RATED with its trail; false when it was not SUBMITTED (someone rated it first) or, given the
   * `updatedAt` its rating was computed from, when it changed since (amended: the rating would be of old fields).
   */
  rateApplication(id: string, rating: Rating, at: string, trail: FactTrail, readUpdatedAt?: string): Promise<boolean>;
  listApplications(filter: ApplicationFilter, limit: number, nextToken?: string): Promise<Page<Application>>;
  /**
   * A correction of an application (an amendment, a withdrawal, a rejection): `change` gets it as it is now and
   * answers what it becomes, with the trail; committed on condition that its status and updatedAt are still what was
   * read (else read again and `change` asked again: racing changes apply one after the other). Its duplicate marker
   * follows (moved, or released when it is no longer open): DuplicateHeld when the new one is another's. The
   * application as it became.
   */
  changeApplication(id: string, change: ApplicationChange): Promise<Application>;
  /** Records support offered to a RATED application with its trail; false when it is not RATED (nothing written). */
  recordSupport(record: SupportRecord, trail: FactTrail): Promise<boolean>;
  /** Every support record of an application, oldest first. */
  support(applicationId: string): Promise<SupportRecord[]>;

  /**
   * Adds `amount` to the application·item·year ledger unless the sum would pass `cap`, with the payment `record`
   * makes of what was paid before it, and that payment's trail; or answers what is paid so far.
   */
  recordPayment(
    line: { readonly applicationId: string; readonly item: Item; readonly year: number; readonly amount: number; readonly cap: number },
    record: (paidBefore: number) => { readonly payment: Payment; readonly trail: FactTrail },
  ): Promise<PaymentResult>;
  ledger(applicationId: string): Promise<LedgerLine[]>;

  /** Creates the achievement with its trail; false when the id exists already. */
  createAchievement(achievement: Achievement, trail: FactTrail): Promise<boolean>;
  getAchievement(id: string): Promise<Achievement | undefined>;
  /**
   * Adds one instalment to the achievement's counter, with the receipt `record` makes of the total received before
   * it and its sequence number, and the receipt's trail; undefined when the counter would pass `limit`.
   */
  recordReceipt(
    achievementId: string,
    amount: number,
    limit: number,
    record: (receivedBefore: number, sequence: number) => { readonly receipt: Receipt; readonly trail: FactTrail },
  ): Promise<Receipt | undefined>;

  history(applicationId: string): Promise<HistoryEvent[]>;
  getSummary(scope: SummaryScope): Promise<Summary>;
}
