/**
 * A local server given a running store (`storeEndpoint`, what the mutation runs' shared-store.ts provides) starts no
 * DynamoDB Local of its own: it works in a table of its own there, drops only that table when it closes, and leaves the
 * store and every other table as they were.
 */
import { ListTablesCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startLocalServer } from '../../functions/local/server.js';
import { alive, ensureTable, localClient, startLocalStore, type EmbeddedStore } from '../../functions/local/store.js';
import { application, httpCall } from './helpers.js';

let store: EmbeddedStore;
let client: DynamoDBClient;
/** The DynamoDB Local processes this test process started (other test files run their own at the same time). */
const storesOfThisProcess = () => execFileSync('pgrep', ['-P', String(process.pid), '-f', 'DynamoDBLocal'], { encoding: 'utf8' }).trim().split('\n');
const tables = async () => (await client.send(new ListTablesCommand({}))).TableNames ?? [];

beforeAll(async () => {
  store = await startLocalStore(undefined);
  client = localClient(store.endpoint);
  await ensureTable(store.endpoint, 'someone-else');
});
afterAll(async () => {
  client?.destroy();
  await store?.close();
});

test('a server on a given store keeps its data in a table of its own there and drops only that table on close', async () => {
  const java = storesOfThisProcess();
  expect(java).toHaveLength(1);
  const server = await startLocalServer({ port: 0, adminKey: 'shared-store-test-admin-key-0123456789', storeEndpoint: store.endpoint });
  let closed = false;
  try {
    expect(server.storeEndpoint).toBe(store.endpoint);
    expect(server.tableName).toMatch(/^kechuang-[0-9a-f-]{36}$/);
    expect(process.env.TABLE_NAME).toBe(server.tableName);
    // No JVM of its own: this process runs the same one DynamoDB Local as before it started.
    expect(storesOfThisProcess()).toEqual(java);

    const call = httpCall(server.url, server.adminKey);
    const created = await call('POST', '/applications', { body: application() });
    expect(created.status).toBe(201);
    expect((await call('GET', `/applications/${created.body.id}`)).status).toBe(200);
    expect((await tables()).sort()).toEqual([server.tableName, 'someone-else'].sort());

    await server.close();
    closed = true;
    expect(await tables()).toEqual(['someone-else']);
    expect(java.every((pid) => alive(Number(pid)))).toBe(true);
  } finally {
    if (!closed) await server.close();
  }
});

test('a server is not given both a store and a data folder, and makes no folder when refused', async () => {
  const dataDir = `/tmp/kechuang-shared-store-${process.pid}-${Date.now()}`;
  await expect(startLocalServer({ port: 0, adminKey: 'shared-store-test-admin-key-0123456789', storeEndpoint: store.endpoint, dataDir })).rejects.toThrow(/not both/);
  expect(existsSync(dataDir)).toBe(false);
});
