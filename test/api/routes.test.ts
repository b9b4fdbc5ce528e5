/** Every route of CONTRACT.md §3 over HTTP: the happy paths, the answers' shapes, history, listing, summary. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { application, expectError, ratedApplication, startApi, type Client } from './helpers.js';

let api: Client;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.close());

describe('policy routes', () => {
  it('GET /health needs no key', async () => {
    expect(await api.call('GET', '/health', { key: null })).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('HEAD /health needs no key either (CONTRACT.md §3): 200, no body', async () => {
    const res = await fetch(`${api.url}/health`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('GET /policy lists the parameters with dates and clauses, money in yuan', async () => {
    const { status, body } = await api.call('GET', '/policy');
    expect(status).toBe(200);
    expect(body.docNo).toBe('渝府办发〔2019〕126号');
    const grant = body.parameters.find((p: { name: string }) => p.name === 'support.HIGH_END_RD_INSTITUTION.initialGrant');
    expect(grant).toMatchObject({ value: 10_000_000, unit: 'yuan', effectiveFrom: '2019-12-27', clause: '三(一)' });
    const cap = body.parameters.find((p: { name: string }) => p.name === 'transferSubsidy.capPerAchievement');
    expect(cap.value).toBe(1_000_000);
  });

  it('POST /calculate answers the schedule; labels work as codes', async () => {
    const { status, body } = await api.call('POST', '/calculate', { body: { category: '联合研发基地（中心）', ratingDate: '2021-03-01', talent: 'cas_academician' } });
    expect(status).toBe(200);
    expect(body.totalCap).toBe(27_000_000);
    expect(body.schedule[0]).toEqual({ year: 2021, item: 'INITIAL_GRANT', itemLabel: '评定资助', cap: 2_000_000, clause: '三(二)' });
    expect(body.edition).toBe('cq-2019-126');
  });

  it('POST /calculate outside the plan is 400 naming ratingDate', async () => {
    const answer = await api.call('POST', '/calculate', { body: { category: 'JOINT_RD_BASE', ratingDate: '2023-01-01' } });
    expectError(answer, 400, 'INVALID', 'ratingDate');
    expect(answer.body.error.reason).toBe('AFTER_PLAN');
  });

  it('GET /openapi.json describes every route of the manifest', async () => {
    const { status, body } = await api.call('GET', '/openapi.json');
    expect(status).toBe(200);
    const { FUNCTIONS } = await import('../../functions/manifest.js');
    const documented = Object.entries(body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(FUNCTIONS.flatMap((f) => f.routes).sort());
    expect(body.paths['/applications'].post.requestBody.content['application/json'].schema).toBeDefined();
  });
});

describe('applications', () => {
  it('POST /applications stores and answers 201 with an id; GET answers the same', async () => {
    const created = await api.call('POST', '/applications', { body: application({ requestedAmount: 1234.5, district: '渝北区' }) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'SUBMITTED', district: 'YUBEI', requestedAmount: 1234.5 });
    const read = await api.call('GET', `/applications/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ application: created.body, ledger: [], achievements: [], support: [] });
  });

  it('rating makes it RATED with its schedule; a second rating is 409', async () => {
    const created = await api.call('POST', '/applications', { body: application({ category: 'TRANSFER_BASE', partner: { name: 'Peking University', type: 'DOMESTIC_UNIVERSITY', country: 'CN' } }) });
    const rated = await api.call('POST', `/applications/${created.body.id}/rating`, { body: { ratingDate: '2021-05-01', approvedInitial: 1500000 } });
    expect(rated.status).toBe(200);
    expect(rated.body.status).toBe('RATED');
    expect(rated.body.rating).toMatchObject({ ratingDate: '2021-05-01', approvedInitial: 1_500_000, totalCap: 4_000_000 });
    expectError(await api.call('POST', `/applications/${created.body.id}/rating`, { body: { ratingDate: '2021-05-02' } }), 409, 'CONFLICT');
  });

  it('a high-end institution that is no legal person is refused at filing: 400 naming legalPerson (二(一))', async () => {
    const answer = await api.call('POST', '/applications', { body: application({ legalPerson: false }) });
    expectError(answer, 400, 'INVALID', 'legalPerson');
    expect(answer.body.error).toMatchObject({ reason: 'NOT_LEGAL_PERSON', clause: '二(一)' });
  });

  it('payments: within the cap 201, past it 409 CAP_EXCEEDED; approvedInitial caps the initial grant', async () => {
    const created = await api.call('POST', '/applications', { body: application() });
    const id = created.body.id;
    expectError(await api.call('POST', `/applications/${id}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 1 } }), 409, 'CONFLICT');
    await api.call('POST', `/applications/${id}/rating`, { body: { ratingDate: '2020-06-30', approvedInitial: 8_000_000 } });
    const first = await api.call('POST', `/applications/${id}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 7_999_999.99 } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ amount: 7_999_999.99, paidToDate: 7_999_999.99, cap: 8_000_000 });
    expectError(await api.call('POST', `/applications/${id}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 0.02 } }), 409, 'CAP_EXCEEDED', 'amount');
    expect((await api.call('POST', `/applications/${id}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 0.01 } })).status).toBe(201);
    expectError(await api.call('POST', `/applications/${id}/payments`, { body: { item: 'ANNUAL_RD_SUPPORT', year: 2020, amount: 1 } }), 400, 'INVALID', 'year');
    expectError(await api.call('POST', `/applications/${id}/payments`, { body: { item: 'PERFORMANCE_SUBSIDY', year: 2021, amount: 1 } }), 400, 'INVALID', 'item');
    expect((await api.call('POST', `/applications/${id}/payments`, { body: { item: 'ANNUAL_RD_SUPPORT', year: 2024, amount: 10_000_000 } })).status).toBe(201);
    const read = await api.call('GET', `/applications/${id}`);
    expect(read.body.ledger).toEqual(
      expect.arrayContaining([
        // The row keeps its cap; approvedInitial is its approval (核定), which payments are held to.
        expect.objectContaining({ item: 'INITIAL_GRANT', year: 2020, paid: 8_000_000, cap: 10_000_000, approved: 8_000_000, remaining: 0 }),
        expect.objectContaining({ item: 'ANNUAL_RD_SUPPORT', year: 2024, paid: 10_000_000, cap: 10_000_000, remaining: 0 }),
      ]),
    );
  });

  it('history lists every change oldest first, with the key id and time', async () => {
    const municipal = await api.key('municipal');
    const id = await ratedApplication(api, {}, '2020-06-30', municipal);
    await api.call('POST', `/applications/${id}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 100 }, key: municipal });
    const { status, body } = await api.call('GET', `/applications/${id}/history`);
    expect(status).toBe(200);
    expect(body.items.map((e: { type: string }) => e.type)).toEqual(['APPLICATION_CREATED', 'APPLICATION_RATED', 'PAYMENT_RECORDED']);
    const keyIds = new Set(body.items.map((e: { keyId: string }) => e.keyId));
    expect(keyIds.size).toBe(1);
    expect([...keyIds][0]).toMatch(/^key_/);
    expect(JSON.stringify(body)).not.toContain(municipal);
    expect(body.items[2].data).toMatchObject({ item: 'INITIAL_GRANT', year: 2020, amount: 100 });
    const times = body.items.map((e: { at: string }) => e.at);
    expect([...times].sort()).toEqual(times);
  });

  it('an application given its rating date is created RATED', async () => {
    const created = await api.call('POST', '/applications', { body: application({ category: 'JOINT_RD_BASE', ratingDate: '2022-12-31' }) });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('RATED');
    expect(created.body.rating.schedule.at(-1)).toEqual({ year: 2025, item: 'ANNUAL_RD_SUPPORT', itemLabel: '年度研发专项', cap: 5_000_000, clause: '三(二)' });
  });

  it('unknown ids are 404', async () => {
    expectError(await api.call('GET', '/applications/app_nope'), 404, 'NOT_FOUND');
    expectError(await api.call('GET', '/applications/app_nope/history'), 404, 'NOT_FOUND');
    expectError(await api.call('POST', '/applications/app_nope/payments', { body: { item: 'INITIAL_GRANT', year: 2020, amount: 1 } }), 404, 'NOT_FOUND');
    expectError(await api.call('POST', '/achievements/ach_nope/receipts', { body: { date: '2021-01-01', amount: 1 } }), 404, 'NOT_FOUND');
  });
});

describe('listing', () => {
  it('filters by district, category, status and field, and pages with nextToken', async () => {
    const field = 'MODERN_AGRICULTURE';
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const a = await api.call('POST', '/applications', { body: application({ district: 'WANZHOU', field, category: i % 2 ? 'JOINT_RD_BASE' : 'TRANSFER_BASE' }) });
      ids.push(a.body.id);
    }
    await api.call('POST', `/applications/${ids[0]}/rating`, { body: { ratingDate: '2021-01-01' } });
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await api.call('GET', `/applications?district=WANZHOU&limit=3${token ? `&nextToken=${encodeURIComponent(token)}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items.map((a: { id: string }) => a.id));
      token = page.body.nextToken;
      pages++;
    } while (token && pages < 10);
    expect(seen.sort()).toEqual([...ids].sort());
    expect(pages).toBe(3);

    const joint = await api.call('GET', `/applications?field=${field}&category=JOINT_RD_BASE`);
    expect(joint.body.items.map((a: { id: string }) => a.id).sort()).toEqual(ids.filter((_, i) => i % 2).sort());
    const rated = await api.call('GET', `/applications?district=WANZHOU&status=RATED`);
    expect(rated.body.items.map((a: { id: string }) => a.id)).toEqual([ids[0]]);
    const all = await api.call('GET', '/applications?limit=100');
    expect(all.body.items.length).toBeGreaterThanOrEqual(7);
  });

  it('pages stay full and complete when a second filter matches sparsely', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const a = await api.call('POST', '/applications', { body: application({ district: 'QIJIANG', category: i % 3 === 0 ? 'TRANSFER_BASE' : 'JOINT_RD_BASE' }) });
      if (i % 3 === 0) ids.push(a.body.id);
    }
    const pages: string[][] = [];
    const created: string[] = [];
    let token: string | undefined;
    do {
      const page = await api.call('GET', `/applications?district=QIJIANG&category=TRANSFER_BASE&limit=2${token ? `&nextToken=${encodeURIComponent(token)}` : ''}`);
      expect(page.status).toBe(200);
      for (const a of page.body.items) {
        expect(a.category).toBe('TRANSFER_BASE');
        created.push(a.createdAt);
      }
      pages.push(page.body.items.map((a: { id: string }) => a.id));
      token = page.body.nextToken;
    } while (token && pages.length < 10);
    expect(pages.flat().sort()).toEqual([...ids].sort());
    expect(pages[0]).toHaveLength(2);
    expect(pages[1]).toHaveLength(2);
    // Newest first.
    expect([...created].sort().reverse()).toEqual(created);
  });

  it('a nextToken from another listing or altered is 400 naming nextToken', async () => {
    const page = await api.call('GET', '/applications?limit=1');
    expect(page.body.nextToken).toBeTypeOf('string');
    expectError(await api.call('GET', `/applications?district=YUBEI&nextToken=${page.body.nextToken}`), 400, 'INVALID', 'nextToken');
    expectError(await api.call('GET', '/applications?nextToken=bm9wZQ'), 400, 'INVALID', 'nextToken');
    expectError(await api.call('GET', '/applications?district=NOWHERE'), 400, 'INVALID', 'district');
    expectError(await api.call('GET', '/applications?limit=0'), 400, 'INVALID', 'limit');
  });
});

describe('achievements and receipts', () => {
  it('5% per instalment, cumulative, capped at 1,000,000 (POLICY example)', async () => {
    const id = await ratedApplication(api, { category: 'TRANSFER_BASE' });
    const ach = await api.call('POST', '/achievements', { body: { applicationId: id, title: '一种新材料', contractNo: 'HT-2021-001' } });
    expect(ach.status).toBe(201);
    expect(ach.body).toMatchObject({ applicationId: id, cumulativeReceived: 0, cumulativeSubsidy: 0, capReached: false });
    const r1 = await api.call('POST', `/achievements/${ach.body.id}/receipts`, { body: { date: '2021-02-01', amount: 19_000_000 } });
    expect(r1.status).toBe(201);
    expect(r1.body).toMatchObject({ subsidy: 950_000, cumulativeReceived: 19_000_000, cumulativeSubsidy: 950_000, capReached: false });
    const r2 = await api.call('POST', `/achievements/${ach.body.id}/receipts`, { body: { date: '2021-03-01', amount: 2_000_000 } });
    expect(r2.body).toMatchObject({ subsidy: 50_000, cumulativeSubsidy: 1_000_000, capReached: true });
    const r3 = await api.call('POST', `/achievements/${ach.body.id}/receipts`, { body: { date: '2021-04-01', amount: 123.45 } });
    expect(r3.body).toMatchObject({ subsidy: 0, cumulativeReceived: 21_000_123.45, capReached: true });
    const history = await api.call('GET', `/applications/${id}/history`);
    expect(history.body.items.filter((e: { type: string }) => e.type === 'RECEIPT_RECORDED')).toHaveLength(3);
  });

  it('receipts dated before the plan are 400 naming date; achievements need a rated application', async () => {
    const id = await ratedApplication(api);
    const ach = await api.call('POST', '/achievements', { body: { applicationId: id, title: 't', contractNo: 'c' } });
    const early = await api.call('POST', `/achievements/${ach.body.id}/receipts`, { body: { date: '2019-12-26', amount: 100 } });
    expectError(early, 400, 'INVALID', 'date');
    expect(early.body.error.reason).toBe('BEFORE_PLAN');
    const submitted = await api.call('POST', '/applications', { body: application() });
    expectError(await api.call('POST', '/achievements', { body: { applicationId: submitted.body.id, title: 't', contractNo: 'c' } }), 409, 'CONFLICT', 'applicationId');
    expectError(await api.call('POST', '/achievements', { body: { applicationId: 'app_missing', title: 't', contractNo: 'c' } }), 404, 'NOT_FOUND', 'applicationId');
  });
});

describe('summary', () => {
  it('counts partners once by normalised name, and money by year', async () => {
    const before = (await api.call('GET', '/reports/summary')).body;
    const partner = (name: string) => ({ name, type: 'FOREIGN_UNIVERSITY', country: 'DE' });
    const a = await ratedApplication(api, { partner: partner('Technische Universität München'), category: 'JOINT_RD_BASE', district: 'JIANGBEI' }, '2021-06-01');
    await ratedApplication(api, { partner: partner('  technische universität münchen. '), category: 'JOINT_RD_BASE', district: 'JIANGBEI' }, '2021-07-01');
    await api.call('POST', `/applications/${a}/payments`, { body: { item: 'INITIAL_GRANT', year: 2021, amount: 1_500_000 } });
    const after = (await api.call('GET', '/reports/summary')).body;
    expect(after.goal).toBe(100);
    expect(after.partnersIntroduced - before.partnersIntroduced).toBe(1);
    expect(after.applications - before.applications).toBe(2);
    expect(after.rated - before.rated).toBe(2);
    expect((after.byDistrict.JIANGBEI ?? 0) - (before.byDistrict.JIANGBEI ?? 0)).toBe(2);
    expect((after.committedByYear['2021'] ?? 0) - (before.committedByYear['2021'] ?? 0)).toBe(4_000_000);
    expect((after.committedByYear['2024'] ?? 0) - (before.committedByYear['2024'] ?? 0)).toBe(10_000_000);
    expect((after.paidByYear['2021'] ?? 0) - (before.paidByYear['2021'] ?? 0)).toBe(1_500_000);
  });

  it('a district key reads its own district only', async () => {
    const key = await api.key('district', 'JIANGBEI');
    const { status, body } = await api.call('GET', '/reports/summary', { key });
    expect(status).toBe(200);
    expect(body.scope).toBe('JIANGBEI');
    expect(Object.keys(body.byDistrict)).toEqual(['JIANGBEI']);
  });
});
