/**
 * API keys: every key item (`KEY#<sha256>`) has its listing entry (`KEYS` / `K#<id>`), the two agreeing on whether the
 * key is revoked. A key and its entry are made and revoked in one transaction (functions/store/dynamodb/keys.ts), so
 * on a healthy table there is no drift here, but for keys made before listing entries existed (issue 11): each is a
 * `key-listing-missing`, which `--repair` mends by listing it (its label unknown: GET /keys answers `label: null`).
 */
import { UpdateCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredKey } from '../domain/records.js';
import { getConsistent, type TableClient } from '../store/dynamodb/client.js';
import { fromItem, itemKey, keyKey, keyListingItem, keyListingKey, type Key } from '../store/dynamodb/items.js';
import { revocation } from '../store/dynamodb/keys.js';
import type { Drift } from './drift.js';
import type { RepairOutcome } from './repair.js';

type KeyDrift = Extract<Drift, { kind: 'key-listing-missing' | 'key-listing-extra' | 'key-listing-stale' }>;

/** The key items and listing entries of a table, compared by id. */
export function keyDrifts(keyItems: readonly Record<string, unknown>[], listingItems: readonly Record<string, unknown>[]): KeyDrift[] {
  const out: KeyDrift[] = [];
  const listed = new Map(listingItems.map((item) => [String(item.id), fromItem<StoredKey>(item)]));
  const stored = new Map(keyItems.map((item) => [String(item.id), fromItem<StoredKey>(item)]));
  for (const [id, key] of stored) {
    const entry = listed.get(id);
    if (!entry) out.push({ kind: 'key-listing-missing', keyId: id, hash: key.hash });
    else if ((key.revokedAt === undefined) !== (entry.revokedAt === undefined)) {
      out.push({ kind: 'key-listing-stale', keyId: id, hash: key.hash, revokedIn: key.revokedAt !== undefined ? 'key' : 'listing', revokedAt: key.revokedAt ?? entry.revokedAt ?? '' });
    }
  }
  for (const item of listingItems) {
    const entry = fromItem<StoredKey>(item);
    // A revoked entry of a key whose item is gone says what is so: that key authenticates nobody.
    if (entry.revokedAt === undefined && stored.get(entry.id)?.hash !== entry.hash) out.push({ kind: 'key-listing-extra', keyId: entry.id, key: itemKey(item) });
  }
  return out;
}

export function describeKeyDrift(d: KeyDrift): string {
  switch (d.kind) {
    case 'key-listing-missing':
      return `keys: key ${d.keyId} has no listing entry (made before keys were listed?): GET /keys does not show it and it cannot be revoked by id`;
    case 'key-listing-extra':
      return `keys: listing entry ${d.key.sk} names no stored key: it is listed as usable, and authenticates nobody`;
    case 'key-listing-stale':
      return d.revokedIn === 'key'
        ? `keys: key ${d.keyId} was revoked at ${d.revokedAt} but its listing entry does not say so`
        : `keys: key ${d.keyId} is listed as revoked at ${d.revokedAt} but its key item is not: the key still works`;
  }
}

/**
 * Mends one: a missing entry is put from the key item as it is now (only where there is still none); an extra entry is
 * marked revoked (by `reconcile`); a split revocation is completed on the side that lacks it (a key revoked on either
 * side is revoked on both: never the other way).
 */
export async function repairKeyDrift(t: TableClient, d: KeyDrift): Promise<RepairOutcome> {
  const revoke = (key: Key, at: string) => t.doc.send(new UpdateCommand(revocation(t, key, at, 'reconcile')));
  switch (d.kind) {
    case 'key-listing-missing': {
      const item = await getConsistent(t, keyKey(d.hash));
      if (!item) return { repaired: false, reason: 'the key is gone: run reconcile again' };
      await t.doc.send(new PutCommand({ TableName: t.tableName, Item: keyListingItem(fromItem<StoredKey>(item)), ConditionExpression: 'attribute_not_exists(pk)' }));
      return { repaired: true };
    }
    case 'key-listing-extra':
      await revoke(d.key, new Date().toISOString());
      return { repaired: true };
    case 'key-listing-stale':
      await revoke(d.revokedIn === 'key' ? keyListingKey(d.keyId) : keyKey(d.hash), d.revokedAt);
      return { repaired: true };
  }
}
