/** Keys as the API answers them (CONTRACT.md §3): never the key (but once, at creation), never its hash. */
import type { output } from 'zod/mini';
import { DISTRICT_LABELS, ROLE_LABELS } from '../../shared/index.js';
import type { Principal, StoredKey } from '../domain/records.js';
import type { KeyAnswer, KeyListing, KeyMeAnswer } from './answers.js';

/** What every answer about a key says (./answers.ts `KeyFields`): its id, role, district and holder, codes with their labels. */
function holder(id: string, k: Pick<Principal, 'role' | 'district' | 'label'>): output<typeof KeyMeAnswer> {
  return { id, role: k.role, roleLabel: ROLE_LABELS[k.role], district: k.district ?? null, districtLabel: k.district === undefined ? null : DISTRICT_LABELS[k.district], label: k.label ?? null };
}

/** A key as listed: who holds it, what it may do, when it was made and revoked. */
export function presentKeyListing(k: StoredKey): output<typeof KeyListing> {
  return { ...holder(k.id, k), createdAt: k.createdAt, ...(k.revokedAt !== undefined ? { revokedAt: k.revokedAt } : {}) };
}

/** A key just made: the only answer that holds the key itself. */
export function presentNewKey(k: StoredKey & { readonly label: string }, key: string): output<typeof KeyAnswer> {
  return { ...holder(k.id, k), key, label: k.label };
}

/** The key that asks (GET /keys/me). */
export const presentPrincipal = (p: Principal): output<typeof KeyMeAnswer> => holder(p.keyId, p);
