/**
 * Each Lambda function as Lambda runs it, no HTTP server in between: its bundle's size, its module init (a fresh Node
 * process importing functions/dist/<name>/index.mjs, median of 7), and handler time per event for POST /calculate
 * (policy) and GET /applications/{id} (applications: two Queries of its partition in parallel from the local store, the
 * application with its achievement links and its ledger with payments and support; the benched one has no achievement,
 * each of which would add a Query), invoked in-process on the built bundle (median of 5 rounds of
 * 2,000 events, 400 for the read, after a quarter as many to warm up).
 *
 * `BENCH_BASELINE=<another functions/dist>` measures that build too, in the same run, for before/after ratios (e.g.
 * the dist of an earlier commit built in a worktree of it).
 *
 * Each build is measured twice, alternating, and the lower figure kept. Aims (issue 8): bundle ≤ 300 KB each, init
 * ≤ 100 ms (median).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FUNCTIONS } from '../../functions/manifest.js';

const ROOT = resolve(import.meta.dirname, '../..');
const ADMIN = 'bench-admin-key-0123456789abcdef';
const TABLE = 'kechuang-bench';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Runs `script` in a fresh Node process (asynchronously: the local store answers from this one). */
async function node(script: string, env: Record<string, string>): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '', AWS_REGION: 'ap-east-1', TABLE_NAME: TABLE, ADMIN_API_KEY: ADMIN, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    encoding: 'utf8',
  });
  return stdout.trim();
}

/** Import time of a bundle in a fresh process. */
async function initMs(file: string): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < 7; i++) runs.push(Number(await node(`const t=performance.now();await import(${JSON.stringify(file)});console.log(performance.now()-t)`, {})));
  return median(runs);
}

/** The API Gateway v2 event of one request (as functions/local/event.ts makes them). */
const EVENT = `(method, path, body) => ({ version: '2.0', routeKey: method + ' ' + path, rawPath: path, rawQueryString: '',
  headers: { 'x-api-key': '${ADMIN}', 'content-type': 'application/json', host: 'bench.execute-api.ap-east-1.amazonaws.com' },
  requestContext: { accountId: 'b', apiId: 'b', domainName: 'bench.execute-api.ap-east-1.amazonaws.com', domainPrefix: 'bench',
    http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' }, requestId: 'r', routeKey: method + ' ' + path,
    stage: '$default', time: '', timeEpoch: 0 }, ...(body ? { body: JSON.stringify(body) } : {}), isBase64Encoded: false })`;

/** µs per event of `handler` on the event `make()` gives, in a fresh process (the setup runs first, untimed). */
async function perEventUs(file: string, setup: string, make: string, endpoint: string, events: number): Promise<number> {
  const script = `
    const { handler } = await import(${JSON.stringify(file)});
    const event = ${EVENT};
    const context = {};
    ${setup}
    const make = ${make};
    const first = await handler(make(), context);
    if (first.statusCode !== 200) throw new Error('bench event answered ' + first.statusCode + ' ' + first.body);
    for (let i = 0; i < ${events / 4}; i++) await handler(make(), context);
    const rounds = [];
    for (let r = 0; r < 5; r++) {
      const t = process.hrtime.bigint();
      for (let i = 0; i < ${events}; i++) await handler(make(), context);
      rounds.push(Number(process.hrtime.bigint() - t) / ${events} / 1000);
    }
    rounds.sort((a, b) => a - b);
    console.log(rounds[2]);`;
  return Number(await node(script, { DYNAMODB_ENDPOINT: endpoint }));
}

interface Measured {
  readonly sizes: Map<string, number>;
  readonly inits: Map<string, number>;
  readonly calculateUs: number;
  readonly getApplicationUs: number;
}

/** The lower of each figure over several measurements of one build. */
function lowest(runs: readonly Measured[]): Measured {
  const min = (pick: (m: Measured) => number) => Math.min(...runs.map(pick));
  const perFunction = (pick: (m: Measured) => Map<string, number>) => new Map(FUNCTIONS.map((fn) => [fn.name, min((m) => pick(m).get(fn.name) ?? Number.NaN)]));
  return { sizes: perFunction((m) => m.sizes), inits: perFunction((m) => m.inits), calculateUs: min((m) => m.calculateUs), getApplicationUs: min((m) => m.getApplicationUs) };
}

