/**
 * What the cloud keeps, as the services see it. Money is integer fen (shared/money.ts); codes are the canonical codes
 * of shared/codes.ts; dates are `YYYY-MM-DD`. Yuan appear only where the HTTP layer answers.
 */
import type { output } from 'zod/mini';
import type { ApplicationStatus as ApplicationStatusSchema, KeyRole } from '../http/schemas.js';
import type { Category, District, Item, KeyField, PartnerType, SupportKind, Talent } from '../../shared/index.js';

/** The roles a key may have: the admin's (configured, never stored) and those `POST /keys` makes. */
export type Role = 'admin' | output<typeof KeyRole>;
export type ApplicationStatus = output<typeof ApplicationStatusSchema>;

/** Who made a request: the key's id (never the key) and what it may do. */
export interface Principal {
  readonly keyId: string;
  readonly role: Role;
  /** Set for district keys: the only district they see and write. */
  readonly district?: District;
  /** Who holds the key (`渝北区科技局 张三`), as given when it was made; absent on keys made before labels. */
  readonly label?: string;
}

/** An API key as stored: only the SHA-256 of the key. */
export interface StoredKey {
  readonly id: string;
  readonly hash: string;
  readonly role: Exclude<Role, 'admin'>;
  readonly district?: District;
  readonly createdAt: string;
  readonly createdBy: string;
  /** Who holds it; absent on keys made before labels were required (issue 11). */
  readonly label?: string;
  /** Set once revoked: from then on the key authenticates nobody. */
  readonly revokedAt?: string;
  readonly revokedBy?: string;
}

export interface Partner {
  readonly name: string;
  readonly type: PartnerType;
  readonly country: string;
}

export interface ScheduleLine {
  readonly year: number;
  readonly item: Item;
  /** fen */
  readonly cap: number;
  readonly clause: string;
}

export interface Rating {
  readonly ratingDate: string;
  /** fen */
  readonly approvedInitial?: number;
  readonly edition: string;
  readonly schedule: readonly ScheduleLine[];
  /** fen */
  readonly totalCap: number;
  readonly caseByCase: boolean;
  readonly warnings: readonly { readonly code: string; readonly field: string; readonly message: string; readonly messageZh: string }[];
}

