/**
 * kill -9 under load (issue 9): `npm start`'s entry in its own process group over DynamoDB Local kept in DATA_DIR,
 * 200 mixed concurrent writes (new applications, payments, receipts), each with its own Idempotency-Key, and a
 * SIGKILL of the server's whole process group mid-burst. DynamoDB Local runs detached in a group of its own, so it
 * survives, as a table survives a Lambda (DESIGN.md, "A fact is one DynamoDB transaction"). Then, on a restarted
 * server over the same store:
 *   - every write that answered 2xx is there (an acknowledged fact is never missing);
 *   - every write is retried with the same key and body: one that answered gets its answer again, one that did not
 *     answers 2xx or a domain refusal it is entitled to (CAP_EXCEEDED, checked against the ledger), never a lasting
 *     409 CONFLICT on its Idempotency-Key (CONTRACT.md §3, Idempotency);
 *   - nothing is recorded twice (each write's amount or institution is unique, so its records can be counted);
 *   - the summary equals what the records add up to, computed here through the API, and `npm run reconcile`
 *     (functions/reconcile/main.ts, run with the server stopped, on the DynamoDB Local left running) finds 0 drift.
 * Three rounds on the same DATA_DIR. The server groups and DynamoDB Local are killed and DATA_DIR removed at the end,
 * whatever failed. Each round's findings are soft assertions (all are reported, each with its first few cases), and
 * a line per round says what the kill cut and where the time went.
 *
 * A naive fix of the lasting 409 (a retry takes over a claim left PENDING by a dead server) fails here as it should:
 * the writes that had committed before the kill are recorded twice (about 15 a round when tried).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { output } from 'zod/mini';
import { afterAll, describe, expect, it } from 'vitest';
import type { AchievementAnswer, ApplicationAnswer, ApplicationViewAnswer, HistoryAnswer, ListAnswer, PaymentAnswer, ReceiptAnswer, SummaryAnswer } from '../../functions/http/answers.js';
import { normalisePartnerName } from '../../shared/index.js';
import { application } from './helpers.js';
import { expectDocumentedAnswer, UndocumentedAnswer } from './documented.js';

type ApplicationOut = output<typeof ApplicationAnswer>;
type ApplicationViewOut = output<typeof ApplicationViewAnswer>;
type PaymentOut = output<typeof PaymentAnswer>;
type ReceiptOut = output<typeof ReceiptAnswer>;
type AchievementOut = output<typeof AchievementAnswer>;
type HistoryOut = output<typeof HistoryAnswer>;
type SummaryOut = output<typeof SummaryAnswer>;
type ListOut = output<typeof ListAnswer>;
interface ErrorOut {
  readonly error: { readonly code: string; readonly message: string; readonly field?: string };
}

const ROOT = resolve(import.meta.dirname, '../..');
const RECONCILE = join(ROOT, 'functions/reconcile/main.ts');
const ROUNDS = 3;
const BURST = 200;
const ADMIN = `kill-test-admin-${randomUUID()}`;
const RUN = randomUUID().slice(0, 8);
const RATING_DATE = '2020-06-30';
const RECEIPT_DATE = '2021-03-15';
const PARTNERS = ['Tsinghua University', 'Peking University', 'Zhejiang University'];
const DISTRICTS = ['YUBEI', 'JIANGBEI', 'YUZHONG'];

const dataDir = mkdtempSync(join(tmpdir(), 'kechuang-kill-'));
const storeFile = join(dataDir, 'dynamodb', 'store.json');

// ---------------------------------------------------------------------------------------------------------------
// Processes: the server (its own group, killed with -pid) and DynamoDB Local (its own group, reused across restarts)

interface Server {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
  readonly exited: Promise<void>;
}

const servers: Server[] = [];
/** Every DynamoDB Local pid seen in store.json, so the cleanup stops it even if a later start replaced the file. */
const storePids = new Set<number>();

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

