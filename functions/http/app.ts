/**
 * The Hono app every Lambda function is built from: body limit, error shape, authentication by `x-api-key`, role
 * checks per route, zod validation errors naming the field. A handler file adds its routes with `openapi(app, route,
 * handler)` and exports `handler = lambdaHandler(app)`.
 *
 * Plain Hono with the route definitions of ./routes.ts validated by zod/mini: the same checks, in the same order,
 * that @hono/zod-openapi's `app.openapi()` made (query, path, content type, JSON body), without bundling its
 * document generator and classic zod into every function (./openapi.ts makes the document).
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context as LambdaContext } from 'aws-lambda';
import { Hono, type Context, type Handler, type MiddlewareHandler, type TypedResponse } from 'hono';
import { defaultIsContentTypeBinary, handle } from 'hono/aws-lambda';
import { HTTPException } from 'hono/http-exception';
import { encodeBase64 } from 'hono/utils/encode';
import type { StatusCode } from 'hono/utils/http-status';
import type { JSONParsed } from 'hono/utils/types';
import { validator } from 'hono/validator';
import { safeParseAsync, type output, type ZodMiniType } from 'zod/mini';
import type { Principal, Role } from '../domain/records.js';
import { ApiError, type ErrorBody } from '../domain/errors.js';
import { authenticate } from '../services/keys.js';
import type { ServiceContext } from '../services/context.js';
import { DynamoStore } from '../store/dynamodb/dynamo-store.js';
import type { Store } from '../store/store.js';
import { adminKeyHash } from './admin-key.js';
import type { RouteDef } from './routes.js';

export type AppEnv = { Variables: { principal: Principal } };
export type AppContext = Context<AppEnv>;

/** Bodies over this are refused with 413 before anything else. */
export const MAX_BODY_BYTES = 256 * 1024;

/** The store of this process (one client per container). */
export const store: Store = new DynamoStore();

export function serviceContext(c: AppContext): ServiceContext {
  return { store, principal: c.get('principal'), now: () => new Date() };
}

const errorResponse = (c: Context, status: number, body: ErrorBody) => c.json(body, status as 400);

export type App = Hono<AppEnv>;

export function createApp(): App {
  const app = new Hono<AppEnv>();

  app.onError((error, c) => {
    if (error instanceof ApiError) return errorResponse(c, error.status, error.body);
    if (error instanceof HTTPException) {
      const status = error.status;
      if (status === 413) return errorResponse(c, 413, { error: { code: 'TOO_LARGE', message: `body over ${MAX_BODY_BYTES} bytes` } });
      if (status === 415) return errorResponse(c, 415, { error: { code: 'INVALID', message: 'send Content-Type: application/json', field: 'content-type' } });
      if (status < 500) return errorResponse(c, status, { error: { code: 'INVALID', message: error.message || 'bad request', field: 'body' } });
    }
    if (error.name === 'BadTokenError') return errorResponse(c, 400, { error: { code: 'INVALID', message: error.message, field: 'nextToken' } });
    console.error(JSON.stringify({ level: 'error', message: 'unhandled', name: error.name, error: error.message, path: c.req.path }));
    return errorResponse(c, 500, { error: { code: 'INTERNAL', message: 'internal error' } });
  });

  app.notFound((c) => errorResponse(c, 404, { error: { code: 'NOT_FOUND', message: `no route ${c.req.method} ${c.req.path}` } }));

  // Every route but GET /health needs a key (CONTRACT.md §3).
  app.use('*', async (c, next) => {
    if (c.req.method === 'GET' && c.req.path === '/health') return next();
    const key = c.req.header('x-api-key');
    if (!key) throw new ApiError(401, 'UNAUTHORIZED', 'header x-api-key is required', 'x-api-key');
    const principal = key.length <= 512 ? await authenticate(store, key, await adminKeyHash()) : undefined;
    if (!principal) throw new ApiError(401, 'UNAUTHORIZED', 'unknown API key', 'x-api-key');
    c.set('principal', principal);
    return next();
  });
  return app;
}

type Target = 'json' | 'query' | 'param';
type Out<T extends Target, S> = S extends ZodMiniType ? { [K in T]: output<S> } : unknown;
type Req<R extends RouteDef> = NonNullable<R['request']>;
/** What `c.req.valid(...)` gives a handler of route R. */
export type RouteInput<R extends RouteDef> = {
  out: Out<'json', NonNullable<Req<R>['body']>['content']['application/json']['schema']> & Out<'query', Req<R>['query']> & Out<'param', Req<R>['params']>;
};

type Responses<R extends RouteDef> = R['responses'];
/** What a handler of route R may answer: one of its documented statuses with that status's schema (checked by tsc). */
export type RouteAnswer<R extends RouteDef> = {
  [S in keyof Responses<R> & StatusCode]: Responses<R>[S] extends { content: { 'application/json': { schema: infer T } } }
    ? T extends ZodMiniType
      ? TypedResponse<JSONParsed<output<T>>, S, 'json'>
      : never
    : TypedResponse<object, S, string>;
}[keyof Responses<R> & StatusCode];

