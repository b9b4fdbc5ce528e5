/**
 * The auth matrix of CONTRACT.md §3, generated from the route table (functions/manifest.ts, the one list the build,
 * the local server and the CDK stack read): every route × every credential (no key, a wrong key, a revoked key, a
 * viewer, a district key on its own district and on another district's records, municipal, admin). What each cell
 * must answer is stated below from CONTRACT.md (`RULES`, `expected`), not read from the API. A route of the manifest
 * with no rule or no request builder here, or one here the manifest does not list, fails the test: a new route
 * cannot be left out. A refused write must also change nothing (the summary, the keys, the partners and the
 * histories of the applications it aimed at are the same after it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/manifest.js';
import { application, expectError, ok, ratedApplication, startApi, type Answer, type Client } from './helpers.js';

/** Every route key of the manifest (`METHOD /path/{param}`). */
const MANIFEST: readonly string[] = FUNCTIONS.flatMap((f) => f.routes);

/**
 * Who may call a route (CONTRACT.md §3, "Roles"): `public` needs no key (GET /health, and HEAD /health); `read`:
 * every key (a viewer "reads only"; the two calculators store nothing, so they are reads); `write`: admin,
 * municipal and district; `city`: admin or municipal (POST /partners/merge); `admin`: the keys routes, "admin only";
 * `self`: any key (GET /keys/me). `scoped`: the route works on one district's records (an application and what
 * hangs on it, or a listing, summary or export of a district): a district key only on its own, 403 on another's.
 * `ok`: the status a caller allowed gets (201 for what CONTRACT.md §3 says is created).
 */
type Access = 'public' | 'read' | 'write' | 'city' | 'admin' | 'self';
interface Rule {
  readonly access: Access;
  readonly scoped: boolean;
  readonly ok: 200 | 201;
}
const rule = (access: Access, scoped: boolean, ok: 200 | 201 = 200): Rule => ({ access, scoped, ok });
const RULES: Readonly<Record<string, Rule>> = {
  'GET /health': rule('public', false),
  'HEAD /health': rule('public', false),
  'GET /policy': rule('read', false),
  'POST /calculate': rule('read', false),
  'POST /calculate/transfer-subsidy': rule('read', false),
  'GET /openapi.json': rule('read', false),
  'POST /applications': rule('write', true, 201),
  'GET /applications': rule('read', true),
  'GET /applications/{id}': rule('read', true),
  'POST /applications/{id}/rating': rule('write', true),
  'POST /applications/{id}/payments': rule('write', true, 201),
  'GET /applications/{id}/payments': rule('read', true),
  'POST /applications/{id}/approvals': rule('write', true, 201),
  'POST /applications/{id}/payments/{paymentId}/void': rule('write', true),
  'GET /applications/{id}/history': rule('read', true),
  'PATCH /applications/{id}': rule('write', true),
  'POST /applications/{id}/withdraw': rule('write', true),
  'POST /applications/{id}/reject': rule('write', true),
  'POST /applications/{id}/support': rule('write', true, 201),
  'POST /achievements': rule('write', true, 201),
  'GET /achievements/{id}': rule('read', true),
  'POST /achievements/{id}/receipts': rule('write', true, 201),
  'POST /achievements/{id}/receipts/{receiptId}/void': rule('write', true),
  'GET /applications/{id}/achievements': rule('read', true),
  'GET /reports/summary': rule('read', true),
  'GET /reports/export.xlsx': rule('read', true),
  'GET /partners': rule('read', true),
  'POST /partners/merge': rule('city', false),
  'POST /keys': rule('admin', false, 201),
  'GET /keys': rule('admin', false),
  'GET /keys/me': rule('self', false),
  'POST /keys/{id}/revoke': rule('admin', false),
};

/** The credentials of CONTRACT.md §3; `districtOther`: the district key on another district's records. */
const CREDENTIALS = ['none', 'wrong', 'revoked', 'viewer', 'district', 'districtOther', 'municipal', 'admin'] as const;
type Credential = (typeof CREDENTIALS)[number];

/** What a cell must answer: the route's `ok` status, or the refusal (401: no, unknown or revoked key; 403: not allowed). */
function expected(r: Rule, who: Credential): { status: number; code?: 'UNAUTHORIZED' | 'FORBIDDEN' } {
  const allowed = { status: r.ok };
  if (r.access === 'public') return allowed;
  if (who === 'none' || who === 'wrong' || who === 'revoked') return { status: 401, code: 'UNAUTHORIZED' };
  const forbidden = { status: 403, code: 'FORBIDDEN' } as const;
  if (who === 'admin') return allowed;
  if (who === 'municipal') return r.access === 'admin' ? forbidden : allowed;
  if (who === 'viewer') return r.access === 'read' || r.access === 'self' ? allowed : forbidden;
  // A district key: reads and writes of its own district; never the city's or the admin's routes, nor another district's records.
  if (r.access === 'city' || r.access === 'admin') return forbidden;
  return who === 'district' ? allowed : forbidden;
}

