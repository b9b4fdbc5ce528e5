/**
 * Mends one drift, safely while the API keeps writing: nothing is overwritten on a value that was not just read.
 *
 * - counters: the difference is ADDed to one shard (an ADD commutes with every fact's own ADDs);
 * - a ledger item or an achievement's counter: read again with its records (one consistent Query of its partition,
 *   the counter item first: it sorts before them), recomputed, and set on condition that it still holds what was
 *   read; a fact that committed meanwhile fails the condition and the drift is left for the next run;
 * - a missing event: put only if the history (read again) still has none, at a key of its own (so two repairs
 *   cannot write it twice);
 * - listing attributes: rewritten on condition the application's status and updatedAt are still what was read;
 * - partner markers and aliases: ./partners.ts;
 * - a contract marker: put where absent (only where one achievement holds that contract).
 * - an achievement's link under its application: put where absent, with a check that the achievement is there and of
 *   that application; deleted where still naming that achievement and the achievement (read again) is not of it.
 * - duplicate markers: put for an open application (read again: still open, still those names, in the same
 *   transaction as a check that it has not changed since) where no other holds the key; deleted where still naming
 *   the same application and that application (read again) does not hold it.
 * - API keys and their listing entries: ./keys.ts.
 */
import { DeleteCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { getConsistent, isConditionFailed, queryRange, type TableClient } from '../store/dynamodb/client.js';
import { stillHolds } from '../store/dynamodb/conditions.js';
import { summaryUpdate } from '../store/dynamodb/facts.js';
import {
  achievementAndReceiptsRange,
  achievementKey,
  achievementLinkItem,
  achievementLinkKey,
  appKey,
  contractItem,
  duplicateMarkerItem,
  duplicateMarkerKey,
  eventKey,
  fromItem,
  historyRange,
  holdsDuplicateMarker,
  kindOfItem,
  ledgerAndPaymentsRange,
  ledgerKey,
  type Key,
} from '../store/dynamodb/items.js';
import type { Application, HistoryEvent } from '../domain/records.js';
import { REPAIRABLE, type Drift } from './drift.js';
import { eventRecordId } from './expectations.js';
import { repairKeyDrift } from './keys.js';
import { repairPartnerDrift } from './partners.js';

/** The shard a repair adds to (any shard would do: the summary adds them up). */
const REPAIR_SHARD = 0;

export type RepairOutcome = { readonly repaired: true } | { readonly repaired: false; readonly reason: string };

const done: RepairOutcome = { repaired: true };
const moved = (what: string): RepairOutcome => ({ repaired: false, reason: `${what} changed meanwhile: run reconcile again` });

export async function repairDrift(t: TableClient, drift: Drift): Promise<RepairOutcome> {
  if (!REPAIRABLE.has(drift.kind)) return { repaired: false, reason: 'needs a person' };
  try {
    return await repair(t, drift);
  } catch (error) {
    if (isConditionFailed(error)) return moved('the item');
    throw error;
  }
}

async function repair(t: TableClient, d: Drift): Promise<RepairOutcome> {
  switch (d.kind) {
    case 'counter': {
      const update = summaryUpdate(t.tableName, d.scope, { [d.counter]: d.expected - d.actual }, REPAIR_SHARD);
      // One ADD with no condition: a plain UpdateItem, as a one-item transaction would be.
      if (update?.Update) await t.doc.send(new UpdateCommand(update.Update));
      return done;
    }
    case 'ledger':
      return repairLedger(t, d.applicationId, d.year, d.item);
    case 'approval': {
      // Set to what the approval records say, on condition the row still holds what the scan read (a fact that
      // committed meanwhile fails it, and the drift is left for the next run).
      const names = { '#item': 'item', '#year': 'year' };
      const values: Record<string, unknown> = { ':approvals': d.expected.approvals, ':zero': 0, ':cap': d.cap, ':item': d.item, ':year': d.year };
      let condition = 'attribute_not_exists(pk)';
      if (d.actual) {
        condition = d.actual.approved === undefined ? 'attribute_not_exists(approved)' : 'approved = :readApproved';
        condition += ` AND ${stillHolds('approvals', ':readApprovals', d.actual.approvals, 0)}`;
        if (d.actual.approved !== undefined) values[':readApproved'] = d.actual.approved;
        values[':readApprovals'] = d.actual.approvals;
      }
      if (d.expected.approved !== undefined) values[':approved'] = d.expected.approved;
      await t.doc.send(
        new UpdateCommand({
          TableName: t.tableName,
          Key: ledgerKey(d.applicationId, d.year, d.item),
          UpdateExpression: `SET ${d.expected.approved !== undefined ? 'approved = :approved, ' : ''}approvals = :approvals, paid = if_not_exists(paid, :zero), cap = if_not_exists(cap, :cap), #item = :item, #year = :year${d.expected.approved === undefined ? ' REMOVE approved' : ''}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return done;
    }
    case 'achievement':
      return repairAchievement(t, d.achievementId);
    case 'event-missing':
      return repairEvent(t, d.recordId, d.event);
    case 'contract-missing':
      // Found only where no other achievement holds the number; one registered meanwhile put its own marker first.
      await t.doc.send(new PutCommand({ TableName: t.tableName, Item: contractItem(d.contractNo, d.achievementId), ConditionExpression: 'attribute_not_exists(pk)' }));
      return done;
    case 'listing': {
      const names: Record<string, string> = { '#status': 'status', '#updatedAt': 'updatedAt' };
      const values: Record<string, string> = { ':status': d.status, ':updatedAt': d.updatedAt };
      const sets = d.attributes.map((a, i) => {
        names[`#g${i}`] = a.name;
        values[`:g${i}`] = a.expected;
        return `#g${i} = :g${i}`;
      });
      await t.doc.send(
        new UpdateCommand({
          TableName: t.tableName,
          Key: appKey(d.applicationId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: '#status = :status AND #updatedAt = :updatedAt',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return done;
    }
    case 'partner-missing':
    case 'partner-extra':
    case 'partner-figures':
    case 'partner-alias-chain':
      return repairPartnerDrift(t, d);
    case 'duplicate-marker-missing':
      return repairMissingMarker(t, d.applicationId, d.key.pk);
    case 'duplicate-marker-extra':
      return repairExtraMarker(t, d.applicationId, d.key);
    case 'achievement-link-missing':
      return repairMissingLink(t, d.applicationId, d.achievementId);
    case 'achievement-link-extra':
      return repairExtraLink(t, d.applicationId, d.achievementId, d.key);
    case 'key-listing-missing':
    case 'key-listing-extra':
    case 'key-listing-stale':
      return repairKeyDrift(t, d);
    default:
      return { repaired: false, reason: 'needs a person' };
  }
}

/** The application as it is now, read consistently. */
async function currentApplication(t: TableClient, id: string): Promise<Application | undefined> {
  const item = await getConsistent(t, appKey(id));
  return item ? fromItem<Application>(item) : undefined;
}

/** Puts the marker of an application still open with those names, only where no marker is (another's or its own). */
async function repairMissingMarker(t: TableClient, applicationId: string, pk: string): Promise<RepairOutcome> {
  const app = await currentApplication(t, applicationId);
  if (!app || !holdsDuplicateMarker(app) || duplicateMarkerKey(app).pk !== pk) return moved('the application');
  const put = t.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          ConditionCheck: {
            TableName: t.tableName,
            Key: appKey(applicationId),
            ConditionExpression: '#status = :status AND updatedAt = :updatedAt',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':status': app.status, ':updatedAt': app.updatedAt },
          },
        },
        { Put: { TableName: t.tableName, Item: duplicateMarkerItem(app), ConditionExpression: 'attribute_not_exists(pk)' } },
      ],
    }),
  );
  try {
    await put;
  } catch (error) {
    // The application changed, or a marker is there now (another's: a person decides; its own: mended meanwhile).
    if (error instanceof Error && error.name === 'TransactionCanceledException') return moved('the application or its marker');
    throw error;
  }
  return done;
}