/** A zod check of one part of the request; a failure is 400 INVALID naming the field (an unknown one named itself). */
function validate(target: Target, schema: ZodMiniType): MiddlewareHandler<AppEnv> {
  return validator(target, async (value, c) => {
    const result = await safeParseAsync(schema, value);
    if (result.success) return result.data as object;
    const issue = result.error.issues[0];
    const path = issue ? issue.path.map(String) : [];
    if (issue?.code === 'unrecognized_keys' && issue.keys[0] !== undefined) path.push(issue.keys[0]);
    const field = path.length > 0 ? path.join('.') : target === 'json' ? 'body' : target;
    return errorResponse(c, 400, { error: { code: 'INVALID', message: issue?.message ?? 'invalid input', field } });
  });
}

const JSON_REQUEST = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

/** A JSON body route takes only JSON: another Content-Type, or a body without one, is 415. */
const jsonOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  const contentType = c.req.header('content-type');
  if (contentType ? !JSON_REQUEST.test(contentType) : await hasBody(c.req.raw)) throw new HTTPException(415, { message: 'Unsupported Media Type' });
  return next();
};

/** Whether a request without Content-Type still sent bytes (read from a clone, the body stays unread). */
async function hasBody(request: Request): Promise<boolean> {
  if (request.body === null) return false;
  if (request.bodyUsed) return (await request.arrayBuffer()).byteLength > 0;
  const reader = request.clone().body?.getReader();
  if (!reader) return false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return false;
      if (value.byteLength > 0) return true;
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

/**
 * Serves `route` (./routes.ts) on `app`: `middleware` (roles, idempotency), then the route's query, path and body
 * checks, then `handler`, which reads the checked values with `c.req.valid(...)`. Reads only `route.request`, never
 * `route.responses` (made on first read, for the document).
 */
export function openapi<R extends RouteDef>(app: App, route: R, middleware: readonly MiddlewareHandler<AppEnv>[], handler: Handler<AppEnv, string, RouteInput<R>, RouteAnswer<R> | Promise<RouteAnswer<R>>>): void {
  const checks: MiddlewareHandler<AppEnv>[] = [];
  if (route.request?.query) checks.push(validate('query', route.request.query));
  if (route.request?.params) checks.push(validate('param', route.request.params));
  const body = route.request?.body?.content['application/json'].schema;
  if (body) checks.push(jsonOnly, validate('json', body));
  app.on([route.method], [route.path.replaceAll(/\/{(.+?)}/g, '/:$1')], ...middleware, ...checks, handler as Handler<AppEnv>);
}

/** Route middleware: which roles may call it (CONTRACT.md §3). */
export function allow(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { role } = c.get('principal');
    if (!roles.includes(role)) throw new ApiError(403, 'FORBIDDEN', `role ${role} may not call ${c.req.method} ${c.req.path}`);
    return next();
  };
}
export const READERS: Role[] = ['admin', 'municipal', 'district', 'viewer'];
export const WRITERS: Role[] = ['admin', 'municipal', 'district'];

/**
 * The Lambda entry: API Gateway HTTP API payload v2 in, structured result out. Bodies over 256 KB are refused here
 * (the event already holds the whole body), so nothing past the limit reaches parsing.
 *
 * The request and the result are made as `hono/aws-lambda`'s `handle` makes them (same URL, method, headers, body,
 * `content-length`, cookies; same status, headers, cookies, base64 rule), with less work: the headers are copied
 * once, and a text body is handed to the app as the string it is (see EventRequest) instead of being encoded into
 * a stream and decoded back. An event that path does not take as it is (a base64 body, a body on GET or HEAD, a
 * header name not already lower case, a body not well-formed or starting with a BOM) goes through `handle` itself.
 */
export function lambdaHandler(app: App) {
  const run = handle(app);
  return async (event: APIGatewayProxyEventV2, context: LambdaContext): Promise<APIGatewayProxyStructuredResultV2> => {
    // API Gateway sends only requests no route matched to `$default` (infra/stack.ts): answer them as `npm start`
    // does, 404 before any key check, so an unknown path is told the same with or without a key.
    if (event.routeKey === '$default') {
      return {
        statusCode: 404,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ error: { code: 'NOT_FOUND', message: `no route ${event.requestContext.http.method} ${event.rawPath}` } }),
      };
    }
    const size = event.body ? Buffer.byteLength(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : 0;
    if (size > MAX_BODY_BYTES) {
      return {
        statusCode: 413,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ error: { code: 'TOO_LARGE', message: `body over ${MAX_BODY_BYTES} bytes`, field: 'body' } }),
      };
    }
    const request = eventRequest(event, size);
    if (!request) return (await run(event as unknown as Parameters<typeof run>[0], context)) as APIGatewayProxyStructuredResultV2;
    return structuredResult(await app.fetch(request, { event, requestContext: event.requestContext, lambdaContext: context }));
  };
}

