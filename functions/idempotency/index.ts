/** The idempotency module's surface: the middleware, its persistence port and the DynamoDB adapter. */
export { idempotent, KEPT_STATUSES, RequestClaim, requestHash } from './middleware.js';
export { AnsweredMeanwhile, BasePersistenceLayer, IDEMPOTENCY_RETENTION_SECONDS } from './persistence.js';
export type { FactAnswer, IdempotencyRecord, RequestKey } from './persistence.js';
export { answerItem, DynamoDBPersistenceLayer } from './dynamodb.js';
