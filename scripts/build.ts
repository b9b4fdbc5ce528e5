/**
 * `npm run build`: functions/dist (one esbuild bundle per Lambda function) and sheets-addon/dist (what clasp pushes).
 * Each side owns its builder; this only runs them and reports.
 */
import { buildFunctions } from '../functions/build.js';
import { buildAddon } from '../sheets-addon/build/build.js';

const started = Date.now();
for (const [name, build] of [
  ['functions/dist', buildFunctions],
  ['sheets-addon/dist', buildAddon],
] as const) {
  const t = Date.now();
  await build();
  console.log(`built ${name} in ${Date.now() - t} ms`);
}
console.log(`build done in ${Date.now() - started} ms`);
