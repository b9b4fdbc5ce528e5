/**
 * The single-table layout: every key the adapter writes, in one place.
 *
 *   pk                         sk                     what
 *   APP#<id>                   A                      application (+ gsi1..5 for listing)
 *   APP#<id>                   LEDGER#<year>#<item>   money paid for one application·item·year (the cap's guard)
 *   APP#<id>                   PAY#<at>#<id>          one payment
 *   APP#<id>                   EVT#<at>#<rand>        one history event (append-only)
 *   ACH#<id>                   A                      achievement + its receipt counter (the 5% cap's guard)
 *   ACH#<id>                   RCPT#<seq>             one receipt
 *   KEY#<sha256>               K                      an API key, by the hash of the key
 *   SUMMARY#<scope>            S                      summary counters (scope ALL or a district)
 *   PARTNER#<scope>#<name>     P                      a partner already counted (normalised name)
 *   IDEM#<scope>#<key>         I                      an Idempotency-Key's answer
 */
import type { Application, ApplicationFilter } from '../../domain/records.js';
import { TABLE_DEFINITION } from '../table-definition.js';

export const appKey = (id: string) => ({ pk: `APP#${id}`, sk: 'A' });
export const ledgerKey = (id: string, year: number, item: string) => ({ pk: `APP#${id}`, sk: `LEDGER#${year}#${item}` });
export const achievementKey = (id: string) => ({ pk: `ACH#${id}`, sk: 'A' });
export const keyKey = (hash: string) => ({ pk: `KEY#${hash}`, sk: 'K' });
export const summaryKey = (scope: string) => ({ pk: `SUMMARY#${scope}`, sk: 'S' });
export const partnerKey = (scope: string, name: string) => ({ pk: `PARTNER#${scope}#${name}`, sk: 'P' });
export const idempotencyKey = (scope: string, key: string) => ({ pk: `IDEM#${scope}#${key}`, sk: 'I' });

/** Which listing index serves which filter, most selective first; `all` serves no filter. */
export const LISTING_INDEXES = [
  { filter: 'district', index: 'byDistrict', prefix: 'DISTRICT#' },
  { filter: 'category', index: 'byCategory', prefix: 'CATEGORY#' },
  { filter: 'field', index: 'byField', prefix: 'FIELD#' },
  { filter: 'status', index: 'byStatus', prefix: 'STATUS#' },
] as const satisfies readonly { filter: keyof ApplicationFilter; index: string; prefix: string }[];
export const ALL_INDEX = 'all';

export function indexAttributes(indexName: string): { pk: string; sk: string } {
  const index = TABLE_DEFINITION.indexes.find((i) => i.indexName === indexName);
  if (!index) throw new Error(`no index ${indexName} in TABLE_DEFINITION`);
  return { pk: index.partitionKey, sk: index.sortKey };
}

/** The application item: its fields plus the sparse index keys (newest first within each partition). */
export function applicationItem(app: Application): Record<string, unknown> {
  const order = `${app.createdAt}#${app.id}`;
  const item: Record<string, unknown> = { ...appKey(app.id), entity: 'APPLICATION', ...app };
  const values: Record<string, string> = {
    district: app.district,
    category: app.category,
    field: app.field,
    status: app.status,
  };
  for (const l of LISTING_INDEXES) {
    const a = indexAttributes(l.index);
    item[a.pk] = `${l.prefix}${values[l.filter]}`;
    item[a.sk] = order;
  }
  const all = indexAttributes(ALL_INDEX);
  item[all.pk] = 'APP';
  item[all.sk] = order;
  return item;
}

const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'entity', ...TABLE_DEFINITION.indexes.flatMap((i) => [i.partitionKey, i.sortKey])]);

/** Strips the storage attributes off an item. */
export function fromItem<T>(item: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!KEY_ATTRIBUTES.has(k)) out[k] = v;
  return out as T;
}
