// The vitest configuration of mutation runs (mutate/stryker.config.mjs): only the tests of the part being mutated
// (mutate/parts.mjs), no summary reporter. `npm test` keeps using the root vitest.config.ts.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
// @ts-expect-error plain JS module shared with the Stryker config, no declarations
import { currentPart } from './parts.mjs';

const part = currentPart();

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: part.tests,
    // One DynamoDB Local for the run, a table per API test file in it (test/api/shared-store.ts): Stryker reruns a
    // file for each mutant, and without this each rerun started a JVM in its beforeAll.
    ...(part.name === 'services' ? { globalSetup: ['test/api/shared-store.ts'] } : {}),
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
