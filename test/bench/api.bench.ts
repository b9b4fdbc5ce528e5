/**
 * Cloud API on one machine (`npm start`'s server in a child process, DynamoDB Local on disk, autocannon here):
 * requests/s and p50/p99 at 32 connections of POST /calculate, the write routes — POST /applications,
 * POST /applications/{id}/payments, POST /achievements/{id}/receipts — and GET /reports/summary at 100 and at 10,000
 * stored applications. Each Lambda bundle's size, init and handler time per event: ./lambda.bench.ts.
 *
 * Every write carries its own Idempotency-Key, as the add-on sends them. Payments go round-robin over every ledger
 * (application·item·year) of 100 rated applications, receipts over 64 achievements, 1 yuan at a time so no cap is
 * reached: that measures throughput, not one hot item. One more row sends all 32 connections' payments to ONE ledger
 * (they queue on its guard: facts.ts takes them in turn within the process). Any answer that is not 2xx fails the bench
 * after the table is printed.
 *
 * Where the time goes: the server runs with KECHUANG_TRACE=1 (functions/local/trace.ts), so each row also shows the
 * node server's and DynamoDB Local's CPU per request, and per route the DynamoDB calls a request makes, each with
 * the SDK's whole send and the wire part of it (DynamoDB Local's time plus queueing). `BENCH_CPU_PROF=<dir>` also
 * runs the server under `node --cpu-prof` into that directory.
 *
 * Seeding: the first 100 applications go through the API (POST /applications, rated). The other 9,900 are written
 * through the store directly, to keep the run short: application items built by the adapter itself
 * (`applicationItem`), BatchWrite 25 at a time, and the summary counters added with the adapter's `summaryUpdate` —
 * the same counters a POST /applications adds — so the summary is right (checked: it must say 10,000).
 *
 * Aims (issue 9): every write route ≥ 100 req/s at 32 connections; summary p50 ratio (10,000 / 100) ≤ 1.5.
 * POST /calculate p99 < 20 ms at 32 connections (issue 8).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CATEGORIES, DISTRICTS, FIELDS } from '../../shared/index.js';
import type { Application } from '../../functions/domain/records.js';

interface Result {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}
interface RawRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}
type Autocannon = (options: Record<string, unknown>) => Promise<Result>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const ROOT = resolve(import.meta.dirname, '../..');
const ADMIN = 'bench-admin-key-0123456789abcdef';
const DURATION_S = 5;
const RUN = Date.now().toString(36);

function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string; storeEndpoint: string }> {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', DATA_DIR: dataDir, ADMIN_API_KEY: ADMIN, KECHUANG_TRACE: '1' };
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${resolve(process.env.BENCH_CPU_PROF)}`] : [];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', 'functions/local/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
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

/** CPU time of a process in ms (Linux /proc), undefined elsewhere. */
function cpuMsOf(pid: number | undefined): number | undefined {
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) return undefined;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in clock ticks of 10 ms
}

interface Calls {
  count: number;
  sendMs: number;
  wireMs: number;
}
interface Trace {
  wallMs: number;
  inflight: number;
  cpuMs: number;
  routes: Record<string, { count: number; ms: number; calls: Record<string, Calls> }>;
}

interface Row {
  readonly what: string;
  /** The route measured (its tally in the trace). */
  readonly routeKey: string;
  readonly connections: number;
  readonly requests: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly failed: number;
  readonly failures: string[];
  /** CPU ms per answered request: the node server, DynamoDB Local. */
  readonly nodeCpu: number | undefined;
  readonly storeCpu: number | undefined;
  readonly trace: Trace | undefined;
}

interface Target {
  readonly url: string;
  readonly storePid: number | undefined;
}

async function readTrace(url: string): Promise<Trace | undefined> {
  const res = await fetch(`${url}/__trace`);
  return res.ok ? ((await res.json()) as Trace) : undefined;
}

/** Waits until the server answers nothing (requests autocannon left in flight at its deadline finish), and resets its tallies. */
async function idle(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await readTrace(url))?.inflight && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}
let rowNumber = 0;

/**
 * One autocannon run. `next(i)` gives the i-th request's path and body (round-robin over targets); a write gets its own
 * Idempotency-Key. The first few non-2xx answers are kept to say what failed.
 */