/** The cells of a route: every credential, the other-district one only where the route works on a district's records. */
const cells = (r: Rule): Credential[] => CREDENTIALS.filter((who) => who !== 'districtOther' || r.scoped);

const OWN = 'YUBEI';
const OTHER = 'WANZHOU';
type District = typeof OWN | typeof OTHER;

let api: Client;
let keys: Record<Exclude<Credential, 'districtOther'>, string | null>;
/** Per district: a rated application (with an achievement) that the reads and the writes that add to it aim at. */
const rated = {} as Record<District, string>;
const achievement = {} as Record<District, string>;

beforeAll(async () => {
  api = await startApi();
  const district = await api.key('district', OWN);
  const viewer = await api.key('viewer');
  const revoked = await api.call('POST', '/keys', { body: { role: 'municipal', label: '已吊销 revoked' } });
  await ok(api.call('POST', `/keys/${revoked.body.id}/revoke`), 200);
  keys = {
    none: null,
    // One character off the viewer's real key.
    wrong: `${viewer.slice(0, -1)}${viewer.endsWith('A') ? 'B' : 'A'}`,
    revoked: revoked.body.key,
    viewer,
    district,
    municipal: await api.key('municipal'),
    admin: api.adminKey,
  };
  for (const d of [OWN, OTHER] as const) {
    rated[d] = await ratedApplication(api, { district: d });
    achievement[d] = (await ok(api.call('POST', '/achievements', { body: { applicationId: rated[d], title: '成果', contractNo: next(`HT-${d}`) } }), 201)).id;
  }
});
afterAll(() => api?.close());

let counter = 0;
const next = (prefix: string) => `${prefix}-${++counter}`;

/** A valid request of one route aimed at district `d`'s records; `touches`: the applications whose history it would change. */
interface Request {
  readonly path: string;
  readonly body?: unknown;
  readonly touches?: readonly string[];
}

/** Made as the admin: a new application of district `d` (SUBMITTED), or rated. */
const submitted = async (d: District) => (await ok(api.call('POST', '/applications', { body: application({ district: d }) }), 201)).id as string;

