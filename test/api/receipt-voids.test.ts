/**
 * Voiding a receipt (CONTRACT.md §3 "Achievements", 三(七)) over HTTP against the real handlers: the receipt stays,
 * marked VOIDED with who, when and why; its amount leaves the cumulative; the subsidy adjustment of the rules is
 * recorded and counted; later receipts earn on the surviving sum. Races of receipts and voids on one achievement keep
 * the cumulative subsidy equal to the rule on the receipts not voided, and reconcile finds nothing.
 */
import { Ajv } from 'ajv';
import fc from 'fast-check';
import type { OpenAPIV3 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_EDITION as E, cumulativeTransferSubsidy, dateInTimeZone, parseYuan, toYuan, type Fen } from '../../shared/index.js';
import { describeDrift, findDrifts } from '../../functions/reconcile/index.js';
import { queryRange, tableClient } from '../../functions/store/dynamodb/client.js';
import { achievementAndReceiptsRange, achievementKey, kindOf } from '../../functions/store/dynamodb/items.js';
import { receiptVoidVectors } from '../vectors/index.js';
import { type Answer, type Client, expectError, ok, ratedApplication, startApi } from './helpers.js';

let api: Client;
beforeAll(async () => {
  api = await startApi();
}, 120_000);
afterAll(() => api?.close());

const CAP = E.transferSubsidy.capPerAchievement.value;
const fen = (yuan: number): Fen => {
  const r = parseYuan(yuan, 'amount');
  if (!r.ok) throw new Error(`not yuan: ${yuan}`);
  return r.value;
};

let contracts = 0;
/** A new achievement of a new rated TRANSFER_BASE application (district YUBEI); its id. */
async function achievement(): Promise<{ id: string; applicationId: string }> {
  const applicationId = await ratedApplication(api, { category: 'TRANSFER_BASE' });
  const a = await api.call('POST', '/achievements', { body: { applicationId, title: '成果', contractNo: `VOID-${++contracts}-${Math.random().toString(36).slice(2, 8)}` } });
  expect(a.status, JSON.stringify(a.body)).toBe(201);
  return { id: a.body.id as string, applicationId };
}

const receive = (id: string, amount: number, date = '2021-06-01', headers?: Record<string, string>) => api.call('POST', `/achievements/${id}/receipts`, { body: { date, amount }, ...(headers ? { headers } : {}) });
const voidIt = (id: string, receiptId: string, reason = '重复录入 entered twice', options: { key?: string; headers?: Record<string, string> } = {}) =>
  api.call('POST', `/achievements/${id}/receipts/${receiptId}/void`, { body: { reason }, ...options });

const summary = async () => (await api.call('GET', '/reports/summary')).body as { transferReceived: number; transferSubsidy: number };

/** The achievement's counter and receipts as stored (fen). */
async function stored(id: string) {
  const items = await queryRange(tableClient(), achievementAndReceiptsRange(id), true);
  const counter = items.find((i) => i.sk === achievementKey(id).sk)!;
  const receipts = items.filter((i) => kindOf({ pk: String(i.pk), sk: String(i.sk) }).kind === 'receipt');
  return { received: Number(counter.cumulativeReceived), count: Number(counter.receipts), receipts };
}

/**
 * What must hold of one achievement at rest: its counter is the sum of its receipts not voided, the cumulative
 * subsidy is the rule on it (≤ the cap), and the subsidies plus the adjustments of all its receipts add up to it.
 */
async function expectConsistent(id: string): Promise<{ received: Fen; subsidy: Fen }> {
  const s = await stored(id);
  const surviving = s.receipts.filter((r) => r.status !== 'VOIDED').reduce((sum, r) => sum + Number(r.amount), 0);
  expect(s.received).toBe(surviving);
  expect(s.count).toBe(s.receipts.length);
  const subsidy = cumulativeTransferSubsidy(E, surviving);
  expect(subsidy).toBeLessThanOrEqual(CAP);
  const paidOut = s.receipts.reduce((sum, r) => sum + Number(r.subsidy) + Number((r.voided as { adjustment?: number } | undefined)?.adjustment ?? 0), 0);
  expect(paidOut).toBe(subsidy);
  return { received: surviving, subsidy };
}

