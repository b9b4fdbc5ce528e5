/**
 * Amounts read exactly as written, over HTTP (issue 13): a payment of "1,50" is refused naming `amount` and stores
 * nothing (it used to store 150); separators and float noise are read as the fen they mean; a blank or null optional
 * amount or date is none (approvedInitial, requestedAmount, receivedBefore, ratingDate, paidOn), as a blank cell is in
 * the sheet. That the two
 * builds read every amount alike is ./amount-property.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { application, ledgerRow, ok, ratedApplication, refused, startApi, type Client } from './helpers.js';

let api: Client;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.close());

const pay = (id: string, amount: unknown) => api.call('POST', `/applications/${id}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount } });
const payments = async (id: string) => (await ok(api.call('GET', `/applications/${id}/payments`), 200)).items as { amount: number }[];
const paid = async (id: string) => ledgerRow(await ok(api.call('GET', `/applications/${id}`), 200), 'INITIAL_GRANT', 2020).paid as number;

describe('payments: commas only as thousands separators, float noise as the fen it means', () => {
  it('"1,50" is 400 naming amount (not 150) and stores nothing', async () => {
    const id = await ratedApplication(api);
    for (const amount of ['1,50', '1，50', ',,5', '1,000,00']) {
      const error = await refused(pay(id, amount), 400, 'INVALID', 'amount');
      expect(error.reason).toBe('INVALID_NUMBER');
      expect(error.message).toContain('a comma may only separate groups of three digits, e.g. 1,000.50');
      expect(error.messageZh).toContain('逗号只能用作千位分隔符');
    }
    expect(await payments(id)).toEqual([]);
    expect(await paid(id)).toBe(0);
  });
  it('"1,000.50" is stored as 1000.5; 0.30000000000000004 (0.1 + 0.2) as 0.3', async () => {
    const id = await ratedApplication(api);
    expect((await ok(pay(id, '1,000.50'), 201)).amount).toBe(1000.5);
    expect((await ok(pay(id, 0.1 + 0.2), 201)).amount).toBe(0.3);
    expect((await payments(id)).map((p) => p.amount)).toEqual([1000.5, 0.3]);
    expect(await paid(id)).toBe(1000.8);
  });
  it('a real third decimal is TOO_PRECISE and 1e21 TOO_LARGE, saying so', async () => {
    const id = await ratedApplication(api);
    expect((await refused(pay(id, 1.005), 400, 'INVALID', 'amount')).reason).toBe('TOO_PRECISE');
    const large = await refused(pay(id, 1e21), 400, 'INVALID', 'amount');
    expect(large).toMatchObject({ reason: 'TOO_LARGE', message: 'amount is too large: more than the largest amount, 10,000,000,000,000.00 yuan' });
    expect(await payments(id)).toEqual([]);
  });
  it('{"received": 1e400} (JSON.parse makes it Infinity) and -1e400 are TOO_LARGE, not "must be a number"', async () => {
    for (const raw of ['{"received": 1e400}', '{"received": 1, "receivedBefore": -1e400}']) {
      const error = await refused(api.call('POST', '/calculate/transfer-subsidy', { raw }), 400, 'INVALID', raw.includes('Before') ? 'receivedBefore' : 'received');
      expect(error).toMatchObject({ reason: 'TOO_LARGE', messageZh: '金额过大：超过可处理的最大金额 10,000,000,000,000.00 元' });
    }
  });
});

describe('a blank or null optional amount or date is none', () => {
  it('approvedInitial "", "  " or null on a rating: rated with no approved initial grant', async () => {
    for (const approvedInitial of ['', '  ', null]) {
      const filed = await ok(api.call('POST', '/applications', { body: application() }), 201);
      const rated = await ok(api.call('POST', `/applications/${filed.id}/rating`, { body: { ratingDate: '2020-06-30', approvedInitial } }), 200);
      expect(rated.status).toBe('RATED');
      expect(rated.rating).not.toHaveProperty('approvedInitial');
      // The initial grant row is then capped by its cap alone: 10,000,000 may be paid.
      await ok(pay(filed.id, 10_000_000), 201);
    }
  });
  it('approvedInitial "1,50" on a rating is 400 naming it, and the application stays SUBMITTED', async () => {
    const filed = await ok(api.call('POST', '/applications', { body: application() }), 201);
    const error = await refused(api.call('POST', `/applications/${filed.id}/rating`, { body: { ratingDate: '2020-06-30', approvedInitial: '1,50' } }), 400, 'INVALID', 'approvedInitial');
    expect(error.reason).toBe('INVALID_NUMBER');
    expect((await ok(api.call('GET', `/applications/${filed.id}`), 200)).application.status).toBe('SUBMITTED');
  });
  it('POST /applications: approvedInitial and requestedAmount blank or null are none (blank approvedInitial needs no rating date)', async () => {
    for (const blank of ['', null]) {
      const created = await ok(api.call('POST', '/applications', { body: application({ approvedInitial: blank, requestedAmount: blank }) }), 201);
      expect(created.status).toBe('SUBMITTED');
      expect(created).not.toHaveProperty('requestedAmount');
      const rated = await ok(api.call('POST', '/applications', { body: application({ ratingDate: '2020-06-30', approvedInitial: blank }) }), 201);
      expect(rated.rating).not.toHaveProperty('approvedInitial');
    }
    const separated = await ok(api.call('POST', '/applications', { body: application({ requestedAmount: '1,234,567.80', ratingDate: '2020-06-30', approvedInitial: '¥1,500,000' }) }), 201);
    expect(separated).toMatchObject({ requestedAmount: 1_234_567.8, rating: { approvedInitial: 1_500_000 } });
  });
  it('PATCH requestedAmount null or blank removes it, as talent: null removes the talent; absent keeps it', async () => {
    for (const blank of [null, '']) {
      const filed = await ok(api.call('POST', '/applications', { body: application({ requestedAmount: 500_000 }) }), 201);
      const kept = await ok(api.call('PATCH', `/applications/${filed.id}`, { body: { field: 'SMART_CITY', reason: '改领域' } }), 200);
      expect(kept.requestedAmount).toBe(500_000);
      const removed = await ok(api.call('PATCH', `/applications/${filed.id}`, { body: { requestedAmount: blank, reason: '不再申请金额' } }), 200);
      expect(removed).not.toHaveProperty('requestedAmount');
      expect((await ok(api.call('GET', `/applications/${filed.id}`), 200)).application).not.toHaveProperty('requestedAmount');
      const amended = (await ok(api.call('GET', `/applications/${filed.id}/history`), 200)).items.filter((e: { type: string }) => e.type === 'APPLICATION_AMENDED');
      expect(amended.at(-1).data.changes).toEqual({ requestedAmount: { before: 500_000, after: null } });
    }
  });
  it('POST /applications ratingDate "", "  " or null: filed SUBMITTED, not rated', async () => {
    for (const ratingDate of ['', '  ', null]) {
      const created = await ok(api.call('POST', '/applications', { body: application({ ratingDate }) }), 201);
      expect(created.status).toBe('SUBMITTED');
      expect(created).not.toHaveProperty('rating');
    }
  });
  it('a payment with paidOn "", "  " or null is paid, with no date', async () => {
    const id = await ratedApplication(api);
    for (const paidOn of ['', '  ', null]) {
      const payment = await ok(api.call('POST', `/applications/${id}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 100, paidOn } }), 201);
      expect(payment.amount).toBe(100);
      expect(payment).not.toHaveProperty('paidOn');
    }
    expect(await paid(id)).toBe(300);
  });
  it('receivedBefore "", "  " or null is 0', async () => {
    const zero = await ok(api.call('POST', '/calculate/transfer-subsidy', { body: { received: 100, receivedBefore: 0 } }), 200);
    for (const receivedBefore of ['', '  ', null]) {
      expect(await ok(api.call('POST', '/calculate/transfer-subsidy', { body: { received: 100, receivedBefore } }), 200)).toEqual(zero);
    }
  });
});
