/**
 * Partners in DynamoDB (DynamoStore delegates here): the listing of one scope's partners, and a merge of two names
 * (POST /partners/merge) as one transaction. Counting a partner when a rating commits is ./partner-markers.ts; the
 * layout is ./items.ts.
 *
 * A merge is conditioned on both names' city items as read (every rating of a name writes its city item, and a merge
 * turns the merged name's city item into its alias), so a rating or another merge committing meanwhile makes it read
 * again: the counts stay exact however they race. Every merge also adds one to `merges` on its target's city item, and
 * a merge of a counted name is conditioned on that number as read: a merge into `name` committing meanwhile (even of
 * a name nobody rated, which moves no applications) makes it read again and move that alias too, so aliases stay one
 * deep.
 */
import { DISTRICTS } from '../../../shared/index.js';
import type { CountedPartner, MergeState, PartnerAlias, PartnerMerge } from '../../domain/partners.js';
import type { SummaryScope } from '../../domain/records.js';
import type { FactTrail } from '../store.js';
import { itemAt, queryRange, readItems, type TableClient } from './client.js';
import { stillHolds } from './conditions.js';
import { commitFact, putNewItem, type TransactItem } from './facts.js';
import { aliasItem, keyString, mergeKey, partnerItem, partnerKey, partnersRange } from './items.js';
import { aliasMoved, partnerOf } from './partner-markers.js';

/** The partners of one scope and every alias: the scope's partition (one Query) and, for a district, the city's too. */
export async function partners(t: TableClient, scope: SummaryScope): Promise<{ partners: CountedPartner[]; aliases: PartnerAlias[] }> {
  const [own, city] = await Promise.all([queryRange(t, partnersRange(scope)), scope === 'ALL' ? undefined : queryRange(t, partnersRange('ALL'))]);
  const out = { partners: [] as CountedPartner[], aliases: [] as PartnerAlias[] };
  for (const item of own) {
    const p = partnerOf(item);
    if (p.kind === 'counted') out.partners.push(p.partner);
    else if (p.kind === 'alias') out.aliases.push(p.alias);
  }
  for (const item of city ?? []) {
    const p = partnerOf(item);
    if (p.kind === 'alias') out.aliases.push(p.alias);
  }
  return out;
}

const counted = (item: Record<string, unknown> | undefined): CountedPartner | undefined => {
  const p = partnerOf(item);
  return p.kind === 'counted' ? p.partner : undefined;
};

/** How many merges into it a city item has taken (`ADD merges`; none on items written before it was kept). */
const mergesOf = (item: Record<string, unknown> | undefined): number => Number(item?.merges ?? 0);

/**
 * Both names in the city and in every district (one BatchGetItem), and the aliases of `name` (one Query); and
 * `nameMerges`, the merges into `name` its city item says were done (what this merge's guard is conditioned on).
 */
async function readMerge(t: TableClient, name: string, into: string): Promise<{ state: MergeState; nameMerges: number }> {
  const scopes: SummaryScope[] = ['ALL', ...DISTRICTS.codes];
  const [found, city] = await Promise.all([readItems(t, scopes.flatMap((scope) => [partnerKey(scope, name), partnerKey(scope, into)])), queryRange(t, partnersRange('ALL'), true)]);
  const districts: MergeState['districts'][number][] = [];
  for (const district of DISTRICTS.codes) {
    const named = counted(itemAt(found, partnerKey(district, name)));
    const target = counted(itemAt(found, partnerKey(district, into)));
    if (named) districts.push({ district, name: named, ...(target ? { into: target } : {}) });
  }
  const aliasesOfName = city.flatMap((item) => {
    const p = partnerOf(item);
    return p.kind === 'alias' && p.alias.aliasOf === name ? [p.alias] : [];
  });
  const nameItem = itemAt(found, partnerKey('ALL', name));
  return { state: { name: partnerOf(nameItem), into: partnerOf(itemAt(found, partnerKey('ALL', into))), districts, aliasesOfName }, nameMerges: mergesOf(nameItem) };
}

