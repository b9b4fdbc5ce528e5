/**
 * `npm start`: the whole cloud API on this machine. PORT (default 3000), DATA_DIR (default .data/),
 * ADMIN_API_KEY (default: one made on first start and kept in DATA_DIR/admin-key, mode 600).
 */
// Node 20 here: the SDK's notice about future Node versions is noise for a local run (set before the SDK loads).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { startLocalServer } = await import('./server.js');

const port = Number(process.env.PORT ?? 3000);
const server = await startLocalServer({ port, dataDir: process.env.DATA_DIR || '.data' });

console.log(`Kechuang API listening on ${server.url}`);
console.log(`data: ${server.dataDir} (DynamoDB Local at ${server.storeEndpoint}, table kechuang)`);
console.log(`admin API key (${server.adminKeySource === 'env' ? 'from ADMIN_API_KEY' : `kept in ${server.dataDir}/admin-key`}): ${server.adminKey}`);
console.log(`try: curl -s ${server.url}/policy -H 'x-api-key: ${server.adminKey}'`);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping`);
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
export {};
