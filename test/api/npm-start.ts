/**
 * The project's command-line entries as processes, the way `npm start` and `npm run reconcile` run them (through tsx,
 * from the project root), with only PATH, HOME and what the test gives in their environment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

/** `entry` (a TypeScript file of the project) run with `args`; its stdout and stderr, interleaved, so far. */
function run(entry: string, args: readonly string[], env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  return { child, output: () => output };
}

/** `entry` run to its end (killed after `timeoutMs`): its exit code and whole output. */
export function runToExit(entry: string, args: readonly string[], env: Record<string, string>, timeoutMs = 60_000): Promise<{ code: number | null; output: string }> {
  const { child, output } = run(entry, args, env);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((done) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, output: output() });
    }),
  );
}

export interface NpmStart {
  readonly child: ChildProcess;
  /** Where it listens. */
  readonly url: string;
  /** The DynamoDB Local it uses (a second start over the same DATA_DIR finds the first one's). */
  readonly storeEndpoint: string;
  readonly output: () => string;
}

/**
 * `npm start`'s entry (functions/local/main.ts) on a free port over `dataDir`; resolves once it has printed its URL,
 * its DynamoDB Local and its admin key line. `started` is told of the process at once, so a caller can stop it
 * whatever happens next.
 */
export function npmStart(dataDir: string, env: Record<string, string>, started: (child: ChildProcess, output: () => string) => void = () => undefined, timeoutMs = 90_000): Promise<NpmStart> {
  const { child, output } = run('functions/local/main.ts', [], { PORT: '0', DATA_DIR: dataDir, ...env });
  started(child, output);
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no URL printed:\n${output()}`)), timeoutMs);
    const onData = () => {
      const url = /listening on (http:\/\/\S+)/.exec(output())?.[1];
      const store = /DynamoDB Local at (http:\/\/[^\s,)]+)/.exec(output())?.[1];
      if (url && store && /admin API key .*\n/.test(output())) {
        clearTimeout(timer);
        ok({ child, url, storeEndpoint: store, output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => fail(new Error(`exited ${code}:\n${output()}`)));
  });
}
