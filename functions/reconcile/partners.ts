/**
 * Partner markers and aliases (functions/store/dynamodb/partner-markers.ts, partners.ts): what the ratings make of them
 * (the Tally gathers the items, ./drifts.ts, and the counted ratings, ./expectations.ts), and their repair.
 *
 * - partner-missing: put where absent;
 * - partner-extra: deleted where still the same name with the applications the scan read (a rating counting it
 *   meanwhile fails the condition);
 * - partner-figures: set where the marker still holds what was read;
 * - partner-alias-chain: the alias pointed at the name its target is merged into, on condition both are still what
 *   was read (one step per run: a longer chain takes as many runs), and that name's city marker counting one more
 *   merge, as a merge into it would. Neither alias is counted on its own (a rating and the Tally follow aliases to
 *   their end), so no figure moves.
 */
import { DeleteCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CountedPartner, PartnerAlias } from '../domain/partners.js';
import type { SummaryScope } from '../domain/records.js';
import { getConsistent, type TableClient } from '../store/dynamodb/client.js';
import { stillHolds } from '../store/dynamodb/conditions.js';
import type { TransactItem } from '../store/dynamodb/facts.js';
import { keyString, partnerItem, partnerKey, type Key } from '../store/dynamodb/items.js';
import { aliasMoved } from '../store/dynamodb/partner-markers.js';
import type { Drift } from './drift.js';
import type { ExpectedPartner } from './expectations.js';
import type { RepairOutcome } from './repair.js';

type PartnerDrift = Extract<Drift, { kind: 'partner-missing' | 'partner-extra' | 'partner-figures' | 'partner-alias-chain' }>;

/** Names merged into another (their city items), by name. */
export type Aliases = ReadonlyMap<string, { readonly key: Key; readonly alias: PartnerAlias }>;

/**
 * The name a partner's name counts as: the name its alias (city item) points at, followed while that is an alias
 * too (a merge keeps them one deep: `partnerDrifts` reports deeper ones), itself where it is merged into nothing.
 */
export function countsAs(aliases: Aliases, name: string): string {
  let current = name;
  for (const seen = new Set<string>([name]); ; ) {
    const next = aliases.get(current)?.alias.aliasOf;
    if (next === undefined || seen.has(next)) return current;
    seen.add(next);
    current = next;
  }
}

/**
 * Partner markers: one per partner counted in a scope (merged names counted as the name they are merged into), at its
 * key, counting the applications its ratings name and the earliest of their dates; no other. Aliases one deep.
 */
export function partnerDrifts(
  markers: readonly { readonly key: Key; readonly partner: CountedPartner }[],
  aliases: Aliases,
  partners: ReadonlyMap<SummaryScope, ReadonlyMap<string, ExpectedPartner>>,
): PartnerDrift[] {
  const out: PartnerDrift[] = [];
  const markersAt = new Map<string, CountedPartner>();
  for (const m of markers) markersAt.set(keyString(m.key), m.partner);
  for (const [scope, names] of partners) {
    for (const [name, e] of names) {
      const marker = markersAt.get(keyString(partnerKey(scope, name)));
      const expected = { applications: e.applications, firstRatedOn: e.firstRatedOn };
      if (!marker) {
        // Shown as its city marker shows it (a merged name's applications show the name they count as), else as first written.
        const displayName = markersAt.get(keyString(partnerKey('ALL', name)))?.displayName ?? e.partnerName;
        out.push({ kind: 'partner-missing', scope, name, firstApplicationId: e.firstApplicationId, displayName, ...expected });
      } else if (marker.applications !== expected.applications || marker.firstRatedOn !== expected.firstRatedOn) {
        out.push({ kind: 'partner-figures', scope, name, expected, actual: { applications: marker.applications, firstRatedOn: marker.firstRatedOn } });
      }
    }
  }
  for (const { key, partner } of markers) {
    const counted = partners.get(partner.scope)?.has(partner.name) === true && keyString(partnerKey(partner.scope, partner.name)) === keyString(key);
    if (!counted) out.push({ kind: 'partner-extra', scope: partner.scope, name: partner.name, key, applications: partner.applications });
  }
  for (const { alias } of aliases.values()) {
    const then = aliases.get(alias.aliasOf)?.alias.aliasOf;
    if (then !== undefined) out.push({ kind: 'partner-alias-chain', name: alias.name, aliasOf: alias.aliasOf, then });
  }
  return out;
}