export interface Application {
  readonly id: string;
  readonly institution: string;
  readonly partner: Partner;
  readonly category: Category;
  readonly district: District;
  readonly field: KeyField;
  readonly talent?: Talent;
  readonly legalPerson: boolean;
  /** fen */
  readonly requestedAmount?: number;
  readonly status: ApplicationStatus;
  readonly rating?: Rating;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Money paid so far for one application·item·year (the ledger item). */
export interface LedgerLine {
  readonly item: Item;
  readonly year: number;
  /** fen */
  readonly paid: number;
  /** fen: the schedule row's cap (a case-by-case row: its approval, the only limit it has) */
  readonly cap: number;
  /** fen: the row's approved (核定) amount, where one is recorded: what payments are held to. */
  readonly approved?: number;
}

/** 核定: the approved amount of one ledger row. A later approval of the row replaces it (history keeps both). */
export interface Approval {
  readonly id: string;
  readonly applicationId: string;
  readonly item: Item;
  readonly year: number;
  /** fen */
  readonly amount: number;
  /** 1, 2, 3 … per row, in the order the row's guard took them: the latest is the row's approval. */
  readonly sequence: number;
  /** fen: the row's limit it replaces (the earlier approval, else the cap; a case-by-case row: 0). */
  readonly limitBefore: number;
  /** 批复文号 (required for a case-by-case row). */
  readonly document?: string;
  readonly reason?: string;
  readonly createdAt: string;
}

export interface Payment {
  readonly id: string;
  readonly applicationId: string;
  readonly item: Item;
  readonly year: number;
  /** fen */
  readonly amount: number;
  /** fen: this item·year's payments including this one */
  readonly paidToDate: number;
  /** fen: the limit it was held to (the row's approval, else its cap) */
  readonly cap: number;
  /** When it was paid (Asia/Shanghai date), where given. */
  readonly paidOn?: string;
  /** 凭证号, where given. */
  readonly voucher?: string;
  readonly createdAt: string;
  /** Absent while it stands; VOIDED: its amount released from its row (it stays, with who, when and why). */
  readonly status?: 'VOIDED';
  readonly voidedAt?: string;
  readonly voidedBy?: string;
  readonly voidReason?: string;
}

export interface Achievement {
  readonly id: string;
  readonly applicationId: string;
  readonly district: District;
  readonly title: string;
  readonly contractNo: string;
  /** The edition its 5% subsidy is computed under: its application's rating's. Absent on older records. */
  readonly edition?: string;
  /** fen */
  readonly cumulativeReceived: number;
  readonly receipts: number;
  readonly createdAt: string;
}

export interface Receipt {
  readonly id: string;
  readonly achievementId: string;
  readonly applicationId: string;
  /** 1, 2, 3 … in the order the counter took them. */
  readonly sequence: number;
  readonly date: string;
  /** The edition its subsidy was computed under: its achievement's. Absent on older records. */
  readonly edition?: string;
  /** fen */
  readonly amount: number;
  readonly subsidy: number;
  readonly cumulativeReceived: number;
  readonly cumulativeSubsidy: number;
  readonly capReached: boolean;
  readonly createdAt: string;
  /** The voucher (凭证号) staff give with it, if any. */
  readonly voucher?: string;
  /** VOIDED once voided (a correction: the receipt stays); absent on receipts recorded before voids existed. */
  readonly status?: ReceiptStatus;
  /** The void, where it is VOIDED. */
  readonly voided?: ReceiptVoid;
}

export type ReceiptStatus = 'RECORDED' | 'VOIDED';

/** A receipt's void (三(七) on a correction): who, when, why, and what it did to its achievement. */
export interface ReceiptVoid {
  readonly reason: string;
  readonly at: string;
  readonly keyId: string;
  /** fen, ≤ 0: the achievement's cumulative subsidy after the void − before it. */
  readonly adjustment: number;
  /** The achievement's figures right after the void (fen). */
  readonly cumulativeReceived: number;
  readonly cumulativeSubsidy: number;
  readonly capReached: boolean;
}

/** Support that is not money offered to a rated application (三(八), 三(九)): which kind, and when. */
export interface SupportRecord {
  readonly id: string;
  readonly applicationId: string;
  readonly kind: SupportKind;
  /** When it was offered (YYYY-MM-DD). */
  readonly date: string;
  readonly note?: string;
  readonly createdAt: string;
}

export type HistoryEventType =
  | 'APPLICATION_CREATED'
  | 'APPLICATION_RATED'
  | 'APPLICATION_AMENDED'
  | 'APPLICATION_WITHDRAWN'
  | 'APPLICATION_REJECTED'
  | 'APPROVAL_RECORDED'
  | 'PAYMENT_RECORDED'
  | 'PAYMENT_VOIDED'
  | 'ACHIEVEMENT_CREATED'
  | 'RECEIPT_RECORDED'
  | 'RECEIPT_VOIDED'
  | 'SUPPORT_RECORDED';

/** One append-only history entry of an application. */
export interface HistoryEvent {
  readonly applicationId: string;
  readonly at: string;
  readonly keyId: string;
  /** The key's label when the event was written (who did it); absent on events written before labels. */
  readonly keyLabel?: string;
  readonly type: HistoryEventType;
  /** What changed: the record the fact made or changed, as stored (fen). */
  readonly data: Readonly<Record<string, unknown>>;
  /** Why, where the change is a correction (an amendment, a withdrawal or rejection, a void) or an approval gives one. */
  readonly reason?: string;
}

export interface ApplicationFilter {
  readonly district?: District;
  readonly category?: Category;
  readonly status?: ApplicationStatus;
  readonly field?: KeyField;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextToken?: string;
}

/** Deltas for the summary counters: flat names so DynamoDB `ADD` creates them on first use. */
export type AggregateDeltas = Readonly<Record<string, number>>;

/** Where summary counters are kept: the whole city (`ALL`, as GET /reports/summary names it) or one district. */
export type SummaryScope = 'ALL' | District;

export interface Summary {
  readonly counters: Readonly<Record<string, number>>;
}
