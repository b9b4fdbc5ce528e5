/**
 * Idempotency-Key (CONTRACT.md §3): a retry with the same key and the same JSON — whitespace and key order aside —
 * answers what the first request got and stores nothing new; the same key with another body is 409; an empty key is
 * 400. What a crash at each step leaves for the retry is ./crash.test.ts.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEPT_STATUSES, requestHash } from '../../functions/idempotency/index.js';
import { application, expectError, startApi, type Client } from './helpers.js';

let api: Client;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.close());

const count = async () => (await api.call('GET', '/reports/summary')).body.applications as number;

describe('the body compares by its JSON meaning', () => {
  it('re-serialised, key-reordered JSON is the same request: replayed, nothing new stored', async () => {
    const body = application({ institution: 'meaning institute' });
    const first = await api.call('POST', '/applications', { body, headers: { 'Idempotency-Key': 'meaning-1' } });
    expect(first.status).toBe(201);
    const before = await count();
    const { partner, ...rest } = body as typeof body & { partner: Record<string, unknown> };
    const reordered = JSON.stringify({ partner: Object.fromEntries(Object.entries(partner).reverse()), ...Object.fromEntries(Object.entries(rest).reverse()) }, null, 2);
    expect(reordered).not.toBe(JSON.stringify(body));
    const again = await api.call('POST', '/applications', { raw: `\n ${reordered}\t`, headers: { 'Idempotency-Key': 'meaning-1' } });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replay')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await count()).toBe(before);
  });

  it('another value under the same key is 409 CONFLICT naming Idempotency-Key, and stores nothing', async () => {
    const body = application({ institution: 'value institute' });
    expect((await api.call('POST', '/applications', { body, headers: { 'Idempotency-Key': 'meaning-2' } })).status).toBe(201);
    const before = await count();
    const other = await api.call('POST', '/applications', { body: { ...body, legalPerson: false }, headers: { 'Idempotency-Key': 'meaning-2' } });
    expectError(other, 409, 'CONFLICT', 'Idempotency-Key');
    expect(await count()).toBe(before);
  });

  it('requestHash: equal for every reordering and re-spacing of one JSON value, different for another value', () => {
    const value = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 4 }), (v, indent) => {
        const shuffled = JSON.stringify(reorder(v), null, indent);
        expect(requestHash(shuffled)).toBe(requestHash(JSON.stringify(v)));
      }),
    );
    fc.assert(
      fc.property(value, value, (a, b) => {
        fc.pre(JSON.stringify(sortKeys(a)) !== JSON.stringify(sortKeys(b)));
        expect(requestHash(JSON.stringify(a))).not.toBe(requestHash(JSON.stringify(b)));
      }),
    );
    // Not JSON: compared as text (such a body is refused with 400 anyway).
    expect(requestHash('{"a":1')).not.toBe(requestHash('{"a":1}'));
  });
});

describe('the key itself', () => {
  it('an empty Idempotency-Key is 400 naming it, and nothing is stored', async () => {
    const before = await count();
    const answer = await api.call('POST', '/applications', { body: application(), headers: { 'Idempotency-Key': '' } });
    expectError(answer, 400, 'INVALID', 'Idempotency-Key');
    expect(await count()).toBe(before);
  });

  it('a key over 200 characters or with a space is 400 naming it', async () => {
    for (const key of ['x'.repeat(201), 'a key']) {
      expectError(await api.call('POST', '/applications', { body: application(), headers: { 'Idempotency-Key': key } }), 400, 'INVALID', 'Idempotency-Key');
    }
  });

  it(`kept answers are ${KEPT_STATUSES}: a 400 keeps nothing, so the corrected body goes with the same key`, async () => {
    const bad = await api.call('POST', '/applications', { body: application({ district: 'NOWHERE' }), headers: { 'Idempotency-Key': 'kept-1' } });
    expect(bad.status).toBe(400);
    const good = await api.call('POST', '/applications', { body: application(), headers: { 'Idempotency-Key': 'kept-1' } });
    expect(good.status).toBe(201);
    expect(good.headers.get('idempotent-replay')).toBeNull();
  });
});

/** The same value with every object's keys in reverse order. */
function reorder(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reorder);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reorder(x)]));
  return v;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => [k, sortKeys(x)]));
  return v;
}
