/** /openapi.json: every route of CONTRACT.md §3 from the same zod schemas the functions validate with. */
import { OpenAPIHono } from '@hono/zod-openapi';
import { CURRENT_EDITION } from '../../shared/index.js';
import { IDEMPOTENT_ROUTES, idempotencyHeader, routes } from './routes.js';

let document: object | undefined;

export function openApiDocument(): object {
  if (document) return document;
  const registry = new OpenAPIHono();
  registry.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', { type: 'apiKey', in: 'header', name: 'x-api-key' });
  for (const route of Object.values(routes)) {
    const idempotent = IDEMPOTENT_ROUTES.includes(route);
    registry.openAPIRegistry.registerPath(idempotent ? { ...route, parameters: [idempotencyHeader] } : route);
  }
  document = registry.getOpenAPIDocument({
    openapi: '3.0.3',
    info: {
      title: 'Kechuang 科创资助 API',
      version: '1',
      description: `${CURRENT_EDITION.docNo}《${CURRENT_EDITION.title}》: caps, schedules, payments and the 5% transfer subsidy. Amounts in yuan (元), exact to the fen; dates YYYY-MM-DD. Errors: {"error": {"code", "message", "field"}}.`,
    },
  });
  return document;
}
