/** Lambda `keys`: admin only, a new API key shown once and stored as its hash. */
import { DISTRICTS } from '../../shared/index.js';
import { allow, createApp, lambdaHandler, openapi, serviceContext } from '../http/app.js';
import { code } from '../http/parse.js';
import { routes } from '../http/routes.js';
import { createKey } from '../services/keys.js';

const app = createApp();

openapi(app, routes.createKey, [allow('admin')], async (c) => {
  const b = c.req.valid('json');
  const district = b.district === undefined ? undefined : code(DISTRICTS, b.district, 'district');
  const { key, stored } = await createKey(serviceContext(c), b.role, district);
  return c.json({ id: stored.id, key, role: stored.role, district: stored.district ?? null }, 201);
});

export const handler = lambdaHandler(app);
