/**
 * Every route of CONTRACT.md §3 as an OpenAPI route definition (schemas only, no code): each Lambda registers its
 * own with a handler (./app.ts `openapi`), and the policy function publishes all of them as /openapi.json
 * (./openapi.ts). Built from the schemas of ./schemas.ts, with `zod/mini` for the functions (`routes`) and with
 * classic zod for the document generator.
 */
import type * as zm from 'zod/mini';
import { array, boolean, config, enum as zenum, globalRegistry, gte, int, literal, lte, maxLength, minLength, nullable, nullish, number, object, optional, record, regex, strictObject, string, union, unknown } from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { defineSchemas, type Schemas, type Zod } from './schemas.js';

/** What the document and the validation read of a route (the shape @hono/zod-openapi's `createRoute` takes). */
export interface RouteDef {
  readonly method: 'get' | 'post';
  readonly path: string;
  readonly summary: string;
  readonly security?: readonly { readonly apiKey: readonly string[] }[];
  readonly request?: {
    readonly body?: { readonly required: true; readonly content: { readonly 'application/json': { readonly schema: zm.ZodMiniType } } };
    readonly query?: zm.ZodMiniType;
    readonly params?: zm.ZodMiniType;
  };
  readonly responses: Readonly<Record<number, { readonly description: string; readonly content?: { readonly 'application/json': { readonly schema: zm.ZodMiniType } } }>>;
}

/** Documented on the write routes of IDEMPOTENT_ROUTES (functions/http/idempotency.ts does the work). */
export const idempotencyHeader = {
  name: 'Idempotency-Key',
  in: 'header' as const,
  required: false,
  schema: { type: 'string' as const, maxLength: 200 },
  description: 'a retry with the same key returns the first answer and stores nothing new; the same key with another body is 409 CONFLICT',
};

