/**
 * Every error the API can answer speaks English and 中文 (CONTRACT.md §3): this walks every route of the manifest, from
 * its definition (functions/routes/, the zod schemas of its path, query and body), through each kind of refusal it can
 * give — no key, an unknown key, a role it does not allow, an unknown query parameter, each query parameter wrong,
 * each required body field missing, each body field of the wrong type, too long or empty, an unknown body field, an
 * unknown code (the valid codes and their labels listed), a body that is not JSON or not an object, 415, 413, an
 * unknown id, an empty or bad Idempotency-Key — and then the refusals that depend on state: CAP_EXCEEDED, CONFLICT,
 * DUPLICATE, FORBIDDEN for another district, a reused Idempotency-Key, a bad nextToken, an unknown route. Each error
 * must have a `message`, a `messageZh` in Chinese characters, and the `field` it is about. A route added to the
 * manifest is walked too (its body needs only a shape-valid sample, made from its schema).
 *
 * And answers carry each code's 中文 label beside it.
 */
import { globalRegistry } from 'zod/mini';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/manifest.js';
import { documentedRoutes } from '../../functions/http/openapi.js';
import { fieldZh } from '../../functions/http/bilingual.js';
import type { RouteDef } from '../../functions/http/route.js';
import {
  APPLICATION_STATUS_LABELS,
  CATEGORIES,
  DISTRICTS,
  FIELDS,
  ITEMS,
  PARTNER_TYPES,
  SUPPORT_KINDS,
  TALENTS,
  type CodeList,
} from '../../shared/index.js';
import { application, ok, ratedApplication, startApi, type Answer, type Client } from './helpers.js';

let api: Client;
const ids = { rated: '', submitted: '', payment: '', achievement: '', receipt: '' };
const keys: Record<string, string> = {};