/** A check that `name` (its city item) is still an alias of `to`. */
const aliasStill = (t: TableClient, name: string, to: string): TransactItem => ({
  ConditionCheck: { TableName: t.tableName, Key: partnerKey('ALL', name), ConditionExpression: 'aliasOf = :to', ExpressionAttributeValues: { ':to': to } },
});

/**
 * What the alias re-pointed at `then` does to `then`'s city item, as read: a counted partner takes one more merge
 * (`ADD merges`, as a merge into it does: a merge of `then` that read its aliases before this one reads again and
 * moves it too); an alias, or nothing, is checked to be still so.
 */
function chainEnd(t: TableClient, then: string, end: Record<string, unknown> | undefined): TransactItem {
  const key = partnerKey('ALL', then);
  if (end === undefined) return { ConditionCheck: { TableName: t.tableName, Key: key, ConditionExpression: 'attribute_not_exists(pk)' } };
  if (typeof end.aliasOf === 'string') return aliasStill(t, then, end.aliasOf);
  return { Update: { TableName: t.tableName, Key: key, UpdateExpression: 'ADD merges :one', ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(aliasOf)', ExpressionAttributeValues: { ':one': 1 } } };
}

/** Mends one partner drift, on condition what it changes is still what the scan read. */
export async function repairPartnerDrift(t: TableClient, d: PartnerDrift): Promise<RepairOutcome> {
  switch (d.kind) {
    case 'partner-missing': {
      const { scope, name, displayName, applications, firstRatedOn, firstApplicationId } = d;
      // Where none is: a rating or a merge that put one meanwhile counted it (its figures, if off, are the next run's).
      await t.doc.send(new PutCommand({ TableName: t.tableName, Item: partnerItem({ scope, name, displayName, applications, firstRatedOn, firstApplicationId }), ConditionExpression: 'attribute_not_exists(pk)' }));
      return { repaired: true };
    }
    case 'partner-figures':
      // Set on condition the marker still holds what the scan read (a rating or a merge meanwhile fails it).
      await t.doc.send(
        new UpdateCommand({
          TableName: t.tableName,
          Key: partnerKey(d.scope, d.name),
          UpdateExpression: 'SET applications = :applications, firstRatedOn = :first',
          ConditionExpression: `attribute_not_exists(aliasOf) AND ${stillHolds('applications', ':readApplications', d.actual.applications, 0)} AND ${stillHolds('firstRatedOn', ':readFirst', d.actual.firstRatedOn, '')}`,
          ExpressionAttributeValues: { ':applications': d.expected.applications, ':first': d.expected.firstRatedOn, ':readApplications': d.actual.applications, ':readFirst': d.actual.firstRatedOn },
        }),
      );
      return { repaired: true };
    case 'partner-extra':
      // Deleted on condition it is still that name, counting what the scan read: a rating that counted it meanwhile
      // (ADD applications) fails it, and the next run finds it needed.
      await t.doc.send(
        new DeleteCommand({
          TableName: t.tableName,
          Key: d.key,
          ConditionExpression: `attribute_exists(pk) AND #name = :name AND ${stillHolds('applications', ':readApplications', d.applications, 0)}`,
          ExpressionAttributeNames: { '#name': 'name' },
          ExpressionAttributeValues: { ':name': d.name, ':readApplications': d.applications },
        }),
      );
      return { repaired: true };
    case 'partner-alias-chain':
      // `name` → `then`, on condition it still points at `aliasOf` and `aliasOf` still at `then`: what it counts as is
      // unchanged (a rating following the old chain conditioned on both aliases fails and reads again). A cycle (A → B
      // → A) is left to a person: no alias may point at itself.
      if (d.then === d.name) return { repaired: false, reason: 'needs a person: the aliases make a cycle' };
      try {
        const end = await getConsistent(t, partnerKey('ALL', d.then));
        await t.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              aliasMoved(t, d.name, d.aliasOf, d.then),
              aliasStill(t, d.aliasOf, d.then),
              chainEnd(t, d.then, end),
            ],
          }),
        );
      } catch (error) {
        if (error instanceof Error && error.name === 'TransactionCanceledException') return { repaired: false, reason: 'the aliases changed meanwhile: run reconcile again' };
        throw error;
      }
      return { repaired: true };
  }
}