export function defineRoutes(s: Schemas) {
  const json = <T extends zm.ZodMiniType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
  // Answers are made on first use: a route's `responses` is a getter (only the document and tsc read it).
  const a = () => s.answers();
  const body = <T extends zm.ZodMiniType>(schema: T) => ({ body: { required: true as const, content: { 'application/json': { schema } } } });
  const errors = () => ({
    400: json(a().ErrorBody, 'bad input (code INVALID): the field is named'),
    401: json(a().ErrorBody, 'no or unknown x-api-key'),
    403: json(a().ErrorBody, 'key not allowed (role or district)'),
    413: json(a().ErrorBody, 'body over 256 KB'),
  });
  const security = [{ apiKey: [] as string[] }];
  const createRoute = <R extends RouteDef>(route: R): R => route;

  const routes = {
    health: createRoute({ method: 'get', path: '/health', summary: 'liveness (no key needed)', get responses() { return { 200: json(a().HealthAnswer, 'ok') }; } }),
    policy: createRoute({ method: 'get', path: '/policy', summary: 'the parameters with their effective dates and clauses', security, get responses() { return { 200: json(a().PolicyAnswer, 'the edition in force'), ...errors() }; } }),
    calculate: createRoute({
      method: 'post',
      path: '/calculate',
      summary: "one application's schedule and total cap",
      security,
      request: body(s.CalculateBody),
      get responses() { return { 200: json(a().CalculateAnswer, 'the schedule'), ...errors() }; },
    }),
    transferSubsidy: createRoute({
      method: 'post',
      path: '/calculate/transfer-subsidy',
      summary: 'the 5% subsidy of one instalment (三(七))',
      security,
      request: body(s.TransferBody),
      get responses() { return { 200: json(a().TransferAnswer, 'the subsidy'), ...errors() }; },
    }),
    createApplication: createRoute({
      method: 'post',
      path: '/applications',
      summary: 'record an application',
      security,
      request: body(s.ApplicationBody),
      get responses() { return { 201: json(a().ApplicationAnswer, 'stored'), ...errors(), 409: json(a().ErrorBody, 'Idempotency-Key reused with another body') }; },
    }),
    listApplications: createRoute({
      method: 'get',
      path: '/applications',
      summary: 'a page of applications, newest first (a district key: its own district)',
      security,
      request: { query: s.ListQuery },
      get responses() { return { 200: json(a().ListAnswer, 'a page'), ...errors() }; },
    }),
    getApplication: createRoute({
      method: 'get',
      path: '/applications/{id}',
      summary: 'one application with what was paid per item·year',
      security,
      request: { params: s.IdParams },
      get responses() { return { 200: json(a().ApplicationAnswer, 'the application'), ...errors(), 404: json(a().ErrorBody, 'no such application') }; },
    }),
    rateApplication: createRoute({
      method: 'post',
      path: '/applications/{id}/rating',
      summary: 'rate (评定): status RATED and its schedule',
      security,
      request: { params: s.IdParams, ...body(s.RatingBody) },
      get responses() { return { 200: json(a().ApplicationAnswer, 'rated'), ...errors(), 404: json(a().ErrorBody, 'no such application'), 409: json(a().ErrorBody, 'already rated') }; },
    }),
    recordPayment: createRoute({
      method: 'post',
      path: '/applications/{id}/payments',
      summary: 'record a payment within the item·year cap',
      security,
      request: { params: s.IdParams, ...body(s.PaymentBody) },
      get responses() { return {
        201: json(a().PaymentAnswer, 'recorded'),
        ...errors(),
        404: json(a().ErrorBody, 'no such application'),
        409: json(a().ErrorBody, 'CAP_EXCEEDED: would pass the cap; CONFLICT: not rated'),
      }; },
    }),
    history: createRoute({
      method: 'get',
      path: '/applications/{id}/history',
      summary: 'every change, oldest first, with who (key id) and when',
      security,
      request: { params: s.IdParams },
      get responses() { return { 200: json(a().HistoryAnswer, 'the events'), ...errors(), 404: json(a().ErrorBody, 'no such application') }; },
    }),
    createAchievement: createRoute({
      method: 'post',
      path: '/achievements',
      summary: 'record an achievement (单项成果) of a rated application',
      security,
      request: body(s.AchievementBody),
      get responses() { return { 201: json(a().AchievementAnswer, 'stored'), ...errors(), 404: json(a().ErrorBody, 'no such application'), 409: json(a().ErrorBody, 'application not rated') }; },
    }),
    recordReceipt: createRoute({
      method: 'post',
      path: '/achievements/{id}/receipts',
      summary: 'record money received; answers the 5% subsidy of this instalment',
      security,
      request: { params: s.IdParams, ...body(s.ReceiptBody) },
      get responses() { return { 201: json(a().ReceiptAnswer, 'recorded'), ...errors(), 404: json(a().ErrorBody, 'no such achievement'), 409: json(a().ErrorBody, 'Idempotency-Key reused with another body') }; },
    }),
    summary: createRoute({
      method: 'get',
      path: '/reports/summary',
      summary: 'progress towards the goal of 100 partners, counts and money by year',
      security,
      get responses() { return { 200: json(a().SummaryAnswer, 'the summary'), ...errors() }; },
    }),
    createKey: createRoute({
      method: 'post',
      path: '/keys',
      summary: 'admin only: a new API key, shown once',
      security,
      request: body(s.KeyBody),
      get responses() { return { 201: json(a().KeyAnswer, 'the key'), ...errors() }; },
    }),
    openapi: createRoute({ method: 'get', path: '/openapi.json', summary: 'this document', security, get responses() { return { 200: { description: 'OpenAPI 3.0 document' }, ...errors() }; } }),
  } satisfies Record<string, RouteDef>;

  /** Write routes accept the Idempotency-Key header (documented on each). */
  const idempotent: readonly RouteDef[] = [routes.createApplication, routes.rateApplication, routes.recordPayment, routes.createAchievement, routes.recordReceipt];
  return { routes, idempotent };
}

// zod/mini installs no message locale (classic zod installs `en`): the same English messages as before.
config(en());

const mini: Zod = { array, boolean, enum: zenum, globalRegistry, gte, int, literal, lte, maxLength, minLength, nullable, nullish, number, object, optional, record, regex, strictObject, string, union, unknown };

/** The routes the functions serve, validated with zod/mini (no OpenAPI metadata: only the document reads that). */
export const { routes, idempotent: IDEMPOTENT_ROUTES } = defineRoutes(defineSchemas(mini, { documented: false }));
