/**
 * API keys (CONTRACT.md §3): high-entropy random keys, stored only as their SHA-256, compared in constant time, each
 * with a label saying who holds it; a revoked key authenticates nobody from the request after its revocation, on
 * every server. The admin key is not stored: it comes from `ADMIN_API_KEY` (or an SSM parameter, see
 * ../http/admin-key.ts) and must be at least ADMIN_KEY_MIN_LENGTH characters.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { District } from '../../shared/index.js';
import type { Principal, Role, StoredKey } from '../domain/records.js';
import { ApiError, conflict, invalid } from '../domain/errors.js';
import { byText } from '../domain/order.js';
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

/** The shortest admin key accepted (CONTRACT.md §1): a shorter one is refused at start and authenticates nobody. */
export const ADMIN_KEY_MIN_LENGTH = 24;

/** Why an admin key is refused, in both languages (never quoting the key); undefined when it is long enough. */
export function adminKeyRefusal(key: string, source: string): { readonly message: string; readonly messageZh: string } | undefined {
  if (key.length >= ADMIN_KEY_MIN_LENGTH) return undefined;
  return {
    message: `${source} is ${key.length} characters long; the admin key must be at least ${ADMIN_KEY_MIN_LENGTH} (e.g. \`openssl rand -base64 32\`)`,
    messageZh: `${source} 只有 ${key.length} 个字符；管理员密钥至少须 ${ADMIN_KEY_MIN_LENGTH} 个字符（例如用 \`openssl rand -base64 32\` 生成）`,
  };
}

/** Who the admin key is, in the history and GET /keys/me. */
export const ADMIN_PRINCIPAL: Principal = { keyId: 'admin', role: 'admin', label: '管理员 admin (ADMIN_API_KEY)' };

/** A new key of `role` held by `label`; a district key, and only a district key, names its district (CONTRACT.md §3). */
export async function createKey(ctx: ServiceContext, role: Exclude<Role, 'admin'>, district: District | undefined, label: string): Promise<{ key: string; stored: StoredKey }> {
  if (role === 'district' && district === undefined) throw invalid('district', 'a district key needs its district', '区县密钥须指明其区县（district）');
  if (role !== 'district' && district !== undefined) throw invalid('district', 'only a district key has a district', '只有区县密钥才指明区县（district）');
  const key = `kc_${randomBytes(32).toString('base64url')}`;
  const stored: StoredKey = {
    id: newId('key'),
    hash: hashKey(key),
    role,
    ...(district !== undefined ? { district } : {}),
    label,
    createdAt: ctx.now().toISOString(),
    createdBy: ctx.principal.keyId,
  };
  await ctx.store.putKey(stored);
  return { key, stored };
}

/** Every listed key (keys made before listing entries existed are listed once `npm run reconcile -- --repair` ran). */
export async function listKeys(ctx: ServiceContext): Promise<StoredKey[]> {
  return (await ctx.store.listKeys()).sort(byText((k) => k.createdAt, (k) => k.id));
}

/** Revokes key `id`: from the next request on, on every server, it gets 401. 404 unknown, 409 revoked already. */
export async function revokeKey(ctx: ServiceContext<StoredKey>, id: string): Promise<StoredKey> {
  const at = ctx.now().toISOString();
  const result = await ctx.store.revokeKey(id, (key) => {
    const revoked = { ...key, revokedAt: at, revokedBy: ctx.principal.keyId };
    const answer = ctx.answer?.(revoked);
    return { revoked, ...(answer ? { answer } : {}) };
  });
  switch (result.outcome) {
    case 'revoked':
      return result.key;
    case 'already-revoked':
      throw conflict(`key ${id} was revoked already, at ${result.key.revokedAt}`, 'id', `密钥 ${id} 已于 ${result.key.revokedAt} 吊销`);
    case 'not-found':
      throw new ApiError(404, 'NOT_FOUND', `no key ${id} (GET /keys lists them; a key made before keys were listed is listed once \`npm run reconcile -- --repair\` has run)`, 'id', {
        messageZh: `没有密钥 ${id}（GET /keys 列出全部密钥；列表功能上线前创建的密钥，须运行 \`npm run reconcile -- --repair\` 后才列出）`,
      });
  }
}

/** What `x-api-key` says: who asks, or why nobody. */
export type Authentication = { readonly principal: Principal } | { readonly refused: 'unknown' | 'revoked' };

/**
 * Who holds `key`: the admin (hash compared in constant time), a stored key (looked up by its hash, strongly
 * consistent, then compared in constant time), or nobody. Nothing is cached: a revoked key is refused from the next
 * request on, on every server and every warm Lambda container.
 */
export async function authenticate(store: Store, key: string, adminHash: string | undefined): Promise<Authentication> {
  const hash = hashKey(key);
  if (adminHash !== undefined && sameHash(hash, adminHash)) return { principal: ADMIN_PRINCIPAL };
  const stored = await store.getKey(hash);
  if (!stored || !sameHash(stored.hash, hash)) return { refused: 'unknown' };
  if (stored.revokedAt !== undefined) return { refused: 'revoked' };
  return {
    principal: {
      keyId: stored.id,
      role: stored.role,
      ...(stored.district !== undefined ? { district: stored.district } : {}),
      ...(stored.label !== undefined ? { label: stored.label } : {}),
    },
  };
}
