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
/** Every day from 2010 to 2030, so the plan's first and last days and the days either side of them come up. */
const anyDate = fc
  .record({ year: fc.integer({ min: 2010, max: 2030 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
  .map(({ year, month, day }) => calendarDate(year, month, day))
  .filter((d): d is string => d !== undefined);
const edges = fc.constantFrom('2019-12-26', '2019-12-27', '2019-12-31', '2020-01-01', '2022-01-01', '2022-12-31', '2023-01-01');
const ratingDate = fc.oneof(anyDate, edges);

/**
 * POLICY.md §2 and §5 written out again here, in yuan as the document gives them, without the rules module: the rows
 * one rating gives (year, item, cap, clause), or why none. Y is the rating year.
 */
type Expected =
  | { readonly kind: 'BEFORE_PLAN' }
  | { readonly kind: 'AFTER_PLAN' }
  | { readonly kind: 'CASE_BY_CASE'; readonly clause: string }
  | { readonly kind: 'ROWS'; readonly rows: readonly { year: number; item: string; yuan: number; clause: string }[]; readonly needsConfirmation: boolean };
const TOP_TALENT = ['NOBEL_LAUREATE', 'TURING_LAUREATE', 'CAS_ACADEMICIAN', 'CAE_ACADEMICIAN'];
function policy(category: string, date: string, talent: string | undefined): Expected {
  // 六: in force from its issue, 2019-12-27; §5.6: ratings after 2022-12-31 are outside the plan.
  if (date < '2019-12-27') return { kind: 'BEFORE_PLAN' };
  if (date > '2022-12-31') return { kind: 'AFTER_PLAN' };
  const Y = Number(date.slice(0, 4));
  const caseByCase: Record<string, string> = { COOPERATIVE_EDUCATION: '三(四)', MAJOR_FACILITY: '三(五)', MAJOR_PROJECT: '三(九)' };
  // 三(四) 三(五) 三(九): 一事一议, nothing computed; talent support there is decided case by case too (§5.5).
  if (category in caseByCase) return { kind: 'CASE_BY_CASE', clause: caseByCase[category] as string };
  const rows: { year: number; item: string; yuan: number; clause: string }[] = [];
  const annual = (from: number, to: number, yuan: number, clause: string) => {
    for (let year = from; year <= to; year++) rows.push({ year, item: 'ANNUAL_RD_SUPPORT', yuan, clause });
  };
  if (category === 'HIGH_END_RD_INSTITUTION') {
    rows.push({ year: Y, item: 'INITIAL_GRANT', yuan: 10_000_000, clause: '三(一)' });
    annual(Y + 1, Y + 4, 10_000_000, '三(一)');
  } else if (category === 'JOINT_RD_BASE' || category === 'NATIONAL_INNOVATION_BASE') {
    rows.push({ year: Y, item: 'INITIAL_GRANT', yuan: 2_000_000, clause: '三(二)' });
    annual(Y + 1, Y + 3, 5_000_000, '三(二)');
  } else if (category === 'TRANSFER_BASE' || category === 'TRANSFER_SERVICE_ORG') {
    rows.push({ year: Y, item: 'INITIAL_GRANT', yuan: 2_000_000, clause: '三(三)' });
    // 三(七), §5.1 and §5.7: the base only; performance year P from Y to 2022, each paid in P+1.
    if (category === 'TRANSFER_BASE') for (let P = Y; P <= 2022; P++) rows.push({ year: P + 1, item: 'PERFORMANCE_SUBSIDY', yuan: 1_000_000, clause: '三(七)' });
  } else throw new Error(`POLICY.md names no category ${category}`);
  // 三(六), §5.2 and §5.5: a named top talent adds 10,000,000 once, in Y; 其他高层次人才 needs confirmation: no row.
  if (talent !== undefined && TOP_TALENT.includes(talent)) rows.push({ year: Y, item: 'TALENT_TEAM_SUPPORT', yuan: 10_000_000, clause: '三(六)' });
  return { kind: 'ROWS', rows, needsConfirmation: talent === 'OTHER_HIGH_LEVEL' };
}

/** POLICY.md §2's ceilings per platform, as it states them (a second statement, checked against the rows above). */
function ceiling(category: string, Y: number, talent: string | undefined): number {
  const top = talent !== undefined && TOP_TALENT.includes(talent) ? 10_000_000 : 0;
  const own: Record<string, number> = {
    HIGH_END_RD_INSTITUTION: 50_000_000,
    JOINT_RD_BASE: 17_000_000,
    NATIONAL_INNOVATION_BASE: 17_000_000,
    TRANSFER_BASE: 2_000_000 + (2022 - Y + 1) * 1_000_000,
    TRANSFER_SERVICE_ORG: 2_000_000,
  };
  return (own[category] as number) + top;
}

const line = (r: { year: number; item: string; clause: string }, fen: number) => `${r.year} ${r.item} ${fen} ${r.clause}`;

describe('schedule properties: the module against POLICY.md stated independently', () => {
  it('each rating gets exactly the rows, caps (in fen), years and clauses POLICY.md gives, and per year and in all their sums', () => {
    fc.assert(
      fc.property(category, ratingDate, talent, (c, date, t) => {
        const expected = policy(c, date, t);
        const result = calculate(E, { category: c, ratingDate: date, talent: t });
        if (expected.kind === 'BEFORE_PLAN' || expected.kind === 'AFTER_PLAN') {
          expect(result.ok).toBe(false);
          if (result.ok) return;
          expect(result.problems.map((p) => [p.code, p.field])).toEqual([[expected.kind, 'ratingDate']]);
          // Before: 六 (in force from its issue); after: 一 and 六 (§5.6).
          expect((result.problems[0]?.clause ?? '').split(' ').sort()).toEqual(expected.kind === 'BEFORE_PLAN' ? ['六'] : ['一', '六']);
          return;
        }
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const calc = result.value;
        const Y = Number(date.slice(0, 4));
        expect(calc.ratingYear).toBe(Y);
        if (expected.kind === 'CASE_BY_CASE') {
          expect({ caseByCase: calc.caseByCase, clause: calc.clause, rows: calc.schedule.length, totalCap: calc.totalCap }).toEqual({ caseByCase: true, clause: expected.clause, rows: 0, totalCap: 0 });
          return;
        }
        expect(calc.caseByCase).toBe(false);
        // The rows: the same set (the module orders them by year, then item).
        expect(calc.schedule.map((r) => line(r, r.cap)).sort()).toEqual(expected.rows.map((r) => line(r, r.yuan * 100)).sort());
        const years = calc.schedule.map((r) => r.year);
        expect(years).toEqual([...years].sort((a, b) => a - b));
        // Each year's share, from a year before Y to long after the last row.
        for (let year = Y - 1; year <= 2032; year++) {
          const share = expected.rows.filter((r) => r.year === year).reduce((sum, r) => sum + r.yuan * 100, 0);
          expect(yearCap(calc, year), `${c} ${date} ${t ?? ''} year ${year}`).toBe(share);
        }
        expect(calc.totalCap).toBe(ceiling(c, Y, t) * 100);
        expect(calc.warnings.map((w) => [w.code, w.field])).toEqual(expected.needsConfirmation ? [['NEEDS_CONFIRMATION', 'talent']] : []);
      }),
      { numRuns: 500 },
    );
  });

  it("POLICY.md's own examples of the ceilings: 50,000,000 (+10,000,000), 17,000,000, 2,000,000 + the yearly performance subsidies", () => {
    const total = (c: string, date: string, t?: string) => {
      const r = calculate(E, { category: c as never, ratingDate: date, talent: t as never });
      return r.ok ? r.value.totalCap / 100 : r.problems[0]?.code;
    };
    expect(total('HIGH_END_RD_INSTITUTION', '2020-06-30')).toBe(50_000_000);
    expect(total('HIGH_END_RD_INSTITUTION', '2020-06-30', 'CAS_ACADEMICIAN')).toBe(60_000_000);
    expect(total('NATIONAL_INNOVATION_BASE', '2022-12-31', 'NOBEL_LAUREATE')).toBe(27_000_000);
    expect(total('JOINT_RD_BASE', '2021-03-15', 'OTHER_HIGH_LEVEL')).toBe(17_000_000);
    // A base rated late in 2019 has a short 2019 performance year, capped like any other (§5.7): 2019…2022, four.
    expect(total('TRANSFER_BASE', '2019-12-27')).toBe(6_000_000);
    expect(total('TRANSFER_BASE', '2022-12-31')).toBe(3_000_000);
    expect(total('TRANSFER_SERVICE_ORG', '2021-01-01')).toBe(2_000_000);
    expect(total('MAJOR_PROJECT', '2021-01-01', 'CAS_ACADEMICIAN')).toBe(0);
    expect(total('JOINT_RD_BASE', '2019-12-26')).toBe('BEFORE_PLAN');
    expect(total('JOINT_RD_BASE', '2023-01-01')).toBe('AFTER_PLAN');
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
