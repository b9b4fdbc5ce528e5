/**
 * `npm run build`: functions/dist (one esbuild bundle per Lambda function), the add-on's API types generated from
 * /openapi.json (sheets-addon/src/api-types.ts), and sheets-addon/dist (what clasp pushes). Each side owns its
 * builder; this only runs them in that order and reports.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { buildFunctions } from '../functions/build.js';
import { buildAddon } from '../sheets-addon/build/build.js';
import { API_TYPES_FILE, apiTypes } from './api-types.js';

/** Rewrites sheets-addon/src/api-types.ts only when the document changed, so a build leaves a clean tree clean. */
async function writeApiTypes(): Promise<void> {
  const text = await apiTypes();
  const old = (() => {
    try {
      return readFileSync(API_TYPES_FILE, 'utf8');
    } catch {
      return undefined;
    }
  })();
  if (old !== text) writeFileSync(API_TYPES_FILE, text);
}

const started = Date.now();
for (const [name, build] of [
  ['functions/dist', buildFunctions],
  ['sheets-addon/src/api-types.ts', writeApiTypes],
  ['sheets-addon/dist', buildAddon],
] as const) {
  const t = Date.now();
  await build();
  console.log(`built ${name} in ${Date.now() - t} ms`);
}
console.log(`build done in ${Date.now() - started} ms`);
