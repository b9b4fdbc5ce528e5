/**
 * The whole cloud API on one machine: a node:http server that turns each request into the API Gateway v2 event of
 * the matching route (functions/manifest.ts) and calls that function's very `handler`, on DynamoDB Local kept in `dataDir`.
 * One server per process: the handlers read TABLE_NAME, DYNAMODB_ENDPOINT and ADMIN_API_KEY from the environment,
 * as they do on Lambda.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { ErrorBody } from '../domain/errors.js';
import { internal, noRoute, tooLarge } from '../http/errors.js';
import { FUNCTIONS } from '../manifest.js';
import { adminKeyRefusal } from '../services/keys.js';
import { compileRoute, matchRoute, toEvent, writeError, writeResult, type CompiledRoute } from './event.js';
import { ensureTable, sharedStore, startLocalStore } from './store.js';
import { readTrace, traceStore, traced, tracing } from './trace.js';

export interface LocalServerOptions {
  /** 0 picks a free port. Default 3000. */
  readonly port?: number;
  readonly host?: string;
  /** Where DynamoDB Local keeps the table and the generated admin key; in memory when omitted. */
  readonly dataDir?: string;
  /** The admin key; default `$ADMIN_API_KEY`, else the one kept in `dataDir` (made on first start). */
  readonly adminKey?: string;
  /** Serve the built bundles (`<dir>/<name>/index.mjs`, as deployed) instead of the TypeScript entries. */
  readonly bundlesDir?: string;
  /**
   * Use the DynamoDB Local already running at this endpoint instead of starting one, with a table of this server's
   * own (dropped on close), so that many servers share one JVM (the mutation runs: test/api/shared-store.ts).
   * Not with `dataDir`.
   */
  readonly storeEndpoint?: string;
}

export interface LocalServer {
  readonly url: string;
  readonly adminKey: string;
  readonly dataDir: string | undefined;
  /** DynamoDB Local's endpoint (DynamoDB API), e.g. for the AWS CLI's --endpoint-url or seeding. */
  readonly storeEndpoint: string;
  /** Its table there: `kechuang`, or one of its own in a store it was given. */
  readonly tableName: string;
  /** Whether the admin key was made on this start (so main can say where it is kept). */
  readonly adminKeySource: 'given' | 'env' | 'stored' | 'generated';
  close(): Promise<void>;
}

type LambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export const TABLE_NAME = 'kechuang';
/** API Gateway HTTP APIs accept up to 10 MB; the handlers refuse over 256 KB. Past this we refuse without reading. */
const MAX_READ_BYTES = 1024 * 1024;
const ROOT = resolve(import.meta.dirname, '../..');

let running = false;

/** A request that arrives while the server stops. */
const stopping: ErrorBody = { error: { code: 'UNAVAILABLE', message: 'the server is stopping', messageZh: '服务器正在停止' } };

export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  if (running) throw new Error('one local server per process (the handlers read their configuration from the environment)');
  if (options.storeEndpoint !== undefined && options.dataDir !== undefined) throw new Error('a local server keeps its data in dataDir or in a store it is given, not both');
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const { key: adminKey, source } = adminKeyFor(options.adminKey, dataDir);
  running = true;

  const shared = options.storeEndpoint === undefined ? undefined : sharedStore(options.storeEndpoint, TABLE_NAME);
  const store = shared ?? (await startLocalStore(dataDir ? join(dataDir, 'dynamodb') : undefined));
  const tableName = shared?.tableName ?? TABLE_NAME;
  await ensureTable(store.endpoint, tableName);
  process.env.TABLE_NAME = tableName;
  process.env.DYNAMODB_ENDPOINT = store.endpoint;
  process.env.ADMIN_API_KEY = adminKey;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

  const trace = tracing() && !options.bundlesDir;
  if (trace) traceStore();

  const routes: { route: CompiledRoute; handler: LambdaHandler; name: string }[] = [];
  for (const fn of FUNCTIONS) {
    const file = options.bundlesDir ? join(options.bundlesDir, fn.name, 'index.mjs') : join(ROOT, fn.entry);
    const mod = (await import(pathToFileURL(file).href)) as { handler: LambdaHandler };
    for (const routeKey of fn.routes) routes.push({ route: compileRoute(routeKey), handler: mod.handler, name: fn.name });
  }

  // Requests being answered: a stop waits for them before closing the store under them.
  const inflight = new Set<Promise<void>>();
  let closing = false;

  const server = createServer((req, res) => {
    if (closing) {
      res.setHeader('connection', 'close');
      return writeError(res, 503, stopping);
    }
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (trace && method === 'GET' && path === '/__trace') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(readTrace(inflight.size));
    }
    let found: { handler: LambdaHandler; routeKey: string; name: string; params: Record<string, string> } | undefined;
    for (const r of routes) {
      const params = matchRoute(r.route, method, path);
      if (params) {
        found = { handler: r.handler, routeKey: r.route.routeKey, name: r.name, params };
        break;
      }
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_READ_BYTES) {
        if (!refused) {
          refused = true;
          res.setHeader('connection', 'close');
          writeError(res, 413, tooLarge);
          req.resume();
        }
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      if (!found) return writeError(res, 404, noRoute(method, path));
      const event = toEvent(req, url, chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks), found.routeKey, found.params);
      const { handler, routeKey, name } = found;
      const call = () => handler(event, lambdaContext(name));
      const answered: Promise<void> = (trace ? traced(routeKey, call) : call())
        .then((result) => writeResult(res, result))
        .catch((error: unknown) => {
          console.error(`handler ${found.name} failed:`, error);
          writeError(res, 500, internal);
        })
        .finally(() => inflight.delete(answered));
      inflight.add(answered);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    adminKey,
    dataDir,
    storeEndpoint: store.endpoint,
    tableName,
    adminKeySource: source,
    close: async () => {
      closing = true;
      const stopped = new Promise<void>((ok) => server.close(() => ok()));
      server.closeIdleConnections();
      // Let the requests in flight finish (they write to the store), a few seconds at most.
      await Promise.race([Promise.allSettled([...inflight]), new Promise((r) => setTimeout(r, 5_000).unref())]);
      server.closeAllConnections();
      await stopped;
      await store.close();
      running = false;
    },
  };
}

/** The admin key is too short (CONTRACT.md: at least 24 characters): the server does not start. Never quotes the key. */
export class AdminKeyRefused extends Error {
  override readonly name = 'AdminKeyRefused';
  constructor(
    message: string,
    readonly messageZh: string,
  ) {
    super(message);
  }
}

function adminKeyFor(given: string | undefined, dataDir: string | undefined): { key: string; source: LocalServer['adminKeySource'] } {
  const file = dataDir ? join(dataDir, 'admin-key') : undefined;
  const checked = (key: string, source: LocalServer['adminKeySource'], name: string) => {
    const refusal = adminKeyRefusal(key, name);
    if (refusal) throw new AdminKeyRefused(refusal.message, refusal.messageZh);
    return { key, source };
  };
  if (given) return checked(given, 'given', 'the admin key given');
  if (process.env.ADMIN_API_KEY) return checked(process.env.ADMIN_API_KEY, 'env', 'ADMIN_API_KEY');
  if (file && existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored) return checked(stored, 'stored', `the admin key kept in ${file}`);
  }
  const key = `kc_admin_${randomBytes(32).toString('base64url')}`;
  if (file) {
    writeFileSync(file, `${key}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return { key, source: 'generated' };
}

function lambdaContext(name: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${name}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
