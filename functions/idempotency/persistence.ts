/**
 * The persistence port of the idempotency module, laid out as Powertools' `BasePersistenceLayer`
 * (packages/idempotency/src/persistence): what ./middleware.ts needs to read and keep one request's answer.
 *
 * Unlike Powertools, nothing is claimed before the request runs. An answer is kept in one of two ways:
 * - a request that commits a fact keeps its answer **inside the fact's own transaction** (the store adds the
 *   adapter's item, ./dynamodb.ts `answerItem`, to its TransactWriteItems), so the answer exists exactly when the
 *   fact does: a crash anywhere leaves both or neither, and a retry either replays the answer or runs once;
 * - a request refused without writing (409) keeps its answer with `keep`, a put that never overwrites.
 * Two requests with one key racing both run up to their commit; one answer is written, the other request's commit
 * is cancelled by the answer's condition (`AnsweredMeanwhile`) and it replays the answer that won.
 */
import { ApiError } from '../domain/errors.js';

/** Which request: the caller (API key id), the route it called (`POST /applications`) and its Idempotency-Key. */
export interface RequestKey {
  readonly caller: string;
  readonly route: string;
  readonly key: string;
}

/** A kept answer: what a retry with the same key and the same body gets. */
export interface IdempotencyRecord {
  /** SHA-256 of the request body's JSON meaning (./middleware.ts `requestHash`). */
  readonly requestHash: string;
  readonly status: number;
  readonly body: string;
  /** epoch seconds after which the record may be deleted (retries are answered until then) */
  readonly expiresAt: number;
}

/** A request's answer to commit with its fact: where it is kept, and the record. */
export interface FactAnswer {
  readonly id: RequestKey;
  readonly record: IdempotencyRecord;
}

/** How long an Idempotency-Key's answer is kept for retries. */
export const IDEMPOTENCY_RETENTION_SECONDS = 30 * 24 * 60 * 60;

export const expiresAt = (now: number): number => Math.floor(now / 1000) + IDEMPOTENCY_RETENTION_SECONDS;

/**
 * The fact's commit was cancelled because another request with the same Idempotency-Key committed its answer first:
 * nothing of this request was written; the middleware answers with the kept answer instead.
 */
export class AnsweredMeanwhile extends ApiError {
  constructor() {
    super(409, 'CONFLICT', 'another request with this Idempotency-Key was answered first', 'Idempotency-Key', { messageZh: '使用此 Idempotency-Key 的另一个请求已先得到答复' });
  }
}

export abstract class BasePersistenceLayer {
  /** The answer kept under `id`, read consistently; undefined when there is none. */
  abstract get(id: RequestKey): Promise<IdempotencyRecord | undefined>;
  /** Keeps `record` under `id` unless an answer is kept there already: then that answer (and `record` is not kept). */
  abstract keep(id: RequestKey, record: IdempotencyRecord): Promise<IdempotencyRecord | undefined>;
}
