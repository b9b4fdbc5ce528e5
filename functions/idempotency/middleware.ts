/**
 * `Idempotency-Key` on write routes (the Hono middleware of the idempotency module, after Powertools'
 * makeHandlerIdempotent). A request whose caller·route·key has a kept answer gets it back, marked
 * `idempotent-replay: true`, and writes nothing; with a different body it is 409 CONFLICT.
 *
 * Otherwise the request runs with a `RequestClaim` in its context. A fact it commits carries the answer in its own
 * transaction (./persistence.ts): so after a crash at any point the retry finds the answer (the fact committed) or
 * nothing (it did not, and runs now) — never a lasting refusal. A 409 refusal, which writes nothing, is kept by a
 * put of its own. Other 4xx (bad input) and 5xx are not kept: nothing was written, so the same key may be sent
 * again, corrected.
 */
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { safeParse } from 'zod/mini';
import { ApiError, conflict } from '../domain/errors.js';
import type { AppEnv } from '../http/app.js';
import { IdempotencyKey } from '../http/schemas.js';
import { expiresAt, type BasePersistenceLayer, type FactAnswer, type IdempotencyRecord, type RequestKey } from './persistence.js';

/** A request running under an Idempotency-Key that has no answer yet: what its fact's transaction keeps. */
export class RequestClaim {
  #answered = false;
  constructor(
    readonly id: RequestKey,
    readonly requestHash: string,
  ) {}

  /** The answer to commit with the request's fact (made before the commit: the fact's result is known then). */
  answer(status: number, body: string): FactAnswer {
    this.#answered = true;
    return { id: this.id, record: { requestHash: this.requestHash, status, body, expiresAt: expiresAt(Date.now()) } };
  }

  /** Whether a 2xx was kept with the fact: a route only answers 2xx after its fact, answer included, committed. */
  get keptWithFact(): boolean {
    return this.#answered;
  }
}

/**
 * The body's JSON meaning, hashed: whitespace and key order do not matter (CONTRACT.md §3); a body that is not JSON
 * is hashed as its text (it is refused as 400 anyway, and nothing is kept).
 */
export function requestHash(text: string): string {
  let meaning: string;
  try {
    meaning = `json:${canonical(JSON.parse(text) as unknown)}`;
  } catch {
    meaning = `text:${text}`;
  }
  return createHash('sha256').update(meaning).digest('hex');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function idempotent(persistence: BasePersistenceLayer): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (key === undefined) return next();
    if (!safeParse(IdempotencyKey, key).success) throw new ApiError(400, 'INVALID', 'Idempotency-Key must be 1–200 printable ASCII characters', 'Idempotency-Key', { messageZh: 'Idempotency-Key 须为 1–200 个可打印 ASCII 字符' });
    const id: RequestKey = { caller: c.get('principal').keyId, route: `${c.req.method} ${c.req.path}`, key };
    const hash = requestHash(await c.req.text());

    const kept = await persistence.get(id);
    if (kept) return replay(kept, hash);

    const claim = new RequestClaim(id, hash);
    c.set('claim', claim);
    await next();
    const status = c.res.status;
    if (status >= 200 && status < 300 && claim.keptWithFact) return;
    if (!keepsAnswer(status)) return;
    const first = await persistence.keep(id, { requestHash: hash, status, body: await c.res.clone().text(), expiresAt: expiresAt(Date.now()) });
    // Another request with this key was answered first (it raced this one): its answer is the answer.
    if (first) c.res = replay(first, hash);
  };
}

function replay(kept: IdempotencyRecord, hash: string): Response {
  if (kept.requestHash !== hash) throw conflict('Idempotency-Key was used with a different body', 'Idempotency-Key', '此 Idempotency-Key 已用于另一个请求体：同一个键只能重发相同的请求');
  return new Response(kept.body, { status: kept.status, headers: { 'content-type': 'application/json', 'idempotent-replay': 'true' } });
}

/**
 * Whether a retry gets this answer back: 2xx (kept with its fact) and 409 (a refusal that depends on the state it met,
 * kept so a retry cannot turn into a second, different outcome). Any other 4xx was refused before writing, and a
 * 5xx wrote nothing that is not kept with its answer, so the key stays free.
 */
export const keepsAnswer = (status: number): boolean => (status >= 200 && status < 300) || status === 409;
/** The same rule in words, for /openapi.json (functions/http/openapi.ts) and so for the add-on's generated client types. */
export const KEPT_STATUSES = '2xx and 409';
