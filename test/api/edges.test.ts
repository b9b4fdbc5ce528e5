/**
 * Issue 14's rules at the API's edges, each stated so that its mutant fails:
 * - a partner's name and country are never blank (only spaces, tabs, ideographic spaces) nor too long, at every place
 *   a partner is accepted: POST /applications, PATCH /applications/{id} (`partner` amended per field) and
 *   POST /partners/merge (`name`, `into`); refused with a 400 naming the field, nothing stored; at the bound, stored;
 * - a receipt (like a payment) of nothing is refused: 0, "0.00", and float noise of 0 (an approval of 0 is an approval
 *   of nothing, and is taken: test/vectors/approvals.json, test/api/summary-figures.test.ts);
 * - a 409 answered under an Idempotency-Key is kept: the retry gets the same 409 marked `idempotent-replay`, even once
 *   a second run would be taken.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { application, ok } from './helpers.js';
import { startInProcess, type Answer, type InProcess } from './in-process.js';

let api: InProcess;
beforeAll(async () => {
  api = await startInProcess('edges-test');
}, 120_000);
afterAll(() => api?.close());

/** CONTRACT.md §3: partner and institution names at most 200 characters (stated here, not read from the schemas under test). */
const NAME_MAX = 200;
const COUNTRY_MAX = 100;
const BLANKS = ['', '   ', '\t', '\u3000\u3000'];

function refusedWith(answer: Answer, status: number, code: string, field: string): void {
  expect({ status: answer.status, code: answer.body?.error?.code, field: answer.body?.error?.field }, JSON.stringify(answer.body)).toEqual({ status, code, field });
  expect(answer.body.error.message).toMatch(/\S/);
  expect(answer.body.error.messageZh).toMatch(/\p{Script=Han}/u);
}

const figures = async () => (await ok(api.call('reports', 'GET', '/reports/summary'), 200)) as { applications: number; partnersIntroduced: number };
const partner = (over: Record<string, unknown> = {}) => ({ name: 'Edge University', type: 'DOMESTIC_UNIVERSITY', country: 'CN', ...over });

describe('a partner name or country blank or too long is refused wherever a partner is accepted', () => {
  it('POST /applications: 400 naming partner.name / partner.country, nothing stored; at the bound it is stored', async () => {
    const before = await figures();
    for (const [field, max] of [['name', NAME_MAX], ['country', COUNTRY_MAX]] as const) {
      for (const value of [...BLANKS, 'x'.repeat(max + 1)]) {
        const answer = await api.call('applications', 'POST', '/applications', { body: application({ partner: partner({ [field]: value }), ratingDate: '2020-06-30' }) });
        refusedWith(answer, 400, 'INVALID', `partner.${field}`);
      }
    }
    expect(await figures(), 'nothing stored, nothing counted').toEqual(before);
    const atBound = await ok(api.call('applications', 'POST', '/applications', { body: application({ partner: partner({ name: 'n'.repeat(NAME_MAX), country: 'c'.repeat(COUNTRY_MAX) }) }) }), 201);
    expect(atBound.partner).toMatchObject({ name: 'n'.repeat(NAME_MAX), country: 'c'.repeat(COUNTRY_MAX) });
  });

  it('PATCH /applications/{id}: a blank or too long partner.name / partner.country is 400 naming it; the application is unchanged', async () => {
    const id = (await ok(api.call('applications', 'POST', '/applications', { body: application({ partner: partner() }) }), 201)).id as string;
    const stored = async () => (await ok(api.call('applications', 'GET', `/applications/${id}`), 200)).application;
    const was = await stored();
    for (const [field, max] of [['name', NAME_MAX], ['country', COUNTRY_MAX]] as const) {
      for (const value of [...BLANKS, 'x'.repeat(max + 1)]) {
        const answer = await api.call('applications', 'PATCH', `/applications/${id}`, { body: { partner: { [field]: value }, reason: '更正 correction' } });
        refusedWith(answer, 400, 'INVALID', `partner.${field}`);
      }
    }
    expect(await stored()).toEqual(was);
    const amended = await ok(api.call('applications', 'PATCH', `/applications/${id}`, { body: { partner: { name: 'm'.repeat(NAME_MAX), country: 'd'.repeat(COUNTRY_MAX) }, reason: '更正 correction' } }), 200);
    expect(amended.partner).toMatchObject({ name: 'm'.repeat(NAME_MAX), type: 'DOMESTIC_UNIVERSITY', country: 'd'.repeat(COUNTRY_MAX) });
  });

  it('a partner name with no letters or digits (zero-width space, dashes, a middle dot) is refused too: it could never be counted or merged', async () => {
    // A merge already refuses such a name (functions/services/partners.ts); an application took it and its rating never
    // counted towards the goal (一 工作目标), saying nothing.
    const id = (await ok(api.call('applications', 'POST', '/applications', { body: application({ partner: partner() }) }), 201)).id as string;
    const before = await figures();
    for (const name of ['\u200B', '——', ' ・ ', '\u200B-\u200B']) {
      refusedWith(await api.call('applications', 'POST', '/applications', { body: application({ partner: partner({ name }), ratingDate: '2020-06-30' }) }), 400, 'INVALID', 'partner.name');
      refusedWith(await api.call('applications', 'PATCH', `/applications/${id}`, { body: { partner: { name }, reason: '更正 correction' } }), 400, 'INVALID', 'partner.name');
    }
    expect(await figures(), 'nothing stored, nothing counted').toEqual(before);
    expect((await ok(api.call('applications', 'GET', `/applications/${id}`), 200)).application.partner.name).toBe('Edge University');
  });

  it('POST /partners/merge: a blank or too long name / into is 400 naming it', async () => {
    for (const field of ['name', 'into'] as const) {
      for (const value of [...BLANKS, 'x'.repeat(NAME_MAX + 1)]) {
        const answer = await api.call('partners', 'POST', '/partners/merge', { body: { name: 'Edge Uni', into: 'Edge University', [field]: value } });
        refusedWith(answer, 400, 'INVALID', field);
      }
    }
  });
});