/** Deletes a marker still naming that application, unless the application (read again) now holds it. */
async function repairExtraMarker(t: TableClient, applicationId: string, key: Key): Promise<RepairOutcome> {
  const app = await currentApplication(t, applicationId);
  if (app && holdsDuplicateMarker(app) && duplicateMarkerKey(app).pk === key.pk) return done; // it holds it: not extra
  await t.doc.send(
    new DeleteCommand({ TableName: t.tableName, Key: key, ConditionExpression: 'applicationId = :id', ExpressionAttributeValues: { ':id': applicationId } }),
  );
  return done;
}

/** Puts the link of an achievement that is there and of that application (checked in the same transaction). */
async function repairMissingLink(t: TableClient, applicationId: string, achievementId: string): Promise<RepairOutcome> {
  try {
    await t.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: t.tableName,
              Key: achievementKey(achievementId),
              ConditionExpression: 'applicationId = :app',
              ExpressionAttributeValues: { ':app': applicationId },
            },
          },
          { Put: { TableName: t.tableName, Item: achievementLinkItem(applicationId, achievementId), ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof Error && error.name === 'TransactionCanceledException')) throw error;
    // The link is there (a scan that read the achievement before its partition's link), or the achievement is gone.
    return (await getConsistent(t, achievementLinkKey(applicationId, achievementId))) ? done : moved('the achievement');
  }
  return done;
}

