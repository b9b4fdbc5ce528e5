/**
 * Every vector of test/vectors through POST /calculate and POST /calculate/transfer-subsidy: the cloud answers what
 * the rules module answers (and what the vector expects), so the spreadsheet and the API agree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_EDITION as E, ITEM_LABELS, calculate, parseOptionalYuan, parseTerms, parseYuan, toYuan, transferSubsidy, yearCap } from '../../shared/index.js';
import { amountVectors, approvalVectors, isError, payableVectors, scheduleVectors, transferSequences, transferVectors, yearCapVectors } from '../vectors/index.js';
import { application, startApi, type Client } from './helpers.js';

let api: Client;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.close());

describe('POST /calculate = the rules module, for every schedule vector', () => {
  for (const v of scheduleVectors) {
    it(`${v.name} [${v.clause}]`, async () => {
      const answer = await api.call('POST', '/calculate', { body: v.input });
      const terms = parseTerms(v.input);
      const rules = terms.ok ? calculate(E, terms.value) : terms;
      if (!rules.ok) {
        expect(answer.status).toBe(400);
        expect(answer.body.error).toMatchObject({ code: 'INVALID', field: rules.problems[0]?.field, reason: rules.problems[0]?.code });
        if (isError(v.expected)) expect({ code: answer.body.error.reason, field: answer.body.error.field }).toEqual(v.expected.error);
        return;
      }
      expect(answer.status).toBe(200);
      const calc = rules.value;
      expect(answer.body).toEqual({
        edition: E.id,
        caseByCase: calc.caseByCase,
        clause: calc.clause,
        totalCap: toYuan(calc.totalCap),
        schedule: calc.schedule.map((r) => ({ year: r.year, item: r.item, itemLabel: ITEM_LABELS[r.item], cap: toYuan(r.cap), clause: r.clause })),
        warnings: calc.warnings.map((w) => ({ code: w.code, field: w.field, message: w.message, messageZh: w.messageZh })),
      });
      if ('schedule' in v.expected) {
        expect(answer.body.schedule.map((r: { year: number; item: string; cap: number; clause: string }) => [r.year, r.item, r.cap, r.clause])).toEqual(v.expected.schedule);
        expect(answer.body.totalCap).toBe(v.expected.totalCap);
        expect(answer.body.warnings.map((w: { code: string }) => w.code)).toEqual(v.expected.warnings);
      } else if ('caseByCase' in v.expected) {
        expect(answer.body).toMatchObject({ caseByCase: true, clause: v.expected.clause, schedule: [] });
      }
    });
  }
});

describe('POST /calculate schedules add up to every year-cap vector', () => {
  for (const v of yearCapVectors) {
    it(`${v.name} [${v.clause}]`, async () => {
      const { year, ...input } = v.input;
      const answer = await api.call('POST', '/calculate', { body: input });
      if (isError(v.expected)) {
        expect({ status: answer.status, code: answer.body.error.reason, field: answer.body.error.field }).toEqual({ status: 400, ...v.expected.error });
        return;
      }
      expect(answer.status).toBe(200);
      const sum = answer.body.schedule.filter((r: { year: number }) => r.year === year).reduce((s: number, r: { cap: number }) => s + r.cap, 0);
      const terms = parseTerms(input);
      const rules = terms.ok ? calculate(E, terms.value) : terms;
      if (!rules.ok) throw new Error('rules disagree');
      expect(sum).toBe(toYuan(yearCap(rules.value, year)));
      if ('yearCap' in v.expected) expect(sum).toBe(v.expected.yearCap);
      else expect(answer.body.caseByCase).toBe(true);
    });
  }
});

describe('POST /calculate/transfer-subsidy = the rules module, for every transfer vector', () => {
  for (const v of transferVectors) {
    it(`${v.name} [${v.clause}]`, async () => {
      const answer = await api.call('POST', '/calculate/transfer-subsidy', { body: v.input });
      const received = parseYuan(v.input.received, 'received');
      const before = parseOptionalYuan(v.input.receivedBefore, 'receivedBefore'); // absent, null or blank: 0
      if (isError(v.expected)) {
        expect(answer.status).toBe(400);
        expect(answer.body.error.code).toBe('INVALID');
        expect(answer.body.error.field).toBe(v.expected.error.field);
        expect(answer.body.error.reason).toBe(v.expected.error.code);
        return;
      }
      if (!received.ok || !before.ok) throw new Error('rules disagree');
      const s = transferSubsidy(E, received.value, before.value ?? 0);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        subsidy: toYuan(s.subsidy),
        cumulativeReceived: toYuan(s.cumulativeReceived),
        cumulativeSubsidy: toYuan(s.cumulativeSubsidy),
        capReached: s.capReached,
        clause: s.clause,
      });
      expect({ subsidy: answer.body.subsidy, cumulativeSubsidy: answer.body.cumulativeSubsidy, capReached: answer.body.capReached }).toEqual(v.expected);
    });
  }
  for (const seq of transferSequences) {
    it(`sequence: ${seq.name} [${seq.clause}]`, async () => {
      let before = 0;
      const subsidies: number[] = [];
      let cumulative = 0;
      for (const received of seq.instalments) {
        const answer = await api.call('POST', '/calculate/transfer-subsidy', { body: { received, receivedBefore: before } });
        expect(answer.status).toBe(200);
        subsidies.push(answer.body.subsidy);
        before = answer.body.cumulativeReceived;
        cumulative = answer.body.cumulativeSubsidy;
      }
      expect(subsidies).toEqual(seq.subsidies);
      expect(cumulative).toBe(seq.cumulativeSubsidy);
    });
  }
});

describe('POST /calculate/transfer-subsidy reads every amount vector as received, exactly as written (issue 13)', () => {
  for (const v of amountVectors) {
    it(`${v.name}: ${JSON.stringify(v.input)} [${v.clause}]`, async () => {
      const answer = await api.call('POST', '/calculate/transfer-subsidy', { body: { received: v.input } });
      if ('error' in v.expected) {
        expect(answer.status).toBe(400);
        expect(answer.body.error).toMatchObject({ code: 'INVALID', field: 'received', reason: v.expected.error });
        return;
      }
      expect(answer.status).toBe(200);
      expect(answer.body.cumulativeReceived).toBe(v.expected.yuan);
    });
  }
});

/** An application of the vector's category rated on its date (through the API); its id. */
async function ratedFor(input: { readonly category: string; readonly ratingDate: string }): Promise<string> {
  const created = await api.call('POST', '/applications', { body: application({ category: input.category, ratingDate: input.ratingDate }) });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id as string;
}

