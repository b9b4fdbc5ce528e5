/**
 * Cancelled transactions (issue 9). Real DynamoDB cancels a transaction that meets another one on an item
 * (TransactionCanceledException, reason TransactionConflict) instead of queueing it; DynamoDB Local rarely does. Here
 * a middleware on the store's client cancels the first 1–3 TransactWriteItems of a request the way the SDK reports
 * it, then lets them through: the fact (functions/store/dynamodb/facts.ts `commit`) is read and tried again, and
 * lands exactly once. A conflict that never clears makes the request give up at commit's deadline (8 s: the one
 * slow test here, kept rather than making the deadline a knob) with a bilingual 503 and nothing written.
 * The Lambda handlers run in-process on DynamoDB Local (./in-process.ts).
 */
import { TransactionCanceledException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableClient } from '../../functions/store/dynamodb/client.js';
import { application } from './helpers.js';
import { startInProcess, type FunctionName, type InProcess } from './in-process.js';

let api: InProcess;
let table: TableClient;

/** How many of the coming TransactWriteItems to cancel, and how: Infinity never lets one through. */
let cancel: { count: number; as: 'cancelled' | 'conflict' } = { count: 0, as: 'cancelled' };
/** How long the next cancelled TransactWriteItems takes before it is cancelled (a busy process waiting to send). */
let slowFirst = 0;
/** TransactWriteItems sent since the last reset, cancelled ones included. */
let attempts = 0;
/** The cancellation reason codes of each cancelled attempt, as the SDK would report them. */
let reasonsSent: string[][] = [];

/** The error DynamoDB's SDK throws for a transaction cancelled by a conflict on item `at` of `size`. */
function cancelled(size: number, at: number): TransactionCanceledException {
  const reasons = Array.from({ length: size }, (_, i) => (i === at ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' } : { Code: 'None' }));
  reasonsSent.push(reasons.map((r) => r.Code));
  return new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
    $metadata: {},
    CancellationReasons: reasons,
  });
}

beforeAll(async () => {
  api = await startInProcess('conflict-test');
  table = (await import('../../functions/store/dynamodb/client.js')).tableClient();
  api.intercept((storageCall, input) => {
    if (storageCall.command !== 'TransactWriteItemsCommand') return;
    attempts++;
    if (cancel.count <= 0) return;
    cancel.count--;
    if (slowFirst > 0) {
      const wait = slowFirst;
      slowFirst = 0;
      return new Promise<void>((_, fail) => setTimeout(() => fail(cancelled((input as { TransactItems?: readonly unknown[] }).TransactItems?.length ?? 0, 0)), wait));
    }
    if (cancel.as === 'conflict') throw new TransactionConflictException({ message: 'Transaction is ongoing for the item', $metadata: {} });
    const size = (input as { TransactItems?: readonly unknown[] }).TransactItems?.length ?? 0;
    // The conflict moves through the items from one cancelled attempt to the next: the guard first, then the others.
    throw cancelled(size, reasonsSent.length % size);
  });
}, 120_000);
afterAll(() => api?.close());

const call = (fn: FunctionName, method: string, path: string, body?: unknown, idempotencyKey?: string) =>
  api.call(fn, method, path, { ...(body !== undefined ? { body } : {}), ...(idempotencyKey !== undefined ? { idempotencyKey } : {}) });

/** Runs `request` with its first `count` TransactWriteItems cancelled; answers it and how many were sent in all. */
async function withCancelled<T>(count: number, request: () => Promise<T>, as: 'cancelled' | 'conflict' = 'cancelled'): Promise<{ answer: T; attempts: number }> {
  attempts = 0;
  reasonsSent = [];
  cancel = { count, as };
  try {
    const answer = await request();
    return { answer, attempts };
  } finally {
    cancel = { count: 0, as: 'cancelled' };
  }
}

/** The items of one partition whose sort key starts with `prefix`, read straight from the table. */
async function items(pk: string, prefix: string): Promise<Record<string, unknown>[]> {
  const { Items } = await table.doc.send(
    new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix }, ConsistentRead: true }),
  );
  return Items ?? [];
}
const events = async (applicationId: string, type: string) => (await items(`APP#${applicationId}`, 'EVT#')).filter((e) => e.type === type);
const summary = async () => (await call('reports', 'GET', '/reports/summary')).body;

async function ratedApplication(): Promise<string> {
  const created = await call('applications', 'POST', '/applications', application({ partner: { name: `Partner ${Math.random()}`, type: 'DOMESTIC_UNIVERSITY', country: 'CN' }, ratingDate: '2020-06-30' }));
  expect(created.status).toBe(201);
  return created.body.id as string;
}

