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
  Approval,
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
import type { CountedPartner, MergeState, PartnerAlias, PartnerMerge } from '../domain/partners.js';

export type { FactAnswer };

/** What a fact adds to the summaries of the city and of its district. */
export interface Counts {
  readonly district: District;
  readonly deltas: AggregateDeltas;
  /** A partner (normalised name) rated inside the plan: counted once per scope towards the goal (一). */
  readonly partner?: string;
  /** With `partner`: its name as the application writes it, and the rating's date (GET /partners). */
  readonly partnerName?: string;
  readonly ratedOn?: string;
}

/**
 * What a fact adds to one scope's summary only: a partner merge takes a partner back in each scope where both its
 * names were counted (the city counts a partner once, so its figure is not the sum of its districts').
 */
export interface ScopeCounts {
  readonly scope: SummaryScope;
  readonly deltas: AggregateDeltas;
}

/** The summaries a fact's counts go to: the city's and its district's (or the one scope of ScopeCounts). */
export const countedIn = (counts: Counts | ScopeCounts): readonly SummaryScope[] => ('scope' in counts ? [counts.scope] : ['ALL', counts.district]);

/** What records a fact besides its guard and record: its history event, its counts, and the request's answer. */
export interface FactTrail {
  /** Absent for a fact of no application (a partner merge: its own record says who, when and why). */
  readonly event?: HistoryEvent;
  /** What it adds to the summaries: usually one Counts; a change of district takes from one and adds to another. */
  readonly counts?: readonly (Counts | ScopeCounts)[];
  /** The answer kept for retries of the request (Idempotency-Key): a retry finds it exactly when the fact committed. */
  readonly answer?: FactAnswer;
}

/** An achievement and all its receipts (voided included), in the order its counter took them. */
export interface AchievementWithReceipts {
  readonly achievement: Achievement;
  readonly receipts: readonly Receipt[];
}

/** One application and what hangs on it, as GET /applications/{id} shows it and the export writes it. */
export interface ApplicationRecords {
  readonly application: Application;
  readonly ledger: readonly LedgerLine[];
  readonly achievements: readonly AchievementWithReceipts[];
  readonly support: readonly SupportRecord[];
  readonly payments: readonly Payment[];
}

export type AchievementResult = { readonly ok: true } | { readonly ok: false; readonly reason: 'id-taken' } | { readonly ok: false; readonly reason: 'contract-registered'; readonly existingId: string };
export type VoidReceiptResult = { readonly ok: true; readonly receipt: Receipt } | { readonly ok: false; readonly reason: 'no-receipt' } | { readonly ok: false; readonly reason: 'voided'; readonly receipt: Receipt };

/** A payment recorded, or refused: what was paid on its row and the limit it would have passed. */
export type PaymentResult = { readonly ok: true; readonly payment: Payment } | { readonly ok: false; readonly paid: number; readonly limit: number; readonly approved?: number };

/** What an approval reads of its row before it is recorded. */
export interface LedgerState {
  /** fen */
  readonly paid: number;
  /** fen: the row's approval now, if any. */
  readonly approved?: number;
  /** How many approvals the row has had (the next is this plus one). */
  readonly approvals: number;
}

/** A void of a payment: done, or why not. */
export type VoidResult = { readonly outcome: 'voided'; readonly payment: Payment } | { readonly outcome: 'not-found' } | { readonly outcome: 'already-voided'; readonly payment: Payment };

/** One row of the ledger a write is for: its schedule cap, absent for a case-by-case row (一事一议). */
export interface LedgerRowRef {
  readonly applicationId: string;
  readonly item: Item;
  readonly year: number;
  readonly cap?: number;
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

/** A revocation of a key: done (the key as revoked), or why not. */
export type RevokeResult = { readonly outcome: 'revoked'; readonly key: StoredKey } | { readonly outcome: 'not-found' } | { readonly outcome: 'already-revoked'; readonly key: StoredKey };
/** What a revocation makes of the key as listed: the key revoked, and the request's answer to keep with it. */
export type RevokeKey = (key: StoredKey) => { readonly revoked: StoredKey & { readonly revokedAt: string; readonly revokedBy: string }; readonly answer?: FactAnswer };

/** A fact that would need more writes than one transaction takes (DynamoDB: 100 items): nothing was written. */
export class TooManyWrites extends Error {
  override readonly name = 'TooManyWrites';
  constructor(readonly writes: number) {
    super(`${writes} writes: more than one transaction takes`);
  }
}

/**
 * A fact that other requests kept moving until its deadline (facts.ts `commit`): nothing of it was written, and a
 * retry with the same Idempotency-Key runs it again. Busy, not broken: answered 503, not 500.
 */
export class Contention extends Error {
  override readonly name = 'Contention';
}

/** What a change of an application makes of the application as it is now (read consistently): or it refuses, by throwing. */
export type ApplicationChange = (current: Application) => { readonly application: Application; readonly trail: FactTrail };


export interface Store {
  /** The key with this hash, read strongly consistent (a revocation counts from the next request, on every server). */
  getKey(hash: string): Promise<StoredKey | undefined>;
  /** Stores a new key with its listing entry, in one transaction. */
  putKey(key: StoredKey): Promise<void>;
  /** Every listed key (GET /keys). */
  listKeys(): Promise<StoredKey[]>;
  /** Revokes the listed key `id` (its key item and its listing entry, with the request's answer, in one transaction). */
  revokeKey(id: string, revoke: RevokeKey): Promise<RevokeResult>;

