/**
 * The persistence port of the idempotency module, laid out as Powertools' `BasePersistenceLayer`
 * (packages/idempotency/src/persistence): what ./middleware.ts needs to claim, read, answer and release one
 * request's Idempotency-Key. An adapter (./dynamodb.ts) supplies the record operations; `claim`, the one piece of
 * logic over them, is written once here so every adapter gets the same bound.
 */

/** Which claim: the caller (API key id), the route it called (`POST /applications`) and its Idempotency-Key. */
export interface RequestKey {
  readonly caller: string;
  readonly route: string;
  readonly key: string;
}

/** A claim and, once the request has answered, its answer. */
export interface IdempotencyRecord {
  readonly requestHash: string;
  readonly state: 'PENDING' | 'DONE';
  readonly status?: number;
  readonly body?: string;
  /** ms since the epoch */
  readonly startedAt: number;
  /** epoch seconds after which the record may be deleted (retries are answered until then) */
  readonly expiresAt: number;
}

export type ClaimResult = { readonly claimed: true } | { readonly claimed: false; readonly record: IdempotencyRecord };

/** How long an Idempotency-Key's claim and first answer are kept for retries. */
export const IDEMPOTENCY_RETENTION_SECONDS = 30 * 24 * 60 * 60;

/** How many times `claim` puts the claim when each time the holder has released it before it could be read. */
export const MAX_CLAIM_ATTEMPTS = 3;

/** Other requests with the same key kept claiming and releasing it: no claim was taken, nothing was written. */
export class ClaimContendedError extends Error {
  override readonly name = 'ClaimContendedError';
}

export abstract class BasePersistenceLayer {
  /**
   * Claims `id` for a request whose body hashes to `requestHash`, or answers the record of whoever holds it. A claim
   * lost to a holder that released it (its request was refused) before we could read it is tried again, at most
   * MAX_CLAIM_ATTEMPTS times in all; then ClaimContendedError.
   */
  async claim(id: RequestKey, requestHash: string, now: number): Promise<ClaimResult> {
    const record: IdempotencyRecord = { requestHash, state: 'PENDING', startedAt: now, expiresAt: Math.floor(now / 1000) + IDEMPOTENCY_RETENTION_SECONDS };
    for (let attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt++) {
      if (await this.putIfAbsent(id, record)) return { claimed: true };
      const holder = await this.get(id);
      if (holder) return { claimed: false, record: holder };
    }
    throw new ClaimContendedError(`Idempotency-Key ${id.key}: claimed and released by other requests ${MAX_CLAIM_ATTEMPTS} times while claiming it`);
  }

  /** The record under `id`, read consistently; undefined when there is none. */
  abstract get(id: RequestKey): Promise<IdempotencyRecord | undefined>;
  /** Keeps the answer of the request that holds `id`, for its retries. */
  abstract complete(id: RequestKey, status: number, body: string): Promise<void>;
  /** Removes a claim that has no answer yet (its request was refused before writing), so the key can be used again. */
  abstract release(id: RequestKey): Promise<void>;
  /** Writes `record` under `id` unless a record is there; false when one is. */
  protected abstract putIfAbsent(id: RequestKey, record: IdempotencyRecord): Promise<boolean>;
}
