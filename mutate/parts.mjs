// What `npm run mutate` mutates, and with which tests: one entry per part (`npm run mutate -- shared`).
// Read by mutate/stryker.config.mjs (what to mutate) and mutate/vitest.config.ts (which tests run).
export const PARTS = {
  // The rules module, all of it; its own tests (the vectors run on the rules, schedule/money/filing/... suites).
  shared: {
    mutate: ['shared/**/*.ts'],
    tests: ['test/shared/**/*.test.ts'],
    aim: 90,
  },
  // The money paths of the API: the services that take, store and report amounts, and the store's ledger (the
  // transactions' caps/ledger conditions). The tests are the API files that exercise those services: each starts
  // its own DynamoDB Local (Java) once per file run, which Stryker's vitest runner repeats for every mutant it tests
  // (coverageAnalysis perTest: only the tests covering that mutant run, but the file's beforeAll still starts Java).
  services: {
    mutate: [
      'functions/services/payments.ts',
      'functions/services/achievements.ts',
      'functions/services/rating.ts',
      'functions/services/corrections.ts',
      'functions/services/receipt-voids.ts',
      'functions/services/counts.ts',
      'functions/services/reports.ts',
      'functions/store/dynamodb/ledger.ts',
      'functions/store/dynamodb/conditions.ts',
      'functions/store/dynamodb/achievements.ts',
    ],
    tests: [
      'test/api/amounts.test.ts',
      'test/api/approvals.test.ts',
      'test/api/achievements.test.ts',
      'test/api/corrections.test.ts',
      'test/api/payment-voids.test.ts',
      'test/api/receipt-voids.test.ts',
      'test/api/receipt-guards.test.ts',
      'test/api/ledger-guards.test.ts',
      'test/api/summary.test.ts',
      'test/api/vectors.test.ts',
      'test/api/money-paths.test.ts',
      'test/api/summary-figures.test.ts',
      'test/api/edges.test.ts',
      'test/api/refusals.test.ts',
      // The counts of the facts that are not money (support, partner merges) are in counts.ts too. (partners.test.ts's
      // merge racing twelve ratings over HTTP failed once in a Stryker dry run: see issue 14's closing note.)
      'test/api/support.test.ts',
      'test/api/partner-races.test.ts',
    ],
    aim: 80,
  },
};

export const partNames = Object.keys(PARTS);

const list = (text) => (text ?? '').split(',').filter(Boolean);

/**
 * The part named in MUTATE_PART (set by mutate/run.mjs), narrowed to MUTATE_FILES / MUTATE_TESTS (comma-separated,
 * from `--files` / `--tests`) when given: a few files at a time keeps a services run short on a 2-core machine.
 * A narrowed run names its reports after its files.
 */
export function currentPart() {
  const name = process.env.MUTATE_PART ?? '';
  const part = PARTS[name];
  if (!part) throw new Error(`MUTATE_PART must be one of ${partNames.join(', ')}; it is "${name}"`);
  const files = list(process.env.MUTATE_FILES);
  const tests = list(process.env.MUTATE_TESTS);
  const report = files.length > 0 ? `${name}-${files.map((f) => f.replace(/^.*\//, '').replace(/\.ts$/, '')).join('+')}` : name;
  return { ...part, name, report, mutate: files.length > 0 ? files : part.mutate, tests: tests.length > 0 ? tests : part.tests };
}
