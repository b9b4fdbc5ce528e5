/** GET /policy over HTTP: every parameter of the edition once, each under its own name (no two sharing one). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_EDITION, listParameters } from '../../shared/index.js';
import { startApi, type Client } from './helpers.js';

let api: Client;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.close());

describe('GET /policy', () => {
  it('lists one entry per parameter of the edition, names unique', async () => {
    const { status, body } = await api.call<{ parameters: { name: string }[] }>('GET', '/policy');
    expect(status).toBe(200);
    const names = body.parameters.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(listParameters(CURRENT_EDITION).map((p) => p.name));
    // Counted apart from listParameters: each parameter of the edition carries one effectiveFrom.
    expect(names).toHaveLength(JSON.stringify(CURRENT_EDITION).split('"effectiveFrom"').length - 1);
    for (const category of ['HIGH_END_RD_INSTITUTION', 'JOINT_RD_BASE', 'NATIONAL_INNOVATION_BASE', 'TRANSFER_BASE', 'TRANSFER_SERVICE_ORG']) {
      expect(names).toContain(`support.${category}.talentEligible`);
    }
  });
});
