/**
 * The guard of receipts and voids across containers: in one process, facts on one achievement take turns
 * (functions/store/dynamodb/facts.ts `inTurn`), so a race over HTTP to one server never shows a stale read. Here
 * another container's fact is made to commit between a fact's read and its transaction (a TableClient that writes it
 * just before the transaction is sent), and the fact must read again: a receipt after a void meanwhile (the count is
 * the same, the sum is not), a void after another void meanwhile, a void after a receipt meanwhile.
 *
 * The other container's fact is written raw (its counter and receipt only), so this file leaves the table with drift
 * on purpose: it has its own DynamoDB Local (as every API test file) and runs no reconcile.
 */
import { PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receipt } from '../../functions/domain/records.js';
import { queryRange, tableClient, type TableClient } from '../../functions/store/dynamodb/client.js';
import { recordReceipt, voidReceipt } from '../../functions/store/dynamodb/achievements.js';
import { achievementAndReceiptsRange, achievementKey, kindOf, receiptKey } from '../../functions/store/dynamodb/items.js';
import type { FactTrail } from '../../functions/store/store.js';
import { ratedApplication, startApi, type Client } from './helpers.js';

let api: Client;
beforeAll(async () => {
  api = await startApi();
}, 120_000);
afterAll(() => api?.close());

/** A TableClient whose first transaction is preceded by `meanwhile` (another container's fact, committed first). */
function interfered(meanwhile: () => Promise<void>): TableClient {
  const t = tableClient();
  let fired = false;
  const send = async (command: unknown) => {
    if (command instanceof TransactWriteCommand && !fired) {
      fired = true;
      await meanwhile();
    }
    return t.doc.send(command as never);
  };
  return { tableName: t.tableName, doc: { send } as unknown as TableClient['doc'] };
}

const trailOf = (applicationId: string, data: object): FactTrail => ({ event: { applicationId, at: new Date().toISOString(), keyId: 'guard-test', type: 'RECEIPT_RECORDED', data: data as Record<string, unknown> } });

async function setup(amounts: number[]): Promise<{ id: string; applicationId: string; receipts: Receipt[] }> {
  const applicationId = await ratedApplication(api, { category: 'TRANSFER_BASE' });
  const a = await api.call('POST', '/achievements', { body: { applicationId, title: 't', contractNo: `GUARD-${Math.random()}` } });
  const receipts: Receipt[] = [];
  for (const amount of amounts) receipts.push((await api.call('POST', `/achievements/${a.body.id}/receipts`, { body: { date: '2021-06-01', amount } })).body);
  return { id: a.body.id, applicationId, receipts };
}

/** Another container's fact, raw: the counter moved by `received` and `receipts`, and a receipt voided or added. */
async function rawVoid(achievementId: string, receipt: { sequence: number; amount: number }): Promise<void> {
  const t = tableClient();
  await t.doc.send(new UpdateCommand({ TableName: t.tableName, Key: achievementKey(achievementId), UpdateExpression: 'ADD cumulativeReceived :minus', ExpressionAttributeValues: { ':minus': -receipt.amount * 100 } }));
  await t.doc.send(
    new UpdateCommand({ TableName: t.tableName, Key: receiptKey({ achievementId, sequence: receipt.sequence } as Receipt), UpdateExpression: 'SET #s = :v', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':v': 'VOIDED' } }),
  );
}
async function rawReceipt(achievementId: string, sequence: number, fen: number): Promise<void> {
  const t = tableClient();
  await t.doc.send(new UpdateCommand({ TableName: t.tableName, Key: achievementKey(achievementId), UpdateExpression: 'ADD cumulativeReceived :f, receipts :one', ExpressionAttributeValues: { ':f': fen, ':one': 1 } }));
  await t.doc.send(new PutCommand({ TableName: t.tableName, Item: { ...receiptKey({ achievementId, sequence } as Receipt), entity: 'RECEIPT', id: `rcpt_raw_${sequence}`, achievementId, sequence, amount: fen, subsidy: 0 } }));
}

