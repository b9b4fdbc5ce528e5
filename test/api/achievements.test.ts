/**
 * A technology contract is registered once (CONTRACT.md §3 "Achievements", 三(七): the subsidy is capped per
 * achievement, so one contract is one achievement): over HTTP against the real handlers, the contract vectors, the
 * DUPLICATE refusal with the achievement holding the contract, its replay under an Idempotency-Key, and racing
 * registrations of one contract.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { normaliseContractNo } from '../../shared/index.js';
import { describeDrift, findDrifts, reconcile } from '../../functions/reconcile/index.js';
import { tableClient } from '../../functions/store/dynamodb/client.js';
import { contractItem, contractKey } from '../../functions/store/dynamodb/items.js';
import { contractVectors } from '../vectors/index.js';
import { expectError, ratedApplication, startApi, type Answer, type Client } from './helpers.js';

let api: Client;
let rated: string;
beforeAll(async () => {
  api = await startApi();
  rated = await ratedApplication(api, { category: 'TRANSFER_BASE' });
}, 120_000);
afterAll(() => api?.close());

const register = (contractNo: string, options: { applicationId?: string; headers?: Record<string, string>; key?: string } = {}) =>
  api.call('POST', '/achievements', { body: { applicationId: options.applicationId ?? rated, title: '一种新材料', contractNo }, ...(options.headers ? { headers: options.headers } : {}), ...(options.key ? { key: options.key } : {}) });

function expectDuplicate(answer: Answer, existingId: string): void {
  expectError(answer, 409, 'DUPLICATE', 'contractNo');
  expect(answer.body.error.existingId).toBe(existingId);
  expect(answer.body.error.messageZh).toMatch(/已登记/);
}

describe('contract vectors over the API', () => {
  for (const v of contractVectors) {
    it(`${v.name} [${v.clause}]`, async () => {
      const first = await register(v.expected);
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      expect(first.body.contractNo).toBe(v.expected);
      expectDuplicate(await register(v.input), first.body.id);
    });
  }
});

describe('a technology contract is registered once', () => {
  it('the issue: one number twice is one achievement, whatever application registers it again', async () => {
    const first = await register('2021500103000133');
    expect(first.status).toBe(201);
    expectDuplicate(await register('2021500103000133'), first.body.id);
    const other = await ratedApplication(api, { category: 'TRANSFER_BASE', district: 'WANZHOU' });
    expectDuplicate(await register('2021500103000133', { applicationId: other }), first.body.id);
    // The number is stored as staff wrote it; other numbers are still free.
    expect((await register('2021500103000135')).status).toBe(201);
  });

  it('a number of only spaces and dashes names no contract: 400 contractNo', async () => {
    for (const contractNo of ['-', ' – — ', '－']) {
      const answer = await register(contractNo);
      expectError(answer, 400, 'INVALID', 'contractNo');
      expect(answer.body.error.messageZh).toBeTruthy();
    }
  });

  it('under an Idempotency-Key the DUPLICATE refusal is kept and replayed', async () => {
    const first = await register('HT-IDEM-0001', { headers: { 'Idempotency-Key': 'ach-first' } });
    expect(first.status).toBe(201);
    const replayed = await register('HT-IDEM-0001', { headers: { 'Idempotency-Key': 'ach-first' } });
    expect({ status: replayed.status, body: replayed.body, replay: replayed.headers.get('idempotent-replay') }).toEqual({ status: 201, body: first.body, replay: 'true' });

    const refused = await register('ht idem 0001', { headers: { 'Idempotency-Key': 'ach-second' } });
    expectDuplicate(refused, first.body.id);
    const again = await register('ht idem 0001', { headers: { 'Idempotency-Key': 'ach-second' } });
    expect({ status: again.status, body: again.body, replay: again.headers.get('idempotent-replay') }).toEqual({ status: 409, body: refused.body, replay: 'true' });
  });

  it('racing registrations of one contract: exactly one 201, the others DUPLICATE naming it', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => register(i % 2 === 0 ? 'HT-RACE-2021-0001' : 'ht race 2021 0001')));
    const created = answers.filter((a) => a.status === 201);
    expect(created).toHaveLength(1);
    for (const a of answers.filter((x) => x.status !== 201)) expectDuplicate(a, created[0]!.body.id);
    const pair = await Promise.all([register('HT-RACE-PAIR'), register('HT–RACE–PAIR')]);
    expect(pair.map((a) => a.status).sort()).toEqual([201, 409]);
  });
});

describe('reconcile and contract markers', () => {
  it('finds no drift on what the API wrote; a lost marker is found and mended, a stray one reported', async () => {
    const t = tableClient();
    expect((await findDrifts(t)).drifts.map(describeDrift)).toEqual([]);
    const holder = (await register('HT-RECONCILE-0001')).body.id as string;
    await t.doc.send(new DeleteCommand({ TableName: t.tableName, Key: contractKey(normaliseContractNo('HT-RECONCILE-0001')) }));
    await t.doc.send(new PutCommand({ TableName: t.tableName, Item: contractItem('NOBODY-HOLDS-THIS', 'ach_nobody') }));
    const { drifts } = await findDrifts(t);
    expect(drifts).toEqual([
      { kind: 'contract-missing', achievementId: holder, contractNo: 'HTRECONCILE0001' },
      { kind: 'contract-extra', contractNo: 'NOBODY-HOLDS-THIS', achievementId: 'ach_nobody', key: contractKey('NOBODY-HOLDS-THIS') },
    ]);
    const result = await reconcile(t, { repair: true });
    expect(result.repaired.map((d) => d.kind)).toEqual(['contract-missing']);
    expect(result.remaining.map((d) => d.kind)).toEqual(['contract-extra']);
    expectDuplicate(await register('HT-RECONCILE-0001'), holder);
    await t.doc.send(new DeleteCommand({ TableName: t.tableName, Key: contractKey('NOBODY-HOLDS-THIS') }));
    expect((await findDrifts(t)).drifts.map(describeDrift)).toEqual([]);
  });
});