describe('void a receipt', () => {
  it('the receipt stays, VOIDED with who, when, why and the adjustment; the summary and later receipts follow', async () => {
    const { id, applicationId } = await achievement();
    const before = await summary();
    const r1 = await ok(api.call('POST', `/achievements/${id}/receipts`, { body: { date: '2021-06-01', amount: 19_000_000, voucher: ' 记账凭证 2021-06 第 12 号 ' } }), 201);
    expect(r1).toMatchObject({ status: 'RECORDED', voucher: '记账凭证 2021-06 第 12 号', subsidy: 950_000 });
    const r2 = await ok(receive(id, 2_000_000), 201);
    expect(r2).toMatchObject({ subsidy: 50_000, cumulativeSubsidy: 1_000_000, capReached: true });
    expect(r2.voucher).toBeUndefined();

    const voided = await ok(voidIt(id, r1.id, '  金额录错 wrong amount  '), 200);
    expect(voided).toMatchObject({
      id: r1.id,
      achievementId: id,
      sequence: 1,
      amount: 19_000_000,
      subsidy: 950_000,
      voucher: '记账凭证 2021-06 第 12 号',
      status: 'VOIDED',
      voided: { reason: '金额录错 wrong amount', keyId: 'admin', adjustment: -900_000, cumulativeReceived: 2_000_000, cumulativeSubsidy: 100_000, capReached: false },
    });
    expect(Date.parse(voided.voided.at)).not.toBeNaN();

    const after = await summary();
    expect(fen(after.transferReceived) - fen(before.transferReceived)).toBe(fen(2_000_000));
    expect(fen(after.transferSubsidy) - fen(before.transferSubsidy)).toBe(fen(100_000));

    // The next receipt earns on the surviving 2,000,000.
    const r3 = await ok(receive(id, 1_000_000), 201);
    expect(r3).toMatchObject({ sequence: 3, subsidy: 50_000, cumulativeReceived: 3_000_000, cumulativeSubsidy: 150_000, capReached: false });

    // History: one RECEIPT_VOIDED, with its reason and the receipt in the answer's shape (yuan).
    const history = await ok(api.call('GET', `/applications/${applicationId}/history`), 200);
    const voids = history.items.filter((e: { type: string }) => e.type === 'RECEIPT_VOIDED');
    expect(voids).toHaveLength(1);
    expect(voids[0]).toMatchObject({ keyId: 'admin', reason: '金额录错 wrong amount', data: { id: r1.id, status: 'VOIDED', amount: 19_000_000, voided: { adjustment: -900_000 } } });
    await expectConsistent(id);

    // GET /achievements/{id}: every receipt, the voided one included, and the figures of those not voided.
    const read = await ok(api.call('GET', `/achievements/${id}`, { key: await api.key('viewer') }), 200);
    expect(read).toMatchObject({ id, applicationId, cumulativeReceived: 3_000_000, cumulativeSubsidy: 150_000, capReached: false });
    expect(read.receipts.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([
      [r1.id, 'VOIDED'],
      [r2.id, 'RECORDED'],
      [r3.id, 'RECORDED'],
    ]);
    expect(read.receipts[0]).toEqual(voided);
  });

  it('refusals: voided twice 409 CONFLICT, unknown receipt or achievement 404, a reason required, other districts 403', async () => {
    const { id } = await achievement();
    const r = await ok(receive(id, 100_000), 201);
    await ok(voidIt(id, r.id), 200);
    const again = await voidIt(id, r.id);
    expectError(again, 409, 'CONFLICT', 'receiptId');
    expect(again.body.error.messageZh).toMatch(/已作废/);

    const unknown = await voidIt(id, 'rcpt_missing');
    expectError(unknown, 404, 'NOT_FOUND', 'receiptId');
    expect(unknown.body.error.messageZh).toBeTruthy();
    expectError(await voidIt('ach_missing', r.id), 404, 'NOT_FOUND', 'id');
    expectError(await api.call('GET', '/achievements/ach_missing'), 404, 'NOT_FOUND', 'id');
    expectError(await api.call('GET', `/achievements/${id}`, { key: await api.key('district', 'WANZHOU') }), 403, 'FORBIDDEN');
    // A receipt of another achievement is not this one's.
    const other = await achievement();
    expectError(await voidIt(other.id, r.id), 404, 'NOT_FOUND', 'receiptId');

    const r2 = await ok(receive(id, 100_000), 201);
    for (const body of [{}, { reason: '' }, { reason: '   ' }, { reason: 'x'.repeat(501) }, { reason: 5 }]) {
      const bad = await api.call('POST', `/achievements/${id}/receipts/${r2.id}/void`, { body });
      expectError(bad, 400, 'INVALID', 'reason');
    }
    expectError(await api.call('POST', `/achievements/${id}/receipts/${r2.id}/void`, { body: { reason: 'r', extra: 1 } }), 400, 'INVALID');

    expectError(await voidIt(id, r2.id, 'r', { key: await api.key('district', 'WANZHOU') }), 403, 'FORBIDDEN');
    expectError(await voidIt(id, r2.id, 'r', { key: await api.key('viewer') }), 403, 'FORBIDDEN');
    // Nothing of that changed the receipt: its own district's key voids it.
    const mine = await ok(voidIt(id, r2.id, 'r', { key: await api.key('district', 'YUBEI') }), 200);
    expect(mine.voided).toMatchObject({ adjustment: -5_000, cumulativeReceived: 0, cumulativeSubsidy: 0 });
    await expectConsistent(id);
  });

  it('under an Idempotency-Key a void is replayed, not voided again; a kept 409 is replayed too', async () => {
    const { id } = await achievement();
    const r = await ok(receive(id, 300_000), 201);
    const before = await summary();
    const headers = { 'Idempotency-Key': `void-${id}` };
    const first = await voidIt(id, r.id, 'why', { headers });
    expect(first.status).toBe(200);
    const replay = await voidIt(id, r.id, 'why', { headers });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replay')).toBe('true');
    expect(replay.body).toEqual(first.body);
    expectError(await voidIt(id, r.id, 'another reason', { headers }), 409, 'CONFLICT', 'Idempotency-Key');
    const after = await summary();
    expect(fen(after.transferReceived) - fen(before.transferReceived)).toBe(-fen(300_000));
    expect(fen(after.transferSubsidy) - fen(before.transferSubsidy)).toBe(-fen(15_000));

    // Racing retries of one void under one key: one void, one answer for all.
    const r2 = await ok(receive(id, 40_000), 201);
    const racing = await Promise.all(Array.from({ length: 10 }, () => voidIt(id, r2.id, 'why', { headers: { 'Idempotency-Key': `void-race-${id}` } })));
    for (const a of racing) expect({ status: a.status, body: a.body }).toEqual({ status: 200, body: racing[0]!.body });
    expect(racing[0]!.body.voided.adjustment).toBe(-2_000);

    const refusedKey = { 'Idempotency-Key': `void-again-${id}` };
    const refused = await voidIt(id, r.id, 'why', { headers: refusedKey });
    expectError(refused, 409, 'CONFLICT', 'receiptId');
    const refusedReplay = await voidIt(id, r.id, 'why', { headers: refusedKey });
    expect({ status: refusedReplay.status, body: refusedReplay.body, replay: refusedReplay.headers.get('idempotent-replay') }).toEqual({ status: 409, body: refused.body, replay: 'true' });
  });
});

describe('receipt void vectors over the API', () => {
  for (const v of receiptVoidVectors) {
    it(`${v.name} [${v.clause}]`, async () => {
      const { id } = await achievement();
      const before = await summary();
      const made: string[] = [];
      const results: number[] = [];
      let last: any;
      for (const [i, step] of v.input.entries()) {
        if ('receive' in step) {
          last = await ok(receive(id, step.receive), 201);
          made[i] = last.id;
          results.push(last.subsidy);
          last = { cumulativeReceived: last.cumulativeReceived, cumulativeSubsidy: last.cumulativeSubsidy, capReached: last.capReached };
        } else {
          const answer = await ok(voidIt(id, made[step.void]!), 200);
          results.push(answer.voided.adjustment);
          last = answer.voided;
        }
      }
      expect(results).toEqual(v.expected.results);
      expect({ cumulativeReceived: last.cumulativeReceived, cumulativeSubsidy: last.cumulativeSubsidy, capReached: last.capReached }).toEqual({
        cumulativeReceived: v.expected.cumulativeReceived,
        cumulativeSubsidy: v.expected.cumulativeSubsidy,
        capReached: v.expected.capReached,
      });
      const after = await summary();
      expect(fen(after.transferReceived) - fen(before.transferReceived)).toBe(fen(v.expected.cumulativeReceived));
      expect(fen(after.transferSubsidy) - fen(before.transferSubsidy)).toBe(fen(v.expected.cumulativeSubsidy));
      expect(await expectConsistent(id)).toEqual({ received: fen(v.expected.cumulativeReceived), subsidy: fen(v.expected.cumulativeSubsidy) });
    });
  }
});

describe('receipts dated inside the plan and not after today (Asia/Shanghai)', () => {
  it('refuses 2031-01-01, 9999-12-31, tomorrow and 2019-12-26 naming date; takes today and 2019-12-27', async () => {
    const { id } = await achievement();
    const now = Date.now();
    const today = dateInTimeZone(new Date(now), 'Asia/Shanghai')!;
    const tomorrow = dateInTimeZone(new Date(now + 86_400_000), 'Asia/Shanghai')!;
    for (const [date, reason] of [
      ['2031-01-01', 'AFTER_TODAY'],
      ['9999-12-31', 'AFTER_TODAY'],
      [tomorrow, 'AFTER_TODAY'],
      ['2019-12-26', 'BEFORE_PLAN'],
    ] as const) {
      const refused = await receive(id, 100, date);
      expectError(refused, 400, 'INVALID', 'date');
      expect(refused.body.error.reason, date).toBe(reason);
      expect(refused.body.error.messageZh).toBeTruthy();
    }
    expect((await ok(receive(id, 100, today), 201)).date).toBe(today);
    expect((await ok(receive(id, 100, '2019-12-27'), 201)).sequence).toBe(2);
    const tooLong = await api.call('POST', `/achievements/${id}/receipts`, { body: { date: today, amount: 1, voucher: '凭'.repeat(101) } });
    expectError(tooLong, 400, 'INVALID', 'voucher');
    expectError(await api.call('POST', `/achievements/${id}/receipts`, { body: { date: today, amount: 1, voucher: '  ' } }), 400, 'INVALID', 'voucher');
    await expectConsistent(id);
  });
});

describe('races on one achievement', () => {
  it('10 receipts of 3,000,000 and voids of 5 earlier receipts, all at once: the subsidy is the rule on the surviving sum', async () => {
    const { id } = await achievement();
    const before = await summary();
    const earlier = [];
    for (let i = 0; i < 5; i++) earlier.push(await ok(receive(id, 3_000_000 + i), 201));
    const answers = await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => receive(id, 3_000_000 + 100 + i)),
      ...earlier.map((r) => voidIt(id, r.id, 'race')),
    ]);
    for (const a of answers) expect([200, 201], JSON.stringify(a.body)).toContain(a.status);
    const { received, subsidy } = await expectConsistent(id);
    expect(received).toBe(Array.from({ length: 10 }, (_, i) => fen(3_000_000 + 100 + i)).reduce((s, a) => s + a, 0));
    expect(subsidy).toBe(CAP); // 30,001,045 received: the cap binds
    const after = await summary();
    expect(fen(after.transferReceived) - fen(before.transferReceived)).toBe(received);
    expect(fen(after.transferSubsidy) - fen(before.transferSubsidy)).toBe(subsidy);
    // Each answer's figures are one state of the counter: receipts in order of sequence, voids among them.
    const sequences = answers.filter((a) => a.status === 201).map((a) => a.body.sequence).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 10 }, (_, i) => i + 6));
  });

  it('voids racing receipts below the cap: subsidies plus adjustments add up to the rule on what survives', async () => {
    const { id } = await achievement();
    const before = await summary();
    const earlier = [];
    for (let i = 0; i < 6; i++) earlier.push(await ok(receive(id, 123_456.78 + i), 201));
    const raced = await Promise.all([...Array.from({ length: 6 }, (_, i) => receive(id, 10_000.05 + i)), ...earlier.filter((_, i) => i % 2 === 0).map((r) => voidIt(id, r.id, 'race'))]);
    // Every receipt and every void went through, whatever the order they took.
    expect(raced.map((a) => a.status)).toEqual([...Array<number>(6).fill(201), ...Array<number>(3).fill(200)]);
    const { received, subsidy } = await expectConsistent(id);
    // What stands: the 6 new receipts and the 3 earlier ones not voided.
    const standing = [1, 3, 5].reduce((sum, i) => sum + fen(123_456.78 + i), 0) + Array.from({ length: 6 }, (_, i) => fen(10_000.05 + i)).reduce((a, b) => a + b, 0);
    expect(received).toBe(standing);
    expect(subsidy).toBeLessThan(CAP);
    const after = await summary();
    expect(fen(after.transferReceived) - fen(before.transferReceived)).toBe(received);
    expect(fen(after.transferSubsidy) - fen(before.transferSubsidy)).toBe(subsidy);
  });

  it('20 voids of one receipt: one 200, the others 409 CONFLICT', async () => {
    const { id } = await achievement();
    const r = await ok(receive(id, 500_000), 201);
    await ok(receive(id, 700_000), 201);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => voidIt(id, r.id, `try ${i}`)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    for (const a of answers.filter((x) => x.status !== 200)) expectError(a, 409, 'CONFLICT', 'receiptId');
    expect(await expectConsistent(id)).toEqual({ received: fen(700_000), subsidy: fen(35_000) });
  });
});