/** The counter as stored, and the sum of the receipts not voided. */
async function counter(id: string): Promise<{ received: number; receipts: number; surviving: number; count: number }> {
  const items = await queryRange(tableClient(), achievementAndReceiptsRange(id), true);
  const c = items.find((i) => i.sk === achievementKey(id).sk)!;
  const receipts = items.filter((i) => kindOf({ pk: String(i.pk), sk: String(i.sk) }).kind === 'receipt');
  return { received: Number(c.cumulativeReceived), receipts: Number(c.receipts), surviving: receipts.filter((r) => r.status !== 'VOIDED').reduce((s, r) => s + Number(r.amount), 0), count: receipts.length };
}

describe('a fact whose read went stale reads again', () => {
  it('a receipt after a void meanwhile (same count, smaller sum): it earns on the surviving sum', async () => {
    const { id, applicationId, receipts } = await setup([100]);
    const t = interfered(() => rawVoid(id, receipts[0]!));
    const befores: number[] = [];
    const receipt = await recordReceipt(t, id, 5_000, Number.MAX_SAFE_INTEGER, (receivedBefore, sequence) => {
      befores.push(receivedBefore);
      const r = { id: `rcpt_guard_${sequence}`, achievementId: id, applicationId, sequence, amount: 5_000, cumulativeReceived: receivedBefore + 5_000 } as Receipt;
      return { receipt: r, trail: trailOf(applicationId, r) };
    });
    expect(befores).toEqual([10_000, 0]); // read, went stale, read again
    expect(receipt?.cumulativeReceived).toBe(5_000);
    expect(await counter(id)).toEqual({ received: 5_000, receipts: 2, surviving: 5_000, count: 2 });
  });

  it('a void after another void meanwhile (same count, smaller sum)', async () => {
    const { id, applicationId, receipts } = await setup([100, 200]);
    const t = interfered(() => rawVoid(id, receipts[1]!));
    const befores: number[] = [];
    const result = await voidReceipt(t, id, receipts[0]!.id, (stored, receivedBefore) => {
      befores.push(receivedBefore);
      const r = { ...stored, status: 'VOIDED', voided: { reason: 'r', at: 'now', keyId: 'k', adjustment: 0, cumulativeReceived: receivedBefore - stored.amount, cumulativeSubsidy: 0, capReached: false } } as Receipt;
      return { receipt: r, trail: trailOf(applicationId, r) };
    });
    expect(befores).toEqual([30_000, 10_000]);
    expect(result.ok && result.receipt.voided?.cumulativeReceived).toBe(0);
    expect(await counter(id)).toEqual({ received: 0, receipts: 2, surviving: 0, count: 2 });
  });

  it('a void after a receipt meanwhile (count moved)', async () => {
    const { id, applicationId, receipts } = await setup([100]);
    const t = interfered(() => rawReceipt(id, 2, 30_000));
    const befores: number[] = [];
    const result = await voidReceipt(t, id, receipts[0]!.id, (stored, receivedBefore) => {
      befores.push(receivedBefore);
      const r = { ...stored, status: 'VOIDED', voided: { reason: 'r', at: 'now', keyId: 'k', adjustment: 0, cumulativeReceived: receivedBefore - stored.amount, cumulativeSubsidy: 0, capReached: false } } as Receipt;
      return { receipt: r, trail: trailOf(applicationId, r) };
    });
    expect(befores).toEqual([10_000, 40_000]);
    expect(result.ok).toBe(true);
    expect(await counter(id)).toEqual({ received: 30_000, receipts: 2, surviving: 30_000, count: 2 });
  });

  it('a void of a receipt voided meanwhile is refused, nothing written', async () => {
    const { id, applicationId, receipts } = await setup([100, 200]);
    const t = interfered(() => rawVoid(id, receipts[0]!));
    const result = await voidReceipt(t, id, receipts[0]!.id, (stored, receivedBefore) => {
      const r = { ...stored, status: 'VOIDED', voided: { reason: 'r', at: 'now', keyId: 'k', adjustment: 0, cumulativeReceived: receivedBefore - stored.amount, cumulativeSubsidy: 0, capReached: false } } as Receipt;
      return { receipt: r, trail: trailOf(applicationId, r) };
    });
    expect(result).toMatchObject({ ok: false, reason: 'voided' });
    expect(await counter(id)).toEqual({ received: 20_000, receipts: 2, surviving: 20_000, count: 2 });
  });
});
