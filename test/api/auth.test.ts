/** The auth matrix of CONTRACT.md §3: no key, wrong key, each role on each route, district keys on other districts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { application, expectError, ratedApplication, startApi, type Client } from './helpers.js';

let api: Client;
let keys: { municipal: string; district: string; otherDistrict: string; viewer: string };
let yubei: string;
let wanzhou: string;
let wanzhouAchievement: string;

beforeAll(async () => {
  api = await startApi();
  keys = {
    municipal: await api.key('municipal'),
    district: await api.key('district', 'YUBEI'),
    otherDistrict: await api.key('district', 'WANZHOU'),
    viewer: await api.key('viewer'),
  };
  yubei = await ratedApplication(api, { district: 'YUBEI' });
  wanzhou = await ratedApplication(api, { district: 'WANZHOU' });
  wanzhouAchievement = (await api.call('POST', '/achievements', { body: { applicationId: wanzhou, title: 't', contractNo: 'c-wanzhou' } })).body.id;
});
afterAll(() => api?.close());

let contracts = 0;
/** Every route with a valid request (ids filled in lazily). */
const routes = (): { method: string; path: string; body?: unknown; write: boolean; adminOnly?: boolean }[] => [
  { method: 'GET', path: '/policy', write: false },
  { method: 'GET', path: '/openapi.json', write: false },
  { method: 'POST', path: '/calculate', body: { category: 'JOINT_RD_BASE', ratingDate: '2020-01-01' }, write: false },
  { method: 'POST', path: '/calculate/transfer-subsidy', body: { received: 100 }, write: false },
  { method: 'GET', path: '/applications', write: false },
  { method: 'GET', path: `/applications/${yubei}`, write: false },
  { method: 'GET', path: `/applications/${yubei}/history`, write: false },
  { method: 'GET', path: '/reports/summary', write: false },
  // A new institution on every call: the same one again would be a duplicate (409).
  {
    method: 'POST',
    path: '/applications',
    get body() {
      return application({ district: 'YUBEI' });
    },
    write: true,
  },
  { method: 'POST', path: `/applications/${yubei}/payments`, body: { item: 'INITIAL_GRANT', year: 2020, amount: 1 }, write: true },
  // A new contract on every request (one contract, one achievement).
  {
    method: 'POST',
    path: '/achievements',
    get body() {
      return { applicationId: yubei, title: 't', contractNo: `c-${++contracts}` };
    },
    write: true,
  },
  { method: 'POST', path: '/keys', body: { role: 'viewer', label: '只读 viewer' }, write: true, adminOnly: true },
];

describe('keys', () => {
  it('no key: 401 on every route but /health', async () => {
    for (const r of routes()) expectError(await api.call(r.method, r.path, { key: null, body: r.body }), 401, 'UNAUTHORIZED');
    expect((await api.call('GET', '/health', { key: null })).status).toBe(200);
  });

  it('a wrong key (also one differing in the last character, or huge): 401', async () => {
    const near = `${keys.viewer.slice(0, -1)}${keys.viewer.endsWith('A') ? 'B' : 'A'}`;
    for (const key of ['nope', near, `${api.adminKey}x`, 'k'.repeat(5000)]) {
      for (const r of routes()) expectError(await api.call(r.method, r.path, { key, body: r.body }), 401, 'UNAUTHORIZED');
    }
  });

  it('POST /keys answers the key once; only its hash is stored (the answer never repeats it)', async () => {
    const made = await api.call('POST', '/keys', { body: { role: 'district', district: '江北区', label: '江北区科技局 李四' } });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ role: 'district', district: 'JIANGBEI', districtLabel: '江北区', label: '江北区科技局 李四' });
    expect(made.body.key).toMatch(/^kc_[\w-]{40,}$/);
    expect((await api.call('GET', '/policy', { key: made.body.key })).status).toBe(200);
    const noDistrict = await api.call('POST', '/keys', { body: { role: 'district', label: 'x' } });
    expectError(noDistrict, 400, 'INVALID', 'district');
    expect(noDistrict.body.error.message).toBe('a district key needs its district');
    const notDistrict = await api.call('POST', '/keys', { body: { role: 'viewer', district: 'YUBEI', label: 'x' } });
    expectError(notDistrict, 400, 'INVALID', 'district');
    expect(notDistrict.body.error.message).toBe('only a district key has a district');
    expectError(await api.call('POST', '/keys', { body: { role: 'admin', label: 'x' } }), 400, 'INVALID', 'role');
  });
});