async function measure(
  what: string,
  target: Target,
  options: { method?: string; path: string; route?: string; body?: unknown; next?: (i: number) => { path: string; body: unknown }; connections: number; amount?: number; duration?: number; keyed?: boolean },
): Promise<Row> {
  const failures: string[] = [];
  let n = 0;
  const row = ++rowNumber;
  const method = options.method ?? 'GET';
  const keyed = options.keyed ?? method === 'POST';
  const request = {
    method,
    path: options.path,
    headers: { 'x-api-key': ADMIN, 'content-type': 'application/json' },
    ...(options.body ? { body: JSON.stringify(options.body) } : {}),
    ...(keyed || options.next
      ? {
          setupRequest: (req: RawRequest): RawRequest => {
            const i = n++;
            const next = options.next?.(i);
            return {
              ...req,
              ...(next ? { path: next.path, body: JSON.stringify(next.body) } : {}),
              headers: { ...req.headers, ...(keyed ? { 'idempotency-key': `bench-${RUN}-${row}-${i}` } : {}) },
            };
          },
        }
      : {}),
    onResponse: (status: number, body: string) => {
      if ((status < 200 || status > 299) && failures.length < 3) failures.push(`${status} ${body.slice(0, 200)}`);
    },
  };
  await idle(target.url); // and the server's tallies start afresh
  const storeBefore = cpuMsOf(target.storePid);
  const result = await autocannon({
    url: target.url,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? DURATION_S }),
    requests: [request],
  });
  const storeAfter = cpuMsOf(target.storePid);
  const trace = await readTrace(target.url);
  const answered = Math.max(result.requests.total, 1);
  return {
    what,
    routeKey: `${method} ${options.route ?? options.path}`,
    connections: options.connections,
    requests: result.requests.total,
    // Answered requests over the run's own duration (autocannon's per-second average drops a partial last second).
    rps: result.requests.total / (result.duration || options.duration || DURATION_S),
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.non2xx + result.errors + result.timeouts,
    failures,
    nodeCpu: trace ? trace.cpuMs / answered : undefined,
    storeCpu: storeBefore !== undefined && storeAfter !== undefined ? (storeAfter - storeBefore) / answered : undefined,
    trace,
  };
}

