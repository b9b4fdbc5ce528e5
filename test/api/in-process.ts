/**
 * The Lambda handlers called in this test process, as API Gateway calls them, over DynamoDB Local in memory, with a
 * middleware on the store's one DynamoDB client that logs every storage call and can stop the "process" at one: from
 * that call on every storage call fails, as if the process had died there (what it sent before has reached the
 * store; nothing after does). `restart()` is a fresh process on the same data: nothing in flight, the store as the
 * dead one left it.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { inject } from 'vitest';
import type { EmbeddedStore } from '../../functions/local/store.js';
import { expectDocumentedAnswer } from './documented.js';

export const ADMIN = 'in-process-test-admin-key-0123456789abcdef';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
export type FunctionName = 'applications' | 'achievements' | 'reports' | 'keys' | 'partners';

export interface StorageCall {
  readonly command: string;
  /** For single-item commands, the item's pk. */
  readonly pk?: string;
  /** Set when the store refused the call (a cancelled transaction): it wrote nothing. */
  failed?: true;
}

export interface Answer {
  readonly status: number;
  readonly body: any;
  readonly headers: Record<string, string>;
}

export interface InProcess {
  call(fn: FunctionName, method: string, path: string, options?: { body?: unknown; idempotencyKey?: string; key?: string }): Promise<Answer>;
  /** The storage calls since the last `clearLog`. */
  readonly log: readonly StorageCall[];
  clearLog(): void;
  /** The process dies right after its n-th storage call from now (0: before the first). */
  dieAfter(n: number): void;
  /** A fresh process on the same data. */
  restart(): void;
  /** Runs `fn` on every storage call before it is sent (throwing there fails the call); undefined removes it. */
  intercept(fn: ((call: StorageCall, input: unknown) => void | Promise<void>) | undefined): void;
  close(): Promise<void>;
}

export class ProcessDied extends Error {
  override readonly name = 'ProcessDied';
}

/** One per test file (the handlers read their configuration from the environment, once per process). */
export async function startInProcess(name: string): Promise<InProcess> {
  // In a run that provides one store (mutation runs: ./shared-store.ts), a table of this file's own in it.
  const endpoint = inject('storeEndpoint');
  process.env.ADMIN_API_KEY = ADMIN;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const { ensureTable, sharedStore, startLocalStore } = await import('../../functions/local/store.js');
  const shared = endpoint ? sharedStore(endpoint, name) : undefined;
  const store: EmbeddedStore = shared ?? (await startLocalStore(undefined));
  const tableName = shared?.tableName ?? name;
  process.env.TABLE_NAME = tableName;
  process.env.DYNAMODB_ENDPOINT = store.endpoint;
  await ensureTable(store.endpoint, tableName);

  let log: StorageCall[] = [];
  let left: number | undefined;
  let dead = false;
  let interceptor: ((call: StorageCall, input: unknown) => void | Promise<void>) | undefined;
  const { tableClient } = await import('../../functions/store/dynamodb/client.js');
  tableClient().doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (dead) throw new ProcessDied('the process is dead');
      const input = args.input as { Item?: { pk?: string }; Key?: { pk?: string } };
      const pk = input.Item?.pk ?? input.Key?.pk;
      const call: StorageCall = { command: String(context.commandName), ...(pk !== undefined ? { pk } : {}) };
      log.push(call);
      await interceptor?.(call, args.input);
      // A call the store refused (a transaction cancelled on a marker) is a call too: the process can die after it.
      let result: Awaited<ReturnType<typeof next>>;
      try {
        result = await next(args);
      } catch (error) {
        call.failed = true;
        if (left !== undefined && --left <= 0) {
          dead = true;
          throw new ProcessDied(`died right after ${call.command}`);
        }
        throw error;
      }
      if (left !== undefined && --left <= 0) {
        dead = true;
        throw new ProcessDied(`died right after ${call.command}`);
      }
      return result;
    },
    { step: 'initialize', name: 'inProcessWatch' },
  );
  const handlers: Record<FunctionName, Handler> = {
    applications: (await import('../../functions/handlers/applications.js')).handler,
    achievements: (await import('../../functions/handlers/achievements.js')).handler,
    reports: (await import('../../functions/handlers/reports.js')).handler,
    keys: (await import('../../functions/handlers/keys.js')).handler,
    partners: (await import('../../functions/handlers/partners.js')).handler,
  };

  return {
    async call(fn, method, path, o = {}) {
      const [rawPath = path, rawQueryString = ''] = path.split('?');
      const event = {
        version: '2.0',
        routeKey: `${method} ${rawPath}`,
        rawPath,
        rawQueryString,
        headers: { 'x-api-key': o.key ?? ADMIN, 'content-type': 'application/json', ...(o.idempotencyKey !== undefined ? { 'idempotency-key': o.idempotencyKey } : {}) },
        requestContext: { domainName: 'in-process.test', http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 't' }, requestId: 'r', routeKey: '', stage: '$default', time: '', timeEpoch: 0 },
        isBase64Encoded: false,
        ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
      } as unknown as APIGatewayProxyEventV2;
      const quiet = console.error;
      console.error = () => undefined;
      try {
        const r = await handlers[fn](event, {} as Context);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = String(v);
        const answer = { status: r.statusCode ?? 0, body: JSON.parse(r.body ?? 'null'), headers };
        // Checked against /openapi.json (./documented.ts), unless the "process" died in this call: that 500 is the
        // crash this file simulates, which no client receives from the API (API Gateway answers a dead Lambda).
        if (!dead) await expectDocumentedAnswer(method, path, { status: answer.status, body: answer.body, contentType: headers['content-type'] });
        return answer;
      } finally {
        console.error = quiet;
      }
    },
    get log() {
      return log;
    },
    clearLog() {
      log = [];
    },
    dieAfter(n) {
      if (n <= 0) dead = true;
      else left = n;
    },
    restart() {
      dead = false;
      left = undefined;
    },
    intercept(fn) {
      interceptor = fn;
    },
    close: () => store.close(),
  };
}
