/**
 * The facts of an application's life besides its rating and its money (DynamoStore delegates to these): filing it
 * with its duplicate marker, correcting it (amend, withdraw, reject) with the marker following, and recording support
 * that is not money. Each is one transaction (./facts.ts); the layout is ./items.ts.
 */
import type { Application, SupportRecord } from '../../domain/records.js';
import { DuplicateHeld, type ApplicationChange, type FactTrail } from '../store.js';
import { getConsistent, type TableClient } from './client.js';
import { commitFact, GuardRefused, putNewItem, type Refusal, type TransactItem } from './facts.js';
import { appKey, applicationItem, duplicateMarkerItem, duplicateMarkerKey, fromItem, holdsDuplicateMarker, keyString, supportKey } from './items.js';
import { ratingLedgerWrites } from './ledger.js';

/**
 * The put of an application's duplicate marker, on condition no other application holds it. Refused, the marker is
 * read (consistently, after the cancellation): DuplicateHeld naming its holder; gone meanwhile (the holder
 * withdrawn), the fact is tried again.
 */
function markerPut(t: TableClient, app: Application): Refusal {
  const key = duplicateMarkerKey(app);
  return {
    item: {
      Put: {
        TableName: t.tableName,
        Item: duplicateMarkerItem(app),
        ConditionExpression: 'attribute_not_exists(pk) OR applicationId = :id',
        ExpressionAttributeValues: { ':id': app.id },
      },
    },
    refused: async () => {
      const held = await getConsistent(t, key);
      if (held && held.applicationId !== app.id) throw new DuplicateHeld(String(held.applicationId));
    },
  };
}

/**
 * The delete of an application's marker, where it names that application (read first; the delete conditioned on it).
 * None where another holds it (two open duplicates filed before they were refused: the other keeps it) or none is.
 */
async function markerRelease(t: TableClient, app: Application): Promise<TransactItem[]> {
  const key = duplicateMarkerKey(app);
  const held = await getConsistent(t, key);
  if (held?.applicationId !== app.id) return [];
  return [{ Delete: { TableName: t.tableName, Key: key, ConditionExpression: 'applicationId = :id', ExpressionAttributeValues: { ':id': app.id } } }];
}

/** Filing: the application (its id new: the guard) and its duplicate marker, with the trail. False: the id is taken. */
export async function createApplication(t: TableClient, application: Application, trail: FactTrail): Promise<boolean> {
  try {
    return await commitFact(
      t,
      async () => {
        const writes: TransactItem[] = [putNewItem(t, applicationItem(application))];
        const marker = holdsDuplicateMarker(application) ? markerPut(t, application) : undefined;
        if (marker) writes.push(marker.item);
        // Filed rated with an approved initial grant: that row's approval (核定) in the same transaction.
        if (application.rating) writes.push(...ratingLedgerWrites(t, application.id, application.rating));
        return { writes, refusals: marker ? [marker] : [], trail, result: true };
      },
      { guardMoves: false },
    );
  } catch (error) {
    if (error instanceof GuardRefused) return false;
    throw error;
  }
}

/**
 * A correction: the application rewritten whole (fields, status and listing attributes) on condition its status and
 * updatedAt are what was read, so two corrections racing apply one after the other, each to what the other made; its
 * marker moved where its institution, partner or category changed, released where it is no longer open.
 */
export async function changeApplication(t: TableClient, id: string, change: ApplicationChange): Promise<Application> {
  const key = appKey(id);
  return commitFact(
    t,
    async () => {
      const item = await getConsistent(t, key);
      if (!item) throw new Error(`application ${id} vanished`);
      const before = fromItem<Application>(item);
      const { application: after, trail } = change(before);
      const guard: TransactItem = {
        Put: {
          TableName: t.tableName,
          Item: applicationItem(after),
          ConditionExpression: '#status = :status AND updatedAt = :updatedAt',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': before.status, ':updatedAt': before.updatedAt },
        },
      };
      const writes = [guard];
      const refusals: Refusal[] = [];
      const held = holdsDuplicateMarker(before) ? duplicateMarkerKey(before) : undefined;
      const holds = holdsDuplicateMarker(after) ? duplicateMarkerKey(after) : undefined;
      if (held?.pk !== holds?.pk) {
        if (held) writes.push(...(await markerRelease(t, before)));
        if (holds) {
          const marker = markerPut(t, after);
          writes.push(marker.item);
          refusals.push(marker);
        }
      }
      return { writes, refusals, trail, result: after };
    },
    { guardMoves: true, guardKey: keyString(key) },
  );
}

/** Support offered: its record, on condition the application is RATED (the guard). False: it is not. */
export async function recordSupport(t: TableClient, record: SupportRecord, trail: FactTrail): Promise<boolean> {
  // An update that changes nothing, on condition: a ConditionCheck would do the same but needs its own IAM action
  // (dynamodb:ConditionCheckItem), which the functions are not granted (functions/manifest.ts).
  const guard: TransactItem = {
    Update: {
      TableName: t.tableName,
      Key: appKey(record.applicationId),
      UpdateExpression: 'SET #status = :rated',
      ConditionExpression: '#status = :rated',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':rated': 'RATED' },
    },
  };
  const put = putNewItem(t, { ...supportKey(record), entity: 'SUPPORT', ...record });
  try {
    return await commitFact(t, async () => ({ writes: [guard, put], trail, result: true }), { guardMoves: false });
  } catch (error) {
    if (error instanceof GuardRefused) return false;
    throw error;
  }
}
