/**
 * The real local API for add-on tests: `npm start`'s server (functions/local → the Lambda handlers → DynamoDB Local)
 * in a child process, a municipal key made through POST /keys, and `curl` as a synchronous UrlFetchApp.fetch.
 * (test/addon/cloud.test.ts starts the same server inline.)
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FetchCall } from './fakes/index.js';

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
  stop(): void;
}

export async function startLocalApi(): Promise<LocalApi> {
  const admin = `addon-local-api-admin-key-${process.pid}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'kechuang-addon-api-'));
  const child: ChildProcess = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'functions/local/main.ts'], {
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, ADMIN_API_KEY: admin },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = (): void => {
    if (child.pid && child.exitCode === null) child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  };
  let output = '';
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
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
    stop();
    throw error;
  }
}
