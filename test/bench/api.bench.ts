/**
 * Cloud API on one machine (`npm start`'s server in a child process, DynamoDB Local on disk, autocannon here):
 * requests/s and p50/p99 of POST /calculate, POST /applications, and GET /reports/summary at 100 and at 10,000
 * stored applications. Each Lambda bundle's size, init and handler time per event: ./lambda.bench.ts.
 *
 * Seeding: the first 100 applications go through the API (POST /applications). The other 9,900 are written through
 * the store directly, to keep the run short: application items built by the adapter itself (`applicationItem`),
 * BatchWrite 25 at a time, and the summary counters added with the adapter's `summaryUpdate` — the same counters a
 * POST /applications adds — so the summary is right (checked: it must say 10,000).
 *
 * Aims: summary p50 ratio (10,000 / 100) ≤ 1.5; POST /calculate p99 < 20 ms at 32 connections.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CATEGORIES, DISTRICTS, FIELDS } from '../../shared/index.js';
import type { Application } from '../../functions/domain/records.js';

interface Result {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<Result>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const ROOT = resolve(import.meta.dirname, '../..');
const ADMIN = 'bench-admin-key';
const DURATION_S = 5;

function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string; storeEndpoint: string }> {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', DATA_DIR: dataDir, ADMIN_API_KEY: ADMIN };
  const child = spawn(process.execPath, ['--import', 'tsx', 'functions/local/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  return new Promise((ok, fail) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(output);
      const store = /DynamoDB Local at (http:\/\/[^\s,]+)/.exec(output);
      if (m?.[1] && store?.[1]) ok({ child, url: m[1], storeEndpoint: store[1] });
    });
    child.once('exit', (code) => fail(new Error(`server exited ${code}: ${output}`)));
  });
}

const application = {
  institution: '重庆某研究院',
  partner: { name: 'Bench University', type: 'DOMESTIC_UNIVERSITY', country: 'CN' },
  category: 'JOINT_RD_BASE',
  district: 'YUBEI',
  field: 'BIG_DATA',
  legalPerson: true,
};

interface Row {
  readonly what: string;
  readonly connections: number;
  readonly requests: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly failed: number;
}

async function measure(what: string, url: string, options: { method?: string; body?: unknown; connections: number; amount?: number }): Promise<Row> {
  const result = await autocannon({
    url,
    method: options.method ?? 'GET',
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: DURATION_S }),
    headers: { 'x-api-key': ADMIN, 'content-type': 'application/json' },
    ...(options.body ? { body: JSON.stringify(options.body) } : {}),
  });
  return {
    what,
    connections: options.connections,
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.non2xx + result.errors,
  };
}

/** Writes `count` applications through the store adapter (see the header), keeping the summary counters right. */
async function seed(storeEndpoint: string, count: number): Promise<number> {
  process.env.TABLE_NAME = 'kechuang';
  process.env.DYNAMODB_ENDPOINT = storeEndpoint;
  // Loaded here, after quieting the SDK's notice about Node versions (this machine runs Node 20).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
  const { BatchWriteCommand, DynamoDBDocumentClient, UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
  const { summaryUpdate } = await import('../../functions/store/dynamodb/facts.js');
  const { applicationItem } = await import('../../functions/store/dynamodb/items.js');
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: storeEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } }));
  const started = performance.now();
  for (let done = 0; done < count; ) {
    const batches: Application[][] = [];
    for (let b = 0; b < 8 && done < count; b++) {
      const batch: Application[] = [];
      for (let i = 0; i < 25 && done < count; i++, done++) {
        const at = new Date(Date.UTC(2021, 0, 1) + done * 60_000).toISOString();
        batch.push({
          id: `app_seed${String(done).padStart(8, '0')}`,
          institution: `Seed institute ${done}`,
          partner: { name: `Seed partner ${done % 500}`, type: 'DOMESTIC_UNIVERSITY', country: 'CN' },
          category: CATEGORIES.codes[done % 5] ?? 'JOINT_RD_BASE',
          district: DISTRICTS.codes[done % DISTRICTS.codes.length] ?? 'YUBEI',
          field: FIELDS.codes[done % FIELDS.codes.length] ?? 'BIG_DATA',
          legalPerson: true,
          status: 'SUBMITTED',
          createdAt: at,
          updatedAt: at,
        });
      }
      batches.push(batch);
    }
    await Promise.all(
      batches.map(async (batch) => {
        let items = batch.map((a) => ({ PutRequest: { Item: applicationItem(a) } }));
        while (items.length) {
          const res = await doc.send(new BatchWriteCommand({ RequestItems: { kechuang: items } }));
          items = (res.UnprocessedItems?.kechuang ?? []) as typeof items;
        }
        const deltas: Record<string, number> = { applications: batch.length };
        for (const a of batch) for (const k of [`district:${a.district}`, `category:${a.category}`, `field:${a.field}`]) deltas[k] = (deltas[k] ?? 0) + 1;
        const update = summaryUpdate('kechuang', 'ALL', deltas);
        if (update?.Update) await doc.send(new UpdateCommand(update.Update));
      }),
    );
  }
  doc.destroy();
  return performance.now() - started;
}

async function summaryCount(url: string): Promise<number> {
  const res = await fetch(`${url}/reports/summary`, { headers: { 'x-api-key': ADMIN } });
  return ((await res.json()) as { applications: number }).applications;
}

export async function run(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kechuang-bench-'));
  const { child, url, storeEndpoint } = await startServer(dataDir);
  const rows: Row[] = [];
  try {
    rows.push(await measure('POST /applications (seed to 100)', `${url}/applications`, { method: 'POST', body: application, connections: 10, amount: 100 }));
    rows.push(await measure('GET /reports/summary @ 100', `${url}/reports/summary`, { connections: 32 }));
    rows.push(await measure('POST /calculate', `${url}/calculate`, { method: 'POST', body: { category: 'HIGH_END_RD_INSTITUTION', ratingDate: '2020-06-30', talent: 'CAS_ACADEMICIAN' }, connections: 32 }));
    rows.push(await measure('POST /applications', `${url}/applications`, { method: 'POST', body: application, connections: 32 }));
    await new Promise((r) => setTimeout(r, 1_000)); // requests autocannon left in flight at its deadline finish
    const seedMs = await seed(storeEndpoint, 10_000 - (await summaryCount(url)));
    const stored = await summaryCount(url);
    rows.push(await measure('GET /reports/summary @ 10,000', `${url}/reports/summary`, { connections: 32 }));

    console.log('| route | conns | requests | req/s | p50 ms | p99 ms | non-2xx |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const r of rows) console.log(`| ${r.what} | ${r.connections} | ${r.requests} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.failed} |`);
    const small = rows.find((r) => r.what.endsWith('@ 100'));
    const large = rows.find((r) => r.what.endsWith('@ 10,000'));
    const calc = rows.find((r) => r.what === 'POST /calculate');
    if (small && large && calc) {
      const ratio = large.p50 / Math.max(small.p50, 1);
      console.log(`\nstored applications: ${stored} (summary counter; seeded through the store in ${(seedMs / 1000).toFixed(1)} s)`);
      console.log(`summary p50 ratio 10,000 / 100: ${ratio.toFixed(2)} (aim ≤ 1.5) · req/s ratio ${(small.rps / large.rps).toFixed(2)}`);
      console.log(`POST /calculate p99 at 32 connections: ${calc.p99} ms (aim < 20 ms)`);
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
