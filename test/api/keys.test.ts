/**
 * Keys that can be revoked, and who did what (issue 11), against two `npm start` processes (functions/local/main.ts,
 * spawned as `npm start` runs it) sharing one DynamoDB Local in one DATA_DIR, as two warm Lambda containers share one
 * table:
 * - POST /keys takes a required `label` (who holds the key), GET /keys lists them (never a key or a hash), GET
 *   /keys/me says who asks, POST /keys/{id}/revoke revokes (admin only; 404 unknown, 409 revoked already, an
 *   Idempotency-Key replays);
 * - a revoked key gets 401 on every route of functions/manifest.ts, and on the other server from its very next request;
 * - history events name the key's label (`keyLabel`), null for events written before labels;
 * - keys made before listing entries existed: `npm run reconcile` says so, `-- --repair` lists them;
 * - the servers' whole output (and reconcile's) holds no key and no key's SHA-256, on any line.
 */
import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/manifest.js';
import { application, expectError, httpCall, ok, type Answer, type Client } from './helpers.js';
import { npmStart, runToExit, type NpmStart } from './npm-start.js';

const ADMIN = `keys-test-admin-${randomBytes(16).toString('base64url')}`;
const TABLE = 'kechuang';
const dataDir = mkdtempSync(join(tmpdir(), 'kechuang-keys-'));
const storeFile = join(dataDir, 'dynamodb', 'store.json');
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Every secret this run made or used: none may appear in any line of output. */
const secrets: string[] = [ADMIN];
/** Everything the processes of this run printed, per process. */
const outputs: { name: string; text: () => string }[] = [];

interface Server extends NpmStart {
  readonly name: string;
}

const children: ChildProcess[] = [];

/** `npm start`'s entry on a free port, over DATA_DIR (the second one finds the first one's DynamoDB Local and uses it). */
async function start(name: string, env: Record<string, string> = { ADMIN_API_KEY: ADMIN }): Promise<Server> {
  const started = await npmStart(dataDir, env, (child, output) => {
    children.push(child);
    outputs.push({ name, text: output });
  });
  return { name, ...started };
}

const stopped = (child: ChildProcess) => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once('exit', () => r())));

let a: Server;
let b: Server;
let doc: DynamoDBDocumentClient;

beforeAll(async () => {
  a = await start('server A');
  b = await start('server B');
  doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: a.storeEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } }));
}, 180_000);

