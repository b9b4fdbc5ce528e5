/**
 * A partner counted by a rating (一: towards the goal of 100, once per scope; POLICY.md §5 interpretation 3): the
 * marker writes a fact's trail adds (./facts.ts). Layout: ./items.ts (`PARTNERS#<scope>`, `P#<sha256>`).
 *
 * The name's city item says what the name is: counted (a marker), merged into another (an alias: the rating counts
 * the name it points at), or neither yet. What was read is what the transaction is conditioned on, so a rating racing
 * a merge (./partners.ts) is counted once, whichever commits first:
 * - an alias followed: an update that changes nothing, on condition the alias still points where it did (the guard
 *   pattern of a support record: no ConditionCheck, so no `dynamodb:ConditionCheckItem`);
 * - a marker counted again: `applications` added to, on condition the marker is still there and no alias (a merge
 *   turns a name's city marker into its alias and deletes its district markers);
 * - a marker put: on condition none is there (a merge puts the alias at the name's city key, so a rating of it that
 *   read no alias fails, reads again and follows the alias).
 */
import { conflict } from '../../domain/errors.js';
import type { CountedPartner, NameInCity, PartnerAlias } from '../../domain/partners.js';
import type { SummaryScope } from '../../domain/records.js';
import { countedIn, type Counts } from '../store.js';
import { itemAt, readItems, type TableClient } from './client.js';
import type { TransactItem } from './facts.js';
import { asScope, partnerItem, partnerKey, type Key } from './items.js';

/** Aliases a rating follows at most: a merge keeps them one deep (more is a drift reconcile reports and repairs). */
const MAX_HOPS = 4;

/** A partner item read back: a counted partner, or (in the city) an alias; `unknown` for no item, or anything else. */
export function partnerOf(item: Record<string, unknown> | undefined): NameInCity {
  const scope = asScope(item?.scope);
  if (item === undefined || scope === undefined || typeof item.name !== 'string') return { kind: 'unknown' };
  if (typeof item.aliasOf === 'string') {
    const alias: PartnerAlias = {
      name: item.name,
      aliasOf: item.aliasOf,
      displayName: String(item.displayName ?? item.name),
      mergedAt: String(item.mergedAt ?? ''),
      mergedBy: String(item.mergedBy ?? ''),
      ...(typeof item.reason === 'string' ? { reason: item.reason } : {}),
    };
    return { kind: 'alias', alias };
  }
  const partner: CountedPartner = {
    name: item.name,
    scope,
    displayName: String(item.displayName ?? item.name),
    applications: Number(item.applications ?? 0),
    firstRatedOn: String(item.firstRatedOn ?? ''),
    firstApplicationId: String(item.firstApplicationId ?? ''),
  };
  return { kind: 'counted', partner };
}

/**
 * `name`'s alias (its city item) pointed at `to`, on condition it still points at `from`: a merge moving the aliases
 * of the name it merges, reconcile shortening a chain, and (`from` = `to`) a rating following an alias, whose update
 * changes nothing.
 */
export const aliasMoved = (t: TableClient, name: string, from: string, to: string): TransactItem => ({
  Update: { TableName: t.tableName, Key: partnerKey('ALL', name), UpdateExpression: 'SET aliasOf = :to', ConditionExpression: 'aliasOf = :from', ExpressionAttributeValues: { ':to': to, ':from': from } },
});

/** One more application counted on a marker, its first rating date moved earlier where this one is. */
function countedAgain(t: TableClient, key: Key, marker: Record<string, unknown>, ratedOn: string): TransactItem {
  const earlier = typeof marker.firstRatedOn !== 'string' || ratedOn < marker.firstRatedOn;
  return {
    Update: {
      TableName: t.tableName,
      Key: key,
      UpdateExpression: `ADD applications :one${earlier ? ' SET firstRatedOn = :on' : ''}`,
      // Another rating moving the date earlier than this one meanwhile fails it: read again.
      ConditionExpression: `attribute_exists(pk) AND attribute_not_exists(aliasOf)${earlier ? ' AND (attribute_not_exists(firstRatedOn) OR firstRatedOn > :on)' : ''}`,
      ExpressionAttributeValues: { ':one': 1, ...(earlier ? { ':on': ratedOn } : {}) },
    },
  };
}

/**
 * The writes that count the partner of `counts` (a rating inside the plan) in the city and its district: the marker
 * of the name it counts as (itself, or the name it is merged into) counted again, or put where none is; and the
 * scopes where it is put, where the fact adds one partner introduced.
 */
export async function partnerCounted(t: TableClient, counts: Counts, applicationId: string): Promise<{ writes: TransactItem[]; introducedIn: SummaryScope[] }> {
  const scopes = countedIn(counts);
  const writes: TransactItem[] = [];
  let name = counts.partner ?? '';
  let found = await readItems(t, scopes.map((scope) => partnerKey(scope, name)));
  for (let hops = 0; ; hops++) {
    const aliasOf = itemAt(found, partnerKey('ALL', name))?.aliasOf;
    if (typeof aliasOf !== 'string') break;
    if (hops === MAX_HOPS) {
      // Merges keep aliases one deep (./partners.ts): deeper ones are data written otherwise, which reconcile reports
      // (partner-alias-chain) and --repair shortens. Refused, nothing written: not a 500.
      throw conflict(
        `the partner "${counts.partnerName ?? counts.partner}" is merged along more than ${MAX_HOPS} aliases (or in a cycle): run npm run reconcile -- --repair, then try again`,
        'partner.name',
        `合作方“${counts.partnerName ?? counts.partner}”的合并别名超过 ${MAX_HOPS} 层（或成环）：请先运行 npm run reconcile -- --repair，再重试`,
      );
    }
    writes.push(aliasMoved(t, name, aliasOf, aliasOf));
    name = aliasOf;
    found = await readItems(t, scopes.map((scope) => partnerKey(scope, name)));
  }
  const ratedOn = counts.ratedOn ?? '';
  // A name merged into another is shown as that one's city marker shows it (where this rating counts it first).
  const displayName = name === counts.partner ? (counts.partnerName ?? name) : String(itemAt(found, partnerKey('ALL', name))?.displayName ?? name);
  const introducedIn: SummaryScope[] = [];
  for (const scope of scopes) {
    const key = partnerKey(scope, name);
    const marker = itemAt(found, key);
    if (marker) {
      writes.push(countedAgain(t, key, marker, ratedOn));
      continue;
    }
    const partner: CountedPartner = { name, scope, displayName, applications: 1, firstRatedOn: ratedOn, firstApplicationId: applicationId };
    writes.push({ Put: { TableName: t.tableName, Item: partnerItem(partner), ConditionExpression: 'attribute_not_exists(pk)' } });
    introducedIn.push(scope);
  }
  return { writes, introducedIn };
}