beforeAll(async () => {
  api = await startApi();
  ids.rated = await ratedApplication(api);
  ids.submitted = (await ok(api.call('POST', '/applications', { body: application() }), 201)).id;
  ids.payment = (await ok(api.call('POST', `/applications/${ids.rated}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 1_000 } }), 201)).id;
  ids.achievement = (await ok(api.call('POST', '/achievements', { body: { applicationId: ids.rated, title: '成果', contractNo: 'BL-1' } }), 201)).id;
  ids.receipt = (await ok(api.call('POST', `/achievements/${ids.achievement}/receipts`, { body: { date: '2021-01-01', amount: 100 } }), 201)).id;
  keys.viewer = await api.key('viewer');
  keys.municipal = await api.key('municipal');
  keys.district = await api.key('district', 'JIANGBEI');
}, 120_000);
afterAll(() => api?.close());

const CJK = /[\u3400-\u9fff]/;

/** The answer is the error shape with `status`, a message in each language and (where given) `field`; answers the error. */
function expectBilingual(answer: Answer, status: number, field?: string): { code: string; message: string; messageZh: string; field?: string } {
  const shown = JSON.stringify(answer.body);
  expect(answer.status, shown).toBe(status);
  const error = answer.body?.error;
  expect(typeof error?.message === 'string' && error.message.trim() !== '', `message: ${shown}`).toBe(true);
  expect(error?.messageZh, `messageZh: ${shown}`).toMatch(CJK);
  if (field !== undefined) expect(error?.field, shown).toBe(field);
  return error;
}

// --- the routes, from their definitions -------------------------------------------------------------------------

const ROUTES = documentedRoutes();
const key = (r: RouteDef) => `${r.method.toUpperCase()} ${r.path}`;

/** A path of `route` with real ids, but for the parameters `given`. */
function pathOf(route: RouteDef, given: Readonly<Record<string, string>> = {}): string {
  return route.path.replaceAll(/{(\w+)}/g, (_, name: string) => {
    if (given[name] !== undefined) return given[name];
    if (name === 'paymentId') return ids.payment;
    if (name === 'receiptId') return ids.receipt;
    return route.path.startsWith('/achievements') ? ids.achievement : ids.rated;
  });
}

type Schema = { _zod: { def: any } };
const def = (s: Schema) => s._zod.def;
const meta = (s: Schema) => (globalRegistry.get(s as never) ?? {}) as { description?: string; example?: unknown; maxLength?: number };
const isOptional = (s: Schema) => def(s).type === 'optional';
/** The schema inside optional and nullable wrappers. */
const inner = (s: Schema): Schema => (['optional', 'nullable'].includes(def(s).type) ? inner(def(s).innerType) : s);
const shape = (s: Schema): Record<string, Schema> => def(inner(s)).shape ?? {};
/** A text field: a string, or a pipe that ends in one (the key label: a check of its own, then the text). */
const isText = (s: Schema): boolean => def(s).type === 'string' || (def(s).type === 'pipe' && isText(def(s).out));
/**
 * The most characters a text field takes, from the schema itself: the bound `Text` documents (counted in code points,
 * a refine zod cannot report), else zod's own maxLength check (in the schema's check list: zod/mini fills
 * `_zod.bag` only once it parsed), through pipes.
 */
function maxLengthOf(s: Schema): number | undefined {
  const documented = meta(s).maxLength;
  if (documented !== undefined) return documented;
  const d = def(s);
  if (d.type === 'pipe') return maxLengthOf(d.out) ?? maxLengthOf(d.in);
  const checks = (d.checks ?? []) as { _zod: { def: { check: string; maximum?: number } } }[];
  return checks.find((c) => c._zod.def.check === 'max_length')?._zod.def.maximum;
}

/** A code field: its description says it takes a code or its label (functions/http/schemas.ts `codeOf`). */
const isCode = (s: Schema) => /the code \(any case\) or its 中文 label/.test(meta(inner(s)).description ?? '');
/** Which code list a code field is read with, by its name (a new code field fails the test until it is named here). */
const CODE_LISTS: Record<string, CodeList<string>> = {
  category: CATEGORIES,
  district: DISTRICTS,
  field: FIELDS,
  talent: TALENTS,
  'partner.type': PARTNER_TYPES,
  item: ITEMS,
  kind: SUPPORT_KINDS,
};

/** A value of the schema's shape: its example where it documents one; required fields only. */
function sample(s: Schema): unknown {
  const d = def(s);
  if (d.type === 'optional' || d.type === 'nullable') return sample(d.innerType);
  const example = meta(s).example;
  if (example !== undefined) return example;
  switch (d.type) {
    case 'object':
      return Object.fromEntries(Object.entries(d.shape as Record<string, Schema>).filter(([, v]) => !isOptional(v)).map(([k, v]) => [k, sample(v)]));
    case 'string':
      return '测试';
    case 'number':
      return 2020;
    case 'boolean':
      return true;
    case 'union':
      return sample(d.options[0]);
    case 'enum':
      return Object.values(d.entries)[0];
    default:
      throw new Error(`no sample for a ${d.type} schema`);
  }
}

/** A value of the wrong type for the schema. */
function wrongType(s: Schema): unknown {
  switch (def(inner(s)).type) {
    case 'string':
    case 'enum':
      return 12345;
    case 'number':
      return 'twenty';
    case 'boolean':
      return 'yes';
    case 'object':
      return 'text';
    default:
      return [true];
  }
}

/** Bodies that pass more than the shape: what the handler needs to get as far as the store. */
const SEMANTIC: Record<string, Record<string, unknown>> = {
  // An amendment needs a field besides its reason.
  'PATCH /applications/{id}': { requestedAmount: 1 },
};
const bodyOf = (route: RouteDef) => ({ ...(sample(route.request!.body as Schema) as object), ...SEMANTIC[key(route)] });

/** Every field of an object schema with its dotted path (nested objects too). */
function fields(s: Schema, prefix = ''): { path: string; schema: Schema }[] {
  return Object.entries(shape(s)).flatMap(([name, schema]) => {
    const path = `${prefix}${name}`;
    return [{ path, schema }, ...(def(inner(schema)).type === 'object' ? fields(schema, `${path}.`) : [])];
  });
}

/** The fields a body must have: required, and inside required objects only (an absent optional object has no missing fields). */
function requiredFields(body: Schema): { path: string; schema: Schema }[] {
  const all = fields(body);
  return all.filter(({ path }) => {
    const parts = path.split('.');
    return parts.every((_, i) => !isOptional(all.find((f) => f.path === parts.slice(0, i + 1).join('.'))!.schema));
  });
}

/** `body` with the value at `path` replaced (`undefined`: removed). */
function withValue(body: object, path: string, value: unknown): object {
  const copy = structuredClone(body) as Record<string, any>;
  const parts = path.split('.');
  let at = copy;
  for (const part of parts.slice(0, -1)) at = at[part] ??= {};
  const last = parts.at(-1)!;
  if (value === undefined) delete at[last];
  else at[last] = value;
  return copy;
}

/** The refusal of an unknown code lists every valid one with its label, in each language. */
function expectListed(error: { message: string; messageZh: string }, values: readonly string[], labels: Readonly<Record<string, string>>): void {
  for (const v of values) {
    expect(error.message).toContain(`${v} (${labels[v]})`);
    expect(error.messageZh).toContain(`${v}（${labels[v]}）`);
  }
}

const ALL_ROLES = ['viewer', 'municipal', 'district'] as const;

describe('the routes walked are the routes served', () => {
  it('every route of the manifest has a definition', () => {
    // HEAD /health is GET /health's definition, answered by Hono without its body (functions/manifest.ts).
    expect(ROUTES.map(key).sort()).toEqual(FUNCTIONS.flatMap((f) => f.routes).filter((r) => r !== 'HEAD /health').sort());
  });

  // The walk below checks what these recognisers find: one that stopped finding anything would leave its checks silently
  // empty (no code listed, no text too long, no field missing), so what they find is pinned here.
  it('the walk finds what it checks: every code list by its field, the text fields, the status enum, the required fields', () => {
    const walked = ROUTES.flatMap((r) => [r.request?.body, r.request?.query].flatMap((s) => (s ? fields(s as Schema) : [])));
    expect([...new Set(walked.filter(({ schema }) => isCode(schema)).map(({ path }) => path))].sort()).toEqual(Object.keys(CODE_LISTS).sort());
    const texts = new Set(walked.filter(({ schema }) => isText(inner(schema))).map(({ path }) => path));
    for (const path of ['institution', 'partner.name', 'reason', 'label', 'contractNo', 'voucher', 'name', 'into']) expect(texts, path).toContain(path);
    expect(walked.filter(({ schema }) => def(inner(schema)).entries !== undefined).map(({ path }) => path)).toContain('status');
    const filing = ROUTES.find((r) => key(r) === 'POST /applications')?.request?.body as Schema;
    expect(requiredFields(filing).map(({ path }) => path).sort()).toEqual(['category', 'district', 'field', 'institution', 'legalPerson', 'partner', 'partner.country', 'partner.name', 'partner.type']);
  });

  // expectBilingual asks only that messageZh be Chinese, so a field with no 中文 name was refused as "缺少必填字段name"
  // (POST /partners/merge's name and into, until the final review): every field a request can name must have one.
  it('every field of every path, query and body has a 中文 name (fieldZh)', () => {
    const named = ROUTES.flatMap((r) => [r.request?.params, r.request?.query, r.request?.body].flatMap((s) => (s ? fields(s as Schema) : [])));
    const paths = [...new Set(named.map(({ path }) => path))];
    expect(paths.length).toBeGreaterThan(20);
    expect(paths.filter((path) => fieldZh(path) === path)).toEqual([]);
  });
});

describe.each(ROUTES.map((r) => [key(r), r] as const))('%s', (_, route) => {
  const method = route.method.toUpperCase();
  const body = route.request?.body as Schema | undefined;
  const query = route.request?.query as Schema | undefined;
  const params = route.request?.params as Schema | undefined;
  const call = (o: Parameters<Client['call']>[2] = {}, path = pathOf(route)) => api.call(method, path, { ...(body ? { body: bodyOf(route) } : {}), ...o });

  if (route.roles) {
    it('no key, an unknown key: 401 naming x-api-key', async () => {
      expectBilingual(await call({ key: null }), 401, 'x-api-key');
      expectBilingual(await call({ key: 'kc_not-a-key-at-all' }), 401, 'x-api-key');
    });
    const refused = ALL_ROLES.filter((role) => !route.roles!.includes(role));
    if (refused.length > 0) {
      it(`a key of a role it does not allow (${refused.join(', ')}): 403`, async () => {
        for (const role of refused) expectBilingual(await call({ key: keys[role] }), 403);
      });
    }
  }

  it('an unknown query parameter: 400 naming it', async () => {
    const error = expectBilingual(await call({}, `${pathOf(route)}?zzUnknown=1`), 400, 'zzUnknown');
    expect(error.message).toContain('zzUnknown');
    expect(error.messageZh).toContain('zzUnknown');
  });

  if (query) {
    for (const { path: field, schema } of fields(query)) {
      it(`query ${field} wrong, or given twice: 400 naming it`, async () => {
        const bad = await call({}, `${pathOf(route)}?${field}=zz-not-valid`);
        const error = expectBilingual(bad, 400, field);
        if (isCode(schema)) expectListed(error, CODE_LISTS[field]!.codes, CODE_LISTS[field]!.labels);
        const values = def(inner(schema)).entries as Record<string, string> | undefined;
        if (values) expectListed(error, Object.values(values), APPLICATION_STATUS_LABELS);
        expectBilingual(await call({}, `${pathOf(route)}?${field}=1&${field}=2`), 400, field);
      });
    }
  }

  if (params) {
    for (const param of Object.keys(shape(params))) {
      it(`an unknown ${param}: 404 naming it; one that is no id: 400 naming it`, async () => {
        expectBilingual(await call({}, pathOf(route, { [param]: 'zz_nothing_here' })), 404, param);
        expectBilingual(await call({}, pathOf(route, { [param]: 'x'.repeat(65) })), 400, param);
      });
    }
  }

  if (route.idempotent) {
    it('an empty or malformed Idempotency-Key: 400 naming it', async () => {
      expectBilingual(await call({ headers: { 'Idempotency-Key': '' } }), 400, 'Idempotency-Key');
      expectBilingual(await call({ headers: { 'Idempotency-Key': 'two words' } }), 400, 'Idempotency-Key');
    });
  }

  if (body) {
    const all = fields(body);
    it('each required field missing: 400 naming it', async () => {
      for (const { path } of requiredFields(body)) {
        const error = expectBilingual(await call({ body: withValue(bodyOf(route), path, undefined) }), 400, path);
        expect(error.message).toContain(path);
      }
    });

    it('each field of the wrong type: 400 naming it', async () => {
      for (const { path, schema } of all) {
        const error = expectBilingual(await call({ body: withValue(bodyOf(route), path, wrongType(schema)) }), 400, path);
        expect(error.message).toContain(path);
      }
    });

    it('each text field too long, and each required text empty: 400 naming it', async () => {
      for (const { path, schema } of all) {
        if (!isText(inner(schema))) continue;
        // Every text field has a maximum the walk can read: one without is a field nothing bounds (or one this misses).
        const max = maxLengthOf(inner(schema));
        expect(max, `${key(route)} ${path}: a text field with no maximum`).toBeTypeOf('number');
        expectBilingual(await call({ body: withValue(bodyOf(route), path, 'x'.repeat(max! + 1)) }), 400, path);
        if (!isOptional(schema)) expectBilingual(await call({ body: withValue(bodyOf(route), path, '') }), 400, path);
      }
    });

    it('an unknown field, at the top or inside an object: 400 naming it', async () => {
      const error = expectBilingual(await call({ body: { ...bodyOf(route), zzUnknown: 1 } }), 400, 'zzUnknown');
      expect(error.message).toContain('zzUnknown');
      for (const { path, schema } of all) {
        if (def(inner(schema)).type !== 'object') continue;
        expectBilingual(await call({ body: withValue(bodyOf(route), `${path}.zzUnknown`, 1) }), 400, `${path}.zzUnknown`);
      }
    });

    const codes = all.filter(({ schema }) => isCode(schema));
    if (codes.length > 0) {
      it(`an unknown code (${codes.map((c) => c.path).join(', ')}): 400 naming it, listing the valid codes with their labels`, async () => {
        for (const { path } of codes) {
          const list = CODE_LISTS[path];
          expect(list, `the code list of ${path}`).toBeDefined();
          const error = expectBilingual(await call({ body: withValue(bodyOf(route), path, 'NOPE') }), 400, path);
          expectListed(error, list!.codes, list!.labels);
        }
      });
    }

    it('a body that is not JSON, or not an object: 400 naming body', async () => {
      expectBilingual(await call({ raw: '{"reason": ' }), 400, 'body');
      expectBilingual(await call({ raw: '[]' }), 400, 'body');
    });

    it('a body not sent as JSON: 415 naming content-type', async () => {
      expectBilingual(await call({ raw: 'reason=x', headers: { 'content-type': 'text/plain' } }), 415, 'content-type');
    });

    it('a body over 256 KB: 413 naming body', async () => {
      expectBilingual(await call({ raw: JSON.stringify({ reason: 'x'.repeat(300 * 1024) }) }), 413, 'body');
    });
  }
});

describe('refusals that depend on what is stored', () => {
  it('CAP_EXCEEDED names amount, in 中文 with the item label and the amounts', async () => {
    const error = expectBilingual(await api.call('POST', `/applications/${ids.rated}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 10_000_000 } }), 409, 'amount');
    expect(error.code).toBe('CAP_EXCEEDED');
    expect(error.messageZh).toContain('评定资助');
    expect(error.messageZh).toContain('超过上限');
    const caseByCase = await ratedApplication(api, { category: 'MAJOR_PROJECT' }, '2021-03-01');
    const none = expectBilingual(await api.call('POST', `/applications/${caseByCase}/payments`, { body: { item: 'CASE_BY_CASE', year: 2021, amount: 1 } }), 409, 'amount');
    expect(none.code).toBe('CAP_EXCEEDED');
  });

  it('CONFLICT: rated twice, voided twice, support or payments before rating, an achievement of an unrated application', async () => {
    expect(expectBilingual(await api.call('POST', `/applications/${ids.rated}/rating`, { body: { ratingDate: '2020-06-30' } }), 409, 'status').code).toBe('CONFLICT');
    const payment = await ok(api.call('POST', `/applications/${ids.rated}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 1 } }), 201);
    await ok(api.call('POST', `/applications/${ids.rated}/payments/${payment.id}/void`, { body: { reason: '录错' } }), 200);
    expectBilingual(await api.call('POST', `/applications/${ids.rated}/payments/${payment.id}/void`, { body: { reason: '录错' } }), 409, 'paymentId');
    const receipt = await ok(api.call('POST', `/achievements/${ids.achievement}/receipts`, { body: { date: '2021-01-02', amount: 1 } }), 201);
    await ok(api.call('POST', `/achievements/${ids.achievement}/receipts/${receipt.id}/void`, { body: { reason: '录错' } }), 200);
    expectBilingual(await api.call('POST', `/achievements/${ids.achievement}/receipts/${receipt.id}/void`, { body: { reason: '录错' } }), 409, 'receiptId');
    expectBilingual(await api.call('POST', `/applications/${ids.submitted}/support`, { body: { kind: 'SEED_FUND', date: '2021-01-01' } }), 409, 'status');
    expectBilingual(await api.call('POST', `/applications/${ids.submitted}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 1 } }), 409, 'id');
    expectBilingual(await api.call('POST', `/applications/${ids.submitted}/approvals`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 1 } }), 409, 'id');
    expectBilingual(await api.call('POST', '/achievements', { body: { applicationId: ids.submitted, title: '成果', contractNo: 'BL-2' } }), 409, 'applicationId');
    expectBilingual(await api.call('PATCH', `/applications/${ids.rated}`, { body: { requestedAmount: 1, reason: '改' } }), 409, 'status');
    // Below what is paid on the row (a rules problem answered as a conflict).
    expectBilingual(await api.call('POST', `/applications/${ids.rated}/approvals`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 1 } }), 409, 'amount');
  });

  it('DUPLICATE: the same application while open, the same technology contract', async () => {
    const body = application();
    await ok(api.call('POST', '/applications', { body }), 201);
    expect(expectBilingual(await api.call('POST', '/applications', { body }), 409, 'institution').code).toBe('DUPLICATE');
    expect(expectBilingual(await api.call('POST', '/achievements', { body: { applicationId: ids.rated, title: '另一成果', contractNo: 'bl 1' } }), 409, 'contractNo').code).toBe('DUPLICATE');
  });

  it("FORBIDDEN: a district key on another district's records", async () => {
    const k = { key: keys.district };
    expectBilingual(await api.call('GET', `/applications/${ids.rated}`, k), 403);
    expectBilingual(await api.call('GET', `/achievements/${ids.achievement}`, k), 403);
    expectBilingual(await api.call('POST', `/applications/${ids.rated}/payments`, { ...k, body: { item: 'INITIAL_GRANT', year: 2020, amount: 1 } }), 403);
    expectBilingual(await api.call('GET', '/applications?district=YUBEI', k), 403);
    expectBilingual(await api.call('POST', '/applications', { ...k, body: application() }), 403, 'district');
  });

  it('the rules refuse (dates, caps, amounts): 400 naming the field, in 中文 from shared/', async () => {
    expectBilingual(await api.call('POST', '/calculate', { body: { category: 'JOINT_RD_BASE', ratingDate: '2019-01-01' } }), 400, 'ratingDate');
    expectBilingual(await api.call('POST', '/applications', { body: application({ legalPerson: false }) }), 400, 'legalPerson');
    expectBilingual(await api.call('POST', '/applications', { body: application({ approvedInitial: 1 }) }), 400, 'approvedInitial');
    expectBilingual(await api.call('POST', `/applications/${ids.rated}/approvals`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 10_000_000.01 } }), 400, 'amount');
    expectBilingual(await api.call('POST', `/applications/${ids.rated}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 0 } }), 400, 'amount');
    expectBilingual(await api.call('POST', `/applications/${ids.rated}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 1.001 } }), 400, 'amount');
    expectBilingual(await api.call('POST', `/applications/${ids.rated}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 1, paidOn: '2019-12-26' } }), 400, 'paidOn');
    expectBilingual(await api.call('POST', `/applications/${ids.rated}/payments`, { body: { item: 'ANNUAL_RD_SUPPORT', year: 2020, amount: 1 } }), 400, 'year');
    expectBilingual(await api.call('POST', `/achievements/${ids.achievement}/receipts`, { body: { date: '2999-01-01', amount: 1 } }), 400, 'date');
    expectBilingual(await api.call('POST', '/achievements', { body: { applicationId: ids.rated, title: '成果', contractNo: '- -' } }), 400, 'contractNo');
    expectBilingual(await api.call('PATCH', `/applications/${ids.submitted}`, { body: { reason: '无' } }), 400, 'body');
    expectBilingual(await api.call('POST', '/keys', { body: { role: 'district', label: '测试' } }), 400, 'district');
  });

  it('an unknown application named in a body: 404 naming applicationId', async () => {
    expectBilingual(await api.call('POST', '/achievements', { body: { applicationId: 'app_nothing', title: '成果', contractNo: 'BL-404' } }), 404, 'applicationId');
  });

  it('an Idempotency-Key sent again with another body: 409 CONFLICT naming it', async () => {
    const headers = { 'Idempotency-Key': `bilingual-${Date.now()}` };
    await ok(api.call('POST', '/applications', { body: application(), headers }), 201);
    expect(expectBilingual(await api.call('POST', '/applications', { body: application(), headers }), 409, 'Idempotency-Key').code).toBe('CONFLICT');
  });

  it('a nextToken this API did not give: 400 naming nextToken', async () => {
    expectBilingual(await api.call('GET', '/applications?nextToken=bm90LWEtdG9rZW4'), 400, 'nextToken');
  });

  it('a route there is not: 404, with a key or without', async () => {
    expect(expectBilingual(await api.call('GET', '/nowhere'), 404).code).toBe('NOT_FOUND');
    expectBilingual(await api.call('DELETE', '/applications', { key: null }), 404);
  });

  it('an unknown code in a query lists the valid ones: district, and status (an enum) with its labels', async () => {
    const district = expectBilingual(await api.call('GET', '/applications?district=渝北'), 400, 'district');
    expectListed(district, DISTRICTS.codes, DISTRICTS.labels);
    expect(district.message).toContain('district must be one of: WANZHOU (万州区)');
    expect(district.messageZh).toContain('应为以下之一');
    const status = expectBilingual(await api.call('GET', '/applications?status=OPEN'), 400, 'status');
    expectListed(status, Object.keys(APPLICATION_STATUS_LABELS), APPLICATION_STATUS_LABELS);
    // A label is as good as its code.
    expect((await api.call('GET', '/applications?district=渝北区&limit=1')).status).toBe(200);
  });
});

describe('answers carry each code with its 中文 label beside it', () => {
  it('an application: category, district, field, talent, partner type and status', async () => {
    const created = await ok(api.call('POST', '/applications', { body: application({ talent: 'CAS_ACADEMICIAN', field: '人工智能' }) }), 201);
    const expected = {
      category: 'HIGH_END_RD_INSTITUTION',
      categoryLabel: '高端研发机构',
      district: 'YUBEI',
      districtLabel: '渝北区',
      field: 'ARTIFICIAL_INTELLIGENCE',
      fieldLabel: '人工智能',
      talent: 'CAS_ACADEMICIAN',
      talentLabel: '中国科学院院士',
      partner: { type: 'DOMESTIC_UNIVERSITY', typeLabel: '国内高校' },
      status: 'SUBMITTED',
      statusLabel: '已提交',
    };
    expect(created).toMatchObject(expected);
    expect((await ok(api.call('GET', `/applications/${created.id}`), 200)).application).toMatchObject(expected);
    expect((await ok(api.call('GET', `/applications?district=YUBEI&status=SUBMITTED&limit=1`), 200)).items[0]).toMatchObject({ districtLabel: '渝北区', statusLabel: '已提交' });
    const rated = await ok(api.call('POST', `/applications/${created.id}/rating`, { body: { ratingDate: '2020-06-30' } }), 200);
    expect(rated).toMatchObject({ status: 'RATED', statusLabel: '已评定' });
    expect(rated.rating.schedule[0]).toMatchObject({ item: 'INITIAL_GRANT', itemLabel: '评定资助' });
  });

  it('a schedule row of /calculate and of a rating, a ledger row, an achievement of the application', async () => {
    const calc = await ok(api.call('POST', '/calculate', { body: { category: 'JOINT_RD_BASE', ratingDate: '2021-03-01', talent: 'CAS_ACADEMICIAN' } }), 200);
    for (const row of calc.schedule) expect(row.itemLabel).toBe(ITEMS.labels[row.item as keyof typeof ITEMS.labels]);
    expect(calc.schedule.map((r: { itemLabel: string }) => r.itemLabel)).toContain('高层次人才团队研发专项');
    const read = await ok(api.call('GET', `/applications/${ids.rated}`), 200);
    expect(read.ledger[0]).toMatchObject({ item: 'INITIAL_GRANT', itemLabel: '评定资助' });
    expect(read.ledger.at(-1)).toMatchObject({ item: 'ANNUAL_RD_SUPPORT', itemLabel: '年度研发专项' });
    expect(read.application.rating.schedule[0]).toMatchObject({ item: 'INITIAL_GRANT', itemLabel: '评定资助' });
    expect(read.achievements[0]).toMatchObject({ district: 'YUBEI', districtLabel: '渝北区' });
    for (const r of read.achievements[0].receipts) expect(r.statusLabel).toBe(r.status === 'VOIDED' ? '已作废' : '有效');
  });

  it('payments and receipts: item and status (有效, 已作废); approvals: item; achievements: district', async () => {
    const id = await ratedApplication(api);
    const approval = await ok(api.call('POST', `/applications/${id}/approvals`, { body: { item: 'ANNUAL_RD_SUPPORT', year: 2021, amount: 5_000_000 } }), 201);
    expect(approval).toMatchObject({ item: 'ANNUAL_RD_SUPPORT', itemLabel: '年度研发专项' });
    const paid = await ok(api.call('POST', `/applications/${id}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 10 } }), 201);
    expect(paid).toMatchObject({ item: 'INITIAL_GRANT', itemLabel: '评定资助', status: 'RECORDED', statusLabel: '有效' });
    const voided = await ok(api.call('POST', `/applications/${id}/payments/${paid.id}/void`, { body: { reason: '录错' } }), 200);
    expect(voided).toMatchObject({ status: 'VOIDED', statusLabel: '已作废' });
    expect((await ok(api.call('GET', `/applications/${id}/payments`), 200)).items).toMatchObject([{ statusLabel: '已作废', itemLabel: '评定资助' }]);
    const achievement = await ok(api.call('POST', '/achievements', { body: { applicationId: id, title: '成果', contractNo: `BL-L-${id}` } }), 201);
    expect(achievement).toMatchObject({ district: 'YUBEI', districtLabel: '渝北区' });
    const receipt = await ok(api.call('POST', `/achievements/${achievement.id}/receipts`, { body: { date: '2021-01-01', amount: 100 } }), 201);
    expect(receipt).toMatchObject({ status: 'RECORDED', statusLabel: '有效' });
    const receiptVoided = await ok(api.call('POST', `/achievements/${achievement.id}/receipts/${receipt.id}/void`, { body: { reason: '录错' } }), 200);
    expect(receiptVoided).toMatchObject({ status: 'VOIDED', statusLabel: '已作废' });
    expect((await ok(api.call('GET', `/achievements/${achievement.id}`), 200)).receipts).toMatchObject([{ statusLabel: '已作废' }]);
  });

  it('support: kind with kindLabel (and kindZh, as before)', async () => {
    const support = await ok(api.call('POST', `/applications/${ids.rated}/support`, { body: { kind: 'SEED_FUND', date: '2021-01-01' } }), 201);
    expect(support).toMatchObject({ kind: 'SEED_FUND', kindLabel: '种子基金', kindZh: '种子基金' });
  });

  it('the history: a closure with its status label, an amendment with the labels of the codes it changed', async () => {
    const id = (await ok(api.call('POST', '/applications', { body: application() }), 201)).id;
    await ok(api.call('PATCH', `/applications/${id}`, { body: { district: 'JIANGBEI', reason: '填错区县' } }), 200);
    await ok(api.call('POST', `/applications/${id}/withdraw`, { body: { reason: '撤回' } }), 200);
    const items = (await ok(api.call('GET', `/applications/${id}/history`), 200)).items as { type: string; data: any }[];
    expect(items.find((e) => e.type === 'APPLICATION_CREATED')?.data).toMatchObject({ districtLabel: '渝北区', statusLabel: '已提交' });
    expect(items.find((e) => e.type === 'APPLICATION_AMENDED')?.data.changes.district).toEqual({ before: 'YUBEI', beforeLabel: '渝北区', after: 'JIANGBEI', afterLabel: '江北区' });
    expect(items.find((e) => e.type === 'APPLICATION_WITHDRAWN')?.data).toEqual({ id, status: 'WITHDRAWN', statusLabel: '已撤回' });
  });
});