function readStorePid(): number | undefined {
  try {
    const { pid } = JSON.parse(readFileSync(storeFile, 'utf8')) as { pid?: unknown };
    return typeof pid === 'number' ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** `npm start`'s entry, detached (its own process group); resolves once it prints its URL. */
function startServer(): Promise<Server> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: '0',
    DATA_DIR: dataDir,
    ADMIN_API_KEY: ADMIN,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'functions/local/main.ts'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the server printed no URL in 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        const server: Server = { child, url: m[1], output: () => output, exited };
        servers.push(server);
        const pid = readStorePid();
        if (pid !== undefined) storePids.add(pid);
        ok(server);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      fail(new Error(`the server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}

/** What the server printed besides its start banner (handler failures), for the round's log. */
function complaints(server: Server, max = 12): string[] {
  const lines = server.output().split('\n');
  const from = lines.findIndex((l) => l.startsWith('try: curl'));
  // The SDK's note that its 50 sockets are all busy is the burst doing its job, not a complaint.
  const rest = lines.slice(from + 1).filter((l) => l.trim() !== '' && !/socket usage at capacity|node-configuring-maxsockets|socketAcquisitionWarningTimeout/.test(l));
  return rest.length > max ? [...rest.slice(0, max), `… ${rest.length - max} more lines`] : rest;
}

/** kill -9 of the server's process group (the server and anything it started in its group, not DynamoDB Local). */
async function killGroup(server: Server): Promise<void> {
  const pid = server.child.pid;
  if (pid !== undefined && running(server.child)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await server.exited;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

afterAll(async () => {
  for (const s of servers) {
    const pid = s.child.pid;
    if (pid !== undefined && running(s.child)) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
  const last = readStorePid();
  if (last !== undefined) storePids.add(last);
  for (const pid of storePids) {
    if (!alive(pid)) continue;
    try {
      process.kill(-pid, 'SIGKILL'); // detached by store.ts: it leads its own group
    } catch {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 20));
  }
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

// ---------------------------------------------------------------------------------------------------------------
// HTTP

interface Answered {
  readonly status: number;
  readonly body: unknown;
  /** `idempotent-replay: true`: a kept answer (for the round's log only: the checks count records instead). */
  readonly replay: boolean;
}
type Outcome = ({ readonly answered: true } & Answered) | { readonly answered: false; readonly error: string };

async function call(url: string, method: string, path: string, body?: unknown, idempotencyKey?: string): Promise<Answered> {
  const headers: Record<string, string> = { 'x-api-key': ADMIN };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
  const res = await fetch(`${url}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: kept as text, the checks say so
  }
  // An answer that arrived is the API's: what /openapi.json documents for its route and status (./documented.ts).
  await expectDocumentedAnswer(method, path, { status: res.status, body: parsed, contentType: res.headers.get('content-type') });
  return { status: res.status, body: parsed, replay: res.headers.get('idempotent-replay') === 'true' };
}

async function attempt(url: string, method: string, path: string, body: unknown, idempotencyKey: string): Promise<Outcome> {
  try {
    return { answered: true, ...(await call(url, method, path, body, idempotencyKey)) };
  } catch (error) {
    if (error instanceof UndocumentedAnswer) throw error;
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
    const code = cause && 'code' in cause ? String(cause.code) : undefined;
    return { answered: false, error: code ?? (cause ?? (error as Error)).message };
  }
}

async function get<T>(url: string, path: string): Promise<T> {
  const a = await call(url, 'GET', path);
  if (a.status !== 200) throw new Error(`GET ${path}: ${a.status} ${JSON.stringify(a.body)}`);
  return a.body as T;
}

async function post<T>(url: string, path: string, body: unknown, status: number): Promise<T> {
  const a = await call(url, 'POST', path, body);
  if (a.status !== status) throw new Error(`POST ${path}: ${a.status} ${JSON.stringify(a.body)}`);
  return a.body as T;
}

/** `fn` over `items`, at most `limit` at a time. */
async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T);
      }
    }),
  );
  return out;
}

const fen = (yuan: number) => Math.round(yuan * 100);
const is2xx = (o: Outcome): o is { answered: true } & Answered => o.answered && o.status >= 200 && o.status < 300;
const errorOf = (a: Answered): ErrorOut['error'] | undefined => {
  const b = a.body as Partial<ErrorOut> | undefined;
  return typeof b === 'object' && b !== null && typeof b.error === 'object' ? b.error : undefined;
};
const isCapExceeded = (o: Outcome) => o.answered && o.status === 409 && errorOf(o)?.code === 'CAP_EXCEEDED';
const show = (o: Outcome) => (o.answered ? `${o.status} ${JSON.stringify(o.body).slice(0, 200)}` : `no answer (${o.error})`);

// ---------------------------------------------------------------------------------------------------------------
// The writes