describe('roles', () => {
  it('admin and municipal: everything (municipal: but keys)', async () => {
    for (const r of routes()) {
      const admin = await api.call(r.method, r.path, { body: r.body });
      expect(admin.status, `${r.method} ${r.path}: ${JSON.stringify(admin.body)}`).toBeLessThan(300);
      const municipal = await api.call(r.method, r.path, { body: r.body, key: keys.municipal });
      if (r.adminOnly) expectError(municipal, 403, 'FORBIDDEN');
      else expect(municipal.status, `${r.method} ${r.path}: ${JSON.stringify(municipal.body)}`).toBeLessThan(300);
    }
  });

  it('viewer: reads only; every write is 403 and writes nothing', async () => {
    const before = (await api.call('GET', '/reports/summary')).body;
    for (const r of routes()) {
      const answer = await api.call(r.method, r.path, { body: r.body, key: keys.viewer });
      if (r.write) expectError(answer, 403, 'FORBIDDEN');
      else expect(answer.status, `${r.method} ${r.path}`).toBe(200);
    }
    expectError(await api.call('POST', `/applications/${yubei}/rating`, { body: { ratingDate: '2020-01-01' }, key: keys.viewer }), 403, 'FORBIDDEN');
    expectError(await api.call('POST', `/achievements/${wanzhouAchievement}/receipts`, { body: { date: '2021-01-01', amount: 5 }, key: keys.viewer }), 403, 'FORBIDDEN');
    expect((await api.call('GET', '/reports/summary')).body).toEqual(before);
  });

  it('district: its own district only, 403 elsewhere, nothing written', async () => {
    const k = keys.district;
    expect((await api.call('GET', `/applications/${yubei}`, { key: k })).status).toBe(200);
    expectError(await api.call('GET', `/applications/${wanzhou}`, { key: k }), 403, 'FORBIDDEN');
    expectError(await api.call('GET', `/applications/${wanzhou}/history`, { key: k }), 403, 'FORBIDDEN');
    expectError(await api.call('POST', '/applications', { body: application({ district: 'WANZHOU' }), key: k }), 403, 'FORBIDDEN');
    expectError(await api.call('POST', `/applications/${wanzhou}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 1 }, key: k }), 403, 'FORBIDDEN');
    expectError(await api.call('POST', '/achievements', { body: { applicationId: wanzhou, title: 't', contractNo: 'c' }, key: k }), 403, 'FORBIDDEN');
    expectError(await api.call('POST', `/achievements/${wanzhouAchievement}/receipts`, { body: { date: '2021-01-01', amount: 5 }, key: k }), 403, 'FORBIDDEN');
    expectError(await api.call('GET', '/applications?district=WANZHOU', { key: k }), 403, 'FORBIDDEN');
    expectError(await api.call('POST', '/keys', { body: { role: 'viewer', label: 'x' }, key: k }), 403, 'FORBIDDEN');

    const listed = await api.call('GET', '/applications?limit=100', { key: k });
    expect(listed.status).toBe(200);
    expect(listed.body.items.length).toBeGreaterThan(0);
    expect(new Set(listed.body.items.map((a: { district: string }) => a.district))).toEqual(new Set(['YUBEI']));

    const wanzhouHistory = await api.call('GET', `/applications/${wanzhou}/history`);
    expect(wanzhouHistory.body.items.map((e: { type: string }) => e.type)).toEqual(['APPLICATION_CREATED', 'APPLICATION_RATED', 'ACHIEVEMENT_CREATED']);
    const other = await api.call('GET', `/applications/${wanzhou}`, { key: keys.otherDistrict });
    expect(other.status).toBe(200);
    expect(other.body.ledger.filter((r: { paid: number }) => r.paid !== 0)).toEqual([]);
  });
});
