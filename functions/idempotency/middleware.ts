/**
 * `Idempotency-Key` on write routes (the Hono middleware of the idempotency module, as Powertools'
 * makeHandlerIdempotent): the first request claims its caller·route·key with a put that fails where a claim exists
 * (./persistence.ts), runs, and stores its answer; a retry (also one racing the first) gets that answer
 * and writes nothing. A retry with a different body gets 409 CONFLICT.
 *
 * Which answers are kept: every answer from a request that may have written (2xx, 409, and 5xx — a failure after the
 * commit must not be run twice). A 4xx other than 409 is refused before any write, so its claim is released and the
 * client may correct the body and retry with the same key. A claim never answered (its request stopped midway) is
 * never taken over: whether it committed is unknown, so retries get 409 and the caller checks the history first.
 * A key that other requests keep claiming and releasing (each refused) gets 409 after a few tries, holding nothing.
 */
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError, conflict, invalid } from '../domain/errors.js';
import { safeParse } from 'zod/mini';
import type { AppEnv } from '../http/app.js';
import { IdempotencyKey } from '../http/schemas.js';
import { ClaimContendedError, type BasePersistenceLayer, type ClaimResult, type IdempotencyRecord, type RequestKey } from './persistence.js';

const POLL_MS = 25;
/** How long a retry waits for the first request's answer (the functions' timeout is 10 s at most). */
const WAIT_MS = 5_000;

export function idempotent(persistence: BasePersistenceLayer): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (key === undefined) return next();
    if (!safeParse(IdempotencyKey, key).success) throw invalid('Idempotency-Key', 'Idempotency-Key must be 1–200 printable ASCII characters');
    const id: RequestKey = { caller: c.get('principal').keyId, route: `${c.req.method} ${c.req.path}`, key };
    const hash = createHash('sha256').update(await c.req.text()).digest('hex');

    let claim = await claimOrRefuse(persistence, id, hash);
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
      const current = await persistence.get(id);
      claim = current ? { claimed: false, record: current } : await claimOrRefuse(persistence, id, hash);
    }

    try {
      await next();
    } catch (error) {
      // Hono turns errors into responses before they reach here; this is for anything that escapes it.
      const answer = error instanceof ApiError ? error : new ApiError(500, 'INTERNAL', 'internal error');
      await keepOrRelease(persistence, id, answer.status, JSON.stringify(answer.body));
      throw error;
    }
    await keepOrRelease(persistence, id, c.res.status, await c.res.clone().text());
  };
}

/**
 * Whether a retry gets this answer back: every answer from a request that may have written (2xx, 409, 5xx). Any other
 * 4xx was refused before writing, so its key is released and may carry the corrected body.
 */
export const keepsAnswer = (status: number): boolean => !(status >= 400 && status < 500 && status !== 409);
/** The same rule in words, for /openapi.json (functions/http/openapi.ts) and so for the add-on's generated client types. */
export const KEPT_STATUSES = '2xx, 409 and 5xx';

/** A claim, or 409 when other requests with the key keep claiming and releasing it (nothing is written then). */
async function claimOrRefuse(persistence: BasePersistenceLayer, id: RequestKey, hash: string): Promise<ClaimResult> {
  try {
    return await persistence.claim(id, hash, Date.now());
  } catch (error) {
    if (error instanceof ClaimContendedError) throw conflict('other requests with this Idempotency-Key keep taking and giving it up: retry', 'Idempotency-Key');
    throw error;
  }
}

async function keepOrRelease(persistence: BasePersistenceLayer, id: RequestKey, status: number, body: string): Promise<void> {
  if (!keepsAnswer(status)) await persistence.release(id);
  else await persistence.complete(id, status, body);
}