interface Seeded {
  readonly id: string;
  /** Schedule rows with room: the burst's payments go there. */
  readonly rows: readonly { readonly item: string; readonly year: number; readonly cap: number }[];
}
interface SeededAchievement {
  readonly id: string;
  readonly applicationId: string;
}

type Write =
  | { readonly kind: 'application'; readonly key: string; readonly path: string; readonly body: ReturnType<typeof application> & { readonly institution: string } }
  | { readonly kind: 'payment'; readonly key: string; readonly path: string; readonly applicationId: string; readonly body: { readonly item: string; readonly year: number; readonly amount: number } }
  | { readonly kind: 'receipt'; readonly key: string; readonly path: string; readonly achievementId: string; readonly applicationId: string; readonly body: { readonly date: string; readonly amount: number } };

/**
 * Round `round`'s 200 writes, interleaved: 3 in 10 new applications (every other one created rated), 4 in 10
 * payments spread over the seeded applications' rows, 3 in 10 receipts spread over the achievements. Each amount and
 * institution is unique in the whole run, so a write's records can be counted.
 */
function burstOf(round: number, apps: readonly Seeded[], achievements: readonly SeededAchievement[]): Write[] {
  const writes: Write[] = [];
  for (let i = 0; i < BURST; i++) {
    const key = `kill-${RUN}-r${round}-${i}`;
    const slot = i % 10;
    if (slot < 3) {
      const institution = `Kill ${RUN} r${round} #${i} 研究院`;
      const body = application({
        institution,
        partner: { name: PARTNERS[i % PARTNERS.length], type: 'DOMESTIC_UNIVERSITY', country: 'CN' },
        category: i % 2 ? 'HIGH_END_RD_INSTITUTION' : 'JOINT_RD_BASE',
        district: DISTRICTS[i % DISTRICTS.length],
        ...(i % 20 < 10 ? { ratingDate: RATING_DATE } : {}),
      }) as ReturnType<typeof application> & { institution: string };
      writes.push({ kind: 'application', key, path: '/applications', body });
    } else if (slot < 7) {
      const app = apps[i % apps.length] as Seeded;
      const row = app.rows[Math.floor(i / apps.length) % app.rows.length] as Seeded['rows'][number];
      // Unique in the run; 3 rounds of 80 stay far below each row's cap (checked at seeding).
      const amount = 1_000 + round * 1_000 + i + 0.25;
      writes.push({ kind: 'payment', key, path: `/applications/${app.id}/payments`, applicationId: app.id, body: { item: row.item, year: row.year, amount } });
    } else {
      const ach = achievements[i % achievements.length] as SeededAchievement;
      const amount = 10_000 + round * 1_000 + i + 0.5;
      writes.push({ kind: 'receipt', key, path: `/achievements/${ach.id}/receipts`, achievementId: ach.id, applicationId: ach.applicationId, body: { date: RECEIPT_DATE, amount } });
    }
  }
  return writes;
}

interface Burst {
  readonly outcomes: Outcome[];
  readonly killedAfterMs: number;
  readonly answersAtKill: number;
  readonly trigger: string;
}

/**
 * Fires every write at once and kills the server's group mid-burst: a random 0–50 ms after a random 10–100 answers
 * arrived. (Not a delay from the start: the 200 writes progress together, so the first answer comes seconds in on a
 * busy machine, and a kill at a fixed 50–400 ms would mostly cut before any write answered.)
 */
async function fire(server: Server, writes: readonly Write[]): Promise<Burst> {
  const target = randomInt(10, 101);
  const jitterMs = randomInt(0, 51);
  const started = performance.now();
  let answers = 0;
  let killed: { at: number; answers: number; trigger: string } | undefined;
  let killing: Promise<void> | undefined;
  const kill = (trigger: string) => {
    if (killed) return;
    killed = { at: performance.now() - started, answers, trigger };
    killing = killGroup(server);
  };
  let armed = false;
  const outcomes = await Promise.all(
    writes.map(async (w) => {
      const o = await attempt(server.url, 'POST', w.path, w.body, w.key);
      if (o.answered && !killed) {
        answers++;
        if (answers >= target && !armed) {
          armed = true;
          setTimeout(() => kill(`${jitterMs} ms after ${target} answers`), jitterMs);
        }
      }
      return o;
    }),
  );
  kill('every write answered before the kill'); // the checks below then say this round proved nothing
  await killing;
  const k = killed as NonNullable<typeof killed>;
  return { outcomes, killedAfterMs: Math.round(k.at), answersAtKill: k.answers, trigger: k.trigger };
}

