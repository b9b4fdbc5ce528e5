/**
 * A vitest globalSetup for mutation runs (mutate/vitest.config.ts): one DynamoDB Local for the whole run, its endpoint
 * provided to the test files as `storeEndpoint`. `startApi` (./helpers.ts) and `startInProcess` (./in-process.ts) then
 * each use a table of their own in it instead of starting a JVM of their own. Stryker reruns an API test file for
 * every mutant it covers; without this each rerun started DynamoDB Local's JVM in its beforeAll.
 * `npm test` does not use it: there every file starts its own store, as before.
 */
import type { TestProject } from 'vitest/node';
import { startLocalStore } from '../../functions/local/store.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** DynamoDB Local's endpoint when one store serves the whole run; undefined otherwise. */
    storeEndpoint: string | undefined;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const store = await startLocalStore(undefined);
  project.provide('storeEndpoint', store.endpoint);
  return () => store.close();
}
