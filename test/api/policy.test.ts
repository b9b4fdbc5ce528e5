/**
 * GET /policy over HTTP: every parameter of the edition once, each under its own name (no two sharing one); money in
 * yuan marked `unit: "yuan"`; each interpretation (POLICY.md §5) with its number and summaries, as
 * test/vectors/interpretations.json says; and a rating after the plan refused as interpretation 6.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_EDITION, INTERPRETATIONS, listParameters } from '../../shared/index.js';
import { citedInterpretations, interpretationVectors, interpretedParameters } from '../vectors/index.js';
import { application, startApi, type Client } from './helpers.js';

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

interface PolicyParameter {
  readonly name: string;
  readonly value: unknown;
  readonly unit?: string;
  readonly interpretations?: readonly { readonly number: number; readonly summary: string; readonly summaryZh: string; readonly reference: string }[];
}

describe('GET /policy: money in yuan, interpretations by number', () => {
  it('marks money unit "yuan", its value the rules\' fen / 100; nothing else has a unit', async () => {
    const { status, body } = await api.call<{ parameters: PolicyParameter[] }>('GET', '/policy');
    expect(status).toBe(200);
    const rules = new Map(listParameters(CURRENT_EDITION).map((p) => [p.name, p]));
    let money = 0;
    for (const p of body.parameters) {
      const rule = rules.get(p.name);
      expect(rule, p.name).toBeDefined();
      if (rule?.unit === 'fen') {
        money++;
        expect(p.unit, p.name).toBe('yuan');
        expect(p.value, p.name).toBe((rule.value as number) / 100);
      } else {
        expect(p, p.name).not.toHaveProperty('unit');
        expect(p.value, p.name).toEqual(rule?.value);
      }
    }
    expect(money).toBe(11);
    expect(body.parameters.find((p) => p.name === 'transferSubsidy.capPerAchievement')).toMatchObject({ value: 1_000_000, unit: 'yuan' });
  });

  it('each interpreted parameter carries its §5 numbers (the vectors) with their summaries; the others none', async () => {
    const { body } = await api.call<{ parameters: PolicyParameter[] }>('GET', '/policy');
    const carried = Object.fromEntries(body.parameters.filter((p) => p.interpretations).map((p) => [p.name, p.interpretations?.map((i) => i.number)]));
    expect(carried).toEqual(interpretedParameters);
    for (const p of body.parameters) {
      for (const i of p.interpretations ?? []) {
        expect(i).toEqual(INTERPRETATIONS[i.number - 1]);
        expect(i.reference).toBe(`POLICY.md §5.${i.number}`);
      }
      expect(p, p.name).not.toHaveProperty('interpretation');
    }
    expect(body.parameters.find((p) => p.name === 'window.end')?.interpretations).toEqual([
      { number: 6, summary: INTERPRETATIONS[5]?.summary, summaryZh: INTERPRETATIONS[5]?.summaryZh, reference: 'POLICY.md §5.6' },
    ]);
  });
});

describe('a rating outside the plan: the 400 cites the interpretations of the vectors (6 after the plan)', () => {
  for (const v of interpretationVectors.filter((c) => c.expected.error)) {
    it(`POST /calculate: ${v.name} [${v.clause}]`, async () => {
      const { status, body } = await api.call('POST', '/calculate', { body: v.input });
      expect(status).toBe(400);
      expect({ code: body.error.reason, field: body.error.field }).toEqual(v.expected.error);
      expect(citedInterpretations(body.error.message)).toEqual(v.expected.interpretations);
      expect(citedInterpretations(body.error.messageZh)).toEqual(v.expected.interpretations);
    });
  }

  it('POST /calculate 2023-01-01 and a rating dated 2023-01-01: interpretation 6 in 中文 and English, citing 一 and 六', async () => {
    const expected = {
      code: 'INVALID',
      reason: 'AFTER_PLAN',
      field: 'ratingDate',
      clause: '一 六',
      message: 'rated 2023-01-01, after the plan ended (2022-12-31; interpretation 6, POLICY.md §5.6)',
      messageZh: '评定日期 2023-01-01 晚于行动计划期（至 2022-12-31，本项目解释 §5.6），不适用本计划',
    };
    const calculated = await api.call('POST', '/calculate', { body: { category: 'JOINT_RD_BASE', ratingDate: '2023-01-01' } });
    expect({ status: calculated.status, error: calculated.body.error }).toEqual({ status: 400, error: expected });
    const created = await api.call('POST', '/applications', { body: application() });
    expect(created.status).toBe(201);
    const rated = await api.call('POST', `/applications/${created.body.id}/rating`, { body: { ratingDate: '2023-01-01' } });
    expect({ status: rated.status, error: rated.body.error }).toEqual({ status: 400, error: expected });
  });
});