// ---------------------------------------------------------------------------------------------------------------
// What the store holds, read through the API

interface World {
  readonly applications: ApplicationOut[];
  readonly histories: Map<string, HistoryOut['items']>;
  readonly summary: SummaryOut;
}

/** Histories are read where this test's facts can be: the seeded applications (payments, receipts) and `fresh` ones. */
async function readWorld(url: string, seeded: ReadonlySet<string>, fresh: (a: ApplicationOut) => boolean): Promise<World> {
  const applications: ApplicationOut[] = [];
  let nextToken: string | undefined;
  do {
    const page = await get<ListOut>(url, `/applications?limit=100${nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : ''}`);
    applications.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken);
  const histories = new Map<string, HistoryOut['items']>();
  await pool(applications.filter((a) => seeded.has(a.id) || fresh(a)), 8, async (a) => {
    histories.set(a.id, (await get<HistoryOut>(url, `/applications/${a.id}/history`)).items);
  });
  const summary = await get<SummaryOut>(url, '/reports/summary');
  return { applications, histories, summary };
}

const eventsOf = (world: World, type: string) => [...world.histories.values()].flatMap((items) => items.filter((e) => e.type === type));
const add = (m: Record<string, number>, k: string, v: number) => {
  m[k] = (m[k] ?? 0) + v;
};
const inFen = (m: Record<string, number>) => Object.fromEntries(Object.entries(m).filter(([, v]) => v !== 0).map(([k, v]) => [k, fen(v)]));

/**
 * The summary recomputed from the records (the key invariant `reconcile` checks, here through the API). Money is
 * summed over the histories read, which hold every payment and receipt: only the seeded applications take money.
 */
function drift(world: World): string[] {
  const { applications, summary } = world;
  const rated = applications.filter((a) => a.status === 'RATED');
  const byDistrict: Record<string, number> = {};
  const byCategory: Record<string, number> = {};
  const byField: Record<string, number> = {};
  for (const a of applications) {
    add(byDistrict, a.district, 1);
    add(byCategory, a.category, 1);
    add(byField, a.field, 1);
  }
  const committed: Record<string, number> = {};
  for (const a of rated) for (const row of a.rating?.schedule ?? []) add(committed, String(row.year), fen(row.cap));
  const paid: Record<string, number> = {};
  for (const e of eventsOf(world, 'PAYMENT_RECORDED')) {
    const p = e.data as unknown as PaymentOut;
    add(paid, String(p.year), fen(p.amount));
  }
  let received = 0;
  let subsidy = 0;
  for (const e of eventsOf(world, 'RECEIPT_RECORDED')) {
    const r = e.data as unknown as ReceiptOut;
    received += fen(r.amount);
    subsidy += fen(r.subsidy);
  }
  const expected = {
    applications: applications.length,
    rated: rated.length,
    partnersIntroduced: new Set(rated.map((a) => normalisePartnerName(a.partner.name))).size,
    byDistrict,
    byCategory,
    byField,
    committedByYear: committed,
    paidByYear: paid,
    transferReceived: received,
    transferSubsidy: subsidy,
  };
  const actual = {
    applications: summary.applications,
    rated: summary.rated,
    partnersIntroduced: summary.partnersIntroduced,
    byDistrict: summary.byDistrict,
    byCategory: summary.byCategory,
    byField: summary.byField,
    committedByYear: inFen(summary.committedByYear),
    paidByYear: inFen(summary.paidByYear),
    transferReceived: fen(summary.transferReceived),
    transferSubsidy: fen(summary.transferSubsidy),
  };
  return (Object.keys(expected) as (keyof typeof expected)[])
    .filter((k) => !isDeepStrictEqual(expected[k], actual[k]))
    .map((k) => `summary.${k}: ${JSON.stringify(actual[k])}, the records add up to ${JSON.stringify(expected[k])}`);
}

