/**
 * A fact and everything that records it commit together: each write route makes exactly one write (a
 * TransactWriteItems holding the guard, the record, the history event, the summary counters and, under an
 * Idempotency-Key, the request's answer). So a process that dies before that write leaves nothing of the fact, and
 * one that dies right after it leaves all of it. Every step of every write route: ./crash.test.ts. The Lambda handlers run in-process on DynamoDB Local; a middleware on the store's client
 * watches every command and can stop the process's work at one of them.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EmbeddedStore } from '../../functions/local/store.js';
import { application } from './helpers.js';

const ADMIN = 'facts-test-admin-key-0123456789abcdef';
process.env.ADMIN_API_KEY = ADMIN;
process.env.TABLE_NAME = 'facts-test';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const { ensureTable, startLocalStore } = await import('../../functions/local/store.js');
let store: EmbeddedStore;
type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
let handlers: Record<'applications' | 'achievements' | 'reports', Handler>;

/** What the store's client was asked, in order: command name and, for single-item writes, the item's pk. */
let seen: { command: string; pk?: string }[] = [];
/** Set to a command name to make that command fail (a process dying there: nothing after it runs). */
let dieAt: { command: string; when: 'before' | 'after' } | undefined;

beforeAll(async () => {
  store = await startLocalStore(undefined);
  process.env.DYNAMODB_ENDPOINT = store.endpoint;
  await ensureTable(store.endpoint, 'facts-test');
  const { tableClient } = await import('../../functions/store/dynamodb/client.js');
  tableClient().doc.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName);
      const input = args.input as { Item?: { pk?: string }; Key?: { pk?: string } };
      seen.push({ command, ...(input.Item?.pk ?? input.Key?.pk ? { pk: input.Item?.pk ?? input.Key?.pk } : {}) });
      if (dieAt?.command === command && dieAt.when === 'before') throw new Error(`died before ${command}`);
      const result = await next(args);
      if (dieAt?.command === command && dieAt.when === 'after') throw new Error(`died after ${command}`);
      return result;
    },
    { step: 'initialize', name: 'watch' },
  );
  handlers = {
    applications: (await import('../../functions/handlers/applications.js')).handler,
    achievements: (await import('../../functions/handlers/achievements.js')).handler,
    reports: (await import('../../functions/handlers/reports.js')).handler,
  };
}, 120_000);
afterAll(() => store?.close());
beforeEach(() => {
  seen = [];
  dieAt = undefined;
});

async function call(fn: keyof typeof handlers, method: string, path: string, body?: unknown, idempotencyKey?: string) {
  const event = {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { 'x-api-key': ADMIN, 'content-type': 'application/json', ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
    requestContext: { domainName: 'facts.test', http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 't' }, requestId: 'r', routeKey: '', stage: '$default', time: '', timeEpoch: 0 },
    isBase64Encoded: false,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  } as unknown as APIGatewayProxyEventV2;
  const quiet = console.error;
  console.error = () => undefined;
  try {
    const r = await handlers[fn](event, {} as Context);
    return { status: r.statusCode ?? 0, body: JSON.parse(r.body ?? 'null') };
  } finally {
    console.error = quiet;
  }
}

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'TransactWriteItemsCommand', 'BatchWriteItemCommand']);
/** The writes of a request. */
const factWrites = () => seen.filter((s) => WRITES.has(s.command)).map((s) => s.command);

async function ratedApplication(): Promise<string> {
  const created = await call('applications', 'POST', '/applications', application({ partner: { name: `Partner ${Math.random()}`, type: 'DOMESTIC_UNIVERSITY', country: 'CN' } }));
  expect(created.status).toBe(201);
  const rated = await call('applications', 'POST', `/applications/${created.body.id}/rating`, { ratingDate: '2020-06-30' });
  expect(rated.status).toBe(200);
  return created.body.id as string;
}

