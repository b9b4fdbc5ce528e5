/**
 * The Lambda functions and the HTTP API routes each one serves (CONTRACT.md §3). One list, read by the build
 * (one esbuild bundle per function in functions/dist/<name>/index.mjs), by the local server (which turns a request
 * into the API Gateway v2 event of the matching route) and by the CDK stack (routes, grants). Change it here only.
 */

/** The DynamoDB actions a function needs: the stack grants exactly these on the table and its indexes. */
export type TableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:Query'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:BatchWriteItem'
  | 'dynamodb:Scan';

export interface FunctionSpec {
  /** Bundle folder under functions/dist and the function's logical name. */
  readonly name: string;
  /** Source entry (exports `handler`). */
  readonly entry: string;
  /** API Gateway route keys: `METHOD /path/{param}`. */
  readonly routes: readonly string[];
  readonly tableActions: readonly TableAction[];
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
}

const READ: readonly TableAction[] = ['dynamodb:GetItem', 'dynamodb:Query'];
const WRITE: readonly TableAction[] = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

export const FUNCTIONS: readonly FunctionSpec[] = [
  {
    name: 'policy',
    entry: 'functions/handlers/policy.ts',
    // HEAD /health: an HTTP API route matches one method, so HEAD needs its own (Hono answers it with GET's route).
    routes: ['GET /health', 'HEAD /health', 'GET /policy', 'POST /calculate', 'POST /calculate/transfer-subsidy', 'GET /openapi.json'],
    tableActions: READ, // the API key lookup
    memoryMb: 256,
    timeoutSeconds: 5,
  },
  {
    name: 'applications',
    entry: 'functions/handlers/applications.ts',
    routes: [
      'POST /applications',
      'GET /applications',
      'GET /applications/{id}',
      'POST /applications/{id}/rating',
      'POST /applications/{id}/payments',
      'GET /applications/{id}/payments',
      'POST /applications/{id}/approvals',
      'POST /applications/{id}/payments/{paymentId}/void',
      'GET /applications/{id}/history',
      'PATCH /applications/{id}',
      'POST /applications/{id}/withdraw',
      'POST /applications/{id}/reject',
      'POST /applications/{id}/support',
    ],
    // BatchGetItem: a rating reads its partner's markers (city, district) before its transaction. DeleteItem: a
    // withdrawal, a rejection or an amendment releases its duplicate marker (inside its transaction).
    tableActions: [...WRITE, 'dynamodb:BatchGetItem', 'dynamodb:DeleteItem'],
    memoryMb: 512,
    timeoutSeconds: 10,
  },
  {
    name: 'achievements',
    entry: 'functions/handlers/achievements.ts',
    // GET /applications/{id}/achievements too: its answer is this function's GET /achievements/{id}, once per achievement.
    routes: ['POST /achievements', 'GET /achievements/{id}', 'POST /achievements/{id}/receipts', 'POST /achievements/{id}/receipts/{receiptId}/void', 'GET /applications/{id}/achievements'],
    tableActions: WRITE,
    memoryMb: 512,
    timeoutSeconds: 10,
  },
  {
    name: 'reports',
    entry: 'functions/handlers/reports.ts',
    routes: ['GET /reports/summary'],
    tableActions: READ, // the key lookup and the summary's shards (one Query)
    memoryMb: 256,
    timeoutSeconds: 5,
  },
  {
    name: 'export',
    entry: 'functions/handlers/export.ts',
    routes: ['GET /reports/export.xlsx'],
    // Its own function, not reports': exceljs (about 500 KB of bundle) and the memory and time a workbook needs stay
    // out of the summary. The key lookup, the summary's shards, the listing index (every application, page by page)
    // and each application's records (GetItem, Query).
    tableActions: READ,
    // 1,769 MB is one whole vCPU: writing 2,000 applications (19 rows each), the most an export holds, takes 8–10 s
    // of it and 600–700 MB (functions/services/export.ts EXPORT_MAX_APPLICATIONS has the figures, measured by `npm run
    // bench -- export`); 29 s is as long as API Gateway's HTTP API waits (30 s).
    memoryMb: 1769,
    timeoutSeconds: 29,
  },
  {
    name: 'partners',
    entry: 'functions/handlers/partners.ts',
    routes: ['GET /partners', 'POST /partners/merge'],
    // Its own function, not reports': a merge writes (the summary's function stays read-only). BatchGetItem: a merge
    // reads both names' markers in every scope. DeleteItem: it deletes the merged name's district markers (inside
    // its transaction).
    tableActions: [...WRITE, 'dynamodb:BatchGetItem', 'dynamodb:DeleteItem'],
    memoryMb: 256,
    timeoutSeconds: 10,
  },
  {
    name: 'keys',
    entry: 'functions/handlers/keys.ts',
    routes: ['POST /keys', 'GET /keys', 'GET /keys/me', 'POST /keys/{id}/revoke'],
    tableActions: WRITE, // a key and its listing entry are one TransactWriteItems of Puts (a revocation: of Updates)
    memoryMb: 256,
    timeoutSeconds: 5,
  },
];

/**
 * Functions no HTTP route reaches: each runs on its EventBridge schedule (built like the others, into
 * functions/dist/<name>/index.mjs).
 */
export interface JobSpec {
  readonly name: string;
  readonly entry: string;
  /** What it does, for the function's description. */
  readonly description: string;
  /** An EventBridge schedule expression (UTC). */
  readonly schedule: string;
  readonly tableActions: readonly TableAction[];
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
}

export const JOBS: readonly JobSpec[] = [
  {
    name: 'reconcile',
    entry: 'functions/handlers/reconcile.ts',
    description: 'reconcile, report-only: every derived figure recomputed from the records, the drift count as a metric',
    // 03:00 in Chongqing (UTC+8), when nobody is entering records.
    schedule: 'cron(0 19 * * ? *)',
    // Report-only: it reads the whole table with Scan and writes nothing (mending is `npm run reconcile -- --repair`).
    tableActions: ['dynamodb:Scan'],
    memoryMb: 1024,
    // Lambda's longest (15 minutes) for a Scan of the whole table; past that size, run the CLI instead (README).
    timeoutSeconds: 900,
  },
];

/**
 * The function that answers API Gateway's `$default` route: any request no route above matches. Its app answers
 * with the contract's error shape (404 NOT_FOUND), as the local server does, instead of API Gateway's own
 * `{"message":"Not Found"}`.
 */
export const DEFAULT_ROUTE_FUNCTION = 'policy';
