/**
 * Bad input never gets a 500 and never writes: fast-check throws random malformed bodies at every write route
 * (and the calculators), and the whole table is compared before and after.
 */
import { ScanCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { application, expectError, ratedApplication, startApi, type Client } from './helpers.js';

let api: Client;
let routes: { path: string; valid: Record<string, unknown>; optional: string[] }[];

beforeAll(async () => {
  api = await startApi();
  const rated = await ratedApplication(api, { category: 'TRANSFER_BASE' });
  const submitted = (await api.call('POST', '/applications', { body: application() })).body.id;
  // A contract of its own: the valid body below registers contract `c` (one contract, one achievement).
  const achievement = (await api.call('POST', '/achievements', { body: { applicationId: rated, title: 't', contractNo: 'c0' } })).body.id;
  routes = [
    { path: '/applications', valid: application({ ratingDate: '2021-01-01', requestedAmount: 10 }), optional: ['ratingDate', 'requestedAmount'] },
    { path: `/applications/${submitted}/rating`, valid: { ratingDate: '2021-01-01', approvedInitial: 1 }, optional: ['approvedInitial'] },
    { path: `/applications/${rated}/payments`, valid: { item: 'INITIAL_GRANT', year: 2020, amount: 1 }, optional: [] },
    { path: '/achievements', valid: { applicationId: rated, title: 't', contractNo: 'c' }, optional: [] },
    { path: `/achievements/${achievement}/receipts`, valid: { date: '2021-01-01', amount: 1 }, optional: [] },
    { path: '/keys', valid: { role: 'district', district: 'YUBEI', label: '渝北区科技局 张三' }, optional: [] },
    { path: '/calculate', valid: { category: 'JOINT_RD_BASE', ratingDate: '2021-01-01', talent: 'CAS_ACADEMICIAN' }, optional: ['talent'] },
    { path: '/calculate/transfer-subsidy', valid: { received: 1, receivedBefore: 2 }, optional: ['receivedBefore'] },
  ];
});
afterAll(() => api?.close());

/** Everything in the table, in a stable order: what "nothing written" is checked against. */
async function tableSnapshot(): Promise<string> {
  const client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  const items: string[] = [];
  let start: Record<string, never> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: process.env.TABLE_NAME, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) items.push(JSON.stringify(Object.entries(item).sort(([a], [b]) => a.localeCompare(b))));
    start = page.LastEvaluatedKey as never;
  } while (start);
  client.destroy();
  return items.sort().join('\n');
}

/** Values wrong for every code, date, amount and number field (wrong type, blank, unknown code, bad amount or date). */
const badValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.constant([]),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
  // Full-width digits alone read as an amount (NFKC, shared/money.ts); with a misplaced comma they are wrong everywhere.
  fc.constantFrom('', '   ', 'NOT_A_CODE', '2020-02-30', '2021-13-01', 'yesterday', '-1', '1.234', 'NaN', '１２，５', '12,5', 'x'.repeat(5000)),
  fc.constantFrom(-1, -0.01, 1.001, 0.005, Number.MAX_VALUE, 1e300, 2.5e-5), // 2.5e-7 is noise of a whole fen (0): shared/money.ts
);

/** Free text takes any string: wrong there are other types, blanks and text past the limit. */
const badText = fc.oneof(fc.constant(null), fc.integer(), fc.boolean(), fc.constant({}), fc.constantFrom('', '   ', 'x'.repeat(5000)));
const badBoolean = fc.oneof(fc.constant(null), fc.constantFrom('true', 1, 0, [], {}));
const TEXT = new Set(['institution', 'title', 'contractNo', 'label']);
/** An optional field may be null or blank (none): those are not wrong there. */
const isNone = (v: unknown) => v === null || (typeof v === 'string' && v.trim() === '');
const badFor = (field: string, optional: readonly string[]) => {
  const bad = TEXT.has(field) ? badText : field === 'legalPerson' ? badBoolean : badValue;
  return optional.includes(field) ? bad.filter((v) => !isNone(v)) : bad;
};

/** A valid body broken in one way: a field set to a bad value, a required field removed, an unknown field added. */
function broken(valid: Record<string, unknown>, optional: readonly string[]) {
  const fields = Object.keys(valid);
  return fc.oneof(
    fc.constantFrom(...fields).chain((f) => badFor(f, optional).map((v) => ({ ...valid, [f]: v }))),
    fc.constantFrom(...fields.filter((f) => !optional.includes(f))).map((f) => {
      const copy: Record<string, unknown> = { ...valid };
      delete copy[f];
      return copy;
    }),
    fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !(k in valid)).map((k) => ({ ...valid, [k]: 1 })),
  );
}

