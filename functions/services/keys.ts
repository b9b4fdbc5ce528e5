/**
 * API keys (CONTRACT.md §3): high-entropy random keys, stored only as their SHA-256, compared in constant time.
 * The admin key is not stored: it comes from `ADMIN_API_KEY` (or an SSM parameter, see ../http/admin-key.ts).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { District } from '../../shared/index.js';
import type { Principal, Role, StoredKey } from '../domain/records.js';
import { invalid } from '../domain/errors.js';
import type { Store } from '../store/store.js';
import { newId, type ServiceContext } from './context.js';

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex SHA-256 digests. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === 32 && y.length === 32 && timingSafeEqual(x, y);
}

/** A new key of `role`; a district key, and only a district key, names its district (CONTRACT.md §3). */
export async function createKey(ctx: ServiceContext, role: Exclude<Role, 'admin'>, district: District | undefined): Promise<{ key: string; stored: StoredKey }> {
  if (role === 'district' && district === undefined) throw invalid('district', 'a district key needs its district');
  if (role !== 'district' && district !== undefined) throw invalid('district', 'only a district key has a district');
  const key = `kc_${randomBytes(32).toString('base64url')}`;
  const stored: StoredKey = {
    id: newId('key'),
    hash: hashKey(key),
    role,
    ...(district !== undefined ? { district } : {}),
    createdAt: ctx.now().toISOString(),
    createdBy: ctx.principal.keyId,
  };
  await ctx.store.putKey(stored);
  return { key, stored };
}

const CACHE_MS = 60_000;
const cache = new Map<string, { principal: Principal; until: number }>();

/**
 * Who holds `key`: the admin (hash compared in constant time), a stored key (looked up by its hash, then compared
 * in constant time), or nobody. Known keys are cached a minute per container; there is no revocation route.
 */
export async function authenticate(store: Store, key: string, adminHash: string | undefined): Promise<Principal | undefined> {
  const hash = hashKey(key);
  if (adminHash !== undefined && sameHash(hash, adminHash)) return { keyId: 'admin', role: 'admin' };
  const cached = cache.get(hash);
  if (cached && cached.until > Date.now()) return cached.principal;
  const stored = await store.getKey(hash);
  if (!stored || !sameHash(stored.hash, hash)) return undefined;
  const principal: Principal = { keyId: stored.id, role: stored.role, ...(stored.district !== undefined ? { district: stored.district } : {}) };
  if (cache.size > 1000) cache.clear();
  cache.set(hash, { principal, until: Date.now() + CACHE_MS });
  return principal;
}
