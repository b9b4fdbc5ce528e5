/**
 * `npm run bench`: runs every test/bench/*.bench.ts in one process, one after another, each printing its own table.
 * Ratios are always measured within one run (a bench module runs both sides of a comparison itself).
 * `npm run bench -- NAME` runs only the modules whose file name contains NAME.
 */
import { readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const only = process.argv.slice(2);
const dir = new URL('./', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

console.log(`node ${process.version} · ${process.platform}/${process.arch} · ${new Date().toISOString()}`);
for (const file of files) {
  const mod = (await import(pathToFileURL(new URL(file, dir).pathname).href)) as { run: () => Promise<void> };
  console.log(`\n## ${file.replace('.bench.ts', '')}`);
  await mod.run();
}
