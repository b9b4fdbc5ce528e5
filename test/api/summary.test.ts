/**
 * GET /reports/summary (CONTRACT.md §3): money by district beside money by year, the city's or one district's figures
 * (`?district=`; a district key only its own), the 中文 label of every code it answers, and still one read of the
 * scope's counters however many applications there are. Checked against what the records add up to: each
 * application's ledger view and its payments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { application, ok, refused } from './helpers.js';
import { startInProcess, type InProcess } from './in-process.js';

let api: InProcess;
let yubei: string;
let jiangbei: string;
beforeAll(async () => {
  api = await startInProcess('summary-test');
  const key = async (district: string) => (await ok(api.call('keys', 'POST', '/keys', { body: { role: 'district', district, label: `${district} 科技局` } }), 201)).key as string;
  yubei = await key('YUBEI');
  jiangbei = await key('JIANGBEI');
}, 120_000);
afterAll(() => api?.close());

const summary = (query = '', key?: string) =>
  api.call('reports', 'GET', `/reports/summary${query}`, key ? { key } : {}).then((a) => ({ ...a, headers: new Headers(a.headers) }));

async function rated(district: string, ratingDate = '2020-06-30'): Promise<string> {
  const created = await ok(api.call('applications', 'POST', '/applications', { body: application({ district, partner: { name: `Partner ${district} ${Math.random()}`, type: 'DOMESTIC_UNIVERSITY', country: 'CN' } }) }), 201);
  await ok(api.call('applications', 'POST', `/applications/${created.id}/rating`, { body: { ratingDate } }), 200);
  return created.id as string;
}

/** What one application's records say it commits (each ledger row's approval, else its cap) and has paid (not voided). */
async function money(id: string): Promise<{ committed: number; paid: number }> {
  const view = await ok(api.call('applications', 'GET', `/applications/${id}`), 200);
  const payments = (await ok(api.call('applications', 'GET', `/applications/${id}/payments`), 200)).items as { amount: number; status?: string; voidedAt?: string }[];
  const fen = (yuan: number) => Math.round(yuan * 100);
  const committed = (view.ledger as { cap?: number; approved?: number }[]).reduce((sum, row) => sum + fen(row.approved ?? row.cap ?? 0), 0);
  const paid = payments.filter((p) => p.status !== 'VOIDED' && p.voidedAt === undefined).reduce((sum, p) => sum + fen(p.amount), 0);
  return { committed, paid };
}

describe('money by district', () => {
  it('committedByDistrict and paidByDistrict equal what each district\'s records add up to, and the city\'s equal the sum of its districts\'', async () => {
    const before = await ok(summary(), 200);
    const y1 = await rated('YUBEI');
    const y2 = await rated('YUBEI', '2021-03-01');
    const j1 = await rated('JIANGBEI');
    await ok(api.call('applications', 'POST', `/applications/${y1}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 1_000_000 } }), 201);
    const voided = await ok(api.call('applications', 'POST', `/applications/${y2}/payments`, { body: { item: 'INITIAL_GRANT', year: 2021, amount: 250_000.5 } }), 201);
    await ok(api.call('applications', 'POST', `/applications/${y2}/payments/${voided.id}/void`, { body: { reason: '重复录入 entered twice' } }), 200);
    await ok(api.call('applications', 'POST', `/applications/${j1}/approvals`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 3_000_000, reason: '核定 approved' } }), 201);
    await ok(api.call('applications', 'POST', `/applications/${j1}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 3_000_000 } }), 201);

    const after = await ok(summary(), 200);
    const moved = (field: string, district: string) => Math.round(((after[field][district] ?? 0) - (before[field][district] ?? 0)) * 100);
    const [a, b, c] = await Promise.all([money(y1), money(y2), money(j1)]);
    expect(moved('committedByDistrict', 'YUBEI')).toBe(a.committed + b.committed);
    expect(moved('paidByDistrict', 'YUBEI')).toBe(a.paid + b.paid);
    expect(moved('committedByDistrict', 'JIANGBEI')).toBe(c.committed);
    expect(moved('paidByDistrict', 'JIANGBEI')).toBe(c.paid);
    expect(c.paid).toBe(300_000_000);
    expect(b.paid, 'the voided payment is not paid').toBe(0);

    const total = (figures: Record<string, number>) => Math.round(Object.values(figures).reduce((s, v) => s + v, 0) * 100);
    expect(total(after.committedByDistrict)).toBe(total(after.committedByYear));
    expect(total(after.paidByDistrict)).toBe(total(after.paidByYear));
    expect(after.labels).toMatchObject({ YUBEI: '渝北区', JIANGBEI: '江北区', HIGH_END_RD_INSTITUTION: expect.stringMatching(/\p{Script=Han}/u), BIG_DATA: expect.stringMatching(/\p{Script=Han}/u) });
    expect(after).toMatchObject({ scope: 'ALL', scopeLabel: '全市' });
  });
});

describe('?district=', () => {
  it("answers that district's figures, the same a district key reads; the district's money is its own only", async () => {
    const id = await rated('YUBEI');
    await ok(api.call('applications', 'POST', `/applications/${id}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 500 } }), 201);
    const asked = await ok(summary('?district=YUBEI'), 200);
    const own = await ok(summary('', yubei), 200);
    expect(asked).toEqual(own);
    expect(asked).toMatchObject({ scope: 'YUBEI', scopeLabel: '渝北区' });
    expect(Object.keys(asked.committedByDistrict)).toEqual(['YUBEI']);
    expect(Object.keys(asked.paidByDistrict)).toEqual(['YUBEI']);
    const city = await ok(summary(), 200);
    expect(asked.paidByDistrict.YUBEI).toBe(city.paidByDistrict.YUBEI);
    expect(asked.applications).toBeLessThan(city.applications);
    expect(await ok(summary('?district=渝北区'), 200), 'a district may be named by its 中文 label').toEqual(asked);
    expect(await ok(summary('?district=YUBEI', yubei), 200), 'a district key may name its own district').toEqual(own);
  });

  it('a district key asking for another district is 403; an unknown district or parameter is 400 naming it; nothing is read wrongly', async () => {
    await refused(summary('?district=YUBEI', jiangbei), 403, 'FORBIDDEN', 'district');
    await refused(summary('?district=ATLANTIS'), 400, 'INVALID', 'district');
    await refused(summary('?year=2020'), 400, 'INVALID', 'year');
    await refused(summary('?district=YUBEI&scope=ALL'), 400, 'INVALID', 'scope');
  });
});

describe('one read', () => {
  it('reads the scope\'s counters in one Query, whatever the number of applications', async () => {
    const reads = async (query: string) => {
      api.clearLog();
      await ok(summary(query), 200);
      return api.log.map((s) => s.command);
    };
    const city = await reads('');
    const district = await reads('?district=JIANGBEI');
    for (let i = 0; i < 5; i++) await rated('JIANGBEI');
    expect(await reads('')).toEqual(city);
    expect(await reads('?district=JIANGBEI')).toEqual(district);
    expect(city.filter((c) => c !== 'GetItemCommand'), 'no Scan, one Query').toEqual(['QueryCommand']);
  });
});
