/**
 * The DynamoDB adapter of the idempotency persistence port (./persistence.ts), on the API's one table: one item per
 * answer, keyed as ../store/dynamodb/items.ts lays out. Answers are the table's only items that expire (TTL).
 * `answerItem` is the same put as a transaction item, for the store to commit with a fact.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { getConsistent, isConditionFailed, tableClient } from '../store/dynamodb/client.js';
import { idempotencyKey } from '../store/dynamodb/items.js';
import { TABLE_DEFINITION } from '../store/table-definition.js';
import { BasePersistenceLayer, type FactAnswer, type IdempotencyRecord, type RequestKey } from './persistence.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Put = NonNullable<TransactItem['Put']>;

const keyOf = (id: RequestKey) => idempotencyKey(id.caller, id.route, id.key);

/** The put that keeps an answer: never over another one. */
function put(tableName: string, { id, record }: FactAnswer): Put {
  const { expiresAt, ...rest } = record;
  return {
    TableName: tableName,
    Item: { ...keyOf(id), entity: 'IDEMPOTENCY', ...rest, [TABLE_DEFINITION.timeToLiveAttribute]: expiresAt },
    ConditionExpression: 'attribute_not_exists(pk)',
  };
}

/** The answer's put as an item of a fact's TransactWriteItems; its ConditionalCheckFailed means `AnsweredMeanwhile`. */
export const answerItem = (tableName: string, answer: FactAnswer): TransactItem => ({ Put: put(tableName, answer) });

export class DynamoDBPersistenceLayer extends BasePersistenceLayer {
  private get t() {
    return tableClient();
  }

  async get(id: RequestKey): Promise<IdempotencyRecord | undefined> {
    const item = await getConsistent(this.t, keyOf(id));
    if (!item) return undefined;
    return {
      requestHash: String(item.requestHash),
      status: Number(item.status),
      body: String(item.body),
      expiresAt: Number(item[TABLE_DEFINITION.timeToLiveAttribute]),
    };
  }

  async keep(id: RequestKey, record: IdempotencyRecord): Promise<IdempotencyRecord | undefined> {
    try {
      await this.t.doc.send(new PutCommand(put(this.t.tableName, { id, record })));
      return undefined;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
    const kept = await this.get(id);
    if (!kept) throw new Error(`Idempotency-Key ${id.key}: an answer was kept and is gone (expired?)`);
    return kept;
  }
}