describe('a receipt of nothing is refused, as a payment of nothing is', () => {
  it('0, "0.00" and float noise of 0 (5.551115123125783e-17): 400 naming amount, nothing recorded', async () => {
    const rated = (await ok(api.call('applications', 'POST', '/applications', { body: application({ category: 'TRANSFER_BASE', ratingDate: '2021-03-01' }) }), 201)).id as string;
    const achievement = (await ok(api.call('achievements', 'POST', '/achievements', { body: { applicationId: rated, title: '零到账', contractNo: 'HT-0' } }), 201)).id as string;
    const before = await ok(api.call('reports', 'GET', '/reports/summary'), 200);
    for (const amount of [0, '0.00', '¥0', 5.551115123125783e-17]) {
      refusedWith(await api.call('achievements', 'POST', `/achievements/${achievement}/receipts`, { body: { date: '2021-06-01', amount } }), 400, 'INVALID', 'amount');
      refusedWith(await api.call('applications', 'POST', `/applications/${rated}/payments`, { body: { item: 'INITIAL_GRANT', year: 2021, amount } }), 400, 'INVALID', 'amount');
    }
    expect((await ok(api.call('achievements', 'GET', `/achievements/${achievement}`), 200)).receipts).toEqual([]);
    expect((await ok(api.call('applications', 'GET', `/applications/${rated}/payments`), 200)).items).toEqual([]);
    expect(await ok(api.call('reports', 'GET', '/reports/summary'), 200)).toEqual(before);
    // One fen is something: its receipt is the first.
    expect(await ok(api.call('achievements', 'POST', `/achievements/${achievement}/receipts`, { body: { date: '2021-06-01', amount: 0.01 } }), 201)).toMatchObject({ sequence: 1, cumulativeReceived: 0.01 });
  });
});

describe("an achievement's received total is held to the largest amount (MAX_YUAN: every sum a safe integer)", () => {
  it('10,000,000,000,000 in one receipt is taken (at the bound); one fen more is 400 naming amount, nothing recorded', async () => {
    const rated = (await ok(api.call('applications', 'POST', '/applications', { body: application({ category: 'TRANSFER_BASE', ratingDate: '2021-03-01' }) }), 201)).id as string;
    const achievement = (await ok(api.call('achievements', 'POST', '/achievements', { body: { applicationId: rated, title: '最大到账', contractNo: 'HT-MAX' } }), 201)).id as string;
    const receipt = (amount: number | string) => api.call('achievements', 'POST', `/achievements/${achievement}/receipts`, { body: { date: '2021-06-01', amount } });
    // 5% of it is far past the cap: the subsidy is the cap, 1,000,000 (三(七)).
    expect(await ok(receipt('10,000,000,000,000.00'), 201)).toMatchObject({ sequence: 1, cumulativeReceived: 10_000_000_000_000, subsidy: 1_000_000, capReached: true });
    const before = await ok(api.call('reports', 'GET', '/reports/summary'), 200);
    refusedWith(await receipt(0.01), 400, 'INVALID', 'amount');
    expect(await ok(api.call('reports', 'GET', '/reports/summary'), 200)).toEqual(before);
    expect((await ok(api.call('achievements', 'GET', `/achievements/${achievement}`), 200)).receipts).toHaveLength(1);
  });
});

describe('a 409 answered under an Idempotency-Key is kept', () => {
  it('the retry gets the first 409 back, marked idempotent-replay, though running it again now would be 201', async () => {
    const body = application({ partner: partner({ name: 'Replay University' }) });
    const open = (await ok(api.call('applications', 'POST', '/applications', { body }), 201)).id as string;
    const refused = await api.call('applications', 'POST', '/applications', { body, idempotencyKey: 'dup-409' });
    refusedWith(refused, 409, 'DUPLICATE', 'institution');
    expect(refused.body.error.existingId).toBe(open);
    expect(refused.headers['idempotent-replay']).toBeUndefined();
    // The duplicate closed: a second run of the request would now be taken.
    await ok(api.call('applications', 'POST', `/applications/${open}/withdraw`, { body: { reason: '撤回 withdrawn' } }), 200);
    const before = await figures();
    const retried = await api.call('applications', 'POST', '/applications', { body, idempotencyKey: 'dup-409' });
    expect({ status: retried.status, body: retried.body }).toEqual({ status: 409, body: refused.body });
    expect(retried.headers['idempotent-replay']).toBe('true');
    expect(await figures(), 'the retry stored nothing').toEqual(before);
    // Without the key, the same body is a new request: taken.
    expect((await api.call('applications', 'POST', '/applications', { body })).status).toBe(201);
  });
});
