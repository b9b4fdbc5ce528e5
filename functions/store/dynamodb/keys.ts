/**
 * API keys in the table (./items.ts): the key item (`KEY#<sha256>`, read by authentication on every request) and its
 * listing entry (`KEYS` / `K#<id>`, what GET /keys lists and a revocation finds by id). Both are written in one
 * TransactWriteItems, when the key is made and when it is revoked, so neither is ever without the other
 * (functions/reconcile checks it, and mends the keys made before listing entries existed).
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredKey } from '../../domain/records.js';
import type { RevokeKey, RevokeResult } from '../store.js';
import { getConsistent, queryRange, type TableClient } from './client.js';
import { commitFact, putNewItem, type Attempt, type TransactItem } from './facts.js';
import { fromItem, keyItem, keyKey, keyListingItem, keyListingKey, keyListingRange, type Key } from './items.js';

/** The key as authentication sees it now: read strongly consistent, so a revocation counts from the next request. */
export async function getKey(t: TableClient, hash: string): Promise<StoredKey | undefined> {
  const item = await getConsistent(t, keyKey(hash));
  return item ? fromItem<StoredKey>(item) : undefined;
}

/** A new key and its listing entry, together (both keys are new: a random id, the hash of a random key). */
export async function putKey(t: TableClient, key: StoredKey): Promise<void> {
  await t.doc.send(new TransactWriteCommand({ TransactItems: [putNewItem(t, keyItem(key)), putNewItem(t, keyListingItem(key))] }));
}

/** Every listed key, by id. */
export async function listKeys(t: TableClient): Promise<StoredKey[]> {
  return (await queryRange(t, keyListingRange, true)).map((item) => fromItem<StoredKey>(item));
}

/**
 * The item at `key` (a key item or a listing entry, which must be there) marked revoked at `at` by `by`, a revocation
 * it holds already kept: a revocation's key item, and reconcile completing a revocation on the side that lacks it.
 */
export const revocation = (t: TableClient, key: Key, at: string, by: string): NonNullable<TransactItem['Update']> => ({
  TableName: t.tableName,
  Key: key,
  UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at), revokedBy = if_not_exists(revokedBy, :by)',
  ConditionExpression: 'attribute_exists(pk)',
  ExpressionAttributeValues: { ':at': at, ':by': by },
});

/** A revocation settled by its read (no such key, or revoked already): the attempt stops and this is the answer. */
class Settled extends Error {
  constructor(readonly result: RevokeResult) {
    super(result.outcome);
  }
}

/**
 * Marks the key revoked, as one fact (./facts.ts `commitFact`): its listing entry is the guard (listed and not revoked
 * yet, conditioned on what was read), its key item (which must still be there) and the request's kept answer (the
 * trail's) in one transaction, with facts' deadline and jitter against contention. Two revocations racing: the
 * guard moves, the second re-reads and finds it revoked; a kept answer put meanwhile is AnsweredMeanwhile. A listing
 * entry whose key item is gone names a key that authenticates nobody already: not found.
 */
export async function revokeKey(t: TableClient, id: string, revoke: RevokeKey): Promise<RevokeResult> {
  const attempt = async (): Promise<Attempt<RevokeResult>> => {
    const item = await getConsistent(t, keyListingKey(id));
    if (!item) throw new Settled({ outcome: 'not-found' });
    const listed = fromItem<StoredKey>(item);
    if (listed.revokedAt !== undefined) throw new Settled({ outcome: 'already-revoked', key: listed });
    const { revoked, answer } = revoke(listed);
    const keyItemWrite: TransactItem = { Update: revocation(t, keyKey(listed.hash), revoked.revokedAt, revoked.revokedBy) };
    const guard: TransactItem = {
      Update: {
        TableName: t.tableName,
        Key: keyListingKey(id),
        UpdateExpression: 'SET revokedAt = :at, revokedBy = :by',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revokedAt)',
        ExpressionAttributeValues: { ':at': revoked.revokedAt, ':by': revoked.revokedBy },
      },
    };
    return {
      writes: [guard, keyItemWrite],
      refusals: [{ item: keyItemWrite, refused: () => Promise.reject(new Settled({ outcome: 'not-found' })) }],
      trail: answer ? { answer } : {},
      result: { outcome: 'revoked', key: revoked },
    };
  };
  try {
    return await commitFact(t, attempt, { guardMoves: true, guardKey: `key-revoke#${id}` });
  } catch (error) {
    if (error instanceof Settled) return error.result;
    throw error;
  }
}
