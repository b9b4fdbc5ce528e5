/**
 * Bad input never gets a 500 and never writes: fast-check throws random malformed bodies at every write route
 * (and the calculators), and the whole table is compared before and after.
 */
import { ScanCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { application, expectError, ratedApplication, startApi, type Client } from './helpers.js';

let api: Client;
let routes: Route[];

beforeAll(async () => {
  api = await startApi();
  const rated = await ratedApplication(api, { category: 'TRANSFER_BASE' });
  const submitted = (await api.call('POST', '/applications', { body: application() })).body.id;
  // A contract of its own: the valid body below registers contract `c` (one contract, one achievement).
  const achievement = (await api.call('POST', '/achievements', { body: { applicationId: rated, title: 't', contractNo: 'c0' } })).body.id;
  routes = [
    { path: '/applications', valid: application({ ratingDate: '2021-01-01', requestedAmount: 10 }), optional: ['ratingDate', 'requestedAmount'] },
    { path: `/applications/${submitted}/rating`, valid: { ratingDate: '2021-01-01', approvedInitial: 1 }, optional: ['approvedInitial'] },
    { path: `/applications/${rated}/payments`, valid: { item: 'INITIAL_GRANT', year: 2020, amount: 1 }, optional: [], positive: ['amount'] },
    { path: '/achievements', valid: { applicationId: rated, title: 't', contractNo: 'c' }, optional: [] },
    { path: `/achievements/${achievement}/receipts`, valid: { date: '2021-01-01', amount: 1 }, optional: [], positive: ['amount'] },
    // PATCH: every field but the reason may be left out (kept as it is); partner is amended field by field.
    {
      method: 'PATCH',
      path: `/applications/${submitted}`,
      valid: { partner: { name: 'Peking University', type: 'DOMESTIC_UNIVERSITY', country: 'CN' }, reason: '更正合作方' },
      optional: [],
      mayBeLeftOut: ['partner', 'partner.name', 'partner.type', 'partner.country'],
    },
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

/**
 * A JSON value as the fuzz sends it: `null` and the values it is made of (JSON.stringify's input). A bad body is a valid
 * body with one thing wrong, and `field` is the field the API must name for it (a nested one as `partner.name`).
 */
type Json = unknown;
interface BadBody {
  readonly body: Record<string, Json>;
  readonly field: string;
}

/** Values no field of these bodies takes (other than an object field): null, true/false, objects and lists. */
const notScalar = fc.oneof(fc.constant(null), fc.boolean(), fc.constantFrom<Json>({}, [], ['x'], { name: 'x' }, [{}], [1]));
/** Where text belongs: those, and numbers. */
const notText = fc.oneof(notScalar, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
/** Blank text: no character that is not a space (a full-width space, a tab and a newline are spaces too). */
const blank = fc.constantFrom('', ' ', '   ', '\t', '\n', '\u3000', ' \u3000\t ');

/**
 * Free text, `max` characters at most (CONTRACT.md §3: names at most 200; the others as functions/http/schemas.ts
 * bounds them): wrong are other types, blanks, and one character past the limit — counted in characters, so `max`+1
 * of 𠮷 (two UTF-16 units each) is one too many, as `max`+1 of x is.
 */
const badText = (max: number) => fc.oneof(notText, blank, fc.constantFrom('x'.repeat(max + 1), '𠮷'.repeat(max + 1), '机'.repeat(max + 1), 'x'.repeat(5000)));
/**
 * Values wrong for every code, date and year: wrong type, blank, unknown code, impossible date, too long, and numbers
 * that are no year (no arbitrary integer: it could be a year that is right).
 */
const badValue = fc.oneof(
  notScalar,
  blank,
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
  fc.constantFrom('NOT_A_CODE', '2020-02-30', '2021-13-01', 'yesterday', '-1', '1.234', 'NaN', '１２，５', '12,5', 'X'.repeat(201), 'x'.repeat(5000)),
  fc.constantFrom(-1, -0.01, 1.001, 0.005, 999, 10000, Number.MAX_VALUE, 1e300, 2.5e-5),
);
/**
 * Amounts (yuan, at most 2 decimals, not negative): wrong are other types, blanks, negatives, fractions of a fen, too
 * much, misplaced commas. Full-width digits alone read as an amount (NFKC, shared/money.ts); with a misplaced comma
 * they are wrong everywhere.
 */
const badAmount = fc.oneof(
  notScalar,
  blank,
  fc.constantFrom<Json>('NOT_A_NUMBER', '-1', '1.234', 'NaN', '１２，５', '12,5', '1,2345', 'x'.repeat(5000), -1, -0.01, 1.001, 0.005, 2.5e-5, Number.MAX_VALUE, 1e300),
  fc.double({ min: 1e16, max: 1e300, noNaN: true }),
  fc.integer({ min: -1_000_000, max: -1 }),
);
/** 0 however it is written (2.5e-7 is floating-point noise of 0 fen: shared/money.ts): wrong where more than 0 is needed. */
const ZEROES: readonly Json[] = [0, 0.0, 2.5e-7, '0', '0.00', ' 0 ', '０', '0.0'];
const badBoolean = fc.oneof(fc.constant(null), fc.constantFrom<Json>('true', 'false', 1, 0, [], {}, [true], '是'));
/** An id in a body: 1–64 letters, digits, _ or -. Wrong: other types, blank, too long, other characters. */
const badId = fc.oneof(notText, blank, fc.constantFrom('x'.repeat(65), 'a b', 'a/b', '编号', 'app.1', 'a\u0000b'));

/** The free-text fields and their limits in characters; every other string field holds a code, a date or an id. */
const TEXT: Readonly<Record<string, number>> = { institution: 200, 'partner.name': 200, 'partner.country': 100, title: 500, contractNo: 100, label: 200, reason: 500 };
const AMOUNTS = new Set(['requestedAmount', 'approvedInitial', 'amount', 'received', 'receivedBefore']);
/** An optional field may be absent, null or blank (none): those are not wrong there. */
const isNone = (v: Json) => v === null || (typeof v === 'string' && v.trim() === '');

interface Route {
  readonly path: string;
  readonly valid: Record<string, Json>;
  readonly method?: 'POST' | 'PATCH';
  /** Fields that may be absent, null or blank (none). */
  readonly optional: readonly string[];
  /** Fields that may be left out (absent only: blank or null is still wrong). */
  readonly mayBeLeftOut?: readonly string[];
  /** Amounts that must be more than 0 (a payment, a receipt). */
  readonly positive?: readonly string[];
}

/** The bad values for the field at `path` (`partner.name`) of `route`. */
function badFor(route: Route, path: string) {
  const bad = path in TEXT ? badText(TEXT[path] as number) : path === 'legalPerson' ? badBoolean : path === 'applicationId' ? badId : AMOUNTS.has(path) ? badAmount : badValue;
  return route.optional.includes(path) ? bad.filter((v) => !isNone(v)) : bad;
}

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Every field of `valid` by its path, nested ones too (`partner`, then `partner.name`, `partner.type`, `partner.country`). */
const paths = (valid: Record<string, Json>, prefix = ''): string[] =>
  Object.entries(valid).flatMap(([k, v]) => [`${prefix}${k}`, ...(isObject(v) ? paths(v, `${prefix}${k}.`) : [])]);
/** `body` with the field at `path` replaced by `value` (`undefined`: removed); the rest is copied, not shared. */
function withField(body: Record<string, Json>, path: string, value: Json): Record<string, Json> {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  const copy: Record<string, Json> = { ...body };
  const next = rest.length ? withField(copy[head] as Record<string, Json>, rest.join('.'), value) : value;
  if (next === undefined) delete copy[head];
  else copy[head] = next;
  return copy;
}
const valueAt = (body: Record<string, Json>, path: string): Json => (path ? path.split('.').reduce<Json>((v, k) => (v as Record<string, Json>)[k], body) : body);

/**
 * The ways to break `route`'s valid body in one place, each with the field the API must name: each field (nested ones
 * too) set to a value wrong for it (an object field to anything but an object); 0 where more than 0 is needed; each
 * required field removed; an unknown field added, at the top or inside a nested object. `every`: all of them are
 * sent; `some`: fast-check draws from them.
 */
type Breaking = { readonly name: string } & ({ readonly some: fc.Arbitrary<BadBody> } | { readonly every: readonly BadBody[] });
function breakings(route: Route): Breaking[] {
  const all = paths(route.valid);
  const at = (path: string) => (value: Json): BadBody => ({ body: withField(route.valid, path, value), field: path });
  const notObject = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), blank, fc.constantFrom<Json>([], ['x'], [{}], 'NOT_A_CODE'));
  return [
    ...all.map((path) => ({ name: `${path} wrong`, some: (isObject(valueAt(route.valid, path)) ? notObject : badFor(route, path)).map(at(path)) })),
    ...(route.positive ?? []).map((path) => ({ name: `${path} zero`, every: ZEROES.map(at(path)) })),
    ...all.filter((path) => !route.optional.includes(path) && !route.mayBeLeftOut?.includes(path)).map((path) => ({ name: `${path} missing`, every: [at(path)(undefined)] })),
    ...['', ...all.filter((p) => isObject(valueAt(route.valid, p)))].map((object) => ({
      name: `unknown field in ${object || 'the body'}`,
      some: fc
        .string({ minLength: 1, maxLength: 12 })
        .filter((k) => !(k in (valueAt(route.valid, object) as object)))
        .map((k): BadBody => (object ? { body: withField(route.valid, object, { ...(valueAt(route.valid, object) as object), [k]: 1 }), field: `${object}.${k}` } : { body: { ...route.valid, [k]: 1 }, field: k })),
    })),
  ];
}

/** Text that is not JSON at all, or JSON that is not an object: the body as a whole is wrong (field `body`). */
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
  fc.constantFrom('{', '{"a":', '{"a":1,}', "{'a':1}", '\u0000', ''),
);

/** What is wrong with an answer to a bad body, or nothing: a 400 INVALID naming `field`, in English and 中文. */
function wrongAnswer(answer: { status: number; body: any }, field: string): string | undefined {
  const e = answer.body?.error;
  if (answer.status !== 400 || e?.code !== 'INVALID') return `${answer.status} ${e?.code}, not 400 INVALID`;
  if (e.field !== field) return `names ${JSON.stringify(e.field)}, not ${JSON.stringify(field)}`;
  if (typeof e.message !== 'string' || !/\S/.test(e.message)) return 'no message';
  if (typeof e.messageZh !== 'string' || !/\p{Script=Han}/u.test(e.messageZh)) return `messageZh ${JSON.stringify(e.messageZh)} is not 中文`;
  return undefined;
}

describe('malformed bodies on every write route', () => {
  it('each a 400 naming the field (nested ones by their path) in English and 中文, and the table is unchanged', async () => {
    const before = await tableSnapshot();
    const bad: string[] = [];
    const send = async (route: Route, raw: string, field: string) => {
      const { path } = route;
      const answer = await api.call(route.method ?? 'POST', path, { raw, headers: { 'content-type': 'application/json' } });
      const wrong = wrongAnswer(answer, field);
      if (wrong) bad.push(`${path} ${raw.slice(0, 200)} → ${wrong}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
      return wrong === undefined;
    };
    for (const route of routes) {
      for (const breaking of breakings(route)) {
        if ('every' in breaking) for (const { body, field } of breaking.every) await send(route, JSON.stringify(body), field);
        else await fc.assert(fc.asyncProperty(breaking.some, ({ body, field }) => send(route, JSON.stringify(body), field)), { numRuns: 12 });
      }
      await fc.assert(
        fc.asyncProperty(notAnObject, (raw) => send(route, raw, 'body')),
        { numRuns: 15 },
      );
      // The valid body in another type than JSON: 415, naming the Content-Type, in both languages.
      for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
        const answer = await api.call(route.method ?? 'POST', route.path, { raw: JSON.stringify(route.valid), headers: { 'content-type': type } });
        expect({ status: answer.status, field: answer.body?.error?.field }).toEqual({ status: 415, field: 'content-type' });
        expect(answer.body.error.messageZh).toMatch(/\p{Script=Han}/u);
      }
    }
    expect(bad).toEqual([]);
    expect(await tableSnapshot()).toBe(before);
  });

  it('the fuzz breaks every nested partner field, and sends 0 where a payment or a receipt needs more than 0', () => {
    const named = (path: RegExp, method = 'POST') => breakings(routes.find((r) => path.test(r.path) && (r.method ?? 'POST') === method) as Route).map((b) => b.name);
    const partner = ['partner.name', 'partner.type', 'partner.country'];
    expect(named(/^\/applications$/)).toEqual(expect.arrayContaining([...partner.flatMap((f) => [`${f} wrong`, `${f} missing`]), 'partner wrong', 'partner missing', 'unknown field in partner']));
    // PATCH amends the partner field by field: each given one is checked as on POST.
    expect(named(/^\/applications\/[^/]+$/, 'PATCH')).toEqual(expect.arrayContaining([...partner.map((f) => `${f} wrong`), 'partner wrong', 'unknown field in partner', 'reason missing']));
    expect(named(/\/payments$/)).toContain('amount zero');
    expect(named(/\/receipts$/)).toContain('amount zero');
  });

  it('bodies over 256 KB: 413 TOO_LARGE on every route, nothing written', async () => {
    const before = await tableSnapshot();
    for (const route of routes) {
      const answer = await api.call(route.method ?? 'POST', route.path, { body: { ...route.valid, padding: 'x'.repeat(300 * 1024) } });
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
      const answer = await api.call(route.method ?? 'POST', route.path, { body: route.valid });
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
