/** Keys (CONTRACT.md §3): admin only, a new API key shown once and stored as its hash. */
import { DISTRICTS } from '../../shared/index.js';
import { KeyAnswer } from '../http/answers.js';
import { resource, serviceContext } from '../http/app.js';
import { ADMIN } from '../http/auth.js';
import { code } from '../http/parse.js';
import { defineRoute, serve } from '../http/route.js';
import { KeyBody } from '../http/schemas.js';
import { createKey } from '../services/keys.js';

export const keyRoutes = {
  create: defineRoute({
    method: 'post',
    path: '/keys',
    summary: 'admin only: a new API key, shown once',
    roles: ADMIN,
    request: { body: KeyBody },
    responses: { 201: { description: 'the key', schema: KeyAnswer } },
  }),
};

export const keys = resource();

serve(keys, keyRoutes.create, async (c) => {
  const b = c.req.valid('json');
  const district = b.district === undefined ? undefined : code(DISTRICTS, b.district, 'district');
  const { key, stored } = await createKey(serviceContext(c), b.role, district);
  return c.json({ id: stored.id, key, role: stored.role, district: stored.district ?? null }, 201);
});