describe('property over HTTP: any sequence of receipts and voids', () => {
  it('keeps the cumulative subsidy = the rule on the surviving sum, never above the cap; the summary moves by it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.record({ receive: fc.integer({ min: 1, max: 3_000_000_000 }) }), fc.record({ voidPick: fc.nat() })), { minLength: 1, maxLength: 8 }),
        async (steps) => {
          const { id } = await achievement();
          const before = await summary();
          const standing: string[] = [];
          let expectedSubsidy = 0;
          let received = 0;
          const amounts = new Map<string, number>();
          for (const step of steps) {
            if ('receive' in step) {
              const r = await ok(receive(id, toYuan(step.receive)), 201);
              standing.push(r.id);
              amounts.set(r.id, step.receive);
              received += step.receive;
            } else if (standing.length > 0) {
              const [receiptId] = standing.splice(step.voidPick % standing.length, 1);
              const v = await ok(voidIt(id, receiptId!), 200);
              received -= amounts.get(receiptId!)!;
              expect(fen(v.voided.cumulativeReceived)).toBe(received);
              expect(fen(v.voided.cumulativeSubsidy)).toBe(cumulativeTransferSubsidy(E, received));
            }
            expectedSubsidy = cumulativeTransferSubsidy(E, received);
            expect(expectedSubsidy).toBeLessThanOrEqual(CAP);
          }
          expect(await expectConsistent(id)).toEqual({ received, subsidy: expectedSubsidy });
          const after = await summary();
          expect(fen(after.transferReceived) - fen(before.transferReceived)).toBe(received);
          expect(fen(after.transferSubsidy) - fen(before.transferSubsidy)).toBe(expectedSubsidy);
        },
      ),
      { numRuns: 10 },
    );
  }, 120_000);
});

