/** The idempotency module's surface: the middleware, its persistence port and the DynamoDB adapter. */
export { idempotent, KEPT_STATUSES } from './middleware.js';
export { BasePersistenceLayer, ClaimContendedError, IDEMPOTENCY_RETENTION_SECONDS, MAX_CLAIM_ATTEMPTS } from './persistence.js';
export type { ClaimResult, IdempotencyRecord, RequestKey } from './persistence.js';
export { DynamoDBPersistenceLayer } from './dynamodb.js';
