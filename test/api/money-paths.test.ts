/**
 * The money paths' refusals and figures stated as rules, each one written for a mutant Stryker left alive
 * (`npm run mutate -- services --files <files> --tests <tests>`): what a refusal names, in both languages, so a
 * clerk can find the record; and the figures the services compute.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConsistent, tableClient } from '../../functions/store/dynamodb/client.js';
import { ledgerKey } from '../../functions/store/dynamodb/items.js';
import { application, type Client, expectError, ok, ratedApplication, refused, startApi } from './helpers.js';

let api: Client;
beforeAll(async () => {
  api = await startApi();
}, 120_000);
afterAll(() => api?.close());

let contracts = 0;
async function achievement(): Promise<string> {
  const applicationId = await ratedApplication(api, { category: 'TRANSFER_BASE' });
  const a = await ok(api.call('POST', '/achievements', { body: { applicationId, title: '成果', contractNo: `MONEY-${++contracts}-${Math.random().toString(36).slice(2, 8)}` } }), 201);
  return a.id as string;
}
const receive = (id: string, amount: number) => api.call('POST', `/achievements/${id}/receipts`, { body: { date: '2021-06-01', amount } });
const voidIt = (id: string, receiptId: string) => api.call('POST', `/achievements/${id}/receipts/${receiptId}/void`, { body: { reason: '录错 wrong' } });

describe('a receipt void refused names what it could not void, in both languages', () => {
  it('an unknown achievement: its id, in English and 中文', async () => {
    const answer = await voidIt('ach_nosuch', 'rcpt_nosuch');
    expectError(answer, 404, 'NOT_FOUND', 'id');
    expect(answer.body.error.message).toContain('achievement ach_nosuch');
    expect(answer.body.error.messageZh).toContain('单项成果 ach_nosuch');
  });

  it('an unknown receipt: the receipt and its achievement, in English and 中文', async () => {
    const id = await achievement();
    const answer = await voidIt(id, 'rcpt_nosuch');
    expectError(answer, 404, 'NOT_FOUND', 'receiptId');
    expect(answer.body.error.message).toContain(`receipt rcpt_nosuch of achievement ${id}`);
    expect(answer.body.error.messageZh).toContain(`单项成果 ${id} 的到账记录 rcpt_nosuch`);
  });

  it('a receipt voided already: the receipt and when it was voided', async () => {
    const id = await achievement();
    const r = await ok(receive(id, 100_000), 201);
    const first = await ok(voidIt(id, r.id), 200);
    const again = await voidIt(id, r.id);
    expectError(again, 409, 'CONFLICT', 'receiptId');
    expect(again.body.error.message).toBe(`receipt ${r.id} is already voided (${first.voided.at})`);
    expect(again.body.error.messageZh).toContain(`到账记录 ${r.id} 已作废`);
  });
});

const pay = (id: string, body: Record<string, unknown>) => api.call('POST', `/applications/${id}/payments`, { body });
const approve = (id: string, body: Record<string, unknown>) => api.call('POST', `/applications/${id}/approvals`, { body });

describe('a payment refused past its limit says the amount, the limit and what is paid, in English and 中文, with its clause', () => {
  it('past the cap (nothing approved): "cap", 上限', async () => {
    const id = await ratedApplication(api);
    await ok(pay(id, { item: 'INITIAL_GRANT', year: 2020, amount: 4_000_000 }), 201);
    const error = await refused(pay(id, { item: 'INITIAL_GRANT', year: 2020, amount: 6_000_000.01 }), 409, 'CAP_EXCEEDED', 'amount');
    expect(error).toMatchObject({
      message: 'INITIAL_GRANT 2020: 6,000,000.01 would pass the cap of 10,000,000.00 (paid so far 4,000,000.00)',
      messageZh: '2020 年评定资助（INITIAL_GRANT）支付 6,000,000.01 元将超过上限 10,000,000.00 元（已支付 4,000,000.00 元），超出部分不能支付',
      clause: '三(一)',
    });
  });

  it('past an approval: "approved amount", 核定金额', async () => {
    const id = await ratedApplication(api);
    await ok(approve(id, { item: 'INITIAL_GRANT', year: 2020, amount: 3_000_000 }), 201);
    await ok(pay(id, { item: 'INITIAL_GRANT', year: 2020, amount: 1_000_000 }), 201);
    const error = await refused(pay(id, { item: 'INITIAL_GRANT', year: 2020, amount: 2_000_000.01 }), 409, 'CAP_EXCEEDED', 'amount');
    expect(error).toMatchObject({
      message: 'INITIAL_GRANT 2020: 2,000,000.01 would pass the approved amount of 3,000,000.00 (paid so far 1,000,000.00)',
      messageZh: '2020 年评定资助（INITIAL_GRANT）支付 2,000,000.01 元将超过核定金额 3,000,000.00 元（已支付 1,000,000.00 元），超出部分不能支付',
      clause: '三(一)',
    });
  });

  it('a case-by-case row with nothing approved: nothing may be paid, with the row\'s clause', async () => {
    const id = await ratedApplication(api, { category: 'MAJOR_FACILITY' }, '2021-03-01');
    const error = await refused(pay(id, { item: 'CASE_BY_CASE', year: 2021, amount: 1 }), 409, 'CAP_EXCEEDED', 'amount');
    expect(error).toMatchObject({
      message: 'CASE_BY_CASE 2021: nothing is approved for this case-by-case row yet, so nothing may be paid',
      messageZh: '2021 年一事一议尚未核定金额，不能支付',
    });
    expect(error.clause).toMatch(/^三\(/);
  });
});

describe('a case-by-case row past its approval, and an approval below what is paid', () => {
  it('a case-by-case row paid past its approval: "approved amount", 核定金额, not "nothing is approved"', async () => {
    const id = await ratedApplication(api, { category: 'MAJOR_FACILITY' }, '2021-03-01');
    await ok(approve(id, { item: 'CASE_BY_CASE', year: 2021, amount: 2_000_000, document: '渝府〔2021〕8号' }), 201);
    await ok(pay(id, { item: 'CASE_BY_CASE', year: 2021, amount: 500_000 }), 201);
    const error = await refused(pay(id, { item: 'CASE_BY_CASE', year: 2021, amount: 1_500_000.01 }), 409, 'CAP_EXCEEDED', 'amount');
    expect(error).toMatchObject({
      message: 'CASE_BY_CASE 2021: 1,500,000.01 would pass the approved amount of 2,000,000.00 (paid so far 500,000.00)',
      messageZh: '2021 年一事一议（CASE_BY_CASE）支付 1,500,000.01 元将超过核定金额 2,000,000.00 元（已支付 500,000.00 元），超出部分不能支付',
    });
    expect(error.clause).toMatch(/^三\(/);
  });

  it('an approval below what is paid: 409 CONFLICT, reason BELOW_PAID, both amounts in both languages, with the row\'s clause', async () => {
    const id = await ratedApplication(api);
    await ok(approve(id, { item: 'INITIAL_GRANT', year: 2020, amount: 3_000_000 }), 201);
    await ok(pay(id, { item: 'INITIAL_GRANT', year: 2020, amount: 2_000_000 }), 201);
    const error = await refused(approve(id, { item: 'INITIAL_GRANT', year: 2020, amount: 1_999_999.99 }), 409, 'CONFLICT', 'amount');
    expect(error).toEqual({
      code: 'CONFLICT',
      field: 'amount',
      reason: 'BELOW_PAID',
      message: 'approved 1,999,999.99 is less than the 2,000,000.00 yuan already paid',
      messageZh: '核定 1,999,999.99 元少于已支付的 2,000,000.00 元',
      clause: '三(一)',
    });
  });

  it("an approval leaves the ledger item's scheduled cap stored beside it, which reconcile falls back on where a row's approvals are gone; a case-by-case row's cap is its approval", async () => {
    const id = await ratedApplication(api);
    await ok(approve(id, { item: 'INITIAL_GRANT', year: 2020, amount: 3_000_000 }), 201);
    const t = tableClient();
    expect(await getConsistent(t, ledgerKey(id, 2020, 'INITIAL_GRANT'))).toMatchObject({ approved: 300_000_000, cap: 1_000_000_000, paid: 0, approvals: 1 });

    const caseId = await ratedApplication(api, { category: 'MAJOR_FACILITY' }, '2021-03-01');
    await ok(approve(caseId, { item: 'CASE_BY_CASE', year: 2021, amount: 2_000_000, document: '渝府〔2021〕8号' }), 201);
    expect(await getConsistent(t, ledgerKey(caseId, 2021, 'CASE_BY_CASE'))).toMatchObject({ approved: 200_000_000, cap: 200_000_000, paid: 0, approvals: 1 });
  });
});

describe('what a clerk reads of the money records', () => {
  it('each id says its kind, a prefix before 16 url-safe characters (functions/services/context.ts newId): app_, appr_, pay_, ach_, rcpt_', async () => {
    const id = await ratedApplication(api, { category: 'TRANSFER_BASE' });
    const approval = await ok(approve(id, { item: 'INITIAL_GRANT', year: 2020, amount: 1_000 }), 201);
    const payment = await ok(pay(id, { item: 'INITIAL_GRANT', year: 2020, amount: 100 }), 201);
    const achievementId = await achievement();
    const receipt = await ok(receive(achievementId, 10_000), 201);
    expect([id, approval.id, payment.id, achievementId, receipt.id].map((i: string) => i.replace(/[A-Za-z0-9_-]{16}$/, '…'))).toEqual(['app_…', 'appr_…', 'pay_…', 'ach_…', 'rcpt_…']);
  });

  it('a paidOn outside the plan says which date it is and why, in English and 中文', async () => {
    const id = await ratedApplication(api);
    const early = await pay(id, { item: 'INITIAL_GRANT', year: 2020, amount: 1, paidOn: '2019-12-26' });
    expectError(early, 400, 'INVALID', 'paidOn');
    expect(early.body.error.message).toContain('paid 2019-12-26, before the plan was in force');
    expect(early.body.error.messageZh).toContain('支付日期 2019-12-26 早于行动计划施行日');
  });
});

describe("an achievement's received total is held to the largest amount the edges accept (MAX_YUAN)", () => {
  it('reaching it exactly is recorded; one fen more is 400 naming amount, in English and 中文, and nothing is recorded', async () => {
    const id = await achievement();
    const top = await ok(receive(id, 9_999_999_999_999.99), 201);
    expect(top.cumulativeReceived).toBe(9_999_999_999_999.99);
    await ok(receive(id, 0.01), 201);
    const over = await receive(id, 0.01);
    expectError(over, 400, 'INVALID', 'amount');
    expect(over.body.error.message).toBe("the achievement's received total would exceed 10000000000000 yuan");
    expect(over.body.error.messageZh).toBe('该成果累计到账金额将超过 10000000000000 元');
    const read = await ok(api.call('GET', `/achievements/${id}`), 200);
    expect(read.receipts).toHaveLength(2);
    expect(read.cumulativeReceived).toBe(10_000_000_000_000);
  });
});

describe('a payment, an approval or a void refused names the record and why, in English and 中文', () => {
  it('an application not rated takes no payment and no approval: its status said in both languages', async () => {
    const id = (await ok(api.call('POST', '/applications', { body: application() }), 201)).id as string;
    const paid = await pay(id, { item: 'INITIAL_GRANT', year: 2020, amount: 1 });
    expectError(paid, 409, 'CONFLICT', 'id');
    expect(paid.body.error.message).toBe(`application ${id} is SUBMITTED: only rated applications take payments`);
    expect(paid.body.error.messageZh).toBe(`申请 ${id} 已提交，只有已评定的申请才能支付`);
    const approved = await approve(id, { item: 'INITIAL_GRANT', year: 2020, amount: 1 });
    expectError(approved, 409, 'CONFLICT', 'id');
    expect(approved.body.error.message).toBe(`application ${id} is SUBMITTED: only rated applications take approvals`);
    expect(approved.body.error.messageZh).toBe(`申请 ${id} 已提交，只有已评定的申请才能核定`);
  });

  it('an unknown payment: it and its application; a payment voided already: it', async () => {
    const id = await ratedApplication(api);
    const voidPay = (paymentId: string) => api.call('POST', `/applications/${id}/payments/${paymentId}/void`, { body: { reason: '录错 wrong' } });
    const unknown = await voidPay('pay_nosuch');
    expectError(unknown, 404, 'NOT_FOUND', 'paymentId');
    expect(unknown.body.error.message).toContain(`payment pay_nosuch of application ${id}`);
    expect(unknown.body.error.messageZh).toContain(`申请 ${id} 的支付记录 pay_nosuch`);
    const p = await ok(pay(id, { item: 'INITIAL_GRANT', year: 2020, amount: 100 }), 201);
    await ok(voidPay(p.id), 200);
    const again = await voidPay(p.id);
    expectError(again, 409, 'CONFLICT', 'paymentId');
    expect(again.body.error.message).toBe(`payment ${p.id} is already voided`);
    expect(again.body.error.messageZh).toBe(`支付记录 ${p.id} 已作废`);
  });
});