  /**
   * Creates the application with its trail; false when the id exists already (nothing written). Holds its duplicate
   * marker in the same transaction: DuplicateHeld when another open application holds it.
   */
  createApplication(application: Application, trail: FactTrail): Promise<boolean>;
  getApplication(id: string): Promise<Application | undefined>;
  /**
   * SUBMITTED → RATED with its trail; false when it was not SUBMITTED (someone rated it first) or when it changed
   * since `readUpdatedAt`, the `updatedAt` its rating was computed from (amended: the rating would be of old fields).
   */
  rateApplication(id: string, rating: Rating, at: string, trail: FactTrail, readUpdatedAt: string): Promise<boolean>;
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

  /**
   * Adds `amount` to the application·item·year ledger unless the sum would pass the row's limit (`limit` of the
   * row's approval as read: the approval, else the cap), with the payment `record` makes of what was paid before it
   * and the limit, and that payment's trail; or answers what is paid so far. The guard holds paid ≤ approved however
   * approvals and payments race.
   */
  recordPayment(
    line: LedgerRowRef & { readonly amount: number; readonly limit: (approved: number | undefined) => number },
    record: (paidBefore: number, limit: number) => { readonly payment: Payment; readonly trail: FactTrail },
  ): Promise<PaymentResult>;
  /**
   * Sets the row's approved amount to the approval `record` makes of the row as read (it may refuse by throwing),
   * with its trail, on condition that the row still holds what was read (paid, approvals).
   */
  recordApproval(line: LedgerRowRef, record: (ledger: LedgerState) => { readonly approval: Approval; readonly trail: FactTrail }): Promise<Approval>;
  /** Marks the payment VOIDED (made by `record`) and releases its amount from its row, with its trail. */
  voidPayment(applicationId: string, paymentId: string, record: (payment: Payment) => { readonly voided: Payment; readonly trail: FactTrail }): Promise<VoidResult>;
  /** Every payment of the application, voided ones included, oldest first. */
  payments(applicationId: string): Promise<Payment[]>;
  /**
   * The application with its ledger, its achievements with their receipts, its support and its payments (each
   * oldest first, voided included); undefined where there is no such application. Two Queries of its partition and
   * one per achievement: what GET /applications/{id} and, per application, the export read.
   */
  applicationRecords(id: string): Promise<ApplicationRecords | undefined>;

  /**
   * Creates the achievement with its trail and registers its technology contract (by its normalised number) in the
   * same transaction; refused, nothing written, when the id exists already or another achievement holds the contract.
   */
  createAchievement(achievement: Achievement, contractNo: string, trail: FactTrail): Promise<AchievementResult>;
  getAchievement(id: string): Promise<Achievement | undefined>;
  /** The achievement and all its receipts (voided included), in the order the counter took them. */
  getAchievementWithReceipts(id: string): Promise<AchievementWithReceipts | undefined>;
  /**
   * Every achievement of the application with its receipts (voided included), oldest first: by the links put with
   * each achievement in its application's partition, never a scan.
   */
  listApplicationAchievements(applicationId: string): Promise<AchievementWithReceipts[]>;
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

  /**
   * Voids one receipt: the achievement's counter loses its amount and the receipt becomes what `record` makes of it
   * and of the achievement's received total before the void, with the void's trail; or why not.
   */
  voidReceipt(
    achievementId: string,
    receiptId: string,
    record: (receipt: Receipt, receivedBefore: number) => { readonly receipt: Receipt; readonly trail: FactTrail },
  ): Promise<VoidReceiptResult>;

  history(applicationId: string): Promise<HistoryEvent[]>;
  getSummary(scope: SummaryScope): Promise<Summary>;

  /** The partners counted in `scope` (one Query), and every alias (names merged into another; one Query). */
  partners(scope: SummaryScope): Promise<{ readonly partners: readonly CountedPartner[]; readonly aliases: readonly PartnerAlias[] }>;
  /**
   * Merges `name` into `into` (normalised names): `record` gets what both are in the city and in each district, as
   * read (it may refuse by throwing), and answers the merge with its trail; committed on condition that both are still
   * what was read (else read again and `record` asked again). One transaction: `name`'s alias, its markers moved into
   * `into`'s, the aliases of `name` moved to `into`, the merge's record, the counts.
   */
  mergePartners(name: string, into: string, record: (state: MergeState) => { readonly merge: PartnerMerge; readonly trail: FactTrail }): Promise<PartnerMerge>;
}