describe('POST /applications/{id}/approvals = the rules module, for every approval vector', () => {
  for (const v of approvalVectors) {
    it(`${v.name} [${v.clause}]`, async () => {
      const { item, year, amount, paid, document } = v.input;
      const id = await ratedFor(v.input);
      if (paid > 0) {
        // What is paid on the row: approved first where nothing is payable without an approval (一事一议).
        if (item === 'CASE_BY_CASE') expect((await api.call('POST', `/applications/${id}/approvals`, { body: { item, year, amount: paid, document: 'paid-first' } })).status).toBe(201);
        expect((await api.call('POST', `/applications/${id}/payments`, { body: { item, year, amount: paid } })).status).toBe(201);
      }
      const answer = await api.call('POST', `/applications/${id}/approvals`, { body: { item, year, amount, ...(document !== undefined ? { document } : {}) } });
      if (isError(v.expected)) {
        const status = v.expected.error.code === 'BELOW_PAID' ? 409 : 400;
        expect(answer.status, JSON.stringify(answer.body)).toBe(status);
        expect(answer.body.error).toMatchObject({ code: status === 409 ? 'CONFLICT' : 'INVALID', field: v.expected.error.field, reason: v.expected.error.code });
        expect(answer.body.error.messageZh).toMatch(/\S/);
        return;
      }
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      expect(answer.body).toMatchObject({ item, year, amount: v.expected.approved });
      const ledger = (await api.call('GET', `/applications/${id}`)).body.ledger as { item: string; year: number; cap?: number; approved: number }[];
      const row = ledger.find((l) => l.item === item && l.year === year);
      // A case-by-case row has no computed cap: its approval is its only limit.
      expect({ approved: row?.approved, cap: row?.cap }).toEqual({ approved: v.expected.approved, cap: v.expected.cap });
    });
  }
});

describe('POST /applications/{id}/payments holds a row to the rules\' payable limit, for every payable vector', () => {
  for (const v of payableVectors) {
    it(`${v.name} [${v.clause}]`, async () => {
      const { item, year, approved, document } = v.input;
      const id = await ratedFor(v.input);
      if (approved !== undefined) {
        const approval = await api.call('POST', `/applications/${id}/approvals`, { body: { item, year, amount: approved, ...(document !== undefined ? { document } : {}) } });
        expect(approval.status, JSON.stringify(approval.body)).toBe(201);
      }
      if (v.expected.limit > 0) expect((await api.call('POST', `/applications/${id}/payments`, { body: { item, year, amount: v.expected.limit } })).status).toBe(201);
      const over = await api.call('POST', `/applications/${id}/payments`, { body: { item, year, amount: 0.01 } });
      expect(over.status, JSON.stringify(over.body)).toBe(409);
      expect(over.body.error).toMatchObject({ code: 'CAP_EXCEEDED', field: 'amount' });
      expect(over.body.error.messageZh).toMatch(/\S/);
    });
  }
});