/** A request builder per route key of the manifest (ids made here, as the admin, when a cell needs them). */
const BUILDERS: Readonly<Record<string, (d: District) => Promise<Request> | Request>> = {
  'GET /health': () => ({ path: '/health' }),
  'HEAD /health': () => ({ path: '/health' }),
  'GET /policy': () => ({ path: '/policy' }),
  'POST /calculate': () => ({ path: '/calculate', body: { category: 'JOINT_RD_BASE', ratingDate: '2020-01-01' } }),
  'POST /calculate/transfer-subsidy': () => ({ path: '/calculate/transfer-subsidy', body: { received: 100 } }),
  'GET /openapi.json': () => ({ path: '/openapi.json' }),
  'POST /applications': (d) => ({ path: '/applications', body: application({ district: d }) }),
  'GET /applications': (d) => ({ path: `/applications?district=${d}&limit=5` }),
  'GET /applications/{id}': (d) => ({ path: `/applications/${rated[d]}` }),
  'POST /applications/{id}/rating': async (d) => {
    const id = await submitted(d);
    return { path: `/applications/${id}/rating`, body: { ratingDate: '2020-06-30' }, touches: [id] };
  },
  'POST /applications/{id}/payments': (d) => ({ path: `/applications/${rated[d]}/payments`, body: { item: 'INITIAL_GRANT', year: 2020, amount: 1 }, touches: [rated[d]] }),
  'GET /applications/{id}/payments': (d) => ({ path: `/applications/${rated[d]}/payments` }),
  'POST /applications/{id}/approvals': (d) => ({ path: `/applications/${rated[d]}/approvals`, body: { item: 'INITIAL_GRANT', year: 2020, amount: 1_000_000, reason: '核定' }, touches: [rated[d]] }),
  'POST /applications/{id}/payments/{paymentId}/void': async (d) => {
    const paid = await ok(api.call('POST', `/applications/${rated[d]}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 2 } }), 201);
    return { path: `/applications/${rated[d]}/payments/${paid.id}/void`, body: { reason: '录错' }, touches: [rated[d]] };
  },
  'GET /applications/{id}/history': (d) => ({ path: `/applications/${rated[d]}/history` }),
  'PATCH /applications/{id}': async (d) => {
    const id = await submitted(d);
    return { path: `/applications/${id}`, body: { field: 'NEW_ENERGY', reason: '更正领域' }, touches: [id] };
  },
  'POST /applications/{id}/withdraw': async (d) => {
    const id = await submitted(d);
    return { path: `/applications/${id}/withdraw`, body: { reason: '申请人撤回' }, touches: [id] };
  },
  'POST /applications/{id}/reject': async (d) => {
    const id = await submitted(d);
    return { path: `/applications/${id}/reject`, body: { reason: '不符合条件' }, touches: [id] };
  },
  'POST /applications/{id}/support': (d) => ({ path: `/applications/${rated[d]}/support`, body: { kind: 'SEED_FUND', date: '2021-01-01' }, touches: [rated[d]] }),
  'POST /achievements': (d) => ({ path: '/achievements', body: { applicationId: rated[d], title: '成果', contractNo: next('HT') }, touches: [rated[d]] }),
  'GET /achievements/{id}': (d) => ({ path: `/achievements/${achievement[d]}` }),
  'POST /achievements/{id}/receipts': (d) => ({ path: `/achievements/${achievement[d]}/receipts`, body: { date: '2021-01-01', amount: 1 }, touches: [rated[d]] }),
  'POST /achievements/{id}/receipts/{receiptId}/void': async (d) => {
    const receipt = await ok(api.call('POST', `/achievements/${achievement[d]}/receipts`, { body: { date: '2021-01-02', amount: 2 } }), 201);
    return { path: `/achievements/${achievement[d]}/receipts/${receipt.id}/void`, body: { reason: '录错' }, touches: [rated[d]] };
  },
  'GET /applications/{id}/achievements': (d) => ({ path: `/applications/${rated[d]}/achievements` }),
  'GET /reports/summary': (d) => ({ path: `/reports/summary?district=${d}` }),
  'GET /reports/export.xlsx': (d) => ({ path: `/reports/export.xlsx?district=${d}` }),
  'GET /partners': (d) => ({ path: `/partners?district=${d}` }),
  'POST /partners/merge': () => ({ path: '/partners/merge', body: { name: next('Matrix Alias'), into: 'Tsinghua University', reason: '同一机构' } }),
  'POST /keys': () => ({ path: '/keys', body: { role: 'viewer', label: next('只读 matrix') } }),
  'GET /keys': () => ({ path: '/keys' }),
  'GET /keys/me': () => ({ path: '/keys/me' }),
  'POST /keys/{id}/revoke': async () => {
    const made = await ok(api.call('POST', '/keys', { body: { role: 'viewer', label: next('待吊销 to revoke') } }), 201);
    return { path: `/keys/${made.id}/revoke` };
  },
};

/** What a write could change, read as the admin: compared before and after a refused request. */
async function state(touches: readonly string[] = []): Promise<unknown> {
  return {
    summary: await ok(api.call('GET', '/reports/summary'), 200),
    keys: await ok(api.call('GET', '/keys'), 200),
    partners: await ok(api.call('GET', '/partners'), 200),
    histories: await Promise.all(touches.map(async (id) => ok(api.call('GET', `/applications/${id}/history`), 200))),
  };
}

describe('the matrix covers the route table', () => {
  it('has a rule and a request builder for every route of functions/manifest.ts, and none for a route it does not list', () => {
    expect(Object.keys(RULES).sort()).toEqual([...MANIFEST].sort());
    expect(Object.keys(BUILDERS).sort()).toEqual([...MANIFEST].sort());
  });
});

describe('every route × every credential (CONTRACT.md §3)', () => {
  it.each(MANIFEST)('%s', async (route) => {
    const r = RULES[route];
    const build = BUILDERS[route];
    expect(r, `${route}: no rule in RULES`).toBeDefined();
    expect(build, `${route}: no request builder in BUILDERS`).toBeDefined();
    const [method = '', template = ''] = route.split(' ');
    const reads = method === 'GET' || method === 'HEAD' || r!.access === 'read' || r!.access === 'self';
    // A request is made once and kept while it is refused; a write that succeeded used it up (a rated application,
    // a voided payment), so the next cell gets a new one.
    const made = new Map<District, Request>();
    const request = async (d: District) => {
      const found = made.get(d);
      if (found) return found;
      const built = await build!(d);
      expect(built.path.split('?')[0]!.split('/').length, `${route}: the builder's path ${built.path}`).toBe(template.split('/').length);
      made.set(d, built);
      return built;
    };
    for (const who of cells(r!)) {
      const d: District = who === 'districtOther' ? OTHER : OWN;
      const req = await request(d);
      const key = who === 'districtOther' ? keys.district : keys[who];
      const want = expected(r!, who);
      const before = want.code && !reads ? await state(req.touches) : undefined;
      const answer: Answer = await api.call(method, req.path, { key, ...(req.body !== undefined ? { body: req.body } : {}) });
      const cell = `${route} as ${who} (${req.path})`;
      if (want.code) {
        const e = answer.body?.error;
        expect({ cell, status: answer.status, code: e?.code, bilingual: typeof e?.message === 'string' && /\S/.test(e?.messageZh ?? '') }, JSON.stringify(answer.body)?.slice(0, 400)).toEqual({
          cell,
          status: want.status,
          code: want.code,
          bilingual: true,
        });
        if (before !== undefined) expect(await state(req.touches), `${cell}: a refused write changed something`).toEqual(before);
      } else {
        expect({ cell, status: answer.status }, JSON.stringify(answer.body)?.slice(0, 400)).toEqual({ cell, status: want.status });
        if (!reads) made.delete(d);
      }
    }
  });
});

