/**
 * The embedded DynamoDB-compatible store for `npm start` and the tests: dynalite in this process, persisted with
 * LevelDB under `dataDir` (in memory without one), and the table of TABLE_DEFINITION created on first start.
 */
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { keyAttributes, TABLE_DEFINITION } from '../store/table-definition.js';

export interface EmbeddedStore {
  readonly endpoint: string;
  close(): Promise<void>;
}

export async function startDynalite(dataDir: string | undefined): Promise<EmbeddedStore> {
  const server = dynalite({ ...(dataDir ? { path: dataDir } : {}), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** Creates the table if it is not there yet (first start); a restart finds it in `dataDir`. */
export async function ensureTable(endpoint: string, tableName: string): Promise<'created' | 'existing'> {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return 'existing';
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const key = (partition: string, sort: string) => [
    { AttributeName: partition, KeyType: 'HASH' as const },
    { AttributeName: sort, KeyType: 'RANGE' as const },
  ];
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: keyAttributes().map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
      KeySchema: key(TABLE_DEFINITION.partitionKey, TABLE_DEFINITION.sortKey),
      GlobalSecondaryIndexes: TABLE_DEFINITION.indexes.map((i) => ({
        IndexName: i.indexName,
        KeySchema: key(i.partitionKey, i.sortKey),
        Projection: { ProjectionType: 'ALL' as const },
      })),
    }),
  );
  client.destroy();
  return 'created';
}
