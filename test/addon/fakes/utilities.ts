/** `Utilities`: UUIDs counted up (`uuid-1`, `uuid-2`, …), so tests can name them. */
import type { Fake } from './google.js';

export function fakeUtilities() {
  let count = 0;
  return { getUuid: () => `uuid-${++count}` } satisfies Fake<GoogleAppsScript.Utilities.Utilities, 'getUuid'>;
}