describe('each fact is one write', () => {
  it('filing, rating, paying, an achievement and a receipt: one TransactWriteItems each, the Idempotency-Key answer inside it', async () => {
    await call('applications', 'POST', '/applications', application(), 'k-create');
    expect(factWrites()).toEqual(['TransactWriteItemsCommand']);
    const id = await ratedApplication();
    seen = [];
    await call('applications', 'POST', `/applications/${id}/rating`, { ratingDate: '2020-06-30' }); // 409: nothing written
    expect(factWrites()).toEqual([]);
    seen = [];
    expect((await call('applications', 'POST', `/applications/${id}/payments`, { item: 'INITIAL_GRANT', year: 2020, amount: 1000 }, 'k-pay')).status).toBe(201);
    expect(factWrites()).toEqual(['TransactWriteItemsCommand']);
    seen = [];
    const achievement = await call('achievements', 'POST', '/achievements', { applicationId: id, title: '成果', contractNo: 'HT-9' });
    expect(factWrites()).toEqual(['TransactWriteItemsCommand']);
    seen = [];
    expect((await call('achievements', 'POST', `/achievements/${achievement.body.id}/receipts`, { date: '2021-01-01', amount: 100 })).status).toBe(201);
    expect(factWrites()).toEqual(['TransactWriteItemsCommand']);
  });
});

describe('a process that dies around the commit', () => {
  it('before it: no payment, no event, no counter, the ledger unmoved', async () => {
    const id = await ratedApplication();
    const before = await call('reports', 'GET', '/reports/summary');
    const history = (await call('applications', 'GET', `/applications/${id}/history`)).body.items.length;
    dieAt = { command: 'TransactWriteItemsCommand', when: 'before' };
    expect((await call('applications', 'POST', `/applications/${id}/payments`, { item: 'INITIAL_GRANT', year: 2020, amount: 5000 })).status).toBe(500);
    dieAt = undefined;
    expect((await call('applications', 'GET', `/applications/${id}`)).body.payments).toEqual([]);
    expect((await call('applications', 'GET', `/applications/${id}/history`)).body.items).toHaveLength(history);
    expect((await call('reports', 'GET', '/reports/summary')).body.paidByYear).toEqual(before.body.paidByYear);
  });

  it('right after it (its answer never reached the client): the payment, its event, its counter and its answer are all there', async () => {
    const id = await ratedApplication();
    const before = (await call('reports', 'GET', '/reports/summary')).body.paidByYear[2020] ?? 0;
    dieAt = { command: 'TransactWriteItemsCommand', when: 'after' };
    expect((await call('applications', 'POST', `/applications/${id}/payments`, { item: 'INITIAL_GRANT', year: 2020, amount: 7000 }, 'k-died-after')).status).toBe(500);
    dieAt = undefined;
    const retry = await call('applications', 'POST', `/applications/${id}/payments`, { item: 'INITIAL_GRANT', year: 2020, amount: 7000 }, 'k-died-after');
    expect(retry).toMatchObject({ status: 201, body: { applicationId: id, amount: 7000, paidToDate: 7000 } });
    expect((await call('applications', 'GET', `/applications/${id}`)).body.payments).toEqual([{ item: 'INITIAL_GRANT', year: 2020, paid: 7000, cap: 10_000_000 }]);
    const events = (await call('applications', 'GET', `/applications/${id}/history`)).body.items.map((e: { type: string }) => e.type);
    expect(events).toEqual(['APPLICATION_CREATED', 'APPLICATION_RATED', 'PAYMENT_RECORDED']);
    expect((await call('reports', 'GET', '/reports/summary')).body.paidByYear[2020]).toBe(before + 7000);
  });

  it('a rating cut off before its commit leaves the application SUBMITTED and uncounted; done again, it counts once', async () => {
    const created = await call('applications', 'POST', '/applications', application({ partner: { name: `Lone partner ${Math.random()}`, type: 'DOMESTIC_UNIVERSITY', country: 'CN' } }));
    const before = (await call('reports', 'GET', '/reports/summary')).body;
    dieAt = { command: 'TransactWriteItemsCommand', when: 'before' };
    expect((await call('applications', 'POST', `/applications/${created.body.id}/rating`, { ratingDate: '2020-06-30' })).status).toBe(500);
    dieAt = undefined;
    expect((await call('applications', 'GET', `/applications/${created.body.id}`)).body.status).toBe('SUBMITTED');
    expect((await call('reports', 'GET', '/reports/summary')).body).toMatchObject({ rated: before.rated, partnersIntroduced: before.partnersIntroduced });
    expect((await call('applications', 'POST', `/applications/${created.body.id}/rating`, { ratingDate: '2020-06-30' })).status).toBe(200);
    expect((await call('reports', 'GET', '/reports/summary')).body).toMatchObject({ rated: before.rated + 1, partnersIntroduced: before.partnersIntroduced + 1 });
  });
});
