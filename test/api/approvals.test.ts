/**
 * Approvals (核定, CONTRACT.md §3) over HTTP against the real handlers: a row's approved amount, at most its cap and at
 * least what is paid on it, replacing the row's earlier approval (history keeps both); payments held to it; the
 * 一事一议 rows of the case-by-case categories; approvedInitial as the initial grant row's approval; paidOn and voucher;
 * and 20 approvals lowering a row while 20 payments arrive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateInTimeZone } from '../../shared/index.js';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describeDrift, findDrifts, reconcile } from '../../functions/reconcile/index.js';
import { tableClient } from '../../functions/store/dynamodb/client.js';
import { ledgerKey } from '../../functions/store/dynamodb/items.js';
import { application, type Client, expectError, ok, ratedApplication, refused, startApi } from './helpers.js';

let api: Client;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.close());

const approve = (id: string, body: Record<string, unknown>, headers?: Record<string, string>) => api.call('POST', `/applications/${id}/approvals`, { body, ...(headers ? { headers } : {}) });
const pay = (id: string, body: Record<string, unknown>) => api.call('POST', `/applications/${id}/payments`, { body });
const ledger = async (id: string) => (await ok(api.call('GET', `/applications/${id}`), 200)).ledger as { item: string; year: number; paid: number; cap?: number; approved?: number; remaining: number }[];
const row = async (id: string, item: string, year: number) => (await ledger(id)).find((l) => l.item === item && l.year === year);
const summary = async () => ok(api.call('GET', '/reports/summary'), 200);
const history = async (id: string, type: string) => ((await ok(api.call('GET', `/applications/${id}/history`), 200)).items as { type: string; reason?: string; data: any }[]).filter((e) => e.type === type);

describe('POST /applications/{id}/approvals', () => {
  it('approves a row below its cap: payments are held to it, the committed money moves by the difference', async () => {
    const id = await ratedApplication(api);
    const before = await summary();
    const first = await ok(approve(id, { item: 'INITIAL_GRANT', year: 2020, amount: 6_000_000, reason: '专家评审核减' }), 201);
    expect(first).toMatchObject({ applicationId: id, item: 'INITIAL_GRANT', year: 2020, amount: 6_000_000, sequence: 1, limitBefore: 10_000_000, reason: '专家评审核减' });
    expect((await summary()).committedByYear['2020']).toBe(before.committedByYear['2020'] - 4_000_000);
    expect(await row(id, 'INITIAL_GRANT', 2020)).toMatchObject({ item: 'INITIAL_GRANT', year: 2020, paid: 0, cap: 10_000_000, approved: 6_000_000, remaining: 6_000_000 });

    const over = await refused(pay(id, { item: 'INITIAL_GRANT', year: 2020, amount: 6_000_000.01 }), 409, 'CAP_EXCEEDED', 'amount');
    expect(over.messageZh).toContain('核定金额');
    expect((await ok(pay(id, { item: 'INITIAL_GRANT', year: 2020, amount: 6_000_000 }), 201)).cap).toBe(6_000_000);

    // A later approval replaces the earlier; history keeps both, with their reasons.
    const second = await ok(approve(id, { item: 'INITIAL_GRANT', year: 2020, amount: 7_000_000, reason: '复核调增' }), 201);
    expect(second).toMatchObject({ amount: 7_000_000, sequence: 2, limitBefore: 6_000_000 });
    expect((await row(id, 'INITIAL_GRANT', 2020))?.approved).toBe(7_000_000);
    expect(await ok(pay(id, { item: 'INITIAL_GRANT', year: 2020, amount: 1_000_000 }), 201)).toMatchObject({ paidToDate: 7_000_000, cap: 7_000_000 });
    const events = await history(id, 'APPROVAL_RECORDED');
    expect(events.map((e) => [e.data.amount, e.reason])).toEqual([
      [6_000_000, '专家评审核减'],
      [7_000_000, '复核调增'],
    ]);
    expect((await summary()).committedByYear['2020']).toBe(before.committedByYear['2020'] - 3_000_000);
  });

  it('at the cap is accepted; one fen over is 400 OVER_CAP naming amount, with its clause', async () => {
    const id = await ratedApplication(api);
    expect((await ok(approve(id, { item: 'ANNUAL_RD_SUPPORT', year: 2021, amount: 10_000_000 }), 201)).limitBefore).toBe(10_000_000);
    const error = await refused(approve(id, { item: 'ANNUAL_RD_SUPPORT', year: 2021, amount: 10_000_000.01 }), 400, 'INVALID', 'amount');
    expect(error).toMatchObject({ reason: 'OVER_CAP', clause: '三(一)' });
  });

  it('below what is paid on the row is 409 CONFLICT naming amount', async () => {
    const id = await ratedApplication(api);
    await ok(pay(id, { item: 'INITIAL_GRANT', year: 2020, amount: 3_000_000 }), 201);
    await refused(approve(id, { item: 'INITIAL_GRANT', year: 2020, amount: 2_999_999.99 }), 409, 'CONFLICT', 'amount');
    expect(await ok(approve(id, { item: 'INITIAL_GRANT', year: 2020, amount: 3_000_000 }), 201)).toMatchObject({ amount: 3_000_000 });
    await refused(pay(id, { item: 'INITIAL_GRANT', year: 2020, amount: 0.01 }), 409, 'CAP_EXCEEDED', 'amount');
  });

  it('a row not in the schedule is 400 naming item or year; a bad body, an unrated or unknown application are refused', async () => {
    const id = await ratedApplication(api);
    await refused(approve(id, { item: 'PERFORMANCE_SUBSIDY', year: 2021, amount: 1 }), 400, 'INVALID', 'item');
    await refused(approve(id, { item: 'ANNUAL_RD_SUPPORT', year: 2020, amount: 1 }), 400, 'INVALID', 'year');
    await refused(approve(id, { item: 'CASE_BY_CASE', year: 2020, amount: 1, document: '渝科发〔2020〕1号' }), 400, 'INVALID', 'item');
    expectError(await approve(id, { item: 'INITIAL_GRANT', year: 2020 }), 400, 'INVALID', 'amount');
    expectError(await approve(id, { item: 'INITIAL_GRANT', year: 2020, amount: -1 }), 400, 'INVALID', 'amount');
    expectError(await approve(id, { item: 'INITIAL_GRANT', year: 2020, amount: 1, extra: 1 }), 400, 'INVALID', 'extra');
    await refused(approve(id, { item: 'INITIAL_GRANT', year: 2020, amount: 1, reason: 'x'.repeat(1001) }), 400, 'INVALID', 'reason');
    const submitted = await ok(api.call('POST', '/applications', { body: application() }), 201);
    await refused(approve(submitted.id, { item: 'INITIAL_GRANT', year: 2020, amount: 1 }), 409, 'CONFLICT', 'id');
    expectError(await approve('app_nothing_here', { item: 'INITIAL_GRANT', year: 2020, amount: 1 }), 404, 'NOT_FOUND');
    const viewer = await api.key('viewer');
    expect((await api.call('POST', `/applications/${id}/approvals`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 1 }, key: viewer })).status).toBe(403);
    expect(await history(id, 'APPROVAL_RECORDED')).toEqual([]);
  });

  it('a retry under the same Idempotency-Key answers the first approval and records nothing new', async () => {
    const id = await ratedApplication(api);
    const headers = { 'Idempotency-Key': `approve-${id}` };
    const first = await approve(id, { item: 'INITIAL_GRANT', year: 2020, amount: 5_000_000 }, headers);
    expect(first.status).toBe(201);
    const again = await approve(id, { amount: 5_000_000, year: 2020, item: 'INITIAL_GRANT' }, headers);
    expect({ status: again.status, body: again.body, replay: again.headers.get('idempotent-replay') }).toEqual({ status: 201, body: first.body, replay: 'true' });
    expect(await history(id, 'APPROVAL_RECORDED')).toHaveLength(1);
  });
});

describe('一事一议: case-by-case rows (三(四) 三(五) 三(九))', () => {
  it('takes payments only up to its approval, which needs its 批复文号 and a year from the rating year', async () => {
    const id = await ratedApplication(api, { category: 'MAJOR_FACILITY' }, '2021-03-01');
    const none = await refused(pay(id, { item: 'CASE_BY_CASE', year: 2021, amount: 1 }), 409, 'CAP_EXCEEDED', 'amount');
    expect(none.message).toContain('nothing is approved');
    await refused(approve(id, { item: 'CASE_BY_CASE', year: 2021, amount: 50_000_000 }), 400, 'INVALID', 'document');
    await refused(approve(id, { item: 'CASE_BY_CASE', year: 2020, amount: 50_000_000, document: '渝府〔2021〕8号' }), 400, 'INVALID', 'year');
    await refused(approve(id, { item: 'INITIAL_GRANT', year: 2021, amount: 1, document: '渝府〔2021〕8号' }), 400, 'INVALID', 'item');

    const before = await summary();
    const approval = await ok(approve(id, { item: 'CASE_BY_CASE', year: 2021, amount: 50_000_000, document: '渝府〔2021〕8号' }), 201);
    expect(approval).toMatchObject({ item: 'CASE_BY_CASE', year: 2021, amount: 50_000_000, limitBefore: 0, document: '渝府〔2021〕8号', sequence: 1 });
    expect((await summary()).committedByYear['2021']).toBe((before.committedByYear['2021'] ?? 0) + 50_000_000);
    await ok(pay(id, { item: 'CASE_BY_CASE', year: 2021, amount: 49_999_999.99 }), 201);
    await refused(pay(id, { item: 'CASE_BY_CASE', year: 2021, amount: 0.02 }), 409, 'CAP_EXCEEDED', 'amount');
    await ok(pay(id, { item: 'CASE_BY_CASE', year: 2021, amount: 0.01 }), 201);
    // Any later year, no computed cap.
    await ok(approve(id, { item: 'CASE_BY_CASE', year: 2030, amount: 900_000_000, document: '渝府〔2021〕9号' }), 201);
    expect(await ledger(id)).toEqual(
      expect.arrayContaining([
        // No computed cap: the approval is the row's only limit.
        expect.objectContaining({ item: 'CASE_BY_CASE', year: 2021, paid: 50_000_000, approved: 50_000_000, remaining: 0 }),
        expect.objectContaining({ item: 'CASE_BY_CASE', year: 2030, paid: 0, approved: 900_000_000, remaining: 900_000_000 }),
      ]),
    );
  });
});

describe('approvedInitial is the approval of the initial grant row', () => {
  it('at creation: held to it, not to the cap', async () => {
    const created = await ok(api.call('POST', '/applications', { body: application({ ratingDate: '2020-06-30', approvedInitial: 1_500_000 }) }), 201);
    expect(created.rating.approvedInitial).toBe(1_500_000);
    expect(await row(created.id, 'INITIAL_GRANT', 2020)).toMatchObject({ item: 'INITIAL_GRANT', year: 2020, paid: 0, cap: 10_000_000, approved: 1_500_000 });
    await refused(pay(created.id, { item: 'INITIAL_GRANT', year: 2020, amount: 2_000_000 }), 409, 'CAP_EXCEEDED', 'amount');
    await ok(pay(created.id, { item: 'INITIAL_GRANT', year: 2020, amount: 1_500_000 }), 201);
    // A later approval replaces it (counted from it).
    expect(await ok(approve(created.id, { item: 'INITIAL_GRANT', year: 2020, amount: 2_000_000 }), 201)).toMatchObject({ limitBefore: 1_500_000, sequence: 1 });
  });

  it('without a rating date, or over the cap, is 400 naming approvedInitial', async () => {
    await refused(api.call('POST', '/applications', { body: application({ approvedInitial: 1_500_000 }) }), 400, 'INVALID', 'approvedInitial');
    const error = await refused(api.call('POST', '/applications', { body: application({ ratingDate: '2020-06-30', approvedInitial: 10_000_000.01 }) }), 400, 'INVALID', 'approvedInitial');
    expect(error.reason).toBe('OVER_CAP');
  });

  it('at rating: the row is approved in the rating itself', async () => {
    const created = await ok(api.call('POST', '/applications', { body: application() }), 201);
    const before = await summary();
    await ok(api.call('POST', `/applications/${created.id}/rating`, { body: { ratingDate: '2020-06-30', approvedInitial: 8_000_000 } }), 200);
    expect(await row(created.id, 'INITIAL_GRANT', 2020)).toMatchObject({ item: 'INITIAL_GRANT', year: 2020, paid: 0, cap: 10_000_000, approved: 8_000_000 });
    expect((await summary()).committedByYear['2020']).toBe(before.committedByYear['2020'] + 8_000_000);
  });
});

describe('GET /applications/{id} ledger', () => {
  it('a row per schedule row, paid or not, with its cap, approval, paid and remaining; case-by-case rows as approved', async () => {
    const id = await ratedApplication(api);
    await ok(approve(id, { item: 'INITIAL_GRANT', year: 2020, amount: 6_000_000 }), 201);
    await ok(pay(id, { item: 'INITIAL_GRANT', year: 2020, amount: 1_000_000.5 }), 201);
    await ok(pay(id, { item: 'ANNUAL_RD_SUPPORT', year: 2022, amount: 10_000_000 }), 201);
    expect((await ok(api.call('GET', `/applications/${id}`), 200)).ledger).toEqual([
      { year: 2020, item: 'INITIAL_GRANT', itemLabel: '评定资助', clause: '三(一)', cap: 10_000_000, approved: 6_000_000, paid: 1_000_000.5, remaining: 4_999_999.5 },
      { year: 2021, item: 'ANNUAL_RD_SUPPORT', itemLabel: '年度研发专项', clause: '三(一)', cap: 10_000_000, paid: 0, remaining: 10_000_000 },
      { year: 2022, item: 'ANNUAL_RD_SUPPORT', itemLabel: '年度研发专项', clause: '三(一)', cap: 10_000_000, paid: 10_000_000, remaining: 0 },
      { year: 2023, item: 'ANNUAL_RD_SUPPORT', itemLabel: '年度研发专项', clause: '三(一)', cap: 10_000_000, paid: 0, remaining: 10_000_000 },
      { year: 2024, item: 'ANNUAL_RD_SUPPORT', itemLabel: '年度研发专项', clause: '三(一)', cap: 10_000_000, paid: 0, remaining: 10_000_000 },
    ]);

    const caseByCase = await ratedApplication(api, { category: 'MAJOR_PROJECT' }, '2021-03-01');
    expect((await ok(api.call('GET', `/applications/${caseByCase}`), 200)).ledger).toEqual([]);
    await ok(approve(caseByCase, { item: 'CASE_BY_CASE', year: 2023, amount: 2_000_000, document: '渝府〔2021〕10号' }), 201);
    await ok(approve(caseByCase, { item: 'CASE_BY_CASE', year: 2021, amount: 1_000_000, document: '渝府〔2021〕9号' }), 201);
    await ok(pay(caseByCase, { item: 'CASE_BY_CASE', year: 2021, amount: 250_000 }), 201);
    expect((await ok(api.call('GET', `/applications/${caseByCase}`), 200)).ledger).toEqual([
      { year: 2021, item: 'CASE_BY_CASE', itemLabel: '一事一议', clause: '三(九)', approved: 1_000_000, paid: 250_000, remaining: 750_000 },
      { year: 2023, item: 'CASE_BY_CASE', itemLabel: '一事一议', clause: '三(九)', approved: 2_000_000, paid: 0, remaining: 2_000_000 },
    ]);
    // Not rated: no ledger.
    const submitted = await ok(api.call('POST', '/applications', { body: application() }), 201);
    expect((await ok(api.call('GET', `/applications/${submitted.id}`), 200)).ledger).toEqual([]);
  });
});

describe('paidOn and voucher', () => {
  it('are stored and answered; a paidOn before the plan or after today is 400 naming paidOn', async () => {
    const id = await ratedApplication(api);
    const paid = await ok(pay(id, { item: 'INITIAL_GRANT', year: 2020, amount: 100, paidOn: '2020/7/1', voucher: ' 记-2020-0701 ' }), 201);
    expect(paid).toMatchObject({ paidOn: '2020-07-01', voucher: '记-2020-0701', status: 'RECORDED' });
    expect((await ok(api.call('GET', `/applications/${id}/payments`), 200)).items).toEqual([paid]);
    expect((await refused(pay(id, { item: 'INITIAL_GRANT', year: 2020, amount: 1, paidOn: '2019-12-26' }), 400, 'INVALID', 'paidOn')).reason).toBe('BEFORE_PLAN');
    const tomorrow = dateInTimeZone(new Date(Date.now() + 36 * 3600_000));
    expect((await refused(pay(id, { item: 'INITIAL_GRANT', year: 2020, amount: 1, paidOn: tomorrow }), 400, 'INVALID', 'paidOn')).reason).toBe('AFTER_TODAY');
    expectError(await pay(id, { item: 'INITIAL_GRANT', year: 2020, amount: 1, paidOn: '2020-02-30' }), 400, 'INVALID', 'paidOn');
    await refused(pay(id, { item: 'INITIAL_GRANT', year: 2020, amount: 1, voucher: '凭'.repeat(101) }), 400, 'INVALID', 'voucher');
    expectError(await pay(id, { item: 'INITIAL_GRANT', year: 2020, amount: 1, voucher: '   ' }), 400, 'INVALID', 'voucher');
    expect((await ok(api.call('GET', `/applications/${id}/payments`), 200)).items).toHaveLength(1);
  });
});

describe('races on one row', () => {
  it('20 approvals lowering it while 20 payments arrive: paid never passes the final approval and is the sum of the 201s', async () => {
    const id = await ratedApplication(api);
    // 0, 500,000 … 9,500,000 in a random order, each sent right after a payment of 400,000.
    const amounts = Array.from({ length: 20 }, (_, i) => i * 500_000).sort(() => Math.random() - 0.5);
    const answers = await Promise.all(
      amounts.flatMap((amount) => [
        pay(id, { item: 'INITIAL_GRANT', year: 2020, amount: 400_000 }).then((a) => ({ kind: 'payment' as const, a })),
        approve(id, { item: 'INITIAL_GRANT', year: 2020, amount }).then((a) => ({ kind: 'approval' as const, a })),
      ]),
    );
    const approvals = answers.filter((x) => x.kind === 'approval');
    const payments = answers.filter((x) => x.kind === 'payment');
    for (const { a } of approvals) expect([201, 409], JSON.stringify(a.body)).toContain(a.status);
    for (const { a } of payments) expect([201, 409], JSON.stringify(a.body)).toContain(a.status);
    for (const { a } of answers) if (a.status === 409) expect(a.body.error.messageZh).toMatch(/\S/);
    const recorded = approvals.filter((x) => x.a.status === 201).map((x) => x.a.body);
    expect(recorded.length).toBeGreaterThan(0);
    const sequences = recorded.map((r) => r.sequence).sort((x, y) => x - y);
    expect(sequences).toEqual(sequences.map((_, i) => i + 1));
    const final = recorded.reduce((latest, r) => (r.sequence > latest.sequence ? r : latest));
    const paidSum = payments.filter((x) => x.a.status === 201).reduce((s, x) => s + Math.round(x.a.body.amount * 100), 0) / 100;
    const line = await row(id, 'INITIAL_GRANT', 2020);
    expect(line?.approved).toBe(final.amount);
    expect(line?.paid).toBe(paidSum);
    expect(paidSum).toBeLessThanOrEqual(final.amount);
    // Each approval replaced exactly the one before it.
    const bySequence = [...recorded].sort((x, y) => x.sequence - y.sequence);
    bySequence.forEach((r, i) => expect(r.limitBefore).toBe(i === 0 ? 10_000_000 : bySequence[i - 1].amount));
    expect((await findDrifts(tableClient())).drifts.map(describeDrift)).toEqual([]);
  }, 60_000);
});

describe('reconcile', () => {
  it('a table with approvals, case-by-case rows and approvedInitial has no drift', async () => {
    expect((await findDrifts(tableClient())).drifts.map(describeDrift)).toEqual([]);
  });

  it("names a row's approval or a void's release that disagrees with the records, and repair mends both", async () => {
    const t = tableClient();
    const approved = await ratedApplication(api);
    await ok(approve(approved, { item: 'INITIAL_GRANT', year: 2020, amount: 6_000_000 }), 201);
    const initial = (await ok(api.call('POST', '/applications', { body: application({ ratingDate: '2020-06-30', approvedInitial: 1_000_000 }) }), 201)).id as string;
    const voided = await ratedApplication(api);
    const payment = await ok(pay(voided, { item: 'INITIAL_GRANT', year: 2020, amount: 5_000 }), 201);
    await ok(api.call('POST', `/applications/${voided}/payments/${payment.id}/void`, { body: { reason: '录错' } }), 200);
    expect((await findDrifts(t)).drifts).toEqual([]);

    // Damage: an approval raised by hand, an approvedInitial row that lost its approval (as rows rated before
    // approvals were kept in the ledger), and a void's amount put back on its row.
    const set = (id: string, expression: string, values?: Record<string, unknown>) =>
      t.doc.send(new UpdateCommand({ TableName: t.tableName, Key: ledgerKey(id, 2020, 'INITIAL_GRANT'), UpdateExpression: expression, ...(values ? { ExpressionAttributeValues: values } : {}) }));
    await set(approved, 'SET approved = :a', { ':a': 900_000_000 }); // fen, as stored
    await set(initial, 'REMOVE approved');
    await set(voided, 'SET paid = :p', { ':p': 500_000 }); // fen: the voided 5,000 yuan

    // Drifts speak fen, as the table does.
    const { drifts } = await findDrifts(t);
    expect(drifts.map((d) => d.kind).sort()).toEqual(['approval', 'approval', 'ledger']);
    expect(drifts.filter((d) => d.kind === 'approval')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ applicationId: approved, expected: { approved: 600_000_000, approvals: 1 }, actual: { approved: 900_000_000, approvals: 1 } }),
        expect.objectContaining({ applicationId: initial, expected: { approved: 100_000_000, approvals: 0 }, actual: { approved: undefined, approvals: 0 } }),
      ]),
    );
    expect(drifts.find((d) => d.kind === 'ledger')).toMatchObject({ applicationId: voided, expected: 0, actual: 500_000 });

    const repaired = await reconcile(t, { repair: true });
    expect(repaired.remaining).toEqual([]);
    expect((await findDrifts(t)).drifts).toEqual([]);
    await refused(pay(approved, { item: 'INITIAL_GRANT', year: 2020, amount: 6_000_000.01 }), 409, 'CAP_EXCEEDED', 'amount');
    await refused(pay(initial, { item: 'INITIAL_GRANT', year: 2020, amount: 1_000_000.01 }), 409, 'CAP_EXCEEDED', 'amount');
    await ok(pay(voided, { item: 'INITIAL_GRANT', year: 2020, amount: 10_000_000 }), 201);
  });
});
