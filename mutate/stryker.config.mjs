// @ts-check
// Stryker over one part (mutate/parts.mjs), started by `npm run mutate [-- shared|services]` (mutate/run.mjs).
import { currentPart } from './parts.mjs';

const part = currentPart();
const report = part.report;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'mutate/vitest.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner', '@stryker-mutator/typescript-checker'],
  checkers: ['typescript'],
  tsconfigFile: `mutate/tsconfig.${part.name}.json`,
  coverageAnalysis: 'perTest',
  mutate: part.mutate,
  // Static mutants (code run once when a module loads: the edition's dated parameters, code tables) need a fresh
  // module graph and every test for each one: 499 of shared/'s 1,395 mutants, ~90% of the time. Skipped (reported
  // as Ignored, outside the score) unless `npm run mutate -- --static`.
  ignoreStatic: process.env.MUTATE_STATIC !== '1',
  // One checker process and two test runners on a 2-core machine.
  concurrency: Number(process.env.MUTATE_CONCURRENCY ?? 3),
  // An API test file's run includes its beforeAll (DynamoDB Local's JVM start), slow on a loaded machine.
  timeoutMS: 60_000,
  // The services' initial run (10 API files, each starting DynamoDB Local) passed Stryker's default 5 minutes at a
  // load average of 15 on 2 cores.
  dryRunTimeoutMinutes: 30,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${report}.html` },
  jsonReporter: { fileName: `reports/mutation/${report}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: true },
  thresholds: { high: part.aim, low: part.aim - 10, break: process.env.MUTATE_BREAK === '1' ? part.aim : null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
