/**
 * Who is asking: every route but GET /health needs `x-api-key` (CONTRACT.md §3), and each route names the roles that
 * may call it (./route.ts `roles`).
 */
import type { MiddlewareHandler } from 'hono';
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

/** Sets the request's principal from `x-api-key`, or answers 401; GET /health passes without a key. */
export function authentication(store: Store): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method === 'GET' && c.req.path === '/health') return next();
    const key = c.req.header('x-api-key');
    if (!key) throw new ApiError(401, 'UNAUTHORIZED', 'header x-api-key is required', 'x-api-key');
    const principal = key.length <= MAX_KEY_LENGTH ? await authenticate(store, key, await adminKeyHash()) : undefined;
    if (!principal) throw new ApiError(401, 'UNAUTHORIZED', 'unknown API key', 'x-api-key');
    c.set('principal', principal);
    return next();
  };
}

/** 403 unless the caller's role is one of `roles`. */
export function allow(roles: readonly Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { role } = c.get('principal');
    if (!roles.includes(role)) throw new ApiError(403, 'FORBIDDEN', `role ${role} may not call ${c.req.method} ${c.req.path}`);
    return next();
  };
}
