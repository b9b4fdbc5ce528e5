/**
 * Every answer the API tests receive checked against /openapi.json (CONTRACT.md §3: the document "documents every
 * route and every status it can answer"): the route's operation (method + path template), the status, and the
 * body against that status's schema with ajv. An answer whose status the document does not give for that route, or
 * whose body does not match, fails the test that got it, naming route, status and ajv's errors. The document is
 * made in this process from the route definitions (functions/http/openapi.ts), as GET /openapi.json serves it;
 * each schema is compiled once.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import type { OpenAPIV3 } from 'openapi-types';

/** The answer as the test got it: `contentType` is the answer's Content-Type header, if any. */
export interface Received {
  readonly status: number;
  readonly body: unknown;
  readonly contentType: string | null | undefined;
}

interface Template {
  readonly path: string;
  readonly pattern: RegExp;
  /** Literal segments: `/keys/me` is preferred to a `/keys/{id}` of the same length. */
  readonly literals: number;
}

let documentPromise: Promise<OpenAPIV3.Document> | undefined;
let templates: readonly Template[] = [];
const ajv = new Ajv({ strict: false, allErrors: true });
const compiled = new Map<string, ValidateFunction>();

/**
 * The document, from the route definitions; imported on first use, not at module load: the routes' modules make
 * the store client, which reads TABLE_NAME and the endpoint that test/api/in-process.ts sets first.
 */
function document(): Promise<OpenAPIV3.Document> {
  return (documentPromise ??= import('../../functions/http/openapi.js').then(({ openApiDocument }) => {
    const doc = structuredClone(openApiDocument()) as OpenAPIV3.Document;
    templates = Object.keys(doc.paths).map((path) => {
      const segments = path.split('/');
      const pattern = new RegExp(`^${segments.map((s) => (/^{.+}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('/')}$`);
      return { path, pattern, literals: segments.filter((s) => !/^{.+}$/.test(s)).length };
    });
    return doc;
  }));
}

/** The documented path template `path` (query dropped) answers to, the one with most literal segments; undefined: none. */
function templateOf(path: string): string | undefined {
  const bare = path.split('?')[0] ?? path;
  return templates.filter((t) => t.pattern.test(bare)).sort((a, b) => b.literals - a.literals)[0]?.path;
}

/** Why `answer` to `method path` is not what /openapi.json documents; undefined when it is. */
export async function undocumented(method: string, path: string, answer: Received): Promise<string | undefined> {
  const doc = await document();
  const verb = method.toLowerCase();
  const template = templateOf(path);
  const operation = template === undefined ? undefined : (doc.paths[template] as Record<string, OpenAPIV3.OperationObject | undefined>)[verb];
  const route = `${method.toUpperCase()} ${template ?? path}`;
  const show = () => JSON.stringify(answer.body)?.slice(0, 600);
  if (!operation) {
    // No route: the $default route's answer (CONTRACT.md §3 errors; test/api/default-route.test.ts), 404 in the error shape.
    if (answer.status !== 404) return `${method} ${path} is no documented route, and answered ${answer.status}, not 404: ${show()}`;
    return check(doc, `${route} 404 (no route)`, { $ref: '#/components/schemas/ErrorBody' }, answer.body);
  }
  const response = operation.responses[String(answer.status)] as OpenAPIV3.ResponseObject | undefined;
  if (!response) return `${route} answered ${answer.status}, a status its documented answers (${Object.keys(operation.responses).join(', ')}) do not give: ${show()}`;
  const types = Object.keys(response.content ?? {});
  if (types.length === 0) {
    // Documented without a body: HEAD /health; GET /openapi.json (the document itself, checked by openapi.test.ts).
    if (verb === 'head' && answer.body !== '' && answer.body !== undefined) return `${route} ${answer.status} has a body: ${show()}`;
    return undefined;
  }
  const file = types.find((t) => t !== 'application/json');
  if (file) return answer.contentType === file ? undefined : `${route} ${answer.status}: Content-Type ${answer.contentType}, documented ${file}`;
  if (!answer.contentType?.startsWith('application/json')) return `${route} ${answer.status}: Content-Type ${answer.contentType}, documented application/json: ${show()}`;
  const schema = response.content?.['application/json']?.schema;
  if (!schema) return `${route} ${answer.status}: JSON documented without a schema`;
  return check(doc, `${route} ${answer.status}`, schema, answer.body);
}

function check(doc: OpenAPIV3.Document, key: string, schema: object, body: unknown): string | undefined {
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile({ ...schema, components: doc.components });
    compiled.set(key, validate);
  }
  if (validate(body)) return undefined;
  const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
  return `${key}: the answer does not match its documented schema: ${errors.join('; ')}\n${JSON.stringify(body)?.slice(0, 600)}`;
}

/** Throws (failing the test that made the call) when `answer` is not what /openapi.json documents for `method path`. */
export async function expectDocumentedAnswer(method: string, path: string, answer: Received): Promise<void> {
  const why = await undocumented(method, path, answer);
  if (why !== undefined) throw new UndocumentedAnswer(why);
}

export class UndocumentedAnswer extends Error {
  override readonly name = 'UndocumentedAnswer';
}
