/**
 * /openapi.json: every route of CONTRACT.md §3 from the same schema definitions the functions validate with
 * (./schemas.ts, ./routes.ts), built here with classic zod, which the generator (@hono/zod-openapi, i.e.
 * zod-to-openapi) reads. Made on first use, never at module init; the Lambda bundle of the policy function carries
 * the document made at build time instead (functions/build.ts), so no function bundles the generator or classic zod.
 */
import { CURRENT_EDITION } from '../../shared/index.js';
import type { Zod } from './schemas.js';

let document: Promise<object> | undefined;

export function openApiDocument(): Promise<object> {
  document ??= make();
  return document;
}

async function make(): Promise<object> {
  const [{ OpenAPIHono, z }, { defineSchemas }, { defineRoutes, idempotencyHeader }] = await Promise.all([
    import('@hono/zod-openapi'),
    import('./schemas.js'),
    import('./routes.js'),
  ]);
  // Classic zod has every function the definitions use (they are written in the style both share).
  const { routes, idempotent } = defineRoutes(defineSchemas(z as unknown as Zod));
  const registry = new OpenAPIHono();
  registry.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', { type: 'apiKey', in: 'header', name: 'x-api-key' });
  for (const route of Object.values(routes)) {
    const definition = idempotent.includes(route) ? { ...route, parameters: [idempotencyHeader] } : route;
    registry.openAPIRegistry.registerPath(definition as unknown as Parameters<typeof registry.openAPIRegistry.registerPath>[0]);
  }
  return registry.getOpenAPIDocument({
    openapi: '3.0.3',
    info: {
      title: 'Kechuang 科创资助 API',
      version: '1',
      description: `${CURRENT_EDITION.docNo}《${CURRENT_EDITION.title}》: caps, schedules, payments and the 5% transfer subsidy. Amounts in yuan (元), exact to the fen; dates YYYY-MM-DD. Errors: {"error": {"code", "message", "field"}}.`,
    },
  });
}
