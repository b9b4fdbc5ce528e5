/**
 * What corrections and achievements refuse, and what they keep, said so a clerk can act on it: each test states a rule
 * a mutant of functions/services/{corrections,achievements}.ts broke while the suite stayed green
 * (`npm run mutate -- services`, README "Mutation testing").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, expectError, filedApplication, ok, ratedApplication, startApi } from './helpers.js';

let api: Client;
beforeAll(async () => {
  api = await startApi();
}, 120_000);
afterAll(() => api?.close());

const filed = (over: Record<string, unknown> = {}) => filedApplication(api, over);
const close = (id: string, how: 'withdraw' | 'reject') => api.call('POST', `/applications/${id}/${how}`, { body: { reason: '测试 test' } });
let contracts = 0;
const contractNo = () => `REFUSALS-${++contracts}-${Math.random().toString(36).slice(2, 8)}`;
const register = (applicationId: string, contract = contractNo()) => api.call('POST', '/achievements', { body: { applicationId, title: '成果', contractNo: contract } });

describe('a correction refused says what was asked and why, in English and 中文', () => {
  it('withdrawing a rated application: "withdrawn", 撤回; rejecting it: "rejected", 驳回', async () => {
    const id = await ratedApplication(api);
    const withdrawn = await close(id, 'withdraw');
    expectError(withdrawn, 409, 'CONFLICT', 'status');
    expect(withdrawn.body.error.message).toBe(`application ${id} is RATED: only a SUBMITTED application can be withdrawn`);
    expect(withdrawn.body.error.messageZh).toMatch(new RegExp(`^申请 ${id} .*已评定.*，只有已提交的申请可以撤回$`));
    const rejected = await close(id, 'reject');
    expectError(rejected, 409, 'CONFLICT', 'status');
    expect(rejected.body.error.message).toBe(`application ${id} is RATED: only a SUBMITTED application can be rejected`);
    expect(rejected.body.error.messageZh).toMatch(/只有已提交的申请可以驳回$/);
  });

  it('amending a withdrawn application: "amended", 修改', async () => {
    const id = await filed();
    await ok(close(id, 'withdraw'), 200);
    const answer = await api.call('PATCH', `/applications/${id}`, { body: { field: 'NEW_ENERGY', reason: '补正' } });
    expectError(answer, 409, 'CONFLICT', 'status');
    expect(answer.body.error.message).toBe(`application ${id} is WITHDRAWN: only a SUBMITTED application can be amended`);
    expect(answer.body.error.messageZh).toMatch(/只有已提交的申请可以修改$/);
  });

  it('an amendment that leaves talent out keeps the talent filed', async () => {
    const id = await filed({ talent: 'CAS_ACADEMICIAN' });
    const amended = await ok(api.call('PATCH', `/applications/${id}`, { body: { field: 'NEW_ENERGY', reason: '领域填错' } }), 200);
    expect(amended).toMatchObject({ field: 'NEW_ENERGY', talent: 'CAS_ACADEMICIAN' });
    expect((await ok(api.call('GET', `/applications/${id}`), 200)).application.talent).toBe('CAS_ACADEMICIAN');
  });
});

describe('an achievement refused names what it could not take, in English and 中文', () => {
  it('for an application not rated: 409 naming applicationId, its status said', async () => {
    const id = await filed({ category: 'TRANSFER_BASE' });
    const answer = await register(id);
    expectError(answer, 409, 'CONFLICT', 'applicationId');
    expect(answer.body.error.message).toBe(`application ${id} is SUBMITTED, not RATED: only introduced institutions have achievements`);
    expect(answer.body.error.messageZh).toMatch(new RegExp(`^申请 ${id} .*尚未评定：只有已评定（引进）的机构才能登记单项成果$`));
  });

  it('for an unknown application: 404 naming applicationId', async () => {
    expectError(await register('app_nosuch'), 404, 'NOT_FOUND', 'applicationId');
  });

  it('a contract number of only spaces and dashes: 400 naming contractNo', async () => {
    const id = await ratedApplication(api, { category: 'TRANSFER_BASE' });
    const answer = await register(id, ' - – ');
    expectError(answer, 400, 'INVALID', 'contractNo');
    expect(answer.body.error.message).toContain('contract number must have more than spaces and dashes');
    expect(answer.body.error.messageZh).toContain('合同编号不能只有空格和连字符');
  });

  it('a contract registered already: the contract and the achievement holding it, with 三(七)', async () => {
    const id = await ratedApplication(api, { category: 'TRANSFER_BASE' });
    const contract = contractNo();
    const first = await ok(register(id, contract), 201);
    const again = await register(id, contract);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(`technology contract ${contract} is already registered, as achievement ${first.id}: one contract is one achievement (三(七))`);
    expect(again.body.error.messageZh).toBe(`技术合同 ${contract} 已登记为单项成果 ${first.id}：一份技术合同只登记一项成果（三(七)）`);
  });

  it('an unknown achievement, read or given a receipt: 404 naming it', async () => {
    for (const answer of [await api.call('GET', '/achievements/ach_nosuch'), await api.call('POST', '/achievements/ach_nosuch/receipts', { body: { date: '2021-06-01', amount: 100 } })]) {
      expectError(answer, 404, 'NOT_FOUND', 'id');
      expect(answer.body.error.message).toContain('achievement ach_nosuch');
      expect(answer.body.error.messageZh).toContain('单项成果 ach_nosuch');
    }
  });

  it("a district key records no receipt on another district's achievement (403), and nothing is received", async () => {
    const id = await ratedApplication(api, { category: 'TRANSFER_BASE', district: 'JIANGBEI' });
    const achievement = await ok(register(id), 201);
    const yubei = await api.key('district', 'YUBEI');
    const answer = await api.call('POST', `/achievements/${achievement.id}/receipts`, { key: yubei, body: { date: '2021-06-01', amount: 100 } });
    expect(answer.status).toBe(403);
    expect((await ok(api.call('GET', `/achievements/${achievement.id}`), 200)).receipts).toEqual([]);
  });
});
