/**
 * Voiding a payment (CONTRACT.md §3) over HTTP against the real handlers: the payment stays, marked VOIDED with the
 * reason, who and when; its amount is released from its row and leaves the summary's paid money; voiding twice is
 * 409; 20 voids of one payment at once: exactly one succeeds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDrift, findDrifts } from '../../functions/reconcile/index.js';
import { tableClient } from '../../functions/store/dynamodb/client.js';
import { type Client, expectError, ok, ratedApplication, refused, startApi } from './helpers.js';

let api: Client;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.close());

const pay = (id: string, amount: number) => api.call('POST', `/applications/${id}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount } });
const voidIt = (id: string, paymentId: string, body: unknown, headers?: Record<string, string>) =>
  api.call('POST', `/applications/${id}/payments/${paymentId}/void`, { body, ...(headers ? { headers } : {}) });
const paid = async (id: string) => ((await ok(api.call('GET', `/applications/${id}`), 200)).ledger as { item: string; year: number; paid: number }[]).find((l) => l.item === 'INITIAL_GRANT' && l.year === 2020)?.paid;
const paidIn2020 = async () => (await ok(api.call('GET', '/reports/summary'), 200)).paidByYear['2020'] ?? 0;

describe('POST /applications/{id}/payments/{paymentId}/void', () => {
  it('marks it VOIDED with reason, who and when, and releases its amount from its row and the summary', async () => {
    const id = await ratedApplication(api);
    const keep = await ok(pay(id, 1_000), 201);
    const mistaken = await ok(pay(id, 9_999_000), 201);
    await refused(pay(id, 0.01), 409, 'CAP_EXCEEDED', 'amount');
    const before = await paidIn2020();

    const voided = await ok(voidIt(id, mistaken.id, { reason: ' 金额录入错误 ' }), 200);
    expect(voided).toMatchObject({ id: mistaken.id, amount: 9_999_000, status: 'VOIDED', voidReason: '金额录入错误', voidedBy: 'admin' });
    expect(typeof voided.voidedAt).toBe('string');
    expect(await paid(id)).toBe(1_000);
    expect(await paidIn2020()).toBe(before - 9_999_000);

    // The payment stays, listed with the others; the history says who voided it, when and why.
    const list = (await ok(api.call('GET', `/applications/${id}/payments`), 200)).items;
    expect(list.map((p: { id: string; status: string }) => [p.id, p.status])).toEqual([
      [keep.id, 'RECORDED'],
      [mistaken.id, 'VOIDED'],
    ]);
    const events = (await ok(api.call('GET', `/applications/${id}/history`), 200)).items.filter((e: { type: string }) => e.type === 'PAYMENT_VOIDED');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ keyId: 'admin', reason: '金额录入错误', data: { id: mistaken.id, status: 'VOIDED' } });

    // Its amount may be paid again.
    await ok(pay(id, 9_999_000), 201);
    expect(await paid(id)).toBe(10_000_000);
  });

  it('twice is 409 CONFLICT; an unknown payment is 404; a reason is required, not blank, bounded', async () => {
    const id = await ratedApplication(api);
    const payment = await ok(pay(id, 500), 201);
    expectError(await voidIt(id, payment.id, {}), 400, 'INVALID', 'reason');
    expectError(await voidIt(id, payment.id, { reason: '   ' }), 400, 'INVALID', 'reason');
    await refused(voidIt(id, payment.id, { reason: '错'.repeat(1001) }), 400, 'INVALID', 'reason');
    expectError(await voidIt(id, payment.id, { reason: 'x', amount: 1 }), 400, 'INVALID', 'amount');
    await refused(voidIt(id, 'pay_nothing_here', { reason: '录错' }), 404, 'NOT_FOUND', 'paymentId');
    expectError(await voidIt('app_nothing_here', payment.id, { reason: '录错' }), 404, 'NOT_FOUND');
    const other = await ratedApplication(api);
    await refused(voidIt(other, payment.id, { reason: '录错' }), 404, 'NOT_FOUND', 'paymentId');
    const viewer = await api.key('viewer');
    expect((await api.call('POST', `/applications/${id}/payments/${payment.id}/void`, { body: { reason: '录错' }, key: viewer })).status).toBe(403);
    expect(await paid(id)).toBe(500);

    await ok(voidIt(id, payment.id, { reason: '录错' }), 200);
    await refused(voidIt(id, payment.id, { reason: '录错' }), 409, 'CONFLICT', 'paymentId');
    expect(await paid(id)).toBe(0);
  });

  it('a retry under the same Idempotency-Key answers the first void and voids nothing more', async () => {
    const id = await ratedApplication(api);
    const payment = await ok(pay(id, 700), 201);
    const headers = { 'Idempotency-Key': `void-${payment.id}` };
    const first = await voidIt(id, payment.id, { reason: '重复录入' }, headers);
    expect(first.status).toBe(200);
    const again = await voidIt(id, payment.id, { reason: '重复录入' }, headers);
    expect({ status: again.status, body: again.body, replay: again.headers.get('idempotent-replay') }).toEqual({ status: 200, body: first.body, replay: 'true' });
    const events = (await ok(api.call('GET', `/applications/${id}/history`), 200)).items.filter((e: { type: string }) => e.type === 'PAYMENT_VOIDED');
    expect(events).toHaveLength(1);
  });

  it('20 voids of one payment at once: exactly one 200, the rest 409, the row released once', async () => {
    const id = await ratedApplication(api);
    await ok(pay(id, 300), 201);
    const payment = await ok(pay(id, 4_000), 201);
    const before = await paidIn2020();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => voidIt(id, payment.id, { reason: `作废 ${i}` })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, ...Array<number>(19).fill(409)]);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.body.error).toMatchObject({ code: 'CONFLICT', field: 'paymentId' });
    expect(await paid(id)).toBe(300);
    expect(await paidIn2020()).toBe(before - 4_000);
    expect((await findDrifts(tableClient())).drifts.map(describeDrift)).toEqual([]);
  }, 60_000);
});
