/**
 * Keys (CONTRACT.md §3): the admin makes keys (shown once, stored as their hash), lists them and revokes them; any
 * key may ask who it is.
 */
import { DISTRICTS } from '../../shared/index.js';
import { ErrorAnswer, KeyAnswer, KeyListAnswer, KeyListing, KeyMeAnswer } from '../http/answers.js';
import { invalid } from '../domain/errors.js';
import { resource, serviceContext } from '../http/app.js';
import { ADMIN, READERS } from '../http/auth.js';
import { code } from '../http/parse.js';
import { presentKeyListing, presentNewKey, presentPrincipal } from '../http/present-keys.js';
import { defineRoute, serve } from '../http/route.js';
import { IdParams, KeyBody } from '../http/schemas.js';
import { createKey, listKeys, revokeKey } from '../services/keys.js';

export const keyRoutes = {
  create: defineRoute({
    method: 'post',
    path: '/keys',
    summary: 'admin only: a new API key for the holder named by `label`, shown once',
    roles: ADMIN,
    request: { body: KeyBody },
    responses: {
      201: { description: 'the key', schema: KeyAnswer },
      400: { description: 'INVALID, among others when an `Idempotency-Key` is sent: the new key is shown once and cannot be replayed', schema: ErrorAnswer },
    },
  }),
  list: defineRoute({
    method: 'get',
    path: '/keys',
    summary: 'admin only: every key, revoked ones included (never a key or its hash)',
    roles: ADMIN,
    responses: { 200: { description: 'the keys', schema: KeyListAnswer } },
  }),
  me: defineRoute({
    method: 'get',
    path: '/keys/me',
    summary: 'the key that asks: its id, role, district and label',
    roles: READERS,
    responses: { 200: { description: 'the key that asks', schema: KeyMeAnswer } },
  }),
  revoke: defineRoute({
    method: 'post',
    path: '/keys/{id}/revoke',
    summary: 'admin only: revoke a key; from its next request on, on every server, it gets 401',
    roles: ADMIN,
    idempotent: true,
    request: { params: IdParams },
    responses: {
      200: { description: 'revoked', schema: KeyListing },
      404: { description: 'no such key', schema: ErrorAnswer },
      409: { description: 'CONFLICT: revoked already', schema: ErrorAnswer },
    },
  }),
};

export const keys = resource();

/**
 * POST /keys takes no Idempotency-Key: its answer holds the new key, shown once and stored only as its hash, so no
 * kept answer could replay it. Sent anyway, it is refused rather than ignored (ignored, two retries made two live keys).
 */
const noIdempotencyKey = invalid(
  'Idempotency-Key',
  'POST /keys takes no Idempotency-Key: the new key is shown once and stored only as its hash, so its answer cannot be replayed. Send the request without the header; after a lost answer, list the keys with GET /keys (each with its label) and revoke the one you did not receive',
  'POST /keys 不接受 Idempotency-Key：新密钥只显示一次、只保存其哈希，应答无法重放。请去掉此请求头再发送；若应答丢失，请用 GET /keys 列出密钥（各有 label），并吊销未收到的那一个',
);

serve(keys, keyRoutes.create, async (c) => {
  if (c.req.header('idempotency-key') !== undefined) throw noIdempotencyKey;
  const b = c.req.valid('json');
  const district = b.district === undefined ? undefined : code(DISTRICTS, b.district, 'district');
  const { key, stored } = await createKey(serviceContext(c), b.role, district, b.label);
  return c.json(presentNewKey({ ...stored, label: b.label }, key), 201);
});

serve(keys, keyRoutes.list, async (c) => c.json({ items: (await listKeys(serviceContext(c))).map(presentKeyListing) }, 200));

serve(keys, keyRoutes.me, async (c) => c.json(presentPrincipal(c.get('principal')), 200));

serve(keys, keyRoutes.revoke, async (c) => {
  const revoked = await revokeKey(serviceContext(c, 200, presentKeyListing), c.req.valid('param').id);
  return c.json(presentKeyListing(revoked), 200);
});