/**
 * `into`'s marker with `name`'s applications added to it, set on condition it still counts what was read; the city
 * marker also counts the merge (`ADD merges`), which a merge of `into` racing this one is conditioned on.
 */
function mergedInto(t: TableClient, target: CountedPartner, named: CountedPartner): TransactItem {
  const first = named.firstRatedOn < target.firstRatedOn ? named.firstRatedOn : target.firstRatedOn;
  const city = target.scope === 'ALL';
  return {
    Update: {
      TableName: t.tableName,
      Key: partnerKey(target.scope, target.name),
      UpdateExpression: `SET applications = :sum, firstRatedOn = :first${city ? ' ADD merges :one' : ''}`,
      ConditionExpression: 'applications = :read AND attribute_not_exists(aliasOf)',
      ExpressionAttributeValues: { ':sum': target.applications + named.applications, ':first': first, ':read': target.applications, ...(city ? { ':one': 1 } : {}) },
    },
  };
}

/** The writes of a merge as `merge` records it, from what was read (`state`). */
function mergeWrites(t: TableClient, state: MergeState, nameMerges: number, merge: PartnerMerge): TransactItem[] {
  if (state.into.kind !== 'counted' || state.name.kind === 'alias') throw new Error('a merge is recorded only into a counted partner, of a name not merged');
  const target = state.into.partner;
  const named = state.name.kind === 'counted' ? state.name.partner : undefined;
  const alias: PartnerAlias = {
    name: merge.name,
    aliasOf: merge.into,
    displayName: merge.displayName,
    mergedAt: merge.mergedAt,
    mergedBy: merge.mergedBy,
    ...(merge.reason !== undefined ? { reason: merge.reason } : {}),
  };
  // The guard: the name's city item becomes its alias, on condition it is still what was read: its applications, and
  // the merges into it (a merge into it meanwhile added an alias this one must move too).
  const guard: TransactItem = {
    Put: {
      TableName: t.tableName,
      Item: aliasItem(alias),
      ...(named
        ? {
            ConditionExpression: `applications = :read AND attribute_not_exists(aliasOf) AND ${stillHolds('merges', ':merges', nameMerges, 0)}`,
            ExpressionAttributeValues: { ':read': named.applications, ':merges': nameMerges },
          }
        : { ConditionExpression: 'attribute_not_exists(pk)' }),
    },
  };
  // `into`'s city marker takes the name's applications (where it was counted), or is left as it is: either way on
  // condition it is still what was read, so a merge of `into` into another meanwhile makes this one read again.
  const writes: TransactItem[] = [guard, mergedInto(t, target, named ?? { ...target, applications: 0 })];
  for (const d of state.districts) {
    writes.push({
      Delete: { TableName: t.tableName, Key: partnerKey(d.district, d.name.name), ConditionExpression: 'applications = :read', ExpressionAttributeValues: { ':read': d.name.applications } },
    });
    if (d.into) writes.push(mergedInto(t, d.into, d.name));
    else writes.push(putNewItem(t, partnerItem({ ...d.name, name: target.name, displayName: target.displayName })));
  }
  for (const earlier of state.aliasesOfName) writes.push(aliasMoved(t, earlier.name, merge.name, merge.into));
  writes.push(putNewItem(t, { ...mergeKey(merge.mergedAt, merge.id), entity: 'PARTNER_MERGE', ...merge }));
  return writes;
}

/**
 * A merge: read, `record` asked (it refuses by throwing), written in one transaction with its trail. Another merge of
 * the name, or a rating of it, committed meanwhile moves the guard: read again (and `record` answers it anew: already
 * merged, or counted in one more district).
 */
export function mergePartners(t: TableClient, name: string, into: string, record: (state: MergeState) => { readonly merge: PartnerMerge; readonly trail: FactTrail }): Promise<PartnerMerge> {
  const guard = partnerKey('ALL', name);
  return commitFact(
    t,
    async () => {
      const { state, nameMerges } = await readMerge(t, name, into);
      const { merge, trail } = record(state);
      return { writes: mergeWrites(t, state, nameMerges, merge), trail, result: merge };
    },
    { guardMoves: true, guardKey: keyString(guard) },
  );
}