afterAll(async () => {
  doc?.destroy();
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  // DynamoDB Local runs detached over DATA_DIR: stop it whatever happened.
  if (existsSync(storeFile)) {
    try {
      process.kill((JSON.parse(readFileSync(storeFile, 'utf8')) as { pid: number }).pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

/** Plain HTTP to `server`, as the admin unless told another key (helpers.ts: the same client startApi gives). */
const call = (server: Server, method: string, path: string, o?: Parameters<Client['call']>[2]): Promise<Answer> => httpCall(server.url, ADMIN)(method, path, o);

/** A refusal in the contract's shape, with both its messages; answers the error. */
async function refused(answer: Promise<Answer>, status: number, code: string, field?: string): Promise<{ code: string; message: string; messageZh: string; field?: string }> {
  const a = await answer;
  expectError(a, status, code, field);
  expect(a.body.error.message, JSON.stringify(a.body)).toMatch(/\S/);
  expect(a.body.error.messageZh, JSON.stringify(a.body)).toMatch(/[\u4e00-\u9fff]/);
  return a.body.error;
}

interface Made {
  readonly id: string;
  readonly key: string;
  readonly role: string;
  readonly district: string | null;
  readonly districtLabel: string | null;
  readonly label: string;
}

/** A key made by the admin through `server`; the key and its hash join the secrets the log must not hold. */
async function makeKey(server: Server, body: { role: string; district?: string; label: string }): Promise<Made> {
  const made = (await ok(call(server, 'POST', '/keys', { body }), 201)) as Made;
  secrets.push(made.key);
  return made;
}

const ADMIN_ME = { id: 'admin', role: 'admin', roleLabel: '管理员', district: null, districtLabel: null, label: '管理员 admin (ADMIN_API_KEY)' };

describe('POST /keys', () => {
  it('needs a label (who holds the key): trimmed, 1–200 characters; refused in English and 中文, nothing made', async () => {
    const before = (await ok(call(a, 'GET', '/keys'), 200)).items.length;
    for (const body of [{ role: 'viewer' }, { role: 'viewer', label: '   ' }, { role: 'viewer', label: '' }, { role: 'viewer', label: null }, { role: 'viewer', label: 7 }, { role: 'viewer', label: '渝'.repeat(201) }]) {
      const error = await refused(call(a, 'POST', '/keys', { body }), 400, 'INVALID', 'label');
      expect(error.message, JSON.stringify(body)).toMatch(/label/);
      expect(error.messageZh, JSON.stringify(body)).toMatch(/label|持有人/);
      // A value of another type is told so, not that it is missing.
      if (body.label === 7) expect([error.message, error.messageZh]).toEqual([expect.stringContaining('must be text'), expect.stringContaining('须为文本')]);
      else expect(error.message, JSON.stringify(body)).not.toContain('must be text');
    }
    expect((await ok(call(a, 'GET', '/keys'), 200)).items).toHaveLength(before);

    const made = await makeKey(a, { role: 'district', district: '渝北区', label: '  渝北区科技局 张三 ' });
    expect(made).toEqual({ id: expect.stringMatching(/^key_/), key: expect.stringMatching(/^kc_[\w-]{40,}$/), role: 'district', roleLabel: '区县', district: 'YUBEI', districtLabel: '渝北区', label: '渝北区科技局 张三' });
    // 200 characters as staff count them (𠮷 is one), not UTF-16 units.
    const long = await makeKey(a, { role: 'viewer', label: '𠮷'.repeat(200) });
    expect(long.label).toBe('𠮷'.repeat(200));
  });

  it('refuses an Idempotency-Key (the new key is shown once, so no answer could replay it): 400 naming it, nothing made', async () => {
    const before = (await ok(call(a, 'GET', '/keys'), 200)).items.length;
    for (let i = 0; i < 2; i++) {
      const error = await refused(call(a, 'POST', '/keys', { body: { role: 'viewer', label: '只读 重试' }, headers: { 'Idempotency-Key': 'k-make-twice' } }), 400, 'INVALID', 'Idempotency-Key');
      expect(error.message).toMatch(/shown once.*GET \/keys.*revoke/);
      expect(error.messageZh).toMatch(/只显示一次.*GET \/keys.*吊销/);
    }
    expect((await ok(call(a, 'GET', '/keys'), 200)).items).toHaveLength(before);
  });
});

describe('GET /keys and GET /keys/me', () => {
  it('GET /keys lists every key with its label and dates, never a key or a hash; /keys/me says who asks', async () => {
    const municipal = await makeKey(a, { role: 'municipal', label: '市科技局 王五' });
    const viewer = await makeKey(b, { role: 'viewer', label: '市财政局 赵六（只读）' });
    const listed = await ok(call(b, 'GET', '/keys'), 200);
    const mine = listed.items.filter((k: { id: string }) => k.id === municipal.id || k.id === viewer.id);
    expect(mine).toEqual([
      { id: municipal.id, role: 'municipal', roleLabel: '市级', district: null, districtLabel: null, label: '市科技局 王五', createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) },
      { id: viewer.id, role: 'viewer', roleLabel: '只读', district: null, districtLabel: null, label: '市财政局 赵六（只读）', createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) },
    ]);
    const text = JSON.stringify(listed);
    for (const secret of secrets) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(sha256(secret));
    }
    expect(text).not.toMatch(/[0-9a-f]{64}/);

    expect(await ok(call(a, 'GET', '/keys/me', { key: municipal.key }), 200)).toEqual({ id: municipal.id, role: 'municipal', roleLabel: '市级', district: null, districtLabel: null, label: '市科技局 王五' });
    expect(await ok(call(b, 'GET', '/keys/me', { key: viewer.key }), 200)).toEqual({ id: viewer.id, role: 'viewer', roleLabel: '只读', district: null, districtLabel: null, label: '市财政局 赵六（只读）' });
    const district = await makeKey(a, { role: 'district', district: 'WANZHOU', label: '万州区科技局' });
    expect(await ok(call(b, 'GET', '/keys/me', { key: district.key }), 200)).toEqual({ id: district.id, role: 'district', roleLabel: '区县', district: 'WANZHOU', districtLabel: '万州区', label: '万州区科技局' });
    expect(await ok(call(a, 'GET', '/keys/me'), 200)).toEqual(ADMIN_ME);
  });

  it('a municipal, district or viewer key on GET /keys or a revocation: 403 in both languages, nothing revoked', async () => {
    const target = await makeKey(a, { role: 'viewer', label: '被吊销对象' });
    for (const asker of [
      await makeKey(a, { role: 'municipal', label: '市级' }),
      await makeKey(a, { role: 'district', district: 'YUBEI', label: '区县' }),
      await makeKey(a, { role: 'viewer', label: '只读' }),
    ]) {
      await refused(call(a, 'GET', '/keys', { key: asker.key }), 403, 'FORBIDDEN');
      await refused(call(b, 'POST', `/keys/${target.id}/revoke`, { key: asker.key }), 403, 'FORBIDDEN');
      await refused(call(b, 'POST', `/keys/${asker.id}/revoke`, { key: asker.key }), 403, 'FORBIDDEN');
      await refused(call(a, 'POST', '/keys', { key: asker.key, body: { role: 'viewer', label: 'x' } }), 403, 'FORBIDDEN');
    }
    expect((await ok(call(a, 'GET', '/keys/me', { key: target.key }), 200)).id).toBe(target.id);
    expect((await ok(call(a, 'GET', '/keys'), 200)).items.find((k: { id: string }) => k.id === target.id).revokedAt).toBeUndefined();
  });
});

describe('POST /keys/{id}/revoke', () => {
  it('200 with the listing (revokedAt); then 401 saying revoked; 409 again; 404 unknown; an Idempotency-Key replays', async () => {
    const k = await makeKey(a, { role: 'municipal', label: '渝中区 临时' });
    expect((await call(a, 'GET', '/reports/summary', { key: k.key })).status).toBe(200);
    const revoked = await ok(call(a, 'POST', `/keys/${k.id}/revoke`, { headers: { 'idempotency-key': 'revoke-1' } }), 200);
    expect(revoked).toEqual({ id: k.id, role: 'municipal', roleLabel: '市级', district: null, districtLabel: null, label: '渝中区 临时', createdAt: expect.any(String), revokedAt: expect.any(String) });
    expect(JSON.stringify(revoked)).not.toMatch(/[0-9a-f]{64}/);

    const error = await refused(call(a, 'GET', '/reports/summary', { key: k.key }), 401, 'UNAUTHORIZED', 'x-api-key');
    expect(error.message).toMatch(/revoked/);
    expect(error.messageZh).toMatch(/吊销/);

    // The same request again under the same Idempotency-Key: the first answer, replayed; without one: 409.
    const replay = await call(a, 'POST', `/keys/${k.id}/revoke`, { headers: { 'idempotency-key': 'revoke-1' } });
    expect({ status: replay.status, body: replay.body, replay: replay.headers.get('idempotent-replay') }).toEqual({ status: 200, body: revoked, replay: 'true' });
    const again = await refused(call(b, 'POST', `/keys/${k.id}/revoke`), 409, 'CONFLICT', 'id');
    expect(again.message).toContain(revoked.revokedAt);
    const unknown = await refused(call(a, 'POST', '/keys/key_nothere/revoke'), 404, 'NOT_FOUND', 'id');
    expect(unknown.message).toContain('key_nothere');
    await refused(call(a, 'POST', '/keys/admin/revoke'), 404, 'NOT_FOUND', 'id');
    const notAnId = await call(a, 'POST', '/keys/not%20an%20id/revoke');
    expect({ status: notAnId.status, code: notAnId.body.error?.code, field: notAnId.body.error?.field }).toEqual({ status: 400, code: 'INVALID', field: 'id' });

    const listed = (await ok(call(b, 'GET', '/keys'), 200)).items.find((x: { id: string }) => x.id === k.id);
    expect(listed).toEqual(revoked);
  });

  it('revocations racing on two servers: one revokes, the others are told it is revoked already', async () => {
    const k = await makeKey(a, { role: 'viewer', label: '并发吊销' });
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => call(i % 2 ? a : b, 'POST', `/keys/${k.id}/revoke`)));
    expect(answers.map((x) => x.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    const revokedAt = answers.find((x) => x.status === 200)?.body.revokedAt as string;
    for (const x of answers.filter((y) => y.status === 409)) expect(x.body.error.message).toContain(revokedAt);
  });

  it('the other 401s say why in both languages too (no key, an unknown key)', async () => {
    const none = await refused(call(a, 'GET', '/keys/me', { key: null }), 401, 'UNAUTHORIZED', 'x-api-key');
    expect(none.message).toMatch(/required/);
    const unknown = await refused(call(a, 'GET', '/keys/me', { key: 'kc_nobody' }), 401, 'UNAUTHORIZED', 'x-api-key');
    expect(unknown.message).toMatch(/unknown/);
  });

  it('a revoked key gets 401 on every route of the manifest, and nothing changes', async () => {
    const appId = (await ok(call(a, 'POST', '/applications', { body: application({ ratingDate: '2020-06-30', category: 'TRANSFER_BASE' }) }), 201)).id as string;
    const payment = (await ok(call(a, 'POST', `/applications/${appId}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 10 } }), 201)).id as string;
    const achievement = (await ok(call(a, 'POST', '/achievements', { body: { applicationId: appId, title: '成果', contractNo: `HT-${randomBytes(4).toString('hex')}` } }), 201)).id as string;
    const receipt = (await ok(call(a, 'POST', `/achievements/${achievement}/receipts`, { body: { date: '2021-01-01', amount: 100 } }), 201)).id as string;
    const k = await makeKey(a, { role: 'municipal', label: '将被吊销的市级密钥' });
    const other = await makeKey(a, { role: 'viewer', label: '另一把' });
    expect((await call(b, 'GET', `/applications/${appId}`, { key: k.key })).status).toBe(200);
    await ok(call(a, 'POST', `/keys/${k.id}/revoke`), 200);

    const ids: Record<string, string> = { paymentId: payment, receiptId: receipt };
    const idFor = (path: string) => (path.startsWith('/achievements') ? achievement : path.startsWith('/keys') ? other.id : appId);
    const routes = FUNCTIONS.flatMap((f) => f.routes).filter((r) => !r.endsWith(' /health'));
    expect(routes.length).toBeGreaterThan(20);
    const before = await ok(call(a, 'GET', '/reports/summary'), 200);
    for (const route of routes) {
      const [method = '', template = ''] = route.split(' ');
      const path = template.replaceAll(/{(\w+)}/g, (_, name: string) => ids[name] ?? idFor(template));
      const body = method === 'GET' ? undefined : {};
      for (const server of [a, b]) {
        const error = await refused(call(server, method, path, { key: k.key, ...(body ? { body } : {}) }), 401, 'UNAUTHORIZED', 'x-api-key');
        expect(error.message, `${route} on ${server.name}`).toMatch(/revoked/);
      }
    }
    expect(await ok(call(a, 'GET', '/reports/summary'), 200)).toEqual(before);
    expect((await ok(call(a, 'GET', '/keys'), 200)).items.find((x: { id: string }) => x.id === other.id).revokedAt).toBeUndefined();
  });

  it('takes effect on the other server from its very next request (no cache lets a revoked key through)', async () => {
    const k = await makeKey(a, { role: 'district', district: 'YUBEI', label: '渝北区科技局 泄露的密钥' });
    // Warm on server B: the key works there, reads and writes, several times.
    for (let i = 0; i < 3; i++) expect((await call(b, 'GET', '/keys/me', { key: k.key })).status).toBe(200);
    await ok(call(b, 'POST', '/applications', { key: k.key, body: application({ district: 'YUBEI' }) }), 201);
    await ok(call(a, 'POST', `/keys/${k.id}/revoke`), 200);
    const write = await refused(call(b, 'POST', '/applications', { key: k.key, body: application({ district: 'YUBEI' }) }), 401, 'UNAUTHORIZED', 'x-api-key');
    expect(write.message).toMatch(/revoked/);
    await refused(call(b, 'GET', '/keys/me', { key: k.key }), 401, 'UNAUTHORIZED', 'x-api-key');
    await refused(call(a, 'GET', '/keys/me', { key: k.key }), 401, 'UNAUTHORIZED', 'x-api-key');
  });
});

describe('history names the key', () => {
  it('each event carries keyLabel beside keyId, as it was when written (null for events written before labels)', async () => {
    const district = await makeKey(a, { role: 'district', district: 'YUBEI', label: '渝北区科技局 张三' });
    const id = (await ok(call(b, 'POST', '/applications', { key: district.key, body: application({ district: 'YUBEI' }) }), 201)).id as string;
    await ok(call(a, 'POST', `/applications/${id}/rating`, { body: { ratingDate: '2020-06-30' } }), 200);
    await ok(call(b, 'POST', `/applications/${id}/payments`, { key: district.key, body: { item: 'INITIAL_GRANT', year: 2020, amount: 1000 } }), 201);
    await ok(call(a, 'POST', `/keys/${district.id}/revoke`), 200);

    const history = await ok(call(a, 'GET', `/applications/${id}/history`), 200);
    expect(history.items.map((e: { type: string; keyId: string; keyLabel: string | null }) => [e.type, e.keyId, e.keyLabel])).toEqual([
      ['APPLICATION_CREATED', district.id, '渝北区科技局 张三'],
      ['APPLICATION_RATED', 'admin', ADMIN_ME.label],
      ['PAYMENT_RECORDED', district.id, '渝北区科技局 张三'],
    ]);

    // An event written before events carried labels: the history answers null for it.
    const { Items = [] } = await doc.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :evt)', ExpressionAttributeValues: { ':pk': `APP#${id}`, ':evt': 'EVT#' } }));
    const first = Items[0];
    expect(first?.type).toBe('APPLICATION_CREATED');
    await doc.send(new UpdateCommand({ TableName: TABLE, Key: { pk: first?.pk, sk: first?.sk }, UpdateExpression: 'REMOVE keyLabel' }));
    const older = await ok(call(b, 'GET', `/applications/${id}/history`), 200);
    expect(older.items[0]).toMatchObject({ type: 'APPLICATION_CREATED', keyId: district.id, keyLabel: null });
  });
});

/** `npm run reconcile` on this DATA_DIR (it finds the running DynamoDB Local and uses it). */
async function reconcile(...args: string[]): Promise<{ code: number | null; output: string }> {
  const result = await runToExit('functions/reconcile/main.ts', args, { DATA_DIR: dataDir });
  outputs.push({ name: `reconcile ${args.join(' ')}`, text: () => result.output });
  return result;
}

describe('keys and their listing entries, as reconcile sees them', () => {
  it('a key made before keys were listed works, unlisted, until `npm run reconcile -- --repair` lists it (label null); then it can be revoked', async () => {
    // A key item as POST /keys stored it before issue 11: no label, no listing entry.
    const key = `kc_${randomBytes(32).toString('base64url')}`;
    secrets.push(key);
    const id = `key_old${randomBytes(6).toString('base64url')}`;
    const hash = sha256(key);
    await doc.send(new PutCommand({ TableName: TABLE, Item: { pk: `KEY#${hash}`, sk: 'K', entity: 'KEY', id, hash, role: 'viewer', createdAt: '2026-01-05T08:00:00.000Z', createdBy: 'admin' } }));

    expect(await ok(call(b, 'GET', '/keys/me', { key }), 200)).toEqual({ id, role: 'viewer', roleLabel: '只读', district: null, districtLabel: null, label: null });
    expect((await ok(call(a, 'GET', '/keys'), 200)).items.map((k: { id: string }) => k.id)).not.toContain(id);
    await refused(call(a, 'POST', `/keys/${id}/revoke`), 404, 'NOT_FOUND', 'id');

    // Two more drifts made by hand: a key listed as revoked whose key item is not (it still works), and a listing
    // entry of no key at all (listed as usable).
    const split = await makeKey(a, { role: 'municipal', label: '只在列表里吊销的' });
    await doc.send(new UpdateCommand({ TableName: TABLE, Key: { pk: 'KEYS', sk: `K#${split.id}` }, UpdateExpression: 'SET revokedAt = :at', ExpressionAttributeValues: { ':at': '2026-02-01T00:00:00.000Z' } }));
    expect((await call(b, 'GET', '/keys/me', { key: split.key })).status).toBe(200);
    const ghostKey = `kc_${randomBytes(32).toString('base64url')}`;
    secrets.push(ghostKey);
    const ghost = `key_ghost${randomBytes(6).toString('base64url')}`;
    await doc.send(new PutCommand({ TableName: TABLE, Item: { pk: 'KEYS', sk: `K#${ghost}`, entity: 'KEY_LISTING', id: ghost, hash: sha256(ghostKey), role: 'viewer', label: '幽灵', createdAt: '2026-01-06T00:00:00.000Z', createdBy: 'admin' } }));

    const report = await reconcile();
    expect(report.output).toContain(`keys: key ${id} has no listing entry`);
    expect(report.output).toContain(`keys: key ${split.id} is listed as revoked at 2026-02-01T00:00:00.000Z but its key item is not: the key still works`);
    expect(report.output).toContain(`keys: listing entry K#${ghost} names no stored key`);
    expect(report.output).toContain('reconcile: 3 drifts');
    expect(report.code).toBe(1);
    const mended = await reconcile('--repair');
    expect(mended.output, mended.output).toContain(`repaired: keys: key ${id} has no listing entry`);
    expect(mended.output, mended.output).toContain('reconcile: 3 repaired');
    expect(mended.code, mended.output).toBe(0);

    expect((await ok(call(a, 'GET', '/keys'), 200)).items.find((k: { id: string }) => k.id === id)).toEqual({
      id,
      role: 'viewer',
      roleLabel: '只读',
      district: null,
      districtLabel: null,
      label: null,
      createdAt: '2026-01-05T08:00:00.000Z',
    });
    await ok(call(a, 'POST', `/keys/${id}/revoke`), 200);
    await refused(call(b, 'GET', '/keys/me', { key }), 401, 'UNAUTHORIZED', 'x-api-key');
    // A revocation on one side is completed on the other, never undone; the ghost is listed as what it is: dead.
    await refused(call(b, 'GET', '/keys/me', { key: split.key }), 401, 'UNAUTHORIZED', 'x-api-key');
    expect((await ok(call(a, 'GET', '/keys'), 200)).items.find((k: { id: string }) => k.id === ghost)).toMatchObject({ label: '幽灵', revokedAt: expect.any(String) });
    expect((await reconcile()).code).toBe(0);
  }, 120_000);
});

describe('npm start output', () => {
  it('an admin key from ADMIN_API_KEY is never printed; its place is', () => {
    for (const server of [a, b]) expect(server.output()).toContain('admin API key (from ADMIN_API_KEY): not printed');
  });

  it('no key and no SHA-256 of a key on any line the servers (or reconcile) printed, in a run that made, used and revoked keys', async () => {
    // A last round of errors, none of them a 500: bad input, a wrong key, a forbidden call, an unknown id, a conflict.
    const viewer = await makeKey(b, { role: 'viewer', label: '最后一把' });
    const statuses = [
      (await call(a, 'POST', '/applications', { key: viewer.key, body: application() })).status,
      (await call(b, 'POST', '/applications', { body: { ...application(), district: 'NOWHERE' } })).status,
      (await call(b, 'GET', '/applications/app_nothere', { key: viewer.key })).status,
      (await call(a, 'GET', '/keys', { key: `${viewer.key}x` })).status,
      (await call(a, 'POST', `/keys/${viewer.id}/revoke`)).status,
      (await call(b, 'POST', `/keys/${viewer.id}/revoke`)).status,
      (await call(b, 'GET', '/keys/me', { key: viewer.key })).status,
    ];
    expect(statuses).toEqual([403, 400, 404, 401, 200, 409, 401]);

    for (const server of [b, a]) {
      const exit = stopped(server.child);
      server.child.kill('SIGTERM');
      await exit;
    }
    const lines = outputs.flatMap(({ name, text }) => text().split('\n').map((line) => ({ name, line })));
    expect(lines.length).toBeGreaterThan(8);
    expect(lines.some(({ line }) => line.includes('listening on'))).toBe(true);
    expect(secrets.length).toBeGreaterThan(15);
    const leaks: string[] = [];
    for (const { name, line } of lines) {
      for (const secret of secrets) {
        if (line.includes(secret)) leaks.push(`${name}: a key: ${line}`);
        if (line.includes(sha256(secret))) leaks.push(`${name}: a key's hash: ${line}`);
      }
      if (/failed:|"unhandled"/.test(line)) leaks.push(`${name}: a 500: ${line}`);
    }
    expect(leaks).toEqual([]);
  }, 60_000);
});