/** Each seeded application's ledger (GET one) against its payment events: paid is their sum, and within the cap. */
async function ledgerDrift(url: string, world: World, apps: readonly Seeded[]): Promise<string[]> {
  const problems: string[] = [];
  for (const app of apps) {
    const read = await get<ApplicationViewOut>(url, `/applications/${app.id}`);
    const sums: Record<string, number> = {};
    for (const e of world.histories.get(app.id) ?? []) {
      if (e.type !== 'PAYMENT_RECORDED') continue;
      const p = e.data as unknown as PaymentOut;
      add(sums, `${p.item}·${p.year}`, fen(p.amount));
    }
    const lines: Record<string, number> = {};
    for (const l of read.ledger) {
      if (fen(l.paid) !== 0) lines[`${l.item}·${l.year}`] = fen(l.paid);
      if (l.remaining < 0) problems.push(`${app.id} ${l.item}·${l.year}: paid ${l.paid} over its limit (remaining ${l.remaining})`);
    }
    if (!isDeepStrictEqual(lines, sums)) problems.push(`${app.id} ledger (fen) ${JSON.stringify(lines)}, its payment events add up to ${JSON.stringify(sums)}`);
  }
  return problems;
}

function runReconcile(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
    execFile(process.execPath, ['--import', 'tsx', RECONCILE], { cwd: ROOT, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      ok({ code, stdout, stderr });
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------

const secs = (from: number, to: number) => ((to - from) / 1000).toFixed(1);
/** A list of problems as one comparable value: how many, and the first few. */
const few = (list: readonly string[]) => ({ count: list.length, first: list.slice(0, 5) });

describe('kill -9 of the server mid-burst, DynamoDB Local alive', () => {
  it(`${ROUNDS} rounds of ${BURST} concurrent writes: every 2xx is kept, retries complete once, the summary has no drift`, async () => {
    const t0 = performance.now();
    let server = await startServer();

    // Seed: rated applications and an achievement on each. They are the burst's partners in its districts (the burst
    // pairs partner i and district i), so the burst never counts a partner first: two first ratings of one partner
    // race on its marker, and under load the loser can run out of its contention deadline (a 500; see the report of
    // issue 9), which is not what this test is about.
    const apps: Seeded[] = [];
    const achievements: SeededAchievement[] = [];
    for (let s = 0; s < 4; s++) {
      const created = await post<ApplicationOut>(
        server.url,
        '/applications',
        application({
          institution: `Kill ${RUN} seed ${s} 研究院`,
          partner: { name: PARTNERS[s % PARTNERS.length], type: 'DOMESTIC_UNIVERSITY', country: 'CN' },
          district: DISTRICTS[s % DISTRICTS.length],
          category: s % 2 ? 'JOINT_RD_BASE' : 'HIGH_END_RD_INSTITUTION',
          ratingDate: RATING_DATE,
        }),
        201,
      );
      const rows = (created.rating?.schedule ?? []).filter((r) => r.cap >= 1_000_000).map((r) => ({ item: r.item, year: r.year, cap: r.cap }));
      // 3 rounds put at most 3 × 80 × 3,200 yuan on one application: far below any row kept here.
      expect(rows.length, `seed ${s} has schedule rows with room: ${JSON.stringify(created.rating)}`).toBeGreaterThan(0);
      apps.push({ id: created.id, rows });
      const ach = await post<AchievementOut>(server.url, '/achievements', { applicationId: created.id, title: `Kill seed achievement ${s}`, contractNo: `KILL-${RUN}-${s}` }, 201);
      achievements.push({ id: ach.id, applicationId: created.id });
    }

    console.log(`started and seeded in ${secs(t0, performance.now())} s`);
    for (let round = 0; round < ROUNDS; round++) {
      const r0 = performance.now();
      const writes = burstOf(round, apps, achievements);
      const burst = await fire(server, writes);
      const { outcomes } = burst;
      const acked = writes.filter((_, i) => is2xx(outcomes[i] as Outcome));
      const unanswered = writes.filter((_, i) => !(outcomes[i] as Outcome).answered);
      const strange = writes
        .map((w, i) => ({ w, o: outcomes[i] as Outcome }))
        .filter(({ w, o }) => o.answered && !is2xx(o) && !(w.kind === 'payment' && isCapExceeded(o)))
        .map(({ w, o }) => `${w.key} ${w.kind}: ${show(o)}`);

      const burstComplaints = complaints(server);
      // Restart on the same DATA_DIR: the detached DynamoDB Local is reused.
      const tKilled = performance.now();
      const storeBefore = readStorePid();
      server = await startServer();
      const tStarted = performance.now();
      const storeAfter = readStorePid();

      // Retry every write with its key and body: the burst's answers again, the unanswered ones complete.
      const retries = await Promise.all(writes.map((w) => attempt(server.url, 'POST', w.path, w.body, w.key)));
      const tRetried = performance.now();
      const world = await readWorld(server.url, new Set(apps.map((a) => a.id)), (a) => a.institution.startsWith(`Kill ${RUN} r${round} `));
      const tRead = performance.now();

      const lasting409: string[] = [];
      const retryRefused: string[] = [];
      const replayDiffers: string[] = [];
      const missingAcked: string[] = [];
      const notOnce: string[] = [];
      const badCapRefusal: string[] = [];

      const institutions = new Map<string, ApplicationOut[]>();
      for (const a of world.applications) institutions.set(a.institution, [...(institutions.get(a.institution) ?? []), a]);
      const factEvents = (w: Write) => {
        if (w.kind === 'application') return (institutions.get(w.body.institution) ?? []).map((a) => a.id);
        const type = w.kind === 'payment' ? 'PAYMENT_RECORDED' : 'RECEIPT_RECORDED';
        return (world.histories.get(w.applicationId) ?? [])
          .filter((e) => e.type === type)
          .map((e) => e.data as unknown as PaymentOut | ReceiptOut)
          .filter((d) => fen(d.amount) === fen(w.body.amount) && (w.kind === 'payment' || ('achievementId' in d && d.achievementId === w.achievementId)))
          .map((d) => d.id);
      };
      // Every acknowledged application reads back by its id.
      for (const [i, w] of writes.entries()) {
        const first = outcomes[i] as Outcome;
        if (w.kind !== 'application' || !is2xx(first)) continue;
        const id = (first.body as ApplicationOut).id;
        const read = await call(server.url, 'GET', `/applications/${id}`);
        if (read.status !== 200 || (read.body as ApplicationViewOut).application.institution !== w.body.institution) missingAcked.push(`${w.key} application: answered 201 ${id}, GET answers ${read.status}`);
      }
      const ledgerNow = new Map<string, ApplicationViewOut>();
      for (const app of apps) ledgerNow.set(app.id, await get<ApplicationViewOut>(server.url, `/applications/${app.id}`));

      writes.forEach((w, i) => {
        const first = outcomes[i] as Outcome;
        const retry = retries[i] as Outcome;
        const ids = factEvents(w);
        const label = `${w.key} ${w.kind}`;
        if (is2xx(first)) {
          const id = (first.body as { id: string }).id;
          if (!ids.includes(id)) missingAcked.push(`${label}: answered ${first.status} ${id}, not in the store (found ${JSON.stringify(ids)})`);
          if (!retry.answered || retry.status !== first.status || !isDeepStrictEqual(retry.body, first.body)) replayDiffers.push(`${label}: answered ${show(first)}, its retry ${show(retry)}`);
        } else if (first.answered) {
          // Answered but not 2xx (CAP_EXCEEDED is the only one allowed, see `strange`): the retry answers the same.
          if (!retry.answered || retry.status !== first.status || errorOf(retry)?.code !== errorOf(first)?.code) replayDiffers.push(`${label}: answered ${show(first)}, its retry ${show(retry)}`);
        } else if (retry.answered && retry.status === 409 && errorOf(retry)?.field === 'Idempotency-Key') {
          lasting409.push(`${label}: ${errorOf(retry)?.message ?? ''}`);
        } else if (!is2xx(retry) && !(w.kind === 'payment' && isCapExceeded(retry))) {
          retryRefused.push(`${label}: ${show(retry)}`);
        }

        // A new application's history is its one creation event.
        if (w.kind === 'application') {
          for (const id of ids) {
            const types = (world.histories.get(id) ?? []).map((e) => e.type);
            if (!isDeepStrictEqual(types, ['APPLICATION_CREATED'])) notOnce.push(`${label}: ${id}'s history is ${JSON.stringify(types)}`);
          }
        }

        // Exactly once: one record for a write whose answer (first or retry) is 2xx, none for a refusal, at most one when unknown.
        const final = first.answered ? first : retry;
        const expectedCount = is2xx(final) ? 1 : final.answered && isCapExceeded(final) ? 0 : undefined;
        if (expectedCount === undefined ? ids.length > 1 : ids.length !== expectedCount) {
          notOnce.push(`${label}: ${ids.length} records (${ids.join(', ')}) for ${show(final)}`);
        } else if (is2xx(final) && ids[0] !== (final.body as { id: string }).id) {
          notOnce.push(`${label}: answered id ${(final.body as { id: string }).id}, stored ${ids[0]}`);
        }

        // A cap refusal is one the ledger bears out (paid only grows, so it still passes the cap now).
        for (const o of [first, retry]) {
          if (w.kind !== 'payment' || !isCapExceeded(o)) continue;
          const line = ledgerNow.get(w.applicationId)?.ledger.find((l) => l.item === w.body.item && l.year === w.body.year);
          if (!line || fen(w.body.amount) <= fen(line.remaining)) badCapRefusal.push(`${label}: CAP_EXCEEDED but the row has ${JSON.stringify(line)}`);
        }
      });

      const summaryDrift = [...drift(world), ...(await ledgerDrift(server.url, world, apps))];

      // Stop the app (kill -9 again: the store stays for reconcile) and reconcile.
      await killGroup(server);
      const tChecked = performance.now();
      const retryComplaints = complaints(server);
      if (burstComplaints.length + retryComplaints.length) console.log(`round ${round + 1}: the server said, in the burst:\n${burstComplaints.join('\n')}\nafter the restart:\n${retryComplaints.join('\n')}`);
      const reconcile = await runReconcile();

      console.log(
        `round ${round + 1}: kill after ${burst.killedAfterMs} ms (${burst.trigger}; ${burst.answersAtKill} answers at the kill) · ` +
          `${acked.length} 2xx, ${unanswered.length} unanswered, ${BURST - acked.length - unanswered.length} refused · ` +
          `retries: ${retries.filter(is2xx).length} 2xx (${retries.filter((o, i) => !(outcomes[i] as Outcome).answered && o.answered && o.replay).length} of the unanswered replayed: committed before the kill), ${retries.filter((o) => isCapExceeded(o)).length} CAP_EXCEEDED, ${lasting409.length} 409 on the key, ` +
          `${retries.filter((o) => !o.answered).length} unanswered · store ${storeBefore === storeAfter ? 'reused' : `replaced (${storeBefore} → ${storeAfter})`} · ` +
          `${world.applications.length} applications · ${secs(r0, performance.now())} s (burst ${secs(r0, tKilled)}, restart ${secs(tKilled, tStarted)}, ` +
          `retries ${secs(tStarted, tRetried)}, read ${secs(tRetried, tRead)}, checks and stop ${secs(tRead, tChecked)}, reconcile ${secs(tChecked, performance.now())})`,
      );

      const where = `round ${round + 1}`;
      expect.soft(acked.length, `${where}: some writes answered 2xx before the kill`).toBeGreaterThan(0);
      expect.soft(unanswered.length, `${where}: some writes were cut off by the kill`).toBeGreaterThan(0);
      expect.soft(storeAfter, `${where}: the restart reused the DynamoDB Local that survived the kill`).toBe(storeBefore);
      expect.soft(few(strange), `${where}: burst answers other than 2xx or CAP_EXCEEDED`).toEqual(few([]));
      expect.soft(few(missingAcked), `${where}: ACKNOWLEDGED (2xx) BUT MISSING after the restart`).toEqual(few([]));
      expect.soft(few(replayDiffers), `${where}: a retry of an answered write answers the same`).toEqual(few([]));
      expect.soft(few(lasting409), `${where}: a retry after the crash gets no lasting 409 on its Idempotency-Key`).toEqual(few([]));
      expect.soft(few(retryRefused), `${where}: a retry of an unanswered write answers 2xx or CAP_EXCEEDED`).toEqual(few([]));
      expect.soft(few(notOnce), `${where}: each keyed write is recorded once (none if refused)`).toEqual(few([]));
      expect.soft(few(badCapRefusal), `${where}: CAP_EXCEEDED only where the ledger is at its cap`).toEqual(few([]));
      expect.soft(few(summaryDrift), `${where}: the summary and ledgers equal what the records add up to`).toEqual(few([]));
      const lastLine = reconcile.stdout.trim().split('\n').at(-1);
      expect.soft({ code: reconcile.code, lastLine }, `${where}: reconcile\n${reconcile.stdout}${reconcile.stderr}`).toEqual({ code: 0, lastLine: 'reconcile: 0 drift' });

      if (round < ROUNDS - 1) server = await startServer();
    }
    console.log(`kill test: ${ROUNDS} rounds in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }, 300_000);
});
