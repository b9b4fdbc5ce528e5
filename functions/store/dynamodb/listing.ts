/**
 * GET /applications: one Query on the index of the most selective filter (never a Scan); the other filters narrow
 * the page. `nextToken` is opaque to clients: base64url of the index, the filter it was made for and the last key.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Application, ApplicationFilter, Page } from '../../domain/records.js';
import { TABLE_DEFINITION } from '../table-definition.js';
import type { TableClient } from './client.js';
import { ALL_INDEX, ALL_PARTITION, fromItem, indexAttributes, indexPartition, LISTING_INDEXES } from './items.js';

/** A nextToken that does not belong to this listing. */
export class BadTokenError extends Error {
  override readonly name = 'BadTokenError';
}

interface Token {
  readonly f: string;
  readonly k: Record<string, string>;
}

const MAX_QUERIES_PER_PAGE = 10;

export async function queryApplications(t: TableClient, filter: ApplicationFilter, limit: number, nextToken?: string): Promise<Page<Application>> {
  const primary = LISTING_INDEXES.find((l) => filter[l.filter] !== undefined);
  const indexName = primary?.index ?? ALL_INDEX;
  const attrs = indexAttributes(indexName);
  const partition = primary ? indexPartition(primary, filter[primary.filter] ?? '') : ALL_PARTITION;
  const fingerprint = JSON.stringify([indexName, filter.district, filter.category, filter.field, filter.status]);
  let start = nextToken === undefined ? undefined : decodeToken(nextToken, fingerprint, indexName, partition);

  const names: Record<string, string> = { '#ipk': attrs.pk };
  const values: Record<string, unknown> = { ':ipk': partition };
  const conditions: string[] = [];
  for (const l of LISTING_INDEXES) {
    const value = filter[l.filter];
    if (value === undefined || l === primary) continue;
    names[`#${l.filter}`] = l.filter;
    values[`:${l.filter}`] = value;
    conditions.push(`#${l.filter} = :${l.filter}`);
  }

  const items: Application[] = [];
  let last: Record<string, unknown> | undefined;
  for (let i = 0; i < MAX_QUERIES_PER_PAGE; i++) {
    const page = await t.doc.send(
      new QueryCommand({
        TableName: t.tableName,
        IndexName: indexName,
        KeyConditionExpression: '#ipk = :ipk',
        FilterExpression: conditions.length ? conditions.join(' AND ') : undefined,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ExclusiveStartKey: start,
        ScanIndexForward: false, // newest first
        Limit: limit + 1,
      }),
    );
    for (const raw of page.Items ?? []) {
      if (items.length === limit) {
        // More remain: continue after the last item we answer.
        return { items, nextToken: encodeToken(fingerprint, keyOf(last ?? raw, attrs)) };
      }
      items.push(fromItem<Application>(raw));
      last = raw;
    }
    start = page.LastEvaluatedKey;
    if (!start) return { items };
  }
  return { items, nextToken: encodeToken(fingerprint, start as Record<string, unknown>) };
}

function keyOf(item: Record<string, unknown>, attrs: { pk: string; sk: string }): Record<string, unknown> {
  const key: Record<string, unknown> = { pk: item.pk, sk: item.sk };
  key[attrs.pk] = item[attrs.pk];
  key[attrs.sk] = item[attrs.sk];
  return key;
}

function encodeToken(fingerprint: string, key: Record<string, unknown>): string {
  const token: Token = { f: fingerprint, k: key as Record<string, string> };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeToken(text: string, fingerprint: string, indexName: string, partition: string): Record<string, string> {
  let token: unknown;
  try {
    token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new BadTokenError('nextToken is not one this API gave');
  }
  const attrs = indexAttributes(indexName);
  const expected = [TABLE_DEFINITION.partitionKey, TABLE_DEFINITION.sortKey, attrs.pk, attrs.sk].sort();
  if (
    typeof token !== 'object' ||
    token === null ||
    (token as Token).f !== fingerprint ||
    typeof (token as Token).k !== 'object' ||
    (token as Token).k === null ||
    JSON.stringify(Object.keys((token as Token).k).sort()) !== JSON.stringify(expected) ||
    !Object.values((token as Token).k).every((v) => typeof v === 'string' && v.length > 0 && v.length < 512) ||
    (token as Token).k[attrs.pk] !== partition
  ) {
    throw new BadTokenError('nextToken does not belong to this listing (its filters changed or it was altered)');
  }
  return (token as Token).k;
}
