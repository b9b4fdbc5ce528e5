/**
 * `npm run reconcile`: on records the real handlers wrote (local server → Lambda handlers → DynamoDB Local) it finds
 * nothing; on a table damaged by hand it names each damage by kind, `repair` mends them all, and a rerun finds
 * nothing. The CLI runs once end to end on a DATA_DIR, as the kill -9 test calls it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalisePartnerName } from '../../shared/index.js';
import { queryRange, tableClient, type TableClient } from '../../functions/store/dynamodb/client.js';
import { achievementKey, aliasItem, appKey, historyRange, indexAttributes, ledgerKey, partnerItem, partnerKey, summaryKey } from '../../functions/store/dynamodb/items.js';
import { repairDrift } from '../../functions/reconcile/repair.js';
import { describeDrift, findDrifts, reconcile, type Drift } from '../../functions/reconcile/index.js';
import { application, type Client, ok, ratedApplication, startApi } from './helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');
let api: Client;
let t: TableClient;

beforeAll(async () => {
  api = await startApi();
  t = tableClient();
});
afterAll(() => api?.close());

const partner = (name: string) => ({ name, type: 'DOMESTIC_UNIVERSITY', country: 'CN' });

describe('reconcile over the records the handlers wrote', () => {
  let paid: string; // rated, with payments, an achievement and receipts
  let other: string; // rated in another district, created rated
  const marker = partnerKey('YUBEI', normalisePartnerName('Tsinghua University'));
  let achievementId: string;

  it('finds no drift on what the API wrote', async () => {
    paid = await ratedApplication(api, { partner: partner('Tsinghua University') });
    await ratedApplication(api, { partner: partner('  TSINGHUA university ') }); // the same partner, counted once
    other = (await ok(api.call('POST', '/applications', { body: application({ district: 'JIANGBEI', partner: partner('Peking University'), ratingDate: '2021-03-01' }) }), 201)).id;
    await ok(api.call('POST', '/applications', { body: application({ district: 'WANZHOU', field: 'NEW_MATERIALS', partner: partner('Fudan University') }) }), 201);
    await ok(api.call('POST', `/applications/${paid}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 1_000_000 } }), 201);
    await ok(api.call('POST', `/applications/${paid}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 234.56 } }), 201);
    await ok(api.call('POST', `/applications/${other}/payments`, { body: { item: 'INITIAL_GRANT', year: 2021, amount: 500 } }), 201);
    achievementId = (await ok(api.call('POST', '/achievements', { body: { applicationId: paid, title: '成果', contractNo: 'HT-1' } }), 201)).id;
    await ok(api.call('POST', `/achievements/${achievementId}/receipts`, { body: { date: '2021-01-01', amount: 123_456.78 } }), 201);
    await ok(api.call('POST', `/achievements/${achievementId}/receipts`, { body: { date: '2021-02-01', amount: 1000 } }), 201);

    const { drifts, scanned } = await findDrifts(t);
    expect(drifts.map(describeDrift)).toEqual([]);
    expect(scanned).toBeGreaterThan(20);
    const result = await reconcile(t, { repair: true });
    expect(result).toMatchObject({ found: [], repaired: [], remaining: [] });
  });

  it('names each damage by kind, mends it with repair, and finds nothing after', async () => {
    const summaryBefore = (await api.call('GET', '/reports/summary')).body;
    const doc = t.doc;
    const T = t.tableName;
    // 1. a summary shard bumped
    await doc.send(new UpdateCommand({ TableName: T, Key: summaryKey('ALL', 3), UpdateExpression: 'ADD applications :one', ExpressionAttributeValues: { ':one': 1 } }));
    // 2. a ledger's paid changed
    await doc.send(new UpdateCommand({ TableName: T, Key: ledgerKey(paid, 2020, 'INITIAL_GRANT'), UpdateExpression: 'SET paid = :p', ExpressionAttributeValues: { ':p': 1 } }));
    // 3. an event deleted (the payment of the other application)
    const history = await queryRange(t, historyRange(other), true);
    const paymentEvent = history.find((e) => e.type === 'PAYMENT_RECORDED')!;
    await doc.send(new DeleteCommand({ TableName: T, Key: { pk: paymentEvent.pk, sk: paymentEvent.sk } }));
    // 4. a partner marker deleted, and one put that nothing counts
    await doc.send(new DeleteCommand({ TableName: T, Key: marker }));
    await doc.send(new PutCommand({ TableName: T, Item: partnerItem({ scope: 'ALL', name: 'nobody rated', displayName: 'Nobody rated', applications: 1, firstRatedOn: '2020-06-30', firstApplicationId: paid }) }));
    // 5. an application's status listing attribute changed
    const status = indexAttributes('byStatus').pk;
    await doc.send(new UpdateCommand({ TableName: T, Key: appKey(paid), UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': status }, ExpressionAttributeValues: { ':s': 'STATUS#SUBMITTED' } }));
    // 6. an achievement's receipt counter off by one
    await doc.send(new UpdateCommand({ TableName: T, Key: achievementKey(achievementId), UpdateExpression: 'ADD receipts :one', ExpressionAttributeValues: { ':one': 1 } }));

    const { drifts } = await findDrifts(t);
    const byKind = (kind: Drift['kind']) => drifts.filter((d) => d.kind === kind);
    expect(drifts.map((d) => d.kind).sort()).toEqual(['achievement', 'counter', 'event-missing', 'ledger', 'listing', 'partner-extra', 'partner-missing']);
    expect(byKind('counter')).toEqual([{ kind: 'counter', scope: 'ALL', counter: 'applications', expected: 4, actual: 5 }]);
    expect(byKind('ledger')).toEqual([{ kind: 'ledger', applicationId: paid, year: 2020, item: 'INITIAL_GRANT', expected: 100_023_456, actual: 1 }]);
    expect(byKind('event-missing')).toMatchObject([{ event: { applicationId: other, type: 'PAYMENT_RECORDED', keyId: 'reconcile' } }]);
    expect(byKind('partner-missing')).toEqual([
      { kind: 'partner-missing', scope: 'YUBEI', name: normalisePartnerName('Tsinghua University'), firstApplicationId: paid, displayName: 'Tsinghua University', applications: 2, firstRatedOn: '2020-06-30' },
    ]);
    expect(byKind('partner-extra')).toMatchObject([{ scope: 'ALL', name: 'nobody rated' }]);
    expect(byKind('listing')).toEqual([
      { kind: 'listing', applicationId: paid, status: 'RATED', updatedAt: expect.any(String), attributes: [{ name: status, expected: 'STATUS#RATED', actual: 'STATUS#SUBMITTED' }] },
    ]);
    expect(byKind('achievement')).toEqual([
      { kind: 'achievement', achievementId, expected: { received: 12_445_678, receipts: 2 }, actual: { received: 12_445_678, receipts: 3 } },
    ]);
    for (const line of drifts.map(describeDrift)) expect(line).not.toContain('\n');

    const repaired = await reconcile(t, { repair: true });
    expect(repaired.unrepaired).toEqual([]);
    expect(repaired.repaired).toHaveLength(7);
    expect(repaired.remaining).toEqual([]);
    expect((await findDrifts(t)).drifts).toEqual([]);

    // Mended as the records say: the summary as before, the listing finds it rated, the event is the reconcile's.
    expect((await api.call('GET', '/reports/summary')).body).toEqual(summaryBefore);
    expect((await api.call('GET', '/applications?status=RATED')).body.items.map((a: { id: string }) => a.id)).toContain(paid);
    const events = (await api.call('GET', `/applications/${other}/history`)).body.items as { type: string; keyId: string }[];
    expect(events.filter((e) => e.type === 'PAYMENT_RECORDED')).toMatchObject([{ keyId: 'reconcile' }]);
    expect((await api.call('GET', `/applications/${paid}`)).body.ledger).toEqual(
      expect.arrayContaining([expect.objectContaining({ item: 'INITIAL_GRANT', year: 2020, paid: 1_000_234.56 })]),
    );
    // A payment still finds its cap where it was: the ledger's guard holds the true sum again.
    await ok(api.call('POST', `/applications/${paid}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 1 } }), 201);
    // The achievement takes its next receipt (its sequence follows the receipts there are).
    await ok(api.call('POST', `/achievements/${achievementId}/receipts`, { body: { date: '2021-03-01', amount: 10 } }), 201);
    expect((await findDrifts(t)).drifts).toEqual([]);
  });
});

describe('reconcile on partner markers and aliases damaged by hand', () => {
  const figuresOf = async (name: string) =>
    ((await ok(api.call('GET', '/partners'), 200)).items as { normalisedName: string; applications: number; firstRatedOn: string; aliases: string[] }[]).find((p) => p.normalisedName === normalisePartnerName(name));
  const alias = (name: string, aliasOf: string) =>
    aliasItem({ name: normalisePartnerName(name), aliasOf: normalisePartnerName(aliasOf), displayName: name, mergedAt: '2021-01-01T00:00:00.000Z', mergedBy: 'by-hand' });

  it('a marker counting what its ratings do not: partner-figures alone, said as such, set back by --repair', async () => {
    const name = `Zhejiang University ${Math.random()}`;
    await ratedApplication(api, { partner: partner(name) }, '2020-06-30');
    await ratedApplication(api, { partner: partner(name) }, '2020-07-30');
    await t.doc.send(new UpdateCommand({ TableName: t.tableName, Key: partnerKey('ALL', normalisePartnerName(name)), UpdateExpression: 'ADD applications :n', ExpressionAttributeValues: { ':n': 5 } }));
    const { drifts } = await findDrifts(t);
    expect(drifts).toEqual([{ kind: 'partner-figures', scope: 'ALL', name: normalisePartnerName(name), expected: { applications: 2, firstRatedOn: '2020-06-30' }, actual: { applications: 7, firstRatedOn: '2020-06-30' } }]);
    expect(drifts.map(describeDrift)).toEqual([`partners ALL: "${normalisePartnerName(name)}" says 7 application(s) first rated on 2020-06-30, its ratings say 2 first rated on 2020-06-30`]);
    expect(await reconcile(t, { repair: true })).toMatchObject({ remaining: [] });
    expect(await figuresOf(name)).toMatchObject({ applications: 2, firstRatedOn: '2020-06-30' });
    expect((await findDrifts(t)).drifts).toEqual([]);
  });

  it('a marker no rating needs, counted by a rating between the scan and the repair: the repair deletes nothing', async () => {
    const name = `Nanjing University ${Math.random()}`;
    const key = partnerKey('ALL', normalisePartnerName(name));
    await t.doc.send(new PutCommand({ TableName: t.tableName, Item: partnerItem({ scope: 'ALL', name: normalisePartnerName(name), displayName: name, applications: 1, firstRatedOn: '2020-01-01', firstApplicationId: 'app_gone' }) }));
    const [extra] = (await findDrifts(t)).drifts;
    expect(extra).toMatchObject({ kind: 'partner-extra', scope: 'ALL', name: normalisePartnerName(name), applications: 1 });
    await ratedApplication(api, { partner: partner(name) }); // counts the marker: ADD applications
    expect(await repairDrift(t, extra as Drift)).toEqual({ repaired: false, reason: 'the item changed meanwhile: run reconcile again' });
    expect((await t.doc.send(new GetCommand({ TableName: t.tableName, Key: key }))).Item).toMatchObject({ applications: 2 });
    // What is left is the figures and the partner the rating found counted already: mended, nothing after.
    expect((await findDrifts(t)).drifts.map((d) => d.kind).sort()).toEqual(['counter', 'partner-figures']);
    await reconcile(t, { repair: true });
    expect((await findDrifts(t)).drifts).toEqual([]);
    expect(await figuresOf(name)).toMatchObject({ applications: 1 });
  });

  it('an alias of an alias (built by hand): partner-alias-chain, mended by --repair pointing it at the end, nothing counted moves', async () => {
    const [a, b, c] = [`SJTU ${Math.random()}`, `Jiao Tong ${Math.random()}`, `上海交通大学 ${Math.random()}`];
    await ratedApplication(api, { partner: partner(c) });
    await ratedApplication(api, { partner: partner(b) });
    await ok(api.call('POST', '/partners/merge', { body: { name: b, into: c } }), 200);
    await t.doc.send(new PutCommand({ TableName: t.tableName, Item: alias(a, b) })); // A → B → C
    const summary = (await api.call('GET', '/reports/summary')).body;
    const { drifts } = await findDrifts(t);
    expect(drifts).toEqual([{ kind: 'partner-alias-chain', name: normalisePartnerName(a), aliasOf: normalisePartnerName(b), then: normalisePartnerName(c) }]);
    expect(describeDrift(drifts[0] as Drift)).toContain(`--repair points "${normalisePartnerName(a)}" at "${normalisePartnerName(c)}"`);
    expect(await reconcile(t, { repair: true })).toMatchObject({ remaining: [] });
    expect((await t.doc.send(new GetCommand({ TableName: t.tableName, Key: partnerKey('ALL', normalisePartnerName(a)) }))).Item).toMatchObject({ aliasOf: normalisePartnerName(c) });
    expect((await api.call('GET', '/reports/summary')).body).toEqual(summary);
    expect(await figuresOf(c)).toMatchObject({ applications: 2, aliases: [a, b].sort() });
    await ratedApplication(api, { partner: partner(a) });
    expect(await figuresOf(c)).toMatchObject({ applications: 3 });
    expect((await findDrifts(t)).drifts).toEqual([]);
  });

  it('aliases deeper than a rating follows (built by hand): the rating is refused 409 in both languages, nothing written; after --repair it counts', async () => {
    const end = `武汉大学 ${Math.random()}`;
    await ratedApplication(api, { partner: partner(end) });
    const names = [0, 1, 2, 3, 4, 5].map((i) => `Wuhan ${i} ${Math.random()}`);
    for (const [i, name] of names.entries()) await t.doc.send(new PutCommand({ TableName: t.tableName, Item: alias(name, names[i + 1] ?? end) }));
    const summary = (await api.call('GET', '/reports/summary')).body;
    const refused = await api.call('POST', '/applications', { body: application({ partner: partner(names[0] as string), ratingDate: '2021-01-01' }) });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'CONFLICT', field: 'partner.name' });
    expect(refused.body.error.message).toContain('npm run reconcile -- --repair');
    expect(refused.body.error.messageZh).toContain('合并别名超过');
    expect((await api.call('GET', '/reports/summary')).body).toEqual(summary);
    // Each run shortens every alias by one step.
    for (let run = 0; run < 6 && (await findDrifts(t)).drifts.length > 0; run++) await reconcile(t, { repair: true });
    expect((await findDrifts(t)).drifts).toEqual([]);
    await ok(api.call('POST', '/applications', { body: application({ partner: partner(names[0] as string), ratingDate: '2021-01-01' }) }), 201);
    expect(await figuresOf(end)).toMatchObject({ applications: 2 });
    expect((await findDrifts(t)).drifts).toEqual([]);
  });
});

describe('npm run reconcile (the CLI) on a DATA_DIR', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kechuang-reconcile-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const cli = (...args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
      const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
      delete env.DYNAMODB_ENDPOINT;
      // Exactly how the kill -9 test calls it.
      const child = spawn(process.execPath, ['--import', 'tsx', 'functions/reconcile/main.ts', ...args], { cwd: ROOT, env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.once('error', fail);
      child.once('exit', (code) => done({ code, stdout, stderr }));
    });
  const lastLine = (text: string) => text.trim().split('\n').at(-1);

  it('with no data says so (exit 2); on a table with the store stopped, starts and stops it (exit 0, `reconcile: 0 drift`); drift is exit 1 until --repair', async () => {
    const none = await cli();
    expect(none.code, none.stderr).toBe(2);
    expect(none.stderr).toMatch(/no data in .*run `npm start`/);

    // The data `npm start` leaves: its table on DynamoDB Local in DATA_DIR/dynamodb, then the server stopped.
    const { ensureTable, startLocalStore } = await import('../../functions/local/store.js');
    const { TABLE_NAME } = await import('../../functions/local/server.js');
    const storeDir = join(dataDir, 'dynamodb');
    const store = await startLocalStore(storeDir);
    await ensureTable(store.endpoint, TABLE_NAME);
    await store.close();
    expect(existsSync(join(storeDir, 'store.json'))).toBe(false);

    const clean = await cli();
    expect(clean.code, clean.stderr).toBe(0);
    expect(lastLine(clean.stdout)).toBe('reconcile: 0 drift');
    expect(existsSync(join(storeDir, 'store.json'))).toBe(false); // the store it started is stopped again

    // The store running (as under `npm start`): used, not stopped. A counter with no record behind it is drift.
    const running = await startLocalStore(storeDir);
    try {
      const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: running.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
      await doc.send(new UpdateCommand({ TableName: TABLE_NAME, Key: summaryKey('ALL', 0), UpdateExpression: 'ADD rated :n', ExpressionAttributeValues: { ':n': 2 } }));
      doc.destroy();
      const drift = await cli();
      expect(drift.code, drift.stderr).toBe(1);
      expect(drift.stdout.trim().split('\n')).toEqual(['summary ALL: counter rated is 2, the records add up to 0', 'reconcile: 1 drift']);
      expect(existsSync(join(storeDir, 'store.json'))).toBe(true);

      const mended = await cli('--repair');
      expect(mended.code, mended.stdout + mended.stderr).toBe(0);
      expect(mended.stdout).toContain('repaired: summary ALL: counter rated is 2');
      expect(lastLine(mended.stdout)).toBe('reconcile: 0 drift'); // its last scan found nothing left
    } finally {
      await running.close();
    }
  }, 180_000);
});