/** Deletes a link still naming that achievement, unless the achievement (read again) is of that application after all. */
async function repairExtraLink(t: TableClient, applicationId: string, achievementId: string, key: Key): Promise<RepairOutcome> {
  const achievement = await getConsistent(t, achievementKey(achievementId));
  if (achievement?.applicationId === applicationId) return done; // created with it after the scan read its partition
  await t.doc.send(
    new DeleteCommand({ TableName: t.tableName, Key: key, ConditionExpression: 'achievementId = :id', ExpressionAttributeValues: { ':id': achievementId } }),
  );
  return done;
}

/** The ledger item sorts before the payments (items.ts), so a payment committing mid-read moves the guard. */
async function repairLedger(t: TableClient, applicationId: string, year: number, item: string): Promise<RepairOutcome> {
  const key = ledgerKey(applicationId, year, item);
  const items = await queryRange(t, ledgerAndPaymentsRange(applicationId, year, item), true);
  const ledger = items.find((i) => i.sk === key.sk);
  const payments = items.filter((i) => kindOfItem(i).kind === 'payment' && i.year === year && i.item === item && i.status !== 'VOIDED');
  const paid = payments.reduce((sum, p) => sum + Number(p.amount), 0);
  if (ledger && Number(ledger.paid) === paid) return done; // mended meanwhile
  const cap = ledger ? Number(ledger.cap) : Number(payments.at(-1)?.cap ?? 0);
  await t.doc.send(
    new UpdateCommand({
      TableName: t.tableName,
      Key: key,
      UpdateExpression: 'SET paid = :paid, cap = :cap, #item = :item, #year = :year',
      ConditionExpression: ledger ? 'paid = :before' : 'attribute_not_exists(pk)',
      ExpressionAttributeNames: { '#item': 'item', '#year': 'year' },
      ExpressionAttributeValues: { ':paid': paid, ':cap': cap, ':item': item, ':year': year, ...(ledger ? { ':before': ledger.paid } : {}) },
    }),
  );
  return done;
}

/** The achievement sorts before its receipts (items.ts), so a receipt committing mid-read moves its counter. */
async function repairAchievement(t: TableClient, achievementId: string): Promise<RepairOutcome> {
  const key = achievementKey(achievementId);
  const items = await queryRange(t, achievementAndReceiptsRange(achievementId), true);
  const achievement = items.find((i) => i.sk === key.sk);
  if (!achievement) return { repaired: false, reason: 'the achievement is gone' };
  const receipts = items.filter((i) => kindOfItem(i).kind === 'receipt');
  // Received: the receipts not voided; the count: all of them (a void leaves the count).
  const received = receipts.filter((r) => r.status !== 'VOIDED').reduce((sum, r) => sum + Number(r.amount), 0);
  await t.doc.send(
    new UpdateCommand({
      TableName: t.tableName,
      Key: key,
      UpdateExpression: 'SET cumulativeReceived = :received, receipts = :receipts',
      ConditionExpression: 'cumulativeReceived = :readReceived AND receipts = :readReceipts',
      ExpressionAttributeValues: { ':received': received, ':receipts': receipts.length, ':readReceived': achievement.cumulativeReceived, ':readReceipts': achievement.receipts },
    }),
  );
  return done;
}

async function repairEvent(t: TableClient, recordId: string, event: HistoryEvent): Promise<RepairOutcome> {
  const history = await queryRange(t, historyRange(event.applicationId), true);
  // Matched as the Expectations that found it missing match an event to its record.
  const has = history.map((e) => fromItem<HistoryEvent>(e)).some((e) => e.type === event.type && eventRecordId(e) === recordId);
  if (has) return done; // written meanwhile
  await t.doc.send(
    new PutCommand({ TableName: t.tableName, Item: { ...eventKey(event, `reconcile-${event.type}-${recordId}`), entity: 'EVENT', ...event }, ConditionExpression: 'attribute_not_exists(pk)' }),
  );
  return done;
}
