/**
 * `Idempotency-Key` on write routes: the first request claims `IDEM#<key id>#<method path>#<key>` with a conditional
 * put (attribute_not_exists), runs, and stores its answer; a retry (also one racing the first) gets that answer
 * and writes nothing. A retry with a different body gets 409 CONFLICT.
 *
 * Which answers are kept: every answer from a request that may have written (2xx, 409, and 5xx — a failure after the
 * commit must not be run twice). A 4xx other than 409 is refused before any write, so its claim is released and the
 * client may correct the body and retry with the same key. A claim never answered (its request stopped midway) is
 * never taken over: whether it committed is unknown, so retries get 409 and the caller checks the history first.
 */
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { IdempotencyRecord } from '../domain/records.js';
import { ApiError, conflict, invalid } from '../domain/errors.js';
import type { Store } from '../store/store.js';
import type { AppEnv } from './app.js';

const POLL_MS = 25;
/** How long a retry waits for the first request's answer (the functions' timeout is 10 s at most). */
const WAIT_MS = 5_000;

export function idempotent(store: Store): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (key === undefined) return next();
    if (!/^[\x21-\x7e]{1,200}$/.test(key)) throw invalid('Idempotency-Key', 'Idempotency-Key must be 1–200 printable ASCII characters');
    const scope = `${c.get('principal').keyId}#${c.req.method} ${c.req.path}`;
    const hash = createHash('sha256').update(await c.req.text()).digest('hex');

    let claim = await store.claimIdempotencyKey(scope, key, hash, Date.now());
    const deadline = Date.now() + WAIT_MS;
    while (!claim.claimed) {
      const record: IdempotencyRecord = claim.record;
      if (record.requestHash !== hash) throw conflict('Idempotency-Key was used with a different body', 'Idempotency-Key');
      if (record.state === 'DONE' && record.status !== undefined && record.body !== undefined) {
        return new Response(record.body, { status: record.status, headers: { 'content-type': 'application/json', 'idempotent-replay': 'true' } });
      }
      if (Date.now() > deadline) {
        throw conflict('the first request with this Idempotency-Key has not answered (still running, or stopped with an unknown outcome): check the history before retrying with a new key', 'Idempotency-Key');
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
      const current = await store.getIdempotencyRecord(scope, key);
      claim = current ? { claimed: false, record: current } : await store.claimIdempotencyKey(scope, key, hash, Date.now());
    }

    try {
      await next();
    } catch (error) {
      // Hono turns errors into responses before they reach here; this is for anything that escapes it.
      const answer = error instanceof ApiError ? error : new ApiError(500, 'INTERNAL', 'internal error');
      await keepOrRelease(store, scope, key, answer.status, JSON.stringify(answer.body));
      throw error;
    }
    await keepOrRelease(store, scope, key, c.res.status, await c.res.clone().text());
  };
}

/**
 * Whether a retry gets this answer back: every answer from a request that may have written (2xx, 409, 5xx). Any other
 * 4xx was refused before writing, so its key is released and may carry the corrected body.
 */
export const keepsAnswer = (status: number): boolean => !(status >= 400 && status < 500 && status !== 409);
/** The same rule in words, for /openapi.json (./openapi.ts) and so for the add-on's generated client types. */
export const KEPT_STATUSES = '2xx, 409 and 5xx';

async function keepOrRelease(store: Store, scope: string, key: string, status: number, body: string): Promise<void> {
  if (!keepsAnswer(status)) await store.releaseIdempotencyKey(scope, key);
  else await store.completeIdempotencyKey(scope, key, status, body);
}
