/**
 * The DynamoDB adapter of the idempotency persistence port (./persistence.ts), on the API's one table: one item per
 * claim, keyed as ../store/dynamodb/items.ts lays out. Claims are the table's only items that expire (TTL).
 */
import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailed, putIfAbsent, tableClient } from '../store/dynamodb/client.js';
import { idempotencyKey } from '../store/dynamodb/items.js';
import { TABLE_DEFINITION } from '../store/table-definition.js';
import { BasePersistenceLayer, type IdempotencyRecord, type RequestKey } from './persistence.js';

const keyOf = (id: RequestKey) => idempotencyKey(id.caller, id.route, id.key);

export class DynamoDBPersistenceLayer extends BasePersistenceLayer {
  private get t() {
    return tableClient();
  }

  protected putIfAbsent(id: RequestKey, record: IdempotencyRecord): Promise<boolean> {
    const { expiresAt, ...rest } = record;
    return putIfAbsent(this.t, { ...keyOf(id), entity: 'IDEMPOTENCY', ...rest, [TABLE_DEFINITION.timeToLiveAttribute]: expiresAt });
  }

  async get(id: RequestKey): Promise<IdempotencyRecord | undefined> {
    const { Item } = await this.t.doc.send(new GetCommand({ TableName: this.t.tableName, Key: keyOf(id), ConsistentRead: true }));
    if (!Item) return undefined;
    return {
      requestHash: String(Item.requestHash),
      state: Item.state === 'DONE' ? 'DONE' : 'PENDING',
      ...(typeof Item.status === 'number' ? { status: Item.status } : {}),
      ...(typeof Item.body === 'string' ? { body: Item.body } : {}),
      startedAt: Number(Item.startedAt),
      expiresAt: Number(Item[TABLE_DEFINITION.timeToLiveAttribute]),
    };
  }

  async complete(id: RequestKey, status: number, body: string): Promise<void> {
    await this.t.doc.send(
      new UpdateCommand({
        TableName: this.t.tableName,
        Key: keyOf(id),
        UpdateExpression: 'SET #state = :done, #status = :status, body = :body',
        ExpressionAttributeNames: { '#state': 'state', '#status': 'status' },
        ExpressionAttributeValues: { ':done': 'DONE', ':status': status, ':body': body },
      }),
    );
  }

  async release(id: RequestKey): Promise<void> {
    await this.t.doc
      .send(
        new DeleteCommand({
          TableName: this.t.tableName,
          Key: keyOf(id),
          // Only a claim still unanswered: an answer, once kept, is never taken back.
          ConditionExpression: '#state = :pending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':pending': 'PENDING' },
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailed(error)) throw error;
      });
  }
}
