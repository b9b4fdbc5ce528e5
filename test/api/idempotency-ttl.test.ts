/**
 * Idempotency-Key claims expire (DynamoDB TTL on the table definition's attribute, 30 days after the claim);
 * nothing that records money carries the attribute, so nothing else can ever expire.
 */
import { DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_RETENTION_SECONDS } from '../../functions/idempotency/index.js';
import { TABLE_DEFINITION } from '../../functions/store/table-definition.js';
import { application, startApi, type Client } from './helpers.js';

let api: Client;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.close());

async function allItems(): Promise<Record<string, AttributeValue>[]> {
  const client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: process.env.TABLE_NAME, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  client.destroy();
  return items;
}

describe('Idempotency-Key retention', () => {
  it('the claim carries an expiry 30 days out; applications, ratings, payments and history do not', async () => {
    const before = Math.floor(Date.now() / 1000);
    const created = await api.call('POST', '/applications', { body: application(), headers: { 'Idempotency-Key': 'ttl-check-1' } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await api.call('POST', `/applications/${id}/rating`, { body: { ratingDate: '2020-06-30' }, headers: { 'Idempotency-Key': 'ttl-check-2' } })).status).toBe(200);
    expect((await api.call('POST', `/applications/${id}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 1000 }, headers: { 'Idempotency-Key': 'ttl-check-3' } })).status).toBe(201);
    const after = Math.floor(Date.now() / 1000);

    const ttl = TABLE_DEFINITION.timeToLiveAttribute;
    const items = await allItems();
    const expiring = items.filter((item) => item[ttl] !== undefined);
    expect(expiring.map((item) => item.pk?.S).sort()).toEqual(
      items.filter((item) => item.pk?.S?.startsWith('IDEM#')).map((item) => item.pk?.S).sort(),
    );
    expect(expiring.length).toBeGreaterThanOrEqual(3);
    for (const item of expiring) {
      const at = Number(item[ttl]?.N);
      expect(at).toBeGreaterThanOrEqual(before + IDEMPOTENCY_RETENTION_SECONDS);
      expect(at).toBeLessThanOrEqual(after + IDEMPOTENCY_RETENTION_SECONDS);
    }
    expect(items.length).toBeGreaterThan(expiring.length);
  });
});
