/** Property tests (fast-check) for the invariants the money depends on. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CATEGORIES,
  CURRENT_EDITION as E,
  TALENTS,
  calculate,
  calendarDate,
  cumulativeTransferSubsidy,
  parseYuan,
  toYuan,
  transferSubsidy,
  yearCap,
} from '../../shared/index.js';

const CAP = E.transferSubsidy.capPerAchievement.value;
/** Up to 50,000,000 yuan in fen: well past the 20,000,000 where the cap is reached. */
const amount = fc.integer({ min: 0, max: 5_000_000_000 });
const instalments = fc.array(amount, { minLength: 1, maxLength: 30 });

function payAll(amounts: readonly number[]): { subsidies: number[]; cumulative: number; received: number } {
  let received = 0;
  let cumulative = 0;
  const subsidies: number[] = [];
  for (const a of amounts) {
    const s = transferSubsidy(E, a, received);
    subsidies.push(s.subsidy);
    received = s.cumulativeReceived;
    cumulative = s.cumulativeSubsidy;
  }
  return { subsidies, cumulative, received };
}

describe('transfer subsidy properties (三(七))', () => {
  it('instalment subsidies add up exactly to the rounded cumulative', () => {
    fc.assert(
      fc.property(instalments, (amounts) => {
        const { subsidies, cumulative, received } = payAll(amounts);
        expect(subsidies.reduce((a, b) => a + b, 0)).toBe(cumulative);
        expect(cumulative).toBe(cumulativeTransferSubsidy(E, received));
      }),
    );
  });

  it('never exceeds the cap per achievement, and no instalment is negative', () => {
    fc.assert(
      fc.property(instalments, (amounts) => {
        const { subsidies, cumulative } = payAll(amounts);
        expect(cumulative).toBeLessThanOrEqual(CAP);
        for (const s of subsidies) expect(s).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('does not depend on how a total is split or in which order instalments arrive', () => {
    fc.assert(
      fc.property(instalments, fc.func(fc.integer()), (amounts, key) => {
        const total = amounts.reduce((a, b) => a + b, 0);
        const shuffled = [...amounts].sort((a, b) => key(a) - key(b));
        expect(payAll(shuffled).cumulative).toBe(payAll(amounts).cumulative);
        expect(payAll(amounts).cumulative).toBe(transferSubsidy(E, total).cumulativeSubsidy);
      }),
    );
  });

  it('is 5% half up below the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_999_999_989 }), (received) => {
        const exact = (received * 5) / 100; // fen, may have a fraction
        const s = transferSubsidy(E, received).subsidy;
        expect(Math.abs(s - exact)).toBeLessThanOrEqual(0.5);
        if (exact - Math.floor(exact) === 0.5) expect(s).toBe(Math.ceil(exact));
      }),
    );
  });
});

const category = fc.constantFrom(...CATEGORIES.codes);
const talent = fc.option(fc.constantFrom(...TALENTS.codes), { nil: undefined });
const planDate = fc
  .record({ year: fc.integer({ min: 2019, max: 2022 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
  .map(({ year, month, day }) => calendarDate(year, month, day))
  .filter((d): d is string => d !== undefined && d >= '2019-12-27' && d <= '2022-12-31');

describe('schedule properties', () => {
  it('never pays before the rating year, and the years add up to the total', () => {
    fc.assert(
      fc.property(category, planDate, talent, (c, ratingDate, t) => {
        const result = calculate(E, { category: c, ratingDate, talent: t });
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const calc = result.value;
        let sum = 0;
        for (let year = calc.ratingYear - 1; year <= calc.ratingYear + 10; year++) sum += yearCap(calc, year);
        expect(sum).toBe(calc.totalCap);
        for (const row of calc.schedule) expect(row.year).toBeGreaterThanOrEqual(calc.ratingYear);
        expect(yearCap(calc, calc.ratingYear - 1)).toBe(0);
        const years = calc.schedule.map((r) => r.year);
        expect(years).toEqual([...years].sort((a, b) => a - b));
      }),
    );
  });

  it('dates outside the plan are refused, whatever the category', () => {
    const outside = fc.oneof(
      fc.integer({ min: 2000, max: 2018 }).map((y) => `${y}-06-30`),
      fc.integer({ min: 2023, max: 2040 }).map((y) => `${y}-01-01`),
      fc.constantFrom('2019-12-26', '2023-01-01'),
    );
    fc.assert(
      fc.property(category, outside, (c, ratingDate) => {
        const result = calculate(E, { category: c, ratingDate });
        expect(result.ok).toBe(false);
      }),
    );
  });
});

describe('money properties', () => {
  it('fen → yuan → fen round-trips, as a number and as text', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000_000_000 }), (fen) => {
        expect(parseYuan(toYuan(fen), 'amount')).toEqual({ ok: true, value: fen });
        const text = `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
        expect(parseYuan(text, 'amount')).toEqual({ ok: true, value: fen });
      }),
    );
  });

  it('refuses a third decimal, naming the field', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: 1, max: 9 }), (fen, extra) => {
        const text = `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}${extra}`;
        const result = parseYuan(text, 'received');
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.problems[0]).toMatchObject({ code: 'TOO_PRECISE', field: 'received' });
      }),
    );
  });
});
