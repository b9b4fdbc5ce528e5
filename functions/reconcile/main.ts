/**
 * `npm run reconcile [-- --repair]`: recomputes every derived figure from the records and prints each drift, one line
 * each, then `reconcile: N drift(s)` (`reconcile: 0 drift` when clean).
 *
 * Which table:
 * - `npm start`'s (default): `DATA_DIR` (default `.data`), table `kechuang`. The DynamoDB Local that `npm start` runs
 *   on it (DATA_DIR/dynamodb/store.json) is used if alive, else one is started on that data and stopped after.
 * - a deployed table: `TABLE_NAME=<the stack's TableName output>` with `DATA_DIR` unset, `AWS_REGION` (the
 *   stack's region; default us-east-1) and credentials the AWS SDK finds: `AWS_ACCESS_KEY_ID`,
 *   `AWS_SECRET_ACCESS_KEY` (and `AWS_SESSION_TOKEN` for temporary ones), or `AWS_PROFILE`. Reporting needs
 *   dynamodb:Scan on the table; `--repair` also Query, PutItem, UpdateItem, DeleteItem.
 *
 * Exit code: 0 clean (or all mended by --repair), 1 drift left, 2 could not run. Progress: a line on stderr per
 * 10,000 items scanned.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { existsSync } = await import('node:fs');
const { join, resolve } = await import('node:path');
const { describeDrift, reconcile } = await import('./index.js');
const { tableClient } = await import('../store/dynamodb/client.js');

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--repair');
if (unknown.length > 0) {
  console.error(`reconcile: unknown argument ${unknown.join(' ')} (usage: npm run reconcile [-- --repair])`);
  process.exit(2);
}
const repair = args.includes('--repair');
const drifts = (n: number) => `reconcile: ${n} ${n === 1 || n === 0 ? 'drift' : 'drifts'}`;

let stopStore: (() => Promise<void>) | undefined;
let code = 2;
try {
  if (process.env.DATA_DIR || !process.env.TABLE_NAME) {
    const dataDir = resolve(process.env.DATA_DIR || '.data');
    const storeDir = join(dataDir, 'dynamodb');
    if (!existsSync(storeDir)) throw new Error(`no data in ${dataDir} (no ${storeDir}): run \`npm start\` with DATA_DIR=${dataDir} first, or set TABLE_NAME for a deployed table`);
    const { hasTable, startLocalStore } = await import('../local/store.js');
    const { TABLE_NAME } = await import('../local/server.js');
    const store = await startLocalStore(storeDir);
    // A store `npm start` is using stays up; one started here stops after.
    if (!store.reused) stopStore = () => store.close();
    if (!(await hasTable(store.endpoint, TABLE_NAME))) throw new Error(`no table ${TABLE_NAME} in ${dataDir}: run \`npm start\` with DATA_DIR=${dataDir} first`);
    process.env.TABLE_NAME = TABLE_NAME;
    process.env.DYNAMODB_ENDPOINT = store.endpoint;
    console.error(`reconcile: table ${TABLE_NAME} of ${dataDir} (DynamoDB Local at ${store.endpoint}${store.reused ? ', the running one' : ''})`);
  } else {
    console.error(`reconcile: table ${process.env.TABLE_NAME}${process.env.DYNAMODB_ENDPOINT ? ` at ${process.env.DYNAMODB_ENDPOINT}` : ` in ${process.env.AWS_REGION ?? 'us-east-1'}`}`);
  }

  const result = await reconcile(tableClient(), { repair, onProgress: (n) => console.error(`reconcile: ${n} items scanned`) });
  for (const drift of result.found) console.log(describeDrift(drift));
  if (repair && result.found.length > 0) {
    for (const drift of result.repaired) console.log(`repaired: ${describeDrift(drift)}`);
    for (const { drift, reason } of result.unrepaired) console.log(`not repaired (${reason}): ${describeDrift(drift)}`);
    for (const drift of result.remaining) console.log(`left: ${describeDrift(drift)}`);
    console.log(`reconcile: ${result.repaired.length} repaired, ${result.scanned} items`);
  }
  console.log(drifts(result.remaining.length));
  code = result.remaining.length === 0 ? 0 : 1;
} catch (error) {
  console.error(`reconcile: could not run: ${error instanceof Error ? error.message : String(error)}`);
  code = 2;
} finally {
  await stopStore?.();
}
process.exit(code);
export {};