async function measure(dist: string, endpoint: string): Promise<Measured> {
  const sizes = new Map<string, number>();
  const inits = new Map<string, number>();
  for (const fn of FUNCTIONS) {
    const file = join(dist, fn.name, 'index.mjs');
    sizes.set(fn.name, statSync(file).size / 1024);
    inits.set(fn.name, await initMs(file));
  }
  const calculateUs = await perEventUs(
    join(dist, 'policy', 'index.mjs'),
    '',
    `() => event('POST', '/calculate', { category: 'HIGH_END_RD_INSTITUTION', ratingDate: '2020-06-30', talent: 'CAS_ACADEMICIAN' })`,
    endpoint,
    2000,
  );
  const getApplicationUs = await perEventUs(
    join(dist, 'applications', 'index.mjs'),
    `const created = await handler(event('POST', '/applications', { institution: '重庆某研究院 ' + Math.random(), partner: { name: 'Bench University', type: 'DOMESTIC_UNIVERSITY', country: 'CN' },
       category: 'JOINT_RD_BASE', district: 'YUBEI', field: 'BIG_DATA', legalPerson: true, ratingDate: '2021-03-01' }), context);
     const id = JSON.parse(created.body).id;`,
    `() => ({ ...event('GET', '/applications/' + id), pathParameters: { id } })`,
    endpoint,
    400,
  );
  return { sizes, inits, calculateUs, getApplicationUs };
}

export async function run(): Promise<void> {
  const dist = join(ROOT, 'functions/dist');
  if (!existsSync(join(dist, 'policy', 'index.mjs'))) throw new Error('functions/dist is not built: npm run build');
  const baselineDist = process.env.BENCH_BASELINE ? resolve(process.env.BENCH_BASELINE) : undefined;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { ensureTable, startLocalStore } = await import('../../functions/local/store.js');
  const store = await startLocalStore(undefined);
  try {
    await ensureTable(store.endpoint, TABLE);
    // Twice each, alternating with the baseline, keeping the lower figure: drift on a shared machine hits both.
    const runs: Measured[] = [];
    const baseRuns: Measured[] = [];
    for (let round = 0; round < 2; round++) {
      runs.push(await measure(dist, store.endpoint));
      if (baselineDist) baseRuns.push(await measure(baselineDist, store.endpoint));
    }
    const now = lowest(runs);
    const before = baselineDist ? lowest(baseRuns) : undefined;
    const ratio = (a: number, b: number | undefined) => (b === undefined ? '' : ` | ${(a / b).toFixed(2)}`);
    const head = before ? ' | baseline | now / baseline' : '';
    console.log(`| Lambda function | bundle KB${head} | init ms (median of 7)${head} |`);
    console.log(`|---|---:${before ? '|---:|---:' : ''}|---:${before ? '|---:|---:' : ''}|`);
    for (const fn of FUNCTIONS) {
      const size = now.sizes.get(fn.name) ?? Number.NaN;
      const init = now.inits.get(fn.name) ?? Number.NaN;
      const bSize = before?.sizes.get(fn.name);
      const bInit = before?.inits.get(fn.name);
      const sizeCells = before ? ` | ${bSize?.toFixed(1)}${ratio(size, bSize)}` : '';
      const initCells = before ? ` | ${bInit?.toFixed(1)}${ratio(init, bInit)}` : '';
      console.log(`| ${fn.name} | ${size.toFixed(1)}${sizeCells} | ${init.toFixed(1)}${initCells} |`);
    }
    console.log(`\n| handler time per event, in-process | µs${before ? ' | baseline µs | now / baseline' : ''} |`);
    console.log(`|---|---:${before ? '|---:|---:' : ''}|`);
    console.log(`| POST /calculate (policy) | ${now.calculateUs.toFixed(0)}${before ? ` | ${before.calculateUs.toFixed(0)}${ratio(now.calculateUs, before.calculateUs)}` : ''} |`);
    console.log(
      `| GET /applications/{id} (applications, 2 Queries in parallel from the local store, no achievement) | ${now.getApplicationUs.toFixed(0)}${before ? ` | ${before.getApplicationUs.toFixed(0)}${ratio(now.getApplicationUs, before.getApplicationUs)}` : ''} |`,
    );
    const worst = Math.max(...now.sizes.values());
    const slowest = Math.max(...now.inits.values());
    console.log(`\nlargest bundle ${worst.toFixed(1)} KB (aim ≤ 300) · slowest init ${slowest.toFixed(1)} ms (aim ≤ 100)`);
  } finally {
    await store.close();
  }
}