describe('reconcile', () => {
  it('finds no drift over all the receipts and voids above', async () => {
    expect((await findDrifts(tableClient())).drifts.map(describeDrift)).toEqual([]);
  });
});

describe('/openapi.json documents the answers', () => {
  it('a receipt with its voucher, a void (200, 404, 409, 400, 403) and a DUPLICATE achievement match their schemas', async () => {
    const document = (await api.call('GET', '/openapi.json')).body as OpenAPIV3.Document;
    const ajv = new Ajv({ strict: false, allErrors: true });
    const documented = (method: string, path: string, answer: Answer) => {
      const operation = (document.paths[path] as Record<string, OpenAPIV3.OperationObject> | undefined)?.[method];
      const response = operation?.responses[String(answer.status)] as OpenAPIV3.ResponseObject | undefined;
      expect(response, `${method} ${path} documents ${answer.status}`).toBeDefined();
      const validate = ajv.compile({ ...response?.content?.['application/json']?.schema, components: document.components });
      expect(validate(answer.body), `${method} ${path} ${answer.status}: ${JSON.stringify(validate.errors)}`).toBe(true);
    };
    const VOID = '/achievements/{id}/receipts/{receiptId}/void';
    const { id, applicationId } = await achievement();
    const r = await api.call('POST', `/achievements/${id}/receipts`, { body: { date: '2021-06-01', amount: 1000, voucher: 'V-1' } });
    documented('post', '/achievements/{id}/receipts', r);
    documented('post', VOID, await voidIt(id, r.body.id));
    documented('post', VOID, await voidIt(id, r.body.id)); // 409
    documented('post', VOID, await voidIt(id, 'rcpt_none')); // 404
    documented('post', VOID, await api.call('POST', `/achievements/${id}/receipts/${r.body.id}/void`, { body: {} })); // 400
    documented('post', VOID, await voidIt(id, r.body.id, 'r', { key: await api.key('district', 'WANZHOU') })); // 403
    const contractNo = `DOC-${id}`;
    documented('post', '/achievements', await api.call('POST', '/achievements', { body: { applicationId, title: 't', contractNo } }));
    const dup = await api.call('POST', '/achievements', { body: { applicationId, title: 't', contractNo: contractNo.toLowerCase() } });
    expect(dup.status).toBe(409);
    documented('post', '/achievements', dup);
    documented('get', '/achievements/{id}', await api.call('GET', `/achievements/${id}`));
    documented('get', '/achievements/{id}', await api.call('GET', '/achievements/ach_none'));
    documented('get', '/applications/{id}/history', await api.call('GET', `/applications/${applicationId}/history`));
  });
});
