/**
 * The money invariants under concurrency, over HTTP: payments racing for one cap, receipts racing for one
 * achievement's 1,000,000 cap, and Idempotency-Key retries racing each other. Totals must be exact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_EDITION, cumulativeTransferSubsidy, parseYuan, toYuan, transferSubsidy } from '../../shared/index.js';
import { application, ledgerRow, ratedApplication, startApi, type Client } from './helpers.js';

let api: Client;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.close());

const fen = (yuan: number) => {
  const r = parseYuan(yuan, 'x');
  if (!r.ok) throw new Error('bad yuan');
  return r.value;
};

describe('payments racing for one cap', () => {
  it('50 concurrent payments of 300,000 against a 10,000,000 cap: exactly 33 succeed, the rest 409, paid never passes the cap', async () => {
    const id = await ratedApplication(api, {}, '2020-06-30');
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => api.call('POST', `/applications/${id}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 300_000 } })),
    );
    const created = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status === 409);
    expect(created.length + refused.length).toBe(50);
    expect(created).toHaveLength(33);
    for (const r of refused) expect(r.body.error.code).toBe('CAP_EXCEEDED');
    // paidToDate values are distinct: each payment saw its own total.
    expect(new Set(created.map((a) => a.body.paidToDate)).size).toBe(33);
    const read = await api.call('GET', `/applications/${id}`);
    expect(ledgerRow(read.body, 'INITIAL_GRANT', 2020)).toMatchObject({ paid: 9_900_000, cap: 10_000_000, remaining: 100_000 });
    const history = await api.call('GET', `/applications/${id}/history`);
    expect(history.body.items.filter((e: { type: string }) => e.type === 'PAYMENT_RECORDED')).toHaveLength(33);
  });

  it('50 concurrent payments of mixed amounts: the total paid is the sum of the 201s and at most the cap', async () => {
    const id = await ratedApplication(api, { category: 'JOINT_RD_BASE' }, '2021-01-15');
    const amounts = Array.from({ length: 50 }, (_, i) => 50_000 + ((i * 7919) % 100_000) + (i % 3) * 0.01);
    const answers = await Promise.all(amounts.map((amount) => api.call('POST', `/applications/${id}/payments`, { body: { item: 'INITIAL_GRANT', year: 2021, amount } })));
    let paid = 0;
    answers.forEach((a, i) => {
      if (a.status === 201) paid += fen(amounts[i] ?? 0);
      else expect(a.status).toBe(409);
    });
    expect(paid).toBeLessThanOrEqual(fen(2_000_000));
    const read = await api.call('GET', `/applications/${id}`);
    expect(fen(ledgerRow(read.body, 'INITIAL_GRANT', 2021).paid)).toBe(paid);
    // Every refused payment really would have passed the cap at the end.
    const refusedMin = Math.min(...amounts.filter((_, i) => answers[i]?.status === 409).map(fen));
    if (Number.isFinite(refusedMin)) expect(paid + refusedMin).toBeGreaterThan(fen(2_000_000));
  });
});

describe('payments over the cap on their own', () => {
  it('a first payment over the cap is refused and writes nothing; the cap itself is payable', async () => {
    const id = await ratedApplication(api, {}, '2020-06-30');
    expect((await api.call('POST', `/applications/${id}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 10_000_000.01 } })).body.error).toMatchObject({
      code: 'CAP_EXCEEDED',
      field: 'amount',
    });
    expect((await api.call('GET', `/applications/${id}`)).body.ledger.filter((r: { paid: number }) => r.paid !== 0)).toEqual([]);
    const history = await api.call('GET', `/applications/${id}/history`);
    expect(history.body.items.filter((e: { type: string }) => e.type === 'PAYMENT_RECORDED')).toHaveLength(0);
    expect((await api.call('POST', `/applications/${id}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 10_000_000 } })).status).toBe(201);
  });

  it('an approved initial grant below the cap holds for the first payment too', async () => {
    const created = await api.call('POST', '/applications', { body: application() });
    const id = created.body.id as string;
    expect((await api.call('POST', `/applications/${id}/rating`, { body: { ratingDate: '2020-06-30', approvedInitial: 8_000_000 } })).status).toBe(200);
    expect((await api.call('POST', `/applications/${id}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 8_000_000.01 } })).status).toBe(409);
    expect((await api.call('POST', `/applications/${id}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 8_000_000 } })).status).toBe(201);
  });

  it('over-cap payments racing valid ones on a fresh ledger never take it past the cap', async () => {
    const id = await ratedApplication(api, {}, '2020-06-30');
    const amounts = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? 12_000_000 : 1_000_000));
    const answers = await Promise.all(amounts.map((amount) => api.call('POST', `/applications/${id}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount } })));
    const paid = answers.filter((a) => a.status === 201).reduce((sum, a) => sum + (a.body.amount as number), 0);
    expect(answers.filter((a, i) => amounts[i] === 12_000_000 && a.status === 201)).toHaveLength(0);
    expect(paid).toBe(10_000_000);
    expect(ledgerRow((await api.call('GET', `/applications/${id}`)).body, 'INITIAL_GRANT', 2020)).toMatchObject({ paid: 10_000_000, cap: 10_000_000, remaining: 0 });
  });
});

describe('ratings racing', () => {
  it('10 concurrent ratings of one application: one wins, the rest 409, counted once', async () => {
    const before = (await api.call('GET', '/reports/summary')).body;
    const id = (await api.call('POST', '/applications', { body: application({ partner: { name: 'Race University', type: 'DOMESTIC_UNIVERSITY', country: 'CN' } }) })).body.id;
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => api.call('POST', `/applications/${id}/rating`, { body: { ratingDate: `2021-0${1 + (i % 9)}-01` } })));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(9);
    const after = (await api.call('GET', '/reports/summary')).body;
    expect(after.rated - before.rated).toBe(1);
    expect(after.partnersIntroduced - before.partnersIntroduced).toBe(1);
    const history = await api.call('GET', `/applications/${id}/history`);
    expect(history.body.items.filter((e: { type: string }) => e.type === 'APPLICATION_RATED')).toHaveLength(1);
  });

  it('10 applications naming one partner (spelt differently) rated at once count it once', async () => {
    const before = (await api.call('GET', '/reports/summary')).body.partnersIntroduced;
    const names = ['Fudan University', 'FUDAN UNIVERSITY', ' fudan  university ', 'Fudan University.', 'ＦＵＤＡＮ University'];
    const ids = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => (await api.call('POST', '/applications', { body: application({ partner: { name: names[i % names.length], type: 'DOMESTIC_UNIVERSITY', country: 'CN' } }) })).body.id as string),
    );
    const rated = await Promise.all(ids.map((id) => api.call('POST', `/applications/${id}/rating`, { body: { ratingDate: '2022-03-01' } })));
    for (const r of rated) expect(r.status).toBe(200);
    expect((await api.call('GET', '/reports/summary')).body.partnersIntroduced - before).toBe(1);
  });
});

describe('receipts racing for one achievement', () => {
  it('20 concurrent receipts: subsidies add up to the capped cumulative figure exactly, each the shared rules’ difference', async () => {
    const id = await ratedApplication(api, { category: 'TRANSFER_BASE' });
    const ach = (await api.call('POST', '/achievements', { body: { applicationId: id, title: '成果', contractNo: 'HT-1' } })).body.id;
    const amounts = Array.from({ length: 20 }, (_, i) => toYuan(123_456_789 + i * 1_000_001)); // 1,234,567.89 + i × 10,000.01
    const answers = await Promise.all(amounts.map((amount) => api.call('POST', `/achievements/${ach}/receipts`, { body: { date: '2021-06-01', amount } })));
    for (const a of answers) expect(a.status, JSON.stringify(a.body)).toBe(201);
    const totalReceived = amounts.reduce((s, a) => s + fen(a), 0);
    const subsidies = answers.reduce((s, a) => s + fen(a.body.subsidy), 0);
    const expected = cumulativeTransferSubsidy(CURRENT_EDITION, totalReceived);
    expect(expected).toBe(fen(1_000_000)); // the amounts pass 20,000,000: the cap binds
    expect(subsidies).toBe(expected);
    // In counter order, each receipt's subsidy is transferSubsidy(amount, received before).
    const ordered = [...answers].sort((a, b) => a.body.sequence - b.body.sequence);
    expect(ordered.map((a) => a.body.sequence)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    let before = 0;
    for (const a of ordered) {
      const s = transferSubsidy(CURRENT_EDITION, fen(a.body.amount), before);
      expect(a.body.subsidy).toBe(toYuan(s.subsidy));
      expect(a.body.cumulativeSubsidy).toBe(toYuan(s.cumulativeSubsidy));
      before = s.cumulativeReceived;
    }
    expect(toYuan(before)).toBe(toYuan(totalReceived));
  });
});

describe('Idempotency-Key', () => {
  it('20 racing retries of one POST /applications store one application and all get the first answer', async () => {
    const before = (await api.call('GET', '/reports/summary')).body.applications;
    const body = application({ institution: 'idempotent institute', district: 'BISHAN' });
    const answers = await Promise.all(Array.from({ length: 20 }, () => api.call('POST', '/applications', { body, headers: { 'Idempotency-Key': 'create-once-1' } })));
    for (const a of answers) expect(a.status).toBe(201);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect(answers.filter((a) => a.headers.get('idempotent-replay') === 'true')).toHaveLength(19);
    const listed = await api.call('GET', '/applications?district=BISHAN');
    expect(listed.body.items).toHaveLength(1);
    expect((await api.call('GET', '/reports/summary')).body.applications - before).toBe(1);
    // A later retry still answers the same; the same key with another body is 409.
    const later = await api.call('POST', '/applications', { body, headers: { 'Idempotency-Key': 'create-once-1' } });
    expect(later.body.id).toBe(answers[0]?.body.id);
    const other = await api.call('POST', '/applications', { body: { ...body, institution: 'another' }, headers: { 'Idempotency-Key': 'create-once-1' } });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('CONFLICT');
  });

  it('racing retries of one payment pay once; a refused answer (409 CAP_EXCEEDED) is also the answer on retry', async () => {
    const id = await ratedApplication(api, { category: 'TRANSFER_SERVICE_ORG' }, '2021-01-01');
    const pay = (key: string, amount: number) =>
      api.call('POST', `/applications/${id}/payments`, { body: { item: 'INITIAL_GRANT', year: 2021, amount }, headers: { 'Idempotency-Key': key } });
    const answers = await Promise.all(Array.from({ length: 15 }, () => pay('pay-1', 1_500_000)));
    for (const a of answers) expect(a.status).toBe(201);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(ledgerRow((await api.call('GET', `/applications/${id}`)).body, 'INITIAL_GRANT', 2021).paid).toBe(1_500_000);
    // One request ran; the other 14 were answered from its stored answer.
    expect(answers.filter((a) => a.headers.get('idempotent-replay') === 'true')).toHaveLength(14);
    const refused = await pay('pay-2', 600_000);
    expect(refused.status).toBe(409);
    expect(refused.headers.get('idempotent-replay')).toBeNull();
    // Room is made by nobody, but even if it were, the retry answers what the first request got: the stored 409,
    // replayed (marked), not a second run that happened to be refused the same way.
    const retried = await pay('pay-2', 600_000);
    expect(retried).toMatchObject({ status: 409, body: refused.body });
    expect(retried.headers.get('idempotent-replay')).toBe('true');
    expect((await pay('pay-3', 500_000)).status).toBe(201);
    expect(ledgerRow((await api.call('GET', `/applications/${id}`)).body, 'INITIAL_GRANT', 2021).paid).toBe(2_000_000);
    const history = await api.call('GET', `/applications/${id}/history`);
    expect(history.body.items.filter((e: { type: string }) => e.type === 'PAYMENT_RECORDED')).toHaveLength(2);
  });

  it('racing retries of one receipt count it once', async () => {
    const id = await ratedApplication(api, { category: 'TRANSFER_BASE' });
    const ach = (await api.call('POST', '/achievements', { body: { applicationId: id, title: 't', contractNo: 'c' } })).body.id;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => api.call('POST', `/achievements/${ach}/receipts`, { body: { date: '2021-06-01', amount: 100_000 }, headers: { 'Idempotency-Key': 'r-1' } })),
    );
    for (const a of answers) expect(a.body).toMatchObject({ sequence: 1, subsidy: 5_000, cumulativeReceived: 100_000 });
    const next = await api.call('POST', `/achievements/${ach}/receipts`, { body: { date: '2021-06-02', amount: 100_000 } });
    expect(next.body).toMatchObject({ sequence: 2, cumulativeReceived: 200_000 });
  });

  it('a bad request does not use up its key: corrected, the same key works', async () => {
    const bad = await api.call('POST', '/applications', { body: application({ district: 'NOWHERE' }), headers: { 'Idempotency-Key': 'fix-me' } });
    expect(bad.status).toBe(400);
    const good = await api.call('POST', '/applications', { body: application(), headers: { 'Idempotency-Key': 'fix-me' } });
    expect(good.status).toBe(201);
  });
});
