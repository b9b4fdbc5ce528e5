/**
 * Claiming an Idempotency-Key is bounded: a claim that keeps losing to holders who release the key before it can be
 * read (their requests refused) is tried MAX_CLAIM_ATTEMPTS times, then gives up with a 409 that holds nothing.
 * Shown on a persistence that loses every race (the port is the seam), and on the DynamoDB adapter over DynamoDB Local.
 */
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../functions/domain/errors.js';
import type { AppEnv } from '../../functions/http/app.js';
import {
  BasePersistenceLayer,
  ClaimContendedError,
  DynamoDBPersistenceLayer,
  idempotent,
  MAX_CLAIM_ATTEMPTS,
  type IdempotencyRecord,
  type RequestKey,
} from '../../functions/idempotency/index.js';
import { ensureTable, startLocalStore, type EmbeddedStore } from '../../functions/local/store.js';

/** Each put finds the key held; each read finds it released again: the race the claim used to retry forever. */
class LosingEveryRace extends BasePersistenceLayer {
  puts = 0;
  /** Wins from this put on (1-based); never by default. */
  constructor(private readonly winsAt = Infinity) {
    super();
  }
  protected async putIfAbsent(): Promise<boolean> {
    this.puts++;
    return this.puts >= this.winsAt;
  }
  async get(): Promise<IdempotencyRecord | undefined> {
    return undefined;
  }
  async complete(): Promise<void> {}
  async release(): Promise<void> {}
}

const id: RequestKey = { caller: 'key_1', route: 'POST /applications', key: 'k-1' };

describe('claiming a key others keep taking and releasing', () => {
  it(`gives up after ${MAX_CLAIM_ATTEMPTS} puts with ClaimContendedError`, async () => {
    const persistence = new LosingEveryRace();
    await expect(persistence.claim(id, 'hash', Date.now())).rejects.toBeInstanceOf(ClaimContendedError);
    expect(persistence.puts).toBe(MAX_CLAIM_ATTEMPTS);
  });

  it('takes the key when it is free again within the bound', async () => {
    const persistence = new LosingEveryRace(MAX_CLAIM_ATTEMPTS);
    expect(await persistence.claim(id, 'hash', Date.now())).toEqual({ claimed: true });
    expect(persistence.puts).toBe(MAX_CLAIM_ATTEMPTS);
  });

  it('the middleware answers 409 CONFLICT naming Idempotency-Key, and the route never runs', async () => {
    const persistence = new LosingEveryRace();
    let ran = 0;
    const app = new Hono<AppEnv>();
    app.onError((error, c) => (error instanceof ApiError ? c.json(error.body, error.status as 409) : c.json({ unexpected: error.message }, 500)));
    app.use('*', async (c, next) => {
      c.set('principal', { keyId: 'key_1', role: 'municipal' });
      return next();
    });
    app.post('/applications', idempotent(persistence), (c) => {
      ran++;
      return c.json({ ok: true }, 201);
    });
    const answer = await app.request('/applications', { method: 'POST', body: '{}', headers: { 'idempotency-key': 'k-1' } });
    expect(answer.status).toBe(409);
    expect(((await answer.json()) as ApiError['body']).error).toMatchObject({ code: 'CONFLICT', field: 'Idempotency-Key' });
    expect(ran).toBe(0);
    expect(persistence.puts).toBe(MAX_CLAIM_ATTEMPTS);
  });
});

describe('the DynamoDB adapter', () => {
  let store: EmbeddedStore;
  beforeAll(async () => {
    store = await startLocalStore(undefined);
    await ensureTable(store.endpoint, 'kechuang-idem');
    Object.assign(process.env, { TABLE_NAME: 'kechuang-idem', DYNAMODB_ENDPOINT: store.endpoint });
  });
  afterAll(() => store?.close());

  it('puts a real conditional claim each attempt, and stops at the bound when the holder is never readable', async () => {
    const holder = new DynamoDBPersistenceLayer();
    expect(await holder.claim(id, 'hash', Date.now())).toEqual({ claimed: true });
    // A reader that always just misses the holder (as if it released between our put and our read each time).
    class AlwaysMisses extends DynamoDBPersistenceLayer {
      reads = 0;
      override async get(): Promise<IdempotencyRecord | undefined> {
        this.reads++;
        return undefined;
      }
    }
    const late = new AlwaysMisses();
    await expect(late.claim(id, 'hash', Date.now())).rejects.toBeInstanceOf(ClaimContendedError);
    expect(late.reads).toBe(MAX_CLAIM_ATTEMPTS);
    // The holder's claim is untouched; released, the key is free for the next request.
    expect(await holder.get(id)).toMatchObject({ state: 'PENDING', requestHash: 'hash' });
    await holder.release(id);
    expect(await holder.get(id)).toBeUndefined();
    expect(await late.claim(id, 'other', Date.now())).toEqual({ claimed: true });
  });
});

describe('which answers a retry gets back', () => {
  it('the rule and the sentence /openapi.json carries say the same: 2xx, 409 and 5xx kept; any other 4xx released', async () => {
    const { keepsAnswer } = await import('../../functions/idempotency/middleware.js');
    const { KEPT_STATUSES } = await import('../../functions/idempotency/index.js');
    const kept = [200, 201, 204, 409, 500, 502, 503].filter(keepsAnswer);
    const released = [400, 401, 403, 404, 413, 415, 422].filter((s) => !keepsAnswer(s));
    expect(kept).toEqual([200, 201, 204, 409, 500, 502, 503]);
    expect(released).toEqual([400, 401, 403, 404, 413, 415, 422]);
    expect(KEPT_STATUSES).toBe('2xx, 409 and 5xx');
  });
});
