/**
 * The add-on's API types are generated from /openapi.json (scripts/api-types.ts): the committed file must be what the
 * document makes today, so a change of the API's schemas that the add-on has not taken fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, apiTypes } from '../../scripts/api-types.js';

describe('sheets-addon/src/api-types.ts', () => {
  it('is what /openapi.json makes now (run `npm run build` and commit it)', async () => {
    expect(readFileSync(API_TYPES_FILE, 'utf8')).toBe(await apiTypes());
  });

  it('carries the answers the add-on reads and the server’s word on Idempotency-Key', async () => {
    const text = await apiTypes();
    expect(text).toMatch(/export interface ApplicationRequest \{/);
    expect(text).toMatch(/export interface Application \{[\s\S]*status: "SUBMITTED" \| "RATED" \| "WITHDRAWN" \| "REJECTED";/);
    expect(text).toMatch(/for answers 2xx and 409/);
  });
});
