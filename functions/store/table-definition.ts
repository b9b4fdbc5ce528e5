/**
 * The one definition of the DynamoDB table: key schema and global secondary indexes. The DynamoDB store, the local
 * server's table creation (DynamoDB Local) and the CDK stack all read this, so the three cannot drift.
 *
 * Single-table design: `pk`/`sk` strings; each GSI has its own `gsiNpk`/`gsiNsk` attributes, written only on the
 * items that index should hold (sparse indexes: only applications). All indexes project ALL attributes.
 * Item layout: functions/store/dynamodb/items.ts.
 */

export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

export interface TableDefinition {
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly indexes: readonly IndexDefinition[];
  /**
   * DynamoDB deletes an item some time after the epoch second in this attribute (TTL). Only Idempotency-Key answers
   * carry it (functions/idempotency): nothing that records money ever expires. Locally (DynamoDB Local, TTL not
   * turned on) they are simply kept.
   */
  readonly timeToLiveAttribute: string;
}

export const TABLE_DEFINITION: TableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    { indexName: 'byDistrict', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { indexName: 'byCategory', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    { indexName: 'byStatus', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    { indexName: 'byField', partitionKey: 'gsi4pk', sortKey: 'gsi4sk' },
    // GET /applications with no filter: every application, newest first, without a Scan.
    { indexName: 'all', partitionKey: 'gsi5pk', sortKey: 'gsi5sk' },
  ],
  timeToLiveAttribute: 'expiresAt',
};

/** Every key attribute (all strings), for AttributeDefinitions. */
export function keyAttributes(definition: TableDefinition = TABLE_DEFINITION): string[] {
  const names = [definition.partitionKey, definition.sortKey];
  for (const index of definition.indexes) names.push(index.partitionKey, index.sortKey);
  return names;
}
