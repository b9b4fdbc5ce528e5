/**
 * The real local API for add-on tests: `npm start`'s server (functions/local → the Lambda handlers → DynamoDB Local)
 * in a child process, a municipal key made through POST /keys, and `curl` as a synchronous UrlFetchApp.fetch.
 * `stop()` waits until the server and its DynamoDB Local are gone: the store runs detached (it outlives a crashed
 * server by design), so a test that only signalled the server could leave a Java process behind under load.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive } from '../../functions/local/store.js';
import { makeFakes, type FetchCall } from './fakes/index.js';
import { loadAddon } from './load.js';

/** UrlFetchApp.fetch, for real and synchronously. */
export function curl(call: FetchCall): { status: number; body: unknown } {
  const args = ['-s', '-S', '--max-time', '20', '-X', call.method, '-w', '\n%{http_code}'];
  for (const [name, value] of Object.entries(call.headers)) args.push('-H', `${name}: ${value}`);
  if (call.payload !== undefined) args.push('-H', `content-type: ${call.contentType ?? 'application/json'}`, '--data-binary', call.payload);
  const out = execFileSync('curl', [...args, call.url], { encoding: 'utf8' });
  const cut = out.lastIndexOf('\n');
  const text = out.slice(0, cut);
  return { status: Number(out.slice(cut + 1)), body: text ? JSON.parse(text) : {} };
}

export interface LocalApi {
  readonly url: string;
  readonly municipalKey: string;
  /** The admin key (ADMIN_API_KEY): to make and revoke keys. */
  readonly admin: string;
  /** GET path with the municipal key: the answer's body. */
  get(path: string): any;
  /** One request as `key`; throws unless the status is `expect` (the body is shown), answers the body. */
  call(method: string, path: string, key: string, body?: unknown, expect?: number): any;
  /** SIGTERM to the server, then waits for it and its store to exit (SIGKILL after 15 s), then removes the data. */
  stop(): Promise<void>;
}


/**
 * The processes of `dataDir`'s server: its store's pid in store.json, and (on Linux) any process whose command line
 * names a path inside it (`-dbPath <dataDir>/dynamodb`, a store still starting has not written its pid down) or whose
 * environment has DATA_DIR=dataDir (tsx's inner node, left when its outer process is stopped before relaying).
 */
function serverPids(dataDir: string): number[] {
  const stateFile = join(dataDir, 'dynamodb', 'store.json'); // functions/local/server.ts keeps the store in DATA_DIR/dynamodb
  const pids = new Set<number>();
  if (existsSync(stateFile)) pids.add((JSON.parse(readFileSync(stateFile, 'utf8')) as { pid: number }).pid);
  if (existsSync('/proc')) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const ours = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').some((arg) => arg.startsWith(`${dataDir}/`));
        if (ours || readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(`DATA_DIR=${dataDir}`)) pids.add(Number(entry));
      } catch {
        // gone, or not ours to read
      }
    }
  }
  pids.delete(process.pid);
  return [...pids];
}

async function until(done: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (done()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return done();
}

/**
 * `startMs`: how long the server may take to say it listens (DynamoDB Local's start included) before the start is given
 * up and everything stopped; under vitest's 120 s hook timeout, which would otherwise fail the hook with the server
 * still running and no `api` for afterAll to stop.
 */
export async function startLocalApi(startMs = 90_000): Promise<LocalApi> {
  const admin = `addon-local-api-admin-key-${process.pid}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'kechuang-addon-api-'));
  const child: ChildProcess = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'functions/local/main.ts'], {
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, ADMIN_API_KEY: admin },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = async (): Promise<void> => {
    const known = serverPids(dataDir); // before the server's close removes store.json
    const running = (): boolean => child.exitCode === null && child.signalCode === null;
    if (running()) {
      child.kill('SIGTERM');
      if (!(await until(() => !running(), 15_000))) child.kill('SIGKILL');
    }
    // The server closes its store on SIGTERM; one stopped while DynamoDB Local was still starting had not written its
    // pid to store.json yet, and that Java process runs on: whatever is left of this data directory's server is stopped.
    const signal = (pid: number, name: NodeJS.Signals): void => {
      try {
        process.kill(pid, name);
      } catch {
        // exited meanwhile
      }
    };
    for (const pid of new Set([...known, ...serverPids(dataDir)])) {
      if (alive(pid)) signal(pid, 'SIGTERM');
      if (!(await until(() => !alive(pid), 15_000))) signal(pid, 'SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  let output = '';
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const late = setTimeout(() => reject(new Error(`npm start did not listen within ${startMs} ms:\n${output}`)), startMs);
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(late);
          resolve(match[1]);
        }
      });
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('exit', (code) => {
        clearTimeout(late);
        reject(new Error(`npm start exited (${code}):\n${output}`));
      });
    });
    const made = curl({ url: `${url}/keys`, method: 'POST', headers: { 'x-api-key': admin }, payload: JSON.stringify({ role: 'municipal', label: '市科技局 add-on test' }) });
    if (made.status !== 201) throw new Error(`POST /keys failed: ${JSON.stringify(made)}`);
    const municipalKey = (made.body as { key: string }).key;
    const get = (path: string): any => {
      const answer = curl({ url: `${url}${path}`, method: 'GET', headers: { 'x-api-key': municipalKey } });
      if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    };
    const call = (method: string, path: string, key: string, body?: unknown, expect?: number): any => {
      const answer = curl({ url: `${url}${path}`, method, headers: { 'x-api-key': key }, ...(body !== undefined ? { payload: JSON.stringify(body) } : {}) });
      const wanted = expect ?? (method === 'POST' ? 201 : 200);
      if (answer.status !== wanted) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    };
    return { url, municipalKey, admin, get, call, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * What the Ledger sheet should hold for `key`, from the API's own answers alone: every application GET /applications
 * lists (all pages), its GET /applications/{id} ledger by year, in the Ledger's column order.
 */
export function expectedLedger(api: LocalApi, key: string): unknown[][] {
  const listed: { id: string }[] = [];
  let token = '';
  do {
    const page = api.call('GET', `/applications?limit=100${token ? `&nextToken=${encodeURIComponent(token)}` : ''}`, key);
    listed.push(...page.items);
    token = page.nextToken ?? '';
  } while (token);
  return listed.flatMap(({ id }) => {
    const view = api.call('GET', `/applications/${id}`, key);
    const a = view.application;
    return [...view.ledger]
      .sort((x: { year: number }, y: { year: number }) => x.year - y.year)
      .map((l: any) => [a.id, a.institution, a.districtLabel, a.categoryLabel, a.status, l.year, l.item, l.itemLabel, l.clause, l.cap ?? '', l.approved ?? '', l.paid, l.remaining]);
  });
}

/**
 * The built add-on on fresh fakes, talking to `api` through curl as `key` (the municipal key unless given). The URL and
 * key go straight into user properties: the sidebar's saveSettings insists on https, the local server is http.
 */
export function addonOnline(api: LocalApi, key = api.municipalKey) {
  const fakes = makeFakes();
  fakes.urlFetch.answer = curl;
  const addon = loadAddon(fakes.globals);
  fakes.userProperties.setProperty('KECHUANG_API_URL', api.url);
  fakes.userProperties.setProperty('KECHUANG_API_KEY', key);
  return { fakes, addon };
}
