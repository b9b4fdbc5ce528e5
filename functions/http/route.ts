/**
 * A route: its definition (method, path, who may call it, whether it takes `Idempotency-Key`, the schemas of what it
 * reads and answers), and `serve`, which puts it on an app with its checks in a fixed order: roles, path,
 * idempotency, query, content type, JSON body, then the handler. The same definitions make /openapi.json (./openapi.ts).
 */
import type { Handler, MiddlewareHandler, TypedResponse } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { StatusCode } from 'hono/utils/http-status';
import type { JSONParsed } from 'hono/utils/types';
import { validator } from 'hono/validator';
import { safeParseAsync, strictObject, type output, type ZodMiniType } from 'zod/mini';
import type { Role } from '../domain/records.js';
import type { ErrorAnswer } from './answers.js';
import { allow } from './auth.js';
import { errorResponse } from './errors.js';
import { refusalOf } from './bilingual.js';
import { idempotent } from '../idempotency/index.js';
import { idempotency, type App, type AppEnv } from './app.js';

/** One documented answer: a description, and the schema of its JSON body where it has one. */
export interface Answer {
  readonly description: string;
  readonly schema?: ZodMiniType;
  /** A body that is not JSON (a file): its media type. */
  readonly contentType?: string;
}

export interface RouteDef {
  readonly method: 'get' | 'post' | 'patch';
  /** OpenAPI style: `/applications/{id}`. */
  readonly path: string;
  readonly summary: string;
  /** Who may call it; absent: no key needed (only GET /health). */
  readonly roles?: readonly Role[];
  /** Write routes taking `Idempotency-Key` (functions/idempotency/). */
  readonly idempotent?: boolean;
  readonly request?: { readonly body?: ZodMiniType; readonly query?: ZodMiniType; readonly params?: ZodMiniType };
  /** The route's own answers; the errors every route may give (./openapi.ts `COMMON_ERRORS`) are added. */
  readonly responses: Readonly<Record<number, Answer>>;
}

/** Keeps the literal types of a definition (for `RouteInput` and `RouteAnswer`). */
export const defineRoute = <const R extends RouteDef>(route: R): R => route;

type Target = 'json' | 'query' | 'param';
type Out<T extends Target, S> = S extends ZodMiniType ? { [K in T]: output<S> } : {};
type Req<R extends RouteDef> = NonNullable<R['request']>;
/** What `c.req.valid(...)` gives a handler of route R. */
export type RouteInput<R extends RouteDef> = { out: Out<'json', Req<R>['body']> & Out<'query', Req<R>['query']> & Out<'param', Req<R>['params']> };

/** The statuses any keyed route may answer with the error shape (./openapi.ts documents them on each route). */
type CommonErrorStatus = 400 | 401 | 403 | 409 | 413 | 415;
type Answers<R extends RouteDef> = R['responses'] & Record<CommonErrorStatus, { schema: typeof ErrorAnswer }>;
/** What a handler of route R may answer: one of its documented statuses with that status's schema (checked by tsc). */
export type RouteAnswer<R extends RouteDef> = {
  [S in keyof Answers<R> & StatusCode]: Answers<R>[S] extends { schema: infer T extends ZodMiniType } ? TypedResponse<JSONParsed<output<T>>, S, 'json'> : TypedResponse<object, S, string>;
}[keyof Answers<R> & StatusCode];

/**
 * A zod check of one part of the request; a failure is 400 INVALID naming the field (an unknown one named itself),
 * in English and 中文 (./bilingual.ts).
 */
function validate(target: Target, schema: ZodMiniType): MiddlewareHandler<AppEnv> {
  return validator(target, async (value, c) => {
    const result = await safeParseAsync(schema, value);
    if (result.success) return result.data as object;
    return errorResponse(c, 400, { error: refusalOf(target, result.error.issues[0], value) });
  });
}

/** The query of a route that declares none: no parameter at all, so an unknown one is 400 on every route. */
const NO_QUERY = strictObject({});

const JSON_REQUEST = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

/** A JSON body route takes only JSON: another Content-Type, or a body without one, is 415. */
const jsonOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  const contentType = c.req.header('content-type');
  if (contentType ? !JSON_REQUEST.test(contentType) : (await c.req.arrayBuffer()).byteLength > 0) throw new HTTPException(415, { message: 'Unsupported Media Type' });
  return next();
};

/** Serves `route` on `app`: its roles, idempotency and request checks, then `handler`, which reads `c.req.valid(...)`. */
export function serve<R extends RouteDef>(app: App, route: R, handler: Handler<AppEnv, string, RouteInput<R>, RouteAnswer<R> | Promise<RouteAnswer<R>>>): void {
  const chain: MiddlewareHandler<AppEnv>[] = [];
  if (route.roles) chain.push(allow(route.roles));
  // The path before idempotency: a kept answer is keyed on the path, which holds ids only once they are checked (bounded).
  if (route.request?.params) chain.push(validate('param', route.request.params));
  if (route.idempotent) chain.push(idempotent(idempotency));
  chain.push(validate('query', route.request?.query ?? NO_QUERY));
  if (route.request?.body) chain.push(jsonOnly, validate('json', route.request.body));
  app.on([route.method], [route.path.replaceAll(/\/{(.+?)}/g, '/:$1')], ...chain, handler as Handler<AppEnv>);
}