describe('district keys', () => {
  it("a district key rating another district's application is refused and changes nothing; on its own it rates", async () => {
    const theirs = await submitted(OTHER);
    const before = await state([theirs]);
    expectError(await api.call('POST', `/applications/${theirs}/rating`, { body: { ratingDate: '2020-06-30' }, key: keys.district }), 403, 'FORBIDDEN');
    expect(await state([theirs])).toEqual(before);
    expect((await ok(api.call('GET', `/applications/${theirs}`), 200)).application.status).toBe('SUBMITTED');
    const mine = await submitted(OWN);
    expect((await ok(api.call('POST', `/applications/${mine}/rating`, { body: { ratingDate: '2020-06-30' }, key: keys.district }), 200)).status).toBe('RATED');
  });

  it("may not move its own application to another district (PATCH district), nor file one there", async () => {
    const mine = await submitted(OWN);
    const before = await state([mine]);
    expectError(await api.call('PATCH', `/applications/${mine}`, { body: { district: OTHER, reason: '迁址' }, key: keys.district }), 403, 'FORBIDDEN');
    expectError(await api.call('POST', '/applications', { body: application({ district: OTHER }), key: keys.district }), 403, 'FORBIDDEN');
    expect(await state([mine])).toEqual(before);
  });

  it('lists, sums and exports its own district only', async () => {
    const listed = await ok(api.call('GET', '/applications?limit=100', { key: keys.district }), 200);
    expect(listed.items.length).toBeGreaterThan(0);
    expect(new Set(listed.items.map((a: { district: string }) => a.district))).toEqual(new Set([OWN]));
    expect((await ok(api.call('GET', '/reports/summary', { key: keys.district }), 200)).scope).toBe(OWN);
  });
});

describe('keys', () => {
  it('other wrong keys (a made-up one, the admin key with a character more, a huge one): 401 on every keyed route', async () => {
    for (const key of ['nope', `${api.adminKey}x`, 'k'.repeat(5000)]) {
      for (const route of MANIFEST.filter((k) => RULES[k]!.access !== 'public')) {
        const [method = '', template = ''] = route.split(' ');
        // Ids need not exist: the key is checked first.
        const path = template.replaceAll(/{\w+}/g, 'x_1');
        const body = method === 'GET' ? undefined : {};
        expectError(await api.call(method, path, { key, ...(body ? { body } : {}) }), 401, 'UNAUTHORIZED');
      }
    }
  });

  it('POST /keys answers the key once; only its hash is stored (the answer never repeats it)', async () => {
    const made = await api.call('POST', '/keys', { body: { role: 'district', district: '江北区', label: '江北区科技局 李四' } });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ role: 'district', district: 'JIANGBEI', districtLabel: '江北区', label: '江北区科技局 李四' });
    expect(made.body.key).toMatch(/^kc_[\w-]{40,}$/);
    expect((await api.call('GET', '/policy', { key: made.body.key })).status).toBe(200);
    const listed = JSON.stringify(await ok(api.call('GET', '/keys'), 200));
    expect(listed).not.toContain(made.body.key);
    const noDistrict = await api.call('POST', '/keys', { body: { role: 'district', label: 'x' } });
    expectError(noDistrict, 400, 'INVALID', 'district');
    expect(noDistrict.body.error.message).toBe('a district key needs its district');
    const notDistrict = await api.call('POST', '/keys', { body: { role: 'viewer', district: 'YUBEI', label: 'x' } });
    expectError(notDistrict, 400, 'INVALID', 'district');
    expect(notDistrict.body.error.message).toBe('only a district key has a district');
    expectError(await api.call('POST', '/keys', { body: { role: 'admin', label: 'x' } }), 400, 'INVALID', 'role');
  });
});
