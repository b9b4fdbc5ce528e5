/**
 * The DynamoDB document client, made once per process (a Lambda container keeps it between invocations).
 * `DYNAMODB_ENDPOINT` points it at DynamoDB Local (dummy credentials unless the environment has some); on AWS the
 * role's credentials from the environment are used.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, QueryCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { keyString, type Key, type Range } from './items.js';

export interface TableClient {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
}

let made: (TableClient & { readonly endpoint: string | undefined }) | undefined;

/** The one client of this process, made on first use from the environment. */
export function tableClient(): TableClient {
  const endpoint = process.env.DYNAMODB_ENDPOINT || undefined;
  if (made) {
    if (made.endpoint !== endpoint) throw new Error('DYNAMODB_ENDPOINT changed after the client was made: one store per process');
    return made;
  }
  const tableName = process.env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is not set');
  const client = new DynamoDBClient({
    region: process.env.AWS_REGION ?? 'us-east-1',
    // Locally, DynamoDB Local takes any credentials: the environment's if set, else dummies.
    ...(endpoint ? { endpoint, ...(process.env.AWS_ACCESS_KEY_ID ? {} : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }) } : {}),
    maxAttempts: 5,
  });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  made = { doc, tableName, endpoint };
  return made;
}

/** True for the SDK error a failed ConditionExpression raises. */
export function isConditionFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** The item at `key`, read strongly consistent (what a guard is checked against); undefined where there is none. */
export async function getConsistent(t: TableClient, key: Key): Promise<Record<string, unknown> | undefined> {
  const { Item } = await t.doc.send(new GetCommand({ TableName: t.tableName, Key: key, ConsistentRead: true }));
  return Item;
}

/** Keys one BatchGetItem takes. */
const BATCH = 100;

/** The items at `keys`, read strongly consistent (BatchGetItem, again for any it leaves unprocessed), by `pk|sk`. */
export async function readItems(t: TableClient, keys: readonly Key[]): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < keys.length; i += BATCH) {
    let wanted: Record<string, unknown>[] | undefined = keys.slice(i, i + BATCH).map((k) => ({ ...k }));
    while (wanted && wanted.length > 0) {
      const answer: BatchGetCommandOutput = await t.doc.send(new BatchGetCommand({ RequestItems: { [t.tableName]: { Keys: wanted, ConsistentRead: true } } }));
      for (const item of answer.Responses?.[t.tableName] ?? []) found.set(keyString({ pk: String(item.pk), sk: String(item.sk) }), item);
      wanted = answer.UnprocessedKeys?.[t.tableName]?.Keys;
    }
  }
  return found;
}

/** The item at `key` among those read. */
export const itemAt = (found: ReadonlyMap<string, Record<string, unknown>>, key: Key) => found.get(keyString(key));

/** Every item of `range` (./items.ts), in sort-key order, page after page; `consistent` for a strongly consistent read. */
export async function queryRange(t: TableClient, range: Range, consistent = false): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await t.doc.send(
      new QueryCommand({
        TableName: t.tableName,
        ...('prefix' in range
          ? { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': range.pk, ':prefix': range.prefix } }
          : { KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi', ExpressionAttributeValues: { ':pk': range.pk, ':lo': range.from, ':hi': range.to } }),
        ...(consistent ? { ConsistentRead: true } : {}),
        ExclusiveStartKey: start,
      }),
    );
    out.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}
