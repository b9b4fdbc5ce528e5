// @ts-check
// Stryker over a few services/store files with a few API test files (mutate/services/run.mjs).
import { chosen } from './parts.mjs';

const c = chosen();

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'mutate/services/vitest.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner', '@stryker-mutator/typescript-checker'],
  checkers: ['typescript'],
  tsconfigFile: 'mutate/tsconfig.services.json',
  coverageAnalysis: 'perTest',
  mutate: c.files,
  ignoreStatic: true,
  concurrency: Number(process.env.MUTATE_CONCURRENCY ?? 2),
  timeoutMS: 60_000,
  reporters: ['clear-text', 'progress-append-only', 'json'],
  jsonReporter: { fileName: `reports/mutation/services-${c.name}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: true },
  tempDirName: '.stryker-tmp/services',
  cleanTempDir: true,
};
