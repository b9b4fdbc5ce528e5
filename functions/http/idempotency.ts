/**
 * `Idempotency-Key` on write routes: the first request claims `IDEM#<key id>#<method path>#<key>` with a conditional
 * put (attribute_not_exists), runs, and stores its answer; a retry (also one racing the first) gets that answer
 * and writes nothing. A retry with a different body gets 409 CONFLICT. Answers to bad input (400-level other than
 * 409) and failures are not kept, so the client may correct and retry with the same key.
 */
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { IdempotencyRecord } from '../domain/records.js';
import { ApiError, conflict, invalid } from '../domain/errors.js';
import type { Store } from '../store/store.js';
import type { AppEnv } from './app.js';

const POLL_MS = 25;
const WAIT_MS = 5_000;
/** A claim left PENDING this long is taken as abandoned (its holder crashed) and may be taken over. */
const ABANDONED_MS = 30_000;

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
      if (Date.now() - record.startedAt > ABANDONED_MS && (await store.takeOverIdempotencyKey(scope, key, record.startedAt, Date.now()))) break;
      if (Date.now() > deadline) throw conflict('a request with this Idempotency-Key is still in progress; retry later', 'Idempotency-Key');
      await new Promise((r) => setTimeout(r, POLL_MS));
      const current = await store.getIdempotencyRecord(scope, key);
      claim = current ? { claimed: false, record: current } : await store.claimIdempotencyKey(scope, key, hash, Date.now());
    }

    try {
      await next();
    } catch (error) {
      await keepOrRelease(store, scope, key, error instanceof ApiError ? error.status : 500, error instanceof ApiError ? JSON.stringify(error.body) : undefined);
      throw error;
    }
    const status = c.res.status;
    await keepOrRelease(store, scope, key, status, status < 300 || status === 409 ? await c.res.clone().text() : undefined);
  };
}

async function keepOrRelease(store: Store, scope: string, key: string, status: number, body: string | undefined): Promise<void> {
  if (body !== undefined && (status < 300 || status === 409)) await store.completeIdempotencyKey(scope, key, status, body);
  else await store.releaseIdempotencyKey(scope, key);
}