/** Text that is not JSON at all, or JSON that is not an object. */
const notAnObject = fc.oneof(
  fc.string({ maxLength: 50 }).filter((s) => {
    try {
      const v: unknown = JSON.parse(s);
      return typeof v !== 'object' || v === null || Array.isArray(v);
    } catch {
      return true;
    }
  }),
  fc.jsonValue({ maxDepth: 2 }).filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)).map((v) => JSON.stringify(v)),
  fc.constantFrom('{', '{"a":', '{"a":1,}', "{'a':1}", '\u0000', '{"__proto__":{"x":1}}'),
);

describe('malformed bodies on every write route', () => {
  it('only 4xx with the error shape, and the table is unchanged', async () => {
    const before = await tableSnapshot();
    const bad: string[] = [];
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            { arbitrary: broken(route.valid, route.optional).map((b) => ({ raw: JSON.stringify(b), type: 'application/json' })), weight: 6 },
            { arbitrary: notAnObject.map((raw) => ({ raw, type: 'application/json' })), weight: 3 },
            { arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded').map((type) => ({ raw: JSON.stringify(route.valid), type })), weight: 1 },
          ),
          async ({ raw, type }) => {
            const answer = await api.call('POST', route.path, { raw, headers: { 'content-type': type } });
            const fine = answer.status >= 400 && answer.status < 500 && typeof answer.body?.error?.code === 'string' && typeof answer.body.error.message === 'string';
            if (!fine) bad.push(`${route.path} ${raw.slice(0, 200)} → ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
            return fine;
          },
        ),
        { numRuns: 60 },
      );
    }
    expect(bad).toEqual([]);
    expect(await tableSnapshot()).toBe(before);
  });

  it('bodies over 256 KB: 413 TOO_LARGE on every route, nothing written', async () => {
    const before = await tableSnapshot();
    for (const route of routes) {
      const answer = await api.call('POST', route.path, { body: { ...route.valid, padding: 'x'.repeat(300 * 1024) } });
      expectError(answer, 413, 'TOO_LARGE');
    }
    // Past what the local server reads at all, too.
    expectError(await api.call('POST', '/applications', { raw: 'x'.repeat(2 * 1024 * 1024) }), 413, 'TOO_LARGE');
    expect(await tableSnapshot()).toBe(before);
  });

  it('unknown routes and methods: 404 with the error shape', async () => {
    expectError(await api.call('GET', '/nope'), 404, 'NOT_FOUND');
    expectError(await api.call('DELETE', '/applications'), 404, 'NOT_FOUND');
    expectError(await api.call('POST', '/applications/x/y/z', { body: {} }), 404, 'NOT_FOUND');
    expectError(await api.call('GET', '/applications/%E0%A4%A'), 400, 'INVALID', 'id');
  });

  it('a valid body still works after all that (the routes are not just refusing everything)', async () => {
    for (const route of routes.filter((r) => !r.path.endsWith('/rating'))) {
      const answer = await api.call('POST', route.path, { body: route.valid });
      expect(answer.status, `${route.path} ${JSON.stringify(answer.body)}`).toBeLessThan(300);
    }
  });
});

describe('the error names the field', () => {
  it('wrong type, unknown field, nested field, query parameter', async () => {
    expectError(await api.call('POST', '/calculate', { body: { category: 5, ratingDate: '2021-01-01' } }), 400, 'INVALID', 'category');
    expectError(await api.call('POST', '/calculate', { body: { category: 'JOINT_RD_BASE', ratingDate: '2021-01-01', ratingdate: 'x' } }), 400, 'INVALID', 'ratingdate');
    expectError(await api.call('POST', '/applications', { body: application({ partner: { name: 'x', type: 'ALIEN', country: 'CN' } }) }), 400, 'INVALID', 'partner.type');
    expectError(await api.call('POST', '/applications', { body: application({ partner: { name: 'x', country: 'CN' } }) }), 400, 'INVALID', 'partner.type');
    expectError(await api.call('GET', '/applications?colour=red'), 400, 'INVALID', 'colour');
    expectError(await api.call('POST', '/calculate/transfer-subsidy', { body: { received: 0.001 } }), 400, 'INVALID', 'received');
    expectError(await api.call('POST', '/calculate', { body: { category: 'JOINT_RD_BASE', ratingDate: '2021-02-29' } }), 400, 'INVALID', 'ratingDate');
  });
});