/** A lower-case header name made only of token characters (what API Gateway and `npm start` send). */
const LOWER_TOKEN = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;
const NON_ASCII = /[^\x00-\x7F]/;
const BOM = '\uFEFF';

/**
 * The Request `handle` would make of `event`, or undefined where `handle` should make it: its URL, method, and
 * headers (cookies first, header values outside ASCII percent-encoded, `content-length` of a body), made in one
 * copy; a body only when there is one. Anything the Request constructor refuses is left to `handle`, which refuses
 * it the same way (400 "Invalid request").
 */
function eventRequest(event: APIGatewayProxyEventV2, size: number): Request | undefined {
  const method = event.requestContext.http.method;
  const body = event.body;
  if (body && (event.isBase64Encoded || method === 'GET' || method === 'HEAD' || body.startsWith(BOM) || !isWellFormed(body))) return undefined;
  if (!('domainName' in event.requestContext)) return undefined;
  const headers: Record<string, string> = {};
  if (Array.isArray(event.cookies)) headers.cookie = event.cookies.join('; ');
  if (event.headers) {
    for (const name in event.headers) {
      const value = event.headers[name];
      if (!value) continue;
      if (!LOWER_TOKEN.test(name)) return undefined;
      headers[name] = NON_ASCII.test(value) ? encodeURIComponent(value) : value;
    }
  }
  if (body) headers['content-length'] = String(size);
  const path = `https://${event.requestContext.domainName}${event.rawPath}`;
  const url = event.rawQueryString ? `${path}?${event.rawQueryString}` : path;
  try {
    return body ? new EventRequest(url, method, headers, body) : new Request(url, { method, headers });
  } catch {
    return undefined;
  }
}

const isWellFormed = (text: string): boolean => (text as string & { isWellFormed(): boolean }).isWellFormed();

const unusable = () => new TypeError('Body is unusable: Body has already been read');

type BodyMembers = 'body' | 'bodyUsed' | 'text' | 'json' | 'arrayBuffer' | 'blob' | 'formData' | 'clone';
/** `Request`, typed without the body members EventRequest defines (undici-types declares them as properties). */
const RequestWithoutBody = Request as unknown as new (url: string, init: RequestInit) => Omit<Request, BodyMembers>;

/**
 * A Request whose body is the event's text. `text()` and `json()` answer from the string (what encoding it to
 * UTF-8 and decoding it back gives, for a well-formed string without a BOM); whatever needs the body as bytes or a
 * stream (`body`, `clone()`, `arrayBuffer()`, ...) gets it from a plain Request made then with the same URL, method,
 * headers and body (read already if this one's was), so the request still reads once, as any Request does.
 */
class EventRequest extends RequestWithoutBody {
  readonly #text: string;
  #used = false;
  #streamed: Request | undefined;

  constructor(url: string, method: string, headers: Record<string, string>, text: string) {
    super(url, { method, headers });
    this.#text = text;
  }

  #stream(): Request {
    if (!this.#streamed) {
      // Bytes, as `handle` gives them: a string body would add a Content-Type of its own.
      this.#streamed = new Request(this.url, { method: this.method, headers: this.headers, body: new TextEncoder().encode(this.#text) });
      if (this.#used) this.#streamed.arrayBuffer().catch(() => undefined);
    }
    return this.#streamed;
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.#stream().body;
  }

  get bodyUsed(): boolean {
    return this.#streamed ? this.#streamed.bodyUsed : this.#used;
  }

  text(): Promise<string> {
    if (this.#streamed) return this.#streamed.text();
    if (this.#used) return Promise.reject(unusable());
    this.#used = true;
    return Promise.resolve(this.#text);
  }

  json(): Promise<unknown> {
    return this.#streamed ? this.#streamed.json() : this.text().then((text) => JSON.parse(text) as unknown);
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return this.#stream().arrayBuffer();
  }

  blob(): Promise<Blob> {
    return this.#stream().blob();
  }

  formData(): Promise<FormData> {
    return this.#stream().formData();
  }

  bytes(): Promise<Uint8Array> {
    return (this.#stream() as Request & { bytes(): Promise<Uint8Array> }).bytes();
  }

  clone(): Request {
    return this.#stream().clone();
  }
}

/** The structured result `handle` makes of a Response (v2: `headers`, and `cookies` for Set-Cookie). */
async function structuredResult(res: Response): Promise<APIGatewayProxyStructuredResultV2> {
  const contentType = res.headers.get('content-type');
  const contentEncoding = res.headers.get('content-encoding');
  const isBase64Encoded = (contentType ? defaultIsContentTypeBinary(contentType) : false) || (!!contentEncoding && !/^identity$/i.test(contentEncoding));
  const headers: Record<string, string> = {};
  const result: APIGatewayProxyStructuredResultV2 = {
    body: isBase64Encoded ? encodeBase64(await res.arrayBuffer()) : await res.text(),
    statusCode: res.status,
    isBase64Encoded,
    headers,
  };
  const cookies = res.headers.getSetCookie();
  if (cookies.length > 0) result.cookies = cookies;
  res.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  return result;
}
