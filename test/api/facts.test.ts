/**
 * A fact and everything that records it commit together: each write route makes exactly one write (a
 * TransactWriteItems holding the guard, the record, the history event, the summary counters and, under an
 * Idempotency-Key, the request's answer), and a refusal writes nothing but its kept answer. So a process that dies
 * before that write leaves nothing of the fact, and one that dies right after it leaves all of it: every step of
 * every write route is ./crash.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { application } from './helpers.js';
import { startInProcess, type InProcess } from './in-process.js';

let api: InProcess;
beforeAll(async () => {
  api = await startInProcess('facts-test');
}, 120_000);
afterAll(() => api?.close());

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'TransactWriteItemsCommand', 'BatchWriteItemCommand']);
/** The writes made since `clearLog` (a transaction the store cancelled wrote nothing), and where single-item writes went. */
const writes = () => api.log.filter((s) => WRITES.has(s.command) && !s.failed).map((s) => (s.pk?.startsWith('IDEM#') ? `${s.command} IDEM#` : s.command));

async function status(answer: Promise<{ status: number }>): Promise<number> {
  return (await answer).status;
}

describe('each fact is one write', () => {
  it('filing, rating, paying, an achievement, a receipt and its void: one TransactWriteItems each, the Idempotency-Key answer inside it', async () => {
    api.clearLog();
    const created = await api.call('applications', 'POST', '/applications', { body: application({ partner: { name: `Partner ${Math.random()}`, type: 'DOMESTIC_UNIVERSITY', country: 'CN' } }), idempotencyKey: 'k-create' });
    expect(created.status).toBe(201);
    expect(writes()).toEqual(['TransactWriteItemsCommand']);
    const id = created.body.id as string;

    api.clearLog();
    expect(await status(api.call('applications', 'POST', `/applications/${id}/rating`, { body: { ratingDate: '2020-06-30' }, idempotencyKey: 'k-rate' }))).toBe(200);
    expect(writes()).toEqual(['TransactWriteItemsCommand']);

    api.clearLog();
    expect(await status(api.call('applications', 'POST', `/applications/${id}/rating`, { body: { ratingDate: '2020-06-30' } }))).toBe(409);
    expect(writes(), 'a refusal without a key writes nothing').toEqual([]);

    api.clearLog();
    expect(await status(api.call('applications', 'POST', `/applications/${id}/rating`, { body: { ratingDate: '2020-06-30' }, idempotencyKey: 'k-rerate' }))).toBe(409);
    expect(writes(), 'a refusal under a key writes only its kept answer').toEqual(['PutItemCommand IDEM#']);

    api.clearLog();
    expect(await status(api.call('applications', 'POST', `/applications/${id}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 1000 }, idempotencyKey: 'k-pay' }))).toBe(201);
    expect(writes()).toEqual(['TransactWriteItemsCommand']);

    api.clearLog();
    const achievement = await api.call('achievements', 'POST', '/achievements', { body: { applicationId: id, title: '成果', contractNo: 'HT-9' }, idempotencyKey: 'k-ach' });
    expect(achievement.status).toBe(201);
    expect(writes()).toEqual(['TransactWriteItemsCommand']);

    api.clearLog();
    expect(await status(api.call('achievements', 'POST', `/achievements/${achievement.body.id}/receipts`, { body: { date: '2021-01-01', amount: 100 }, idempotencyKey: 'k-rcpt' }))).toBe(201);
    expect(writes()).toEqual(['TransactWriteItemsCommand']);

    api.clearLog();
    expect(await status(api.call('achievements', 'POST', `/achievements/${achievement.body.id}/receipts`, { body: { date: '2021-01-01', amount: 100 }, idempotencyKey: 'k-rcpt' }))).toBe(201);
    expect(writes(), 'a replay writes nothing').toEqual([]);

    api.clearLog();
    const receipt = await api.call('achievements', 'POST', `/achievements/${achievement.body.id}/receipts`, { body: { date: '2021-01-02', amount: 200 } });
    expect(receipt.status).toBe(201);
    api.clearLog();
    expect(await status(api.call('achievements', 'POST', `/achievements/${achievement.body.id}/receipts/${receipt.body.id}/void`, { body: { reason: 'wrong' }, idempotencyKey: 'k-void' }))).toBe(200);
    expect(writes(), 'a void is one transaction').toEqual(['TransactWriteItemsCommand']);

    api.clearLog();
    expect(await status(api.call('achievements', 'POST', '/achievements', { body: { applicationId: id, title: '成果', contractNo: 'ht 9' }, idempotencyKey: 'k-dup' }))).toBe(409);
    expect(writes(), 'a DUPLICATE refusal writes only its kept answer').toEqual(['PutItemCommand IDEM#']);
  });

  it('an approval, a payment with paidOn and voucher, a void, and creating or rating with approvedInitial: one TransactWriteItems each', async () => {
    api.clearLog();
    const created = await api.call('applications', 'POST', '/applications', { body: application({ ratingDate: '2020-06-30', approvedInitial: 2_000_000 }), idempotencyKey: 'm-create' });
    expect(created.status).toBe(201);
    expect(writes(), 'created rated with its approved initial grant').toEqual(['TransactWriteItemsCommand']);
    const id = created.body.id as string;

    const filed = await api.call('applications', 'POST', '/applications', { body: application() });
    api.clearLog();
    expect(await status(api.call('applications', 'POST', `/applications/${filed.body.id}/rating`, { body: { ratingDate: '2020-06-30', approvedInitial: 3_000_000 }, idempotencyKey: 'm-rate' }))).toBe(200);
    expect(writes(), 'rated with its approved initial grant').toEqual(['TransactWriteItemsCommand']);

    api.clearLog();
    expect(await status(api.call('applications', 'POST', `/applications/${id}/approvals`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 2_500_000 }, idempotencyKey: 'm-approve' }))).toBe(201);
    expect(writes()).toEqual(['TransactWriteItemsCommand']);

    api.clearLog();
    expect(await status(api.call('applications', 'POST', `/applications/${id}/approvals`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 10_000_001 }, idempotencyKey: 'm-approve-over' }))).toBe(400);
    expect(writes(), 'bad input changes nothing (400 is not kept)').toEqual([]);

    api.clearLog();
    const payment = await api.call('applications', 'POST', `/applications/${id}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 1000, paidOn: '2020-07-01', voucher: 'V-1' }, idempotencyKey: 'm-pay' });
    expect(payment.status).toBe(201);
    expect(writes()).toEqual(['TransactWriteItemsCommand']);

    api.clearLog();
    expect(await status(api.call('applications', 'POST', `/applications/${id}/payments/${payment.body.id}/void`, { body: { reason: '录错' }, idempotencyKey: 'm-void' }))).toBe(200);
    expect(writes()).toEqual(['TransactWriteItemsCommand']);

    api.clearLog();
    expect(await status(api.call('applications', 'POST', `/applications/${id}/payments/${payment.body.id}/void`, { body: { reason: '录错' }, idempotencyKey: 'm-void-again' }))).toBe(409);
    expect(writes(), 'a refusal under a key writes only its kept answer').toEqual(['PutItemCommand IDEM#']);
  });

  it('amending, withdrawing, rejecting and recording support: one TransactWriteItems each; a duplicate refused writes only its kept answer', async () => {
    const body = application({ partner: { name: `Partner ${Math.random()}`, type: 'DOMESTIC_UNIVERSITY', country: 'CN' } });
    const id = (await api.call('applications', 'POST', '/applications', { body })).body.id as string;

    api.clearLog();
    expect(await status(api.call('applications', 'POST', '/applications', { body, idempotencyKey: 'k-dup' }))).toBe(409);
    expect(writes(), 'a duplicate refused under a key writes only its kept answer').toEqual(['PutItemCommand IDEM#']);

    api.clearLog();
    expect(await status(api.call('applications', 'PATCH', `/applications/${id}`, { body: { district: 'JIANGBEI', institution: `${body.institution} 改`, reason: '更正' }, idempotencyKey: 'k-amend' }))).toBe(200);
    expect(writes()).toEqual(['TransactWriteItemsCommand']);

    api.clearLog();
    expect(await status(api.call('applications', 'POST', `/applications/${id}/withdraw`, { body: { reason: '撤回' }, idempotencyKey: 'k-withdraw' }))).toBe(200);
    expect(writes()).toEqual(['TransactWriteItemsCommand']);

    const other = (await api.call('applications', 'POST', '/applications', { body: application() })).body.id as string;
    api.clearLog();
    expect(await status(api.call('applications', 'POST', `/applications/${other}/reject`, { body: { reason: '驳回' }, idempotencyKey: 'k-reject' }))).toBe(200);
    expect(writes()).toEqual(['TransactWriteItemsCommand']);

    const rated = (await api.call('applications', 'POST', '/applications', { body: application({ ratingDate: '2020-06-30' }) })).body.id as string;
    api.clearLog();
    expect(await status(api.call('applications', 'POST', `/applications/${rated}/support`, { body: { kind: 'TAX_PREFERENCE', date: '2021-01-01' }, idempotencyKey: 'k-support' }))).toBe(201);
    expect(writes()).toEqual(['TransactWriteItemsCommand']);
  });

  it('a key and its listing entry, and a revocation with its kept answer: one TransactWriteItems each', async () => {
    api.clearLog();
    const made = await api.call('keys', 'POST', '/keys', { body: { role: 'viewer', label: '只读 facts' } });
    expect(made.status).toBe(201);
    expect(writes(), 'the key item and its listing entry together').toEqual(['TransactWriteItemsCommand']);

    api.clearLog();
    expect(await status(api.call('keys', 'POST', `/keys/${made.body.id}/revoke`, { idempotencyKey: 'k-revoke' }))).toBe(200);
    expect(writes(), 'the key item, its listing entry and the answer together').toEqual(['TransactWriteItemsCommand']);

    api.clearLog();
    expect(await status(api.call('keys', 'POST', `/keys/${made.body.id}/revoke`, { idempotencyKey: 'k-revoke-again' }))).toBe(409);
    expect(writes(), 'a refusal under a key writes only its kept answer').toEqual(['PutItemCommand IDEM#']);
  });
});