describe.each([1, 2, 3])('%i cancelled transaction(s), then through', (injected) => {
  it('a payment: 201, one payment, one event, paid once in the summary', async () => {
    const id = await ratedApplication();
    const before = (await summary()).paidByYear[2020] ?? 0;
    const { answer, attempts: sent } = await withCancelled(injected, () =>
      call('applications', 'POST', `/applications/${id}/payments`, { item: 'INITIAL_GRANT', year: 2020, amount: 1234.5 }, `pay-${injected}-${id}`),
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toMatchObject({ amount: 1234.5, paidToDate: 1234.5 });
    expect(sent).toBe(injected + 1);
    expect(reasonsSent).toHaveLength(injected);
    expect(await items(`APP#${id}`, 'PAY#')).toHaveLength(1);
    expect(await events(id, 'PAYMENT_RECORDED')).toHaveLength(1);
    expect(await items(`APP#${id}`, 'LEDGER#')).toMatchObject([{ paid: 123_450 }]);
    expect((await summary()).paidByYear[2020]).toBe(before + 1234.5);
  });

  it('a receipt: 201, one receipt, one event, received and subsidised once in the summary', async () => {
    const id = await ratedApplication();
    const achievement = await call('achievements', 'POST', '/achievements', { applicationId: id, title: '成果', contractNo: `HT-${injected}-${id}` });
    expect(achievement.status).toBe(201);
    const before = await summary();
    const { answer, attempts: sent } = await withCancelled(injected, () =>
      call('achievements', 'POST', `/achievements/${achievement.body.id}/receipts`, { date: '2021-01-01', amount: 20_000 }, `rcpt-${injected}-${id}`),
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toMatchObject({ sequence: 1, subsidy: 1000, cumulativeReceived: 20_000 });
    expect(sent).toBe(injected + 1);
    expect(await items(`ACH#${achievement.body.id}`, 'RCPT#')).toHaveLength(1);
    expect(await items(`ACH#${achievement.body.id}`, 'A')).toMatchObject([{ receipts: 1, cumulativeReceived: 2_000_000 }]);
    expect(await events(id, 'RECEIPT_RECORDED')).toHaveLength(1);
    expect(await summary()).toMatchObject({ transferReceived: before.transferReceived + 20_000, transferSubsidy: before.transferSubsidy + 1000 });
  });

  it('an application created rated with a new partner: 201, one application, one event, counted once', async () => {
    const institution = `Conflict-institute-${injected}-${Math.random()}`;
    const before = await summary();
    const { answer, attempts: sent } = await withCancelled(injected, () =>
      call('applications', 'POST', '/applications', application({ institution, partner: { name: `Conflict partner ${Math.random()}`, type: 'DOMESTIC_UNIVERSITY', country: 'CN' }, ratingDate: '2020-06-30' }), `app-${institution}`),
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(sent).toBe(injected + 1);
    const { Items } = await table.doc.send(new ScanCommand({ TableName: table.tableName, FilterExpression: 'institution = :i', ExpressionAttributeValues: { ':i': institution }, ConsistentRead: true }));
    expect(Items?.map((i) => i.id)).toEqual([answer.body.id]);
    expect(await events(answer.body.id, 'APPLICATION_CREATED')).toHaveLength(1);
    expect(await summary()).toMatchObject({ applications: before.applications + 1, rated: before.rated + 1, partnersIntroduced: before.partnersIntroduced + 1 });
  });
});

it('TransactionConflictException (the other name DynamoDB gives a conflict) is retried the same way', async () => {
  const id = await ratedApplication();
  const { answer, attempts: sent } = await withCancelled(2, () => call('applications', 'POST', `/applications/${id}/payments`, { item: 'INITIAL_GRANT', year: 2020, amount: 10 }), 'conflict');
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  expect(sent).toBe(3);
  expect(await items(`APP#${id}`, 'PAY#')).toHaveLength(1);
});

it('a conflict that never clears: a bilingual 503 within the deadline, not a hang or a 500, and nothing written', async () => {
  const id = await ratedApplication();
  const before = await summary();
  const started = Date.now();
  const { answer, attempts: sent } = await withCancelled(Infinity, () => call('applications', 'POST', `/applications/${id}/payments`, { item: 'INITIAL_GRANT', year: 2020, amount: 5000 }));
  const took = Date.now() - started;
  expect(answer.status).toBe(503);
  expect(answer.body.error).toMatchObject({ code: 'UNAVAILABLE', messageZh: expect.stringMatching(/\p{Script=Han}/u) });
  // It kept trying until commit's deadline (8 s) and gave up before the write functions' timeout (10 s).
  expect(sent).toBeGreaterThan(10);
  expect(took).toBeGreaterThanOrEqual(7_900);
  expect(took).toBeLessThan(10_000);
  expect(await items(`APP#${id}`, 'PAY#')).toEqual([]);
  expect(await items(`APP#${id}`, 'LEDGER#')).toEqual([]);
  expect(await events(id, 'PAYMENT_RECORDED')).toEqual([]);
  expect(await summary()).toEqual(before);
}, 20_000);

it('a first try slower than the whole deadline (a busy process waiting to send it) still gets its retry', async () => {
  const id = await ratedApplication();
  slowFirst = 8_100;
  const { answer, attempts: sent } = await withCancelled(1, () => call('applications', 'POST', `/applications/${id}/payments`, { item: 'INITIAL_GRANT', year: 2020, amount: 10 }));
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  expect(sent).toBe(2);
  expect(await items(`APP#${id}`, 'PAY#')).toHaveLength(1);
}, 20_000);