/** POSTs `body` and answers the parsed 201 body (setup outside the measured runs). */
async function post<T>(url: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'x-api-key': ADMIN, 'content-type': 'application/json', 'idempotency-key': `setup-${RUN}-${Math.random().toString(36).slice(2)}` },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`setup POST ${path} answered ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** `count` calls of `make`, `width` at a time, in order. */
async function inParallel<T>(count: number, width: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await make(i);
      }
    }),
  );
  return out;
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

const ms = (v: number | undefined) => (v === undefined ? '–' : v < 10 ? v.toFixed(1) : v.toFixed(0));

/** Per route: DynamoDB calls per request, and ms per call (the SDK's whole send / the wire part of it). */
function whereTimeGoes(rows: readonly Row[]): void {
  console.log('\nwhere the time goes, per request (node server traced; DynamoDB calls as `calls × send ms (wire ms)`; store CPU is DynamoDB Local\'s):');
  console.log('| run | handler ms | DynamoDB calls per request | in DynamoDB calls ms | node CPU ms | store CPU ms |');
  console.log('|---|---:|---|---:|---:|---:|');
  for (const r of rows) {
    const routes = Object.entries(r.trace?.routes ?? {}).filter(([key]) => key === r.routeKey).map(([, t]) => t);
    const count = routes.reduce((s, t) => s + t.count, 0);
    if (!count) continue;
    const handler = routes.reduce((s, t) => s + t.ms, 0) / count;
    const calls = new Map<string, Calls>();
    for (const t of routes) {
      for (const [name, c] of Object.entries(t.calls)) {
        const sum = calls.get(name) ?? { count: 0, sendMs: 0, wireMs: 0 };
        calls.set(name, { count: sum.count + c.count, sendMs: sum.sendMs + c.sendMs, wireMs: sum.wireMs + c.wireMs });
      }
    }
    const inStore = [...calls.values()].reduce((s, c) => s + c.sendMs, 0) / count;
    const list = [...calls].map(([name, c]) => `${name.replace(/Command$/, '')} ${(c.count / count).toFixed(2)} × ${ms(c.sendMs / c.count)} (${ms(c.wireMs / c.count)})`).join('; ');
    console.log(`| ${r.what} @${r.connections} | ${ms(handler)} | ${list || '–'} | ${ms(inStore)} | ${ms(r.nodeCpu)} | ${ms(r.storeCpu)} |`);
  }
}

interface Created {
  readonly id: string;
  readonly rating?: { readonly schedule: readonly { readonly year: number; readonly item: string }[] };
}

export async function run(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kechuang-bench-'));
  const { child, url, storeEndpoint } = await startServer(dataDir);
  const storeFile = join(dataDir, 'dynamodb', 'store.json');
  const storePid = existsSync(storeFile) ? (JSON.parse(readFileSync(storeFile, 'utf8')) as { pid: number }).pid : undefined;
  const target: Target = { url, storePid };
  const rows: Row[] = [];
  try {
    // 100 rated applications through the API (each with its schedule: the ledgers the payments go to), 64 achievements.
    const seedStarted = performance.now();
    const rated = await inParallel(100, 8, (i) => post<Created>(url, '/applications', { ...application, partner: { ...application.partner, name: `Bench University ${i}` }, ratingDate: '2020-06-30' }));
    const ledgers = rated.flatMap((a) => (a.rating?.schedule ?? []).map((line) => ({ id: a.id, item: line.item, year: line.year })));
    const achievements = await inParallel(64, 8, (i) => post<Created>(url, '/achievements', { applicationId: rated[i % rated.length]?.id, title: `Bench achievement ${i}`, contractNo: `B-${i}` }));
    const apiSeedMs = performance.now() - seedStarted;
    if (ledgers.length < 100) throw new Error(`only ${ledgers.length} ledgers to pay into`);

    rows.push(await measure('GET /reports/summary @ 100', target, { path: '/reports/summary', connections: 32 }));
    rows.push(await measure('POST /calculate', target, { method: 'POST', path: '/calculate', body: { category: 'HIGH_END_RD_INSTITUTION', ratingDate: '2020-06-30', talent: 'CAS_ACADEMICIAN' }, connections: 32, keyed: false }));
    // Each filing names its own institution: the same one again would be a duplicate (409), not a filing.
    const filing = (run: string) => (i: number) => ({ path: '/applications', body: { ...application, institution: `${application.institution} ${run}-${i}` } });
    rows.push(await measure('POST /applications', target, { method: 'POST', path: '/applications', next: filing('serial'), connections: 1, duration: 3 }));
    rows.push(await measure('POST /applications', target, { method: 'POST', path: '/applications', next: filing('parallel'), connections: 32 }));
    const pay = (i: number) => {
      const l = ledgers[i % ledgers.length] ?? ledgers[0];
      return { path: `/applications/${l?.id}/payments`, body: { item: l?.item, year: l?.year, amount: 1 } };
    };
    const payments = '/applications/{id}/payments';
    rows.push(await measure('POST /applications/{id}/payments', target, { method: 'POST', path: pay(0).path, route: payments, next: pay, connections: 32 }));
    const oneLedger = ledgers[0];
    rows.push(
      await measure('POST /applications/{id}/payments, ONE ledger', target, {
        method: 'POST',
        path: `/applications/${oneLedger?.id}/payments`,
        route: payments,
        body: { item: oneLedger?.item, year: oneLedger?.year, amount: 1 },
        connections: 32,
      }),
    );
    const receive = (i: number) => ({ path: `/achievements/${achievements[i % achievements.length]?.id}/receipts`, body: { date: '2021-03-01', amount: 1 } });
    rows.push(await measure('POST /achievements/{id}/receipts', target, { method: 'POST', path: receive(0).path, route: '/achievements/{id}/receipts', next: receive, connections: 32 }));
    await idle(url);
    const seedMs = await seed(storeEndpoint, 10_000 - (await summaryCount(url)));
    const stored = await summaryCount(url);
    rows.push(await measure('GET /reports/summary @ 10,000', target, { path: '/reports/summary', connections: 32 }));

    console.log('| route | conns | requests | req/s | p50 ms | p99 ms | non-2xx | node CPU ms/req | store CPU ms/req |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      console.log(`| ${r.what} | ${r.connections} | ${r.requests} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.failed} | ${ms(r.nodeCpu)} | ${ms(r.storeCpu)} |`);
    }
    whereTimeGoes(rows);
    const small = rows.find((r) => r.what.endsWith('@ 100'));
    const large = rows.find((r) => r.what.endsWith('@ 10,000'));
    const calc = rows.find((r) => r.what === 'POST /calculate');
    console.log(`\nsetup through the API: 100 rated applications (${ledgers.length} ledgers to pay into) + 64 achievements in ${(apiSeedMs / 1000).toFixed(1)} s; stored applications: ${stored} (summary counter; 10,000 less those seeded through the store in ${(seedMs / 1000).toFixed(1)} s)`);
    if (small && large) console.log(`summary p50 at 10,000 / at 100: ${large.p50} / ${small.p50} ms = ${(large.p50 / Math.max(small.p50, 1)).toFixed(2)} (aim ≤ 1.5) · req/s ratio ${(small.rps / large.rps).toFixed(2)}`);
    for (const r of rows.filter((r) => r.what.startsWith('POST /') && r.what !== 'POST /calculate' && r.connections === 32)) {
      console.log(`${r.what}: ${r.rps.toFixed(0)} req/s at 32 connections (${r.what.includes('ONE') ? 'no aim: 32 connections queue on one guard' : 'aim ≥ 100'})`);
    }
    if (calc) console.log(`POST /calculate p99 at 32 connections: ${calc.p99} ms (aim < 20 ms)`);
    const failed = rows.filter((r) => r.failed > 0);
    if (failed.length) {
      throw new Error(`api bench: answers that were not 2xx (or errors/timeouts):\n${failed.map((r) => `  ${r.what} @${r.connections}: ${r.failed} — ${r.failures.join(' | ')}`).join('\n')}`);
    }
    if (stored !== 10_000) throw new Error(`api bench: the summary counts ${stored} applications, not 10,000`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
