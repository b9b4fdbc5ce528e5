/**
 * Who is asking: every route but GET /health (and HEAD /health) needs `x-api-key` (CONTRACT.md §3), and each route names the roles that
 * may call it (./route.ts `roles`).
 */
import type { MiddlewareHandler } from 'hono';
import { ROLE_LABELS } from '../../shared/index.js';
import type { Role } from '../domain/records.js';
import { ApiError } from '../domain/errors.js';
import { authenticate } from '../services/keys.js';
import type { Store } from '../store/store.js';
import { adminKeyHash } from './admin-key.js';
import type { AppEnv } from './app.js';

export const READERS: readonly Role[] = ['admin', 'municipal', 'district', 'viewer'];
export const WRITERS: readonly Role[] = ['admin', 'municipal', 'district'];
export const ADMIN: readonly Role[] = ['admin'];

/** Keys longer than this are not looked up (no key we make is near it). */
const MAX_KEY_LENGTH = 512;

/** The 401s, in both languages; none quotes the key. */
const UNAUTHORIZED = {
  missing: { message: 'header x-api-key is required', messageZh: '缺少请求头 x-api-key（API 密钥）' },
  unknown: { message: 'unknown API key', messageZh: 'API 密钥无效' },
  revoked: { message: 'this API key was revoked: ask the administrator for a new one', messageZh: '此 API 密钥已被吊销，请向管理员申请新密钥' },
} as const;
const unauthorized = (why: keyof typeof UNAUTHORIZED) => new ApiError(401, 'UNAUTHORIZED', UNAUTHORIZED[why].message, 'x-api-key', { messageZh: UNAUTHORIZED[why].messageZh });

/** No key needed (CONTRACT.md §3): GET /health, and HEAD /health, which Hono answers with the GET route, body dropped. */
const isHealth = (method: string, path: string) => (method === 'GET' || method === 'HEAD') && path === '/health';

/** Sets the request's principal from `x-api-key`, or answers 401; GET and HEAD /health pass without a key. */
export function authentication(store: Store): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (isHealth(c.req.method, c.req.path)) return next();
    const key = c.req.header('x-api-key');
    if (!key) throw unauthorized('missing');
    const found = key.length <= MAX_KEY_LENGTH ? await authenticate(store, key, await adminKeyHash()) : { refused: 'unknown' as const };
    if ('refused' in found) throw unauthorized(found.refused);
    c.set('principal', found.principal);
    return next();
  };
}

/** 403 unless the caller's role is one of `roles`. */
export function allow(roles: readonly Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { role } = c.get('principal');
    if (!roles.includes(role)) {
      const route = `${c.req.method} ${c.req.path}`;
      throw new ApiError(403, 'FORBIDDEN', `role ${role} may not call ${route}`, undefined, { messageZh: `${ROLE_LABELS[role]}（${role}）密钥无权调用 ${route}` });
    }
    return next();
  };
}
