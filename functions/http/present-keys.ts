/** Keys as the API answers them (CONTRACT.md §3): never the key (but once, at creation), never its hash. */
import type { output } from 'zod/mini';
import { DISTRICTS, ROLE_LABELS } from '../../shared/index.js';
import type { Principal, StoredKey } from '../domain/records.js';
import type { KeyAnswer, KeyListing, KeyMeAnswer } from './answers.js';

const districtOf = (district: StoredKey['district']) => ({ district: district ?? null, districtLabel: district === undefined ? null : DISTRICTS.labels[district] });

/** A key as listed: who holds it, what it may do, when it was made and revoked. */
export function presentKeyListing(k: StoredKey): output<typeof KeyListing> {
  return { id: k.id, role: k.role, roleLabel: ROLE_LABELS[k.role], ...districtOf(k.district), label: k.label ?? null, createdAt: k.createdAt, ...(k.revokedAt !== undefined ? { revokedAt: k.revokedAt } : {}) };
}

/** A key just made: the only answer that holds the key itself. */
export function presentNewKey(k: StoredKey & { readonly label: string }, key: string): output<typeof KeyAnswer> {
  return { id: k.id, key, role: k.role, roleLabel: ROLE_LABELS[k.role], ...districtOf(k.district), label: k.label };
}

/** The key that asks (GET /keys/me). */
export function presentPrincipal(p: Principal): output<typeof KeyMeAnswer> {
  return { id: p.keyId, role: p.role, roleLabel: ROLE_LABELS[p.role], ...districtOf(p.district), label: p.label ?? null };
}
