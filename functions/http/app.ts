/**
 * The Hono app every Lambda function is built from: the error shape (./errors.ts) and authentication (./auth.ts).
 * A function's entry composes the routes it serves onto it (functions/handlers/*.ts, `app.route('/', …)`), each route
 * put there by ./route.ts `serve` from the resource's file in functions/routes/.
 */
import { Hono, type Context } from 'hono';
import type { Principal } from '../domain/records.js';
import { DynamoDBPersistenceLayer, type RequestClaim } from '../idempotency/index.js';
import type { ServiceContext } from '../services/context.js';
import { DynamoStore } from '../store/dynamodb/dynamo-store.js';
import type { Store } from '../store/store.js';
import { authentication } from './auth.js';
import { notFound, onError } from './errors.js';

/** `claim`: set by the idempotency middleware on a request with an Idempotency-Key that has no answer yet. */
export type AppEnv = { Variables: { principal: Principal; claim: RequestClaim | undefined } };
export type App = Hono<AppEnv>;

/** The store of this process and its idempotency records (one client per container, made at module scope). */
export const store: Store = new DynamoStore();
export const idempotency = new DynamoDBPersistenceLayer();

/**
 * What a service call gets. A write route names its success status and how it presents the fact's result: where the
 * request has an Idempotency-Key, that answer is committed in the fact's own transaction (functions/idempotency).
 */
export function serviceContext(c: Context<AppEnv>): ServiceContext;
export function serviceContext<R>(c: Context<AppEnv>, status: number, present: (result: R) => unknown): ServiceContext<R>;
export function serviceContext<R>(c: Context<AppEnv>, status?: number, present?: (result: R) => unknown): ServiceContext<R> {
  const claim = c.get('claim');
  const base = { store, principal: c.get('principal'), now: () => new Date() };
  if (!claim || status === undefined || !present) return base;
  return { ...base, answer: (result: R) => claim.answer(status, JSON.stringify(present(result))) };
}

/** An app of the given resources' routes, with the error shape and authentication in front of them. */
export function createApp(...resources: readonly App[]): App {
  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.notFound(notFound);
  app.use('*', authentication(store));
  for (const resource of resources) app.route('/', resource);
  return app;
}

/** An empty group of routes, for one resource's file to `serve` its routes on. */
export const resource = (): App => new Hono<AppEnv>();
