/**
 * /openapi.json (OpenAPI 3.0.3): every route of functions/routes/ from its definition, with the very zod schemas the
 * functions validate with (./schemas.ts) and answer by (./answers.ts), converted by zod's own `toJSONSchema`. The
 * build makes it once and the policy function carries it compressed (functions/build.ts); from source it is made
 * on first use.
 */
import { CURRENT_EDITION, formatRate } from '../../shared/index.js';
import { globalRegistry, toJSONSchema, type ZodMiniType } from 'zod/mini';
import { achievementRoutes } from '../routes/achievements.js';
import { applicationRoutes } from '../routes/applications.js';
import { paymentRoutes } from '../routes/payments.js';
import { correctionRoutes } from '../routes/corrections.js';
import { keyRoutes } from '../routes/keys.js';
import { partnerRoutes } from '../routes/partners.js';
import { policyRoutes } from '../routes/policy.js';
import { reportRoutes } from '../routes/reports.js';
import { ErrorAnswer } from './answers.js';
import { MAX_BODY_BYTES } from './errors.js';
import { IdempotencyKey } from './schemas.js';
import { KEPT_STATUSES } from '../idempotency/index.js';
import type { Answer, RouteDef } from './route.js';

/** Every route the API serves, in the order the document lists them. */
const ROUTES: readonly RouteDef[] = [policyRoutes, applicationRoutes, paymentRoutes, correctionRoutes, achievementRoutes, reportRoutes, keyRoutes, partnerRoutes].flatMap((group) => Object.values(group));

type JsonSchema = Record<string, unknown>;
const ref = (id: string) => `#/components/schemas/${id}`;

/** A schema as OpenAPI 3.0 JSON Schema: a component `$ref` where it has an id, else inline (its parts by `$ref`). */
function jsonSchema(schema: ZodMiniType, io: 'input' | 'output'): JsonSchema {
  const id = globalRegistry.get(schema)?.id;
  if (typeof id === 'string') return { $ref: ref(id) };
  const { $schema: _, ...rest } = toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** The properties of an object schema, each as a parameter `in` the query or the path. */
function parameters(schema: ZodMiniType | undefined, where: 'query' | 'path'): JsonSchema[] {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: where, required: where === 'path' || (object.required ?? []).includes(name), schema: rest, ...(description ? { description } : {}) };
  });
}

const errorAnswer = (description: string): Answer => ({ description, schema: ErrorAnswer });

/** The answers of a route: its own, plus the errors every keyed route, body route or write route may give. */
function answers(route: RouteDef): Record<number, Answer> {
  const all: Record<number, Answer> = { 400: errorAnswer('bad input (code INVALID): the field is named') };
  if (route.roles) {
    all[401] = errorAnswer('no or unknown x-api-key');
    all[403] = errorAnswer('key not allowed (role or district)');
  }
  if (route.request?.body) {
    all[413] = errorAnswer(`body over ${MAX_BODY_BYTES / 1024} KB`);
    all[415] = errorAnswer('body not sent as Content-Type: application/json');
  }
  if (route.idempotent) all[409] = errorAnswer('Idempotency-Key reused with another body');
  if (route.idempotent) all[503] = errorAnswer('UNAVAILABLE: other requests kept changing the same record; nothing written, retry with the same Idempotency-Key');
  return { ...all, ...route.responses };
}

/** Which answers a retry gets back (functions/idempotency/ decides; this says what it decides). */
const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  schema: jsonSchema(IdempotencyKey, 'input'),
  description:
    `1–200 printable ASCII characters. A retry with the same key and the same JSON (whitespace and key order aside), even one racing the first ` +
    `or sent after a crash, gets the first answer, marked \`idempotent-replay: true\`, and stores nothing new, for answers ${KEPT_STATUSES}; ` +
    'after any other answer nothing was stored, so the corrected body may be sent with the same key. The same key with another body is 409 CONFLICT.',
};

/** An answer's body: JSON by its schema, or a file (`contentType`) as bytes. */
function content(a: Answer): JsonSchema {
  if (a.contentType) return { content: { [a.contentType]: { schema: { type: 'string', format: 'binary' } } } };
  return a.schema ? { content: { 'application/json': { schema: jsonSchema(a.schema, 'output') } } } : {};
}

let made: object | undefined;

/** The document, made once per process. */
export function openApiDocument(): object {
  return (made ??= makeDocument());
}

function makeDocument(): object {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const operation: JsonSchema = { summary: route.summary };
    if (route.roles) {
      operation.security = [{ apiKey: [] }];
      operation.description = `roles: ${route.roles.join(', ')}`;
    } else operation.security = [];
    const params = [...parameters(route.request?.params, 'path'), ...parameters(route.request?.query, 'query'), ...(route.idempotent ? [IDEMPOTENCY_HEADER] : [])];
    if (params.length > 0) operation.parameters = params;
    if (route.request?.body) operation.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(route.request.body, 'input') } } };
    operation.responses = Object.fromEntries(
      Object.entries(answers(route)).map(([status, a]) => [status, { description: a.description, ...content(a) }]),
    );
    (paths[route.path] ??= {})[route.method] = operation;
    // A GET that needs no key (GET /health) is served for HEAD too (the manifest routes it): its headers, no body.
    if (route.method === 'get' && !route.roles) paths[route.path]!.head = { summary: `${route.summary}: headers only, no body`, security: [], responses: { 200: { description: 'ok (no body)' } } };
  }
  const { schemas } = toJSONSchema(globalRegistry, { target: 'openapi-3.0', unrepresentable: 'any', uri: ref }) as { schemas: Record<string, JsonSchema> };
  const components = Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _, $id: __, ...rest }]) => [id, rest]));
  return {
    openapi: '3.0.3',
    info: {
      title: 'Kechuang 科创资助 API',
      version: '1',
      description: `${CURRENT_EDITION.docNo}《${CURRENT_EDITION.title}》: caps, schedules, payments and the ${formatRate(CURRENT_EDITION.transferSubsidy.rate.value)} transfer subsidy (${CURRENT_EDITION.transferSubsidy.rate.clause}). Amounts in yuan (元), exact to the fen; dates YYYY-MM-DD. Errors: {"error": {"code", "message", "messageZh", "field"}}, in English and 中文; each code is answered with its 中文 label beside it (districtLabel …).`,
    },
    paths,
    components: { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } }, schemas: components },
  };
}

/** The definitions of every route the document lists (test/api/bilingual.test.ts walks each one's errors). */
export const documentedRoutes = (): readonly RouteDef[] => ROUTES;
