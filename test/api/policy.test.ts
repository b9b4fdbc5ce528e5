/** GET /policy over HTTP: every parameter of the edition once, each under its own name (no two sharing one). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_EDITION } from '../../shared/index.js';
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
    // Found apart from listParameters (which the route calls): every object of the edition carrying an effectiveFrom is
    // a parameter, named by its path.
    const paths: string[] = [];
    const walk = (node: unknown, path: string[]): void => {
      if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
      if ('effectiveFrom' in node) paths.push(path.join('.'));
      else for (const [key, value] of Object.entries(node)) walk(value, [...path, key]);
    };
    walk(CURRENT_EDITION, []);
    expect([...names].sort()).toEqual(paths.sort());
    expect(names).toHaveLength(JSON.stringify(CURRENT_EDITION).split('"effectiveFrom"').length - 1);
    for (const category of ['HIGH_END_RD_INSTITUTION', 'JOINT_RD_BASE', 'NATIONAL_INNOVATION_BASE', 'TRANSFER_BASE', 'TRANSFER_SERVICE_ORG']) {
      expect(names).toContain(`support.${category}.talentEligible`);
    }
  });
});
