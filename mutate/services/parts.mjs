// One services file (or a few) at a time: `node mutate/services/run.mjs <file.ts,...> <test.ts,...>`, so each run is
// short on a 2-core machine shared with other work. MUTATE_FILES / MUTATE_TESTS (comma-separated) carry the choice to
// mutate/services/stryker.config.mjs and mutate/services/vitest.config.ts.
export function chosen() {
  const files = (process.env.MUTATE_FILES ?? '').split(',').filter(Boolean);
  const tests = (process.env.MUTATE_TESTS ?? '').split(',').filter(Boolean);
  if (files.length === 0 || tests.length === 0) throw new Error('MUTATE_FILES and MUTATE_TESTS must each name at least one file');
  return { files, tests, name: files.map((f) => f.replace(/^.*\//, '').replace(/\.ts$/, '')).join('+') };
}
