/**
 * API keys in the table (./items.ts): the key item (`KEY#<sha256>`, read by authentication on every request) and its
 * listing entry (`KEYS` / `K#<id>`, what GET /keys lists and a revocation finds by id). Both are written in one
 * TransactWriteItems, when the key is made and when it is revoked, so neither is ever without the other
 * (functions/reconcile checks it, and mends the keys made before listing entries existed).
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { randomInt } from 'node:crypto';
import type { StoredKey } from '../../domain/records.js';
import { AnsweredMeanwhile, answerItem } from '../../idempotency/index.js';
import type { RevokeKey, RevokeResult } from '../store.js';
import { getConsistent, queryRange, type TableClient } from './client.js';
import { putNewItem, type TransactItem } from './facts.js';
import { fromItem, keyItem, keyKey, keyListingItem, keyListingKey, keyListingRange } from './items.js';

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

/** Tries against a transaction in flight on the same key (two revocations racing): the loser re-reads and says so. */
const TRIES = 5;

/**
 * Marks the key revoked: its listing entry (the guard: listed and not revoked yet), its key item (which must still be
 * there) and the request's kept answer, in one transaction. Two revocations racing: the second re-reads and finds it
 * revoked. A listing entry whose key item is gone names a key that authenticates nobody already: not found.
 */
export async function revokeKey(t: TableClient, id: string, revoke: RevokeKey): Promise<RevokeResult> {
  for (let tries = 1; ; tries++) {
    const item = await getConsistent(t, keyListingKey(id));
    if (!item) return { outcome: 'not-found' };
    const listed = fromItem<StoredKey>(item);
    if (listed.revokedAt !== undefined) return { outcome: 'already-revoked', key: listed };
    const { revoked, answer } = revoke(listed);
    const values = { ':at': revoked.revokedAt, ':by': revoked.revokedBy };
    const items: TransactItem[] = [
      {
        Update: {
          TableName: t.tableName,
          Key: keyListingKey(id),
          UpdateExpression: 'SET revokedAt = :at, revokedBy = :by',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revokedAt)',
          ExpressionAttributeValues: values,
        },
      },
      {
        Update: {
          TableName: t.tableName,
          Key: keyKey(listed.hash),
          UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at), revokedBy = if_not_exists(revokedBy, :by)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: values,
        },
      },
      ...(answer ? [answerItem(t.tableName, answer)] : []),
    ];
    try {
      await t.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return { outcome: 'revoked', key: revoked };
    } catch (error) {
      const e = error as { name?: string; CancellationReasons?: readonly { Code?: string }[] };
      if (e.name !== 'TransactionCanceledException' && e.name !== 'TransactionConflictException') throw error;
      const refused = (i: number) => e.CancellationReasons?.[i]?.Code === 'ConditionalCheckFailed';
      if (answer && refused(2)) throw new AnsweredMeanwhile();
      if (refused(1)) return { outcome: 'not-found' };
      if (tries >= TRIES) throw new Error(`revocation of ${id} not committed after ${tries} tries: contention`);
      // The guard refused: revoked meanwhile (the re-read says so). Anything else: a transaction in flight, wait a little.
      if (!refused(0)) await new Promise((r) => setTimeout(r, randomInt(5, 50)));
    }
  }
}
