/**
 * `npm run build` (functions half): one esbuild bundle per entry of functions/manifest.ts (HTTP functions and jobs),
 * written to functions/dist/<name>/index.mjs — ESM for Node 22, minified, the AWS SDK bundled (not taken from the runtime, so
 * the code that ran in tests is the code deployed). No timestamps or absolute paths in the output: the same source
 * gives the same bytes, so the CDK asset hash changes only when the code does. Handler: `index.handler`.
 */
import { rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { FUNCTIONS, JOBS } from './manifest.js';

const ROOT = resolve(import.meta.dirname, '..');
export const DIST = resolve(ROOT, 'functions/dist');

/**
 * zod re-exports all of its ~40 message locales (`z.locales`), ~250 KB that no function uses (messages are English,
 * and the rules module gives the 中文 ones). Only `en`, which zod installs by default, is kept.
 */
const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${'node_modules'}/zod/`) ? { path: 'zod-locales', namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, () => ({
      contents: "export { default as en } from './node_modules/zod/v4/locales/en.js';",
      resolveDir: ROOT,
    }));
  },
};

/**
 * @smithy/core loads its event-stream serde (~15 KB) only for operations with event streams, which DynamoDB has none
 * of: in its place a module that says so if it were ever asked.
 */
const noEventStreams: Plugin = {
  name: 'no-event-streams',
  setup(b) {
    b.onResolve({ filter: /^@smithy\/core\/event-streams$/ }, () => ({ path: 'event-streams', namespace: 'no-event-streams' }));
    b.onLoad({ filter: /.*/, namespace: 'no-event-streams' }, () => ({
      contents:
        // A function, not an arrow: `new EventStreamSerde(...)` must reach the message too.
        "function none() { throw new Error('event streams are not bundled: no DynamoDB operation has them'); }\n" +
        'export { none as EventStreamSerde, none as eventStreamSerdeProvider };',
    }));
  },
};

/**
 * /openapi.json made here, at build time, by functions/http/openapi.ts, and bundled in place of that module gzipped
 * (27 KB of JSON is 4 KB so), unpacked on the first request: the policy function carries neither the generator nor
 * the other functions' routes, and stays under 300 KB.
 */
function prebuiltOpenApi(document: object): Plugin {
  const packed = gzipSync(JSON.stringify(document), { level: 9 }).toString('base64');
  return {
    name: 'prebuilt-openapi',
    setup(b) {
      b.onLoad({ filter: /[\\/]functions[\\/]http[\\/]openapi\.ts$/ }, () => ({
        contents:
          "import { gunzipSync } from 'node:zlib';\nlet document;\n" +
          `export function openApiDocument() { return (document ??= JSON.parse(gunzipSync(Buffer.from('${packed}', 'base64')).toString('utf8'))); }`,
        loader: 'js',
      }));
    },
  };
}

export interface BuiltFunction {
  readonly name: string;
  readonly file: string;
  readonly bytes: number;
}

/** `outDir` is functions/dist unless a test builds elsewhere (so it never races a stack reading the real one). */
export async function buildFunctions(outDir: string = DIST, options: { quiet?: boolean } = {}): Promise<BuiltFunction[]> {
  rmSync(outDir, { recursive: true, force: true });
  const { openApiDocument } = await import('./http/openapi.js');
  const openApi = prebuiltOpenApi(openApiDocument());
  const built = await Promise.all(
    [...FUNCTIONS, ...JOBS].map(async (fn) => {
      const file = resolve(outDir, fn.name, 'index.mjs');
      const result = await build({
        absWorkingDir: ROOT,
        entryPoints: [resolve(ROOT, fn.entry)],
        outfile: file,
        bundle: true,
        format: 'esm',
        platform: 'node',
        target: 'node22',
        minify: true,
        treeShaking: true,
        mainFields: ['module', 'main'],
        legalComments: 'none',
        // Node reads the file as UTF-8: the 中文 text stays 3 bytes a character instead of 6-byte \u escapes.
        charset: 'utf8',
        sourcemap: false,
        metafile: true,
        plugins: [zodEnglishOnly, noEventStreams, openApi],
        alias: { '@aws-sdk/credential-provider-node': './functions/aws/lambda-credentials.ts' },
        logLevel: 'warning',
        // Some bundled CommonJS code calls require() for Node built-ins: give the ESM bundle one.
        banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
      });
      const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
      return { name: fn.name, file, bytes };
    }),
  );
  if (!options.quiet) for (const b of built) console.log(`  ${b.name.padEnd(14)} ${(b.bytes / 1024).toFixed(1).padStart(7)} KB  functions/dist/${b.name}/index.mjs`);
  return built;
}
