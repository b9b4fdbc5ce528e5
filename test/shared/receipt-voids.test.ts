/**
 * 三(七) with corrections: contract numbers registered once (normaliseContractNo), and voided receipts
 * (voidedReceiptAdjustment): the vectors, and a property over any sequence of receipts and voids.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURRENT_EDITION as E, cumulativeTransferSubsidy, normaliseContractNo, parseYuan, toYuan, transferSubsidy, voidedReceiptAdjustment, type Fen } from '../../shared/index.js';
import { contractVectors, receiptVoidVectors, type ReceiptStep } from '../vectors/index.js';

const CAP = E.transferSubsidy.capPerAchievement.value;

const fen = (yuan: number): Fen => {
  const r = parseYuan(yuan, 'amount');
  if (!r.ok) throw new Error(`not yuan: ${yuan}`);
  return r.value;
};

describe('contract number vectors', () => {
  for (const v of contractVectors) {
    it(`${v.name} [${v.clause}]`, () => {
      expect(normaliseContractNo(v.input)).toBe(v.expected);
      expect(normaliseContractNo(v.expected)).toBe(v.expected);
    });
  }
  it('numbers that differ in more than spaces, dashes, width and case stay apart', () => {
    expect(normaliseContractNo('HT-2021-0001')).not.toBe(normaliseContractNo('HT-2021-0002'));
    expect(normaliseContractNo('HT/2021/0001')).not.toBe(normaliseContractNo('HT20210001'));
  });
});

/** The pure fold of receipts and voids on one achievement: what the store does, step by step, in fen. */
function fold(steps: readonly ({ readonly receive: Fen } | { readonly void: number })[]) {
  const receipts: { amount: Fen; voided: boolean }[] = [];
  const results: Fen[] = [];
  const madeBy = new Map<number, number>();
  let received = 0;
  let subsidy = 0;
  steps.forEach((step, i) => {
    if ('receive' in step) {
      const s = transferSubsidy(E, step.receive, received);
      madeBy.set(i, receipts.length);
      receipts.push({ amount: step.receive, voided: false });
      results.push(s.subsidy);
      received = s.cumulativeReceived;
      subsidy = s.cumulativeSubsidy;
    } else {
      const receipt = receipts[madeBy.get(step.void) ?? -1];
      if (!receipt || receipt.voided) throw new Error(`step ${i} voids no receipt that stands`);
      const v = voidedReceiptAdjustment(E, received, receipt.amount);
      receipt.voided = true;
      results.push(v.adjustment);
      received = v.cumulativeReceived;
      subsidy = v.cumulativeSubsidy;
    }
  });
  return { receipts, results, received, subsidy };
}

describe('receipt void vectors', () => {
  for (const v of receiptVoidVectors) {
    it(`${v.name} [${v.clause}]`, () => {
      const steps = v.input.map((s: ReceiptStep) => ('receive' in s ? { receive: fen(s.receive) } : s));
      const out = fold(steps);
      expect(out.results.map(toYuan)).toEqual(v.expected.results);
      expect(toYuan(out.received)).toBe(v.expected.cumulativeReceived);
      expect(toYuan(out.subsidy)).toBe(v.expected.cumulativeSubsidy);
      expect(out.subsidy >= CAP).toBe(v.expected.capReached);
    });
  }

  it('a void never adds subsidy, and cannot void more than was received', () => {
    expect(voidedReceiptAdjustment(E, 100, 100).adjustment).toBe(-5);
    expect(voidedReceiptAdjustment(E, 100, 100).clause).toBe(E.transferSubsidy.rate.clause);
    expect(() => voidedReceiptAdjustment(E, 100, 101)).toThrow(RangeError);
  });
});

describe('property: any sequence of receipts and voids', () => {
  /** Up to 30,000,000 yuan in fen; a void names which surviving receipt (by position among those standing). */
  const step = fc.oneof(fc.record({ receive: fc.integer({ min: 1, max: 3_000_000_000 }) }), fc.record({ voidPick: fc.nat() }));
  it('keeps cumulative subsidy = the rule on the surviving sum, never above the cap, and subsidies plus adjustments add up to it', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (picks) => {
        const steps: ({ receive: Fen } | { void: number })[] = [];
        const standing: number[] = [];
        picks.forEach((p) => {
          if ('receive' in p) {
            standing.push(steps.length);
            steps.push({ receive: p.receive });
          } else if (standing.length > 0) {
            const [made] = standing.splice(p.voidPick % standing.length, 1);
            steps.push({ void: made as number });
          }
        });
        const out = fold(steps);
        const surviving = out.receipts.filter((r) => !r.voided).reduce((sum, r) => sum + r.amount, 0);
        expect(out.received).toBe(surviving);
        expect(out.subsidy).toBe(cumulativeTransferSubsidy(E, surviving));
        expect(out.subsidy).toBeLessThanOrEqual(CAP);
        expect(out.results.reduce((sum, r) => sum + r, 0)).toBe(out.subsidy);
        // Every void's adjustment is ≤ 0 and every receipt's subsidy ≥ 0.
        steps.forEach((s, i) => expect('receive' in s ? (out.results[i] ?? -1) >= 0 : (out.results[i] ?? 1) <= 0).toBe(true));
      }),
      { numRuns: 500 },
    );
  });
});
