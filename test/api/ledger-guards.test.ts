/**
 * The ledger's guards hold across containers, not only within one: facts of one process on one row take turns
 * (functions/store/dynamodb/facts.ts `inTurn`), so the HTTP races of ./approvals.test.ts are mostly settled by that
 * queue. Here another container's write lands between a fact's read and its commit (a raw update of the ledger item,
 * as a Lambda elsewhere would make it), and the DynamoDB conditions alone must keep paid ≤ approved.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Approval, Payment } from '../../functions/domain/records.js';
import { tableClient, type TableClient } from '../../functions/store/dynamodb/client.js';
import { ledgerKey } from '../../functions/store/dynamodb/items.js';
import { recordApproval, recordPayment } from '../../functions/store/dynamodb/ledger.js';
import type { FactTrail } from '../../functions/store/store.js';
import { startApi, type Client } from './helpers.js';

let api: Client;
let t: TableClient;
beforeAll(async () => {
  api = await startApi();
  t = tableClient();
});
afterAll(() => api?.close());

const row = (applicationId: string) => ({ applicationId, item: 'INITIAL_GRANT' as const, year: 2020, cap: 1_000_000 });
const trail = (applicationId: string): FactTrail => ({ event: { applicationId, at: new Date().toISOString(), keyId: 'test', type: 'PAYMENT_RECORDED', data: {} } });
const payment = (applicationId: string, amount: number, paidBefore: number, limit: number): Payment => ({
  id: randomUUID(),
  applicationId,
  item: 'INITIAL_GRANT',
  year: 2020,
  amount,
  paidToDate: paidBefore + amount,
  cap: limit,
  createdAt: new Date().toISOString(),
});
const approval = (applicationId: string, amount: number, sequence: number, limitBefore: number): Approval => ({
  id: randomUUID(),
  applicationId,
  item: 'INITIAL_GRANT',
  year: 2020,
  amount,
  sequence,
  limitBefore,
  createdAt: new Date().toISOString(),
});
/** Another container's write on the row, between this one's read and its commit. */
const elsewhere = (applicationId: string, expression: string, values: Record<string, unknown>) =>
  t.doc.send(new UpdateCommand({ TableName: t.tableName, Key: ledgerKey(applicationId, 2020, 'INITIAL_GRANT'), UpdateExpression: expression, ExpressionAttributeValues: values }));
const ledgerItem = async (applicationId: string) => (await t.doc.send(new GetCommand({ TableName: t.tableName, Key: ledgerKey(applicationId, 2020, 'INITIAL_GRANT'), ConsistentRead: true }))).Item;
const limit = (approved: number | undefined) => approved ?? 1_000_000;
/** The table, where `before` runs (another container's write) just before this container's first transaction is sent. */
function overtaken(before: () => Promise<unknown>): TableClient {
  let first = true;
  const send = async (command: unknown) => {
    if (first && command instanceof TransactWriteCommand) {
      first = false;
      await before();
    }
    return t.doc.send(command as never);
  };
  return { ...t, doc: { send } as unknown as TableClient['doc'] };
}

describe('the ledger guard against a write from another container', () => {
  it('a payment whose read is overtaken by a lowering approval is refused by the condition, not by the queue', async () => {
    const id = `app_${randomUUID()}`;
    await recordApproval(t, row(id), () => ({ approval: approval(id, 800_000, 1, 1_000_000), trail: trail(id) }));
    const reads: number[] = [];
    // Read: approved 800,000. Before this payment commits, an approval elsewhere lowers the row to 500,000.
    const lowered = overtaken(() => elsewhere(id, 'SET approved = :a, approvals = :n', { ':a': 500_000, ':n': 2 }));
    const result = await recordPayment(lowered, { ...row(id), amount: 700_000, limit }, (paidBefore, cap) => {
      reads.push(cap);
      return { payment: payment(id, 700_000, paidBefore, cap), trail: trail(id) };
    });
    // Committed, paid (700,000) would pass the final approval (500,000): the condition failed, the re-read refused it.
    expect(reads).toEqual([800_000]);
    expect(result).toEqual({ ok: false, paid: 0, limit: 500_000, approved: 500_000 });
    expect(await ledgerItem(id)).toMatchObject({ paid: 0, approved: 500_000 });
  });

  it('a payment overtaken by a raising approval reads again and commits against the new limit', async () => {
    const id = `app_${randomUUID()}`;
    await recordApproval(t, row(id), () => ({ approval: approval(id, 800_000, 1, 1_000_000), trail: trail(id) }));
    const reads: number[] = [];
    const raised = overtaken(() => elsewhere(id, 'SET approved = :a, approvals = :n', { ':a': 900_000, ':n': 2 }));
    const result = await recordPayment(raised, { ...row(id), amount: 700_000, limit }, (paidBefore, cap) => {
      reads.push(cap);
      return { payment: payment(id, 700_000, paidBefore, cap), trail: trail(id) };
    });
    // The raise fails `approved = :approved` (the approval as read), so the payment reads again and commits under the
    // approval it committed against: its recorded limit is 900,000, not the stale 800,000.
    expect(reads).toEqual([800_000, 900_000]);
    expect(result.ok).toBe(true);
    expect(result.ok && result.payment.cap).toBe(900_000);
    expect(await ledgerItem(id)).toMatchObject({ paid: 700_000, approved: 900_000 });
  });

  it('an approval read before a payment elsewhere fails its condition and is checked again against the new paid sum', async () => {
    const id = `app_${randomUUID()}`;
    await recordPayment(t, { ...row(id), amount: 100_000, limit }, (paidBefore, cap) => ({ payment: payment(id, 100_000, paidBefore, cap), trail: trail(id) }));
    const seen: number[] = [];
    // Read: paid 100,000. A payment elsewhere takes it to 400,000 before this approval of 300,000 commits.
    const paidMeanwhile = overtaken(() => elsewhere(id, 'SET paid = :p', { ':p': 400_000 }));
    await expect(
      recordApproval(paidMeanwhile, row(id), (ledger) => {
        seen.push(ledger.paid);
        if (ledger.paid > 300_000) throw new Error('below what is paid');
        return { approval: approval(id, 300_000, ledger.approvals + 1, limit(ledger.approved)), trail: trail(id) };
      }),
    ).rejects.toThrow('below what is paid');
    expect(seen).toEqual([100_000, 400_000]);
    const item = await ledgerItem(id);
    expect(item).toMatchObject({ paid: 400_000 });
    expect(item?.approved).toBeUndefined();
  });
});
