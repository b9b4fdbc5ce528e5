/**
 * `npm start`: the whole cloud API on this machine. PORT (default 3000), DATA_DIR (default .data/),
 * ADMIN_API_KEY (at least 24 characters; default: one made on first start and kept in DATA_DIR/admin-key, mode 600).
 * The admin key is printed only on the start that makes it; otherwise this says where it is, never what it is.
 */
// Node 20 here: the SDK's notice about future Node versions is noise for a local run (set before the SDK loads).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { AdminKeyRefused, startLocalServer } = await import('./server.js');

const port = Number(process.env.PORT ?? 3000);
const server = await startLocalServer({ port, dataDir: process.env.DATA_DIR || '.data' }).catch((error: unknown) => {
  if (!(error instanceof AdminKeyRefused)) throw error;
  console.error(`npm start: ${error.message}`);
  console.error(`npm start：${error.messageZh}`);
  process.exit(2);
});

const keyFile = `${server.dataDir}/admin-key`;
console.log(`Kechuang API listening on ${server.url}`);
console.log(`data: ${server.dataDir} (DynamoDB Local at ${server.storeEndpoint}, table kechuang)`);
if (server.adminKeySource === 'generated') {
  console.log(`admin API key (made now, kept in ${keyFile}, mode 600; shown this once): ${server.adminKey}`);
  console.log(`try: curl -s ${server.url}/policy -H "x-api-key: $(cat ${keyFile})"`);
} else if (server.adminKeySource === 'env') {
  console.log('admin API key (from ADMIN_API_KEY): not printed');
  console.log(`try: curl -s ${server.url}/policy -H "x-api-key: $ADMIN_API_KEY"`);
} else {
  console.log(`admin API key (kept in ${keyFile}): not printed`);
  console.log(`try: curl -s ${server.url}/policy -H "x-api-key: $(cat ${keyFile})"`);
}

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
