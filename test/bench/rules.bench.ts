/**
 * Rules module throughput: evaluations per second of the schedule and of the 5% transfer subsidy over 1,000,000
 * generated inputs, beside a hand-written minimal loop doing the same arithmetic with literals, in the same run.
 * Aim: the rules within 5× of the minimal loop.
 */
import { performance } from 'node:perf_hooks';
import { CATEGORIES, CURRENT_EDITION as E, PlanMemo, TALENTS, calculate, transferSubsidy, type ApplicationTerms } from '../../shared/index.js';
import { random } from './random.js';

const N = 1_000_000;
const ROUNDS = 3;

function best(fn: () => number): { ms: number; check: number } {
  let ms = Number.POSITIVE_INFINITY;
  let check = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    check = fn();
    ms = Math.min(ms, performance.now() - start);
  }
  return { ms, check };
}

const CAPPED = CATEGORIES.codes.slice(0, 5);
/** Minimal-loop literals, in fen: initial, annual, years, performance, talent-eligible (same order as CAPPED). */
const LITERALS: readonly (readonly [number, number, number, number])[] = [
  [1_000_000_000, 1_000_000_000, 4, 0],
  [200_000_000, 500_000_000, 3, 0],
  [200_000_000, 500_000_000, 3, 0],
  [200_000_000, 0, 0, 100_000_000],
  [200_000_000, 0, 0, 0],
];

export async function run(): Promise<void> {
  const rnd = random(126);
  const terms: ApplicationTerms[] = [];
  for (let i = 0; i < N; i++) {
    const c = Math.floor(rnd() * CAPPED.length);
    const year = 2020 + Math.floor(rnd() * 3);
    const talent = rnd() < 0.2 ? TALENTS.codes[Math.floor(rnd() * 4)] : undefined;
    terms.push({ category: CAPPED[c]!, ratingDate: `${year}-06-30`, talent });
  }
  const received = new Float64Array(N);
  const before = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    received[i] = Math.floor(rnd() * 2_000_000_000); // up to 20,000,000 yuan in fen
    before[i] = rnd() < 0.5 ? 0 : Math.floor(rnd() * 2_000_000_000);
  }

  const scheduleRules = best(() => {
    // As the add-on calls it over a column: one memo of plans for the whole batch.
    const plans = new PlanMemo();
    let sum = 0;
    for (let i = 0; i < N; i++) {
      const r = calculate(E, terms[i]!, plans);
      if (r.ok) sum += r.value.totalCap;
    }
    return sum;
  });
  // The same input objects, read the minimal way: a literal table by category, the year from the text, no rows.
  const literalsByCategory = new Map(CAPPED.map((c, i) => [c as string, LITERALS[i]!]));
  const scheduleMinimal = best(() => {
    let sum = 0;
    for (let i = 0; i < N; i++) {
      const t = terms[i]!;
      if (t.ratingDate < '2019-12-27' || t.ratingDate > '2022-12-31') continue;
      const [initial, annual, years, performance] = literalsByCategory.get(t.category)!;
      const y = Number(t.ratingDate.slice(0, 4));
      let total = initial + annual * years + (performance > 0 ? performance * (2022 - y + 1) : 0);
      if (t.talent !== undefined && t.talent !== 'OTHER_HIGH_LEVEL') total += 1_000_000_000;
      sum += total;
    }
    return sum;
  });

  const subsidyRules = best(() => {
    let sum = 0;
    for (let i = 0; i < N; i++) sum += transferSubsidy(E, received[i]!, before[i]!).subsidy;
    return sum;
  });
  const subsidyMinimal = best(() => {
    let sum = 0;
    for (let i = 0; i < N; i++) {
      const b = before[i]!;
      const a = b + received[i]!;
      let after = Math.floor((a * 5) / 100);
      if ((a * 5) % 100 >= 50) after++;
      let prior = Math.floor((b * 5) / 100);
      if ((b * 5) % 100 >= 50) prior++;
      sum += Math.min(after, 100_000_000) - Math.min(prior, 100_000_000);
    }
    return sum;
  });

  const rows = [
    ['schedule (calculate)', scheduleRules, scheduleMinimal],
    ['transfer subsidy', subsidyRules, subsidyMinimal],
  ] as const;
  console.log(`${N.toLocaleString('en')} inputs each, best of ${ROUNDS} rounds`);
  console.log('| computation | rules evals/s | minimal loop evals/s | ratio (rules time / minimal) | same answer |');
  console.log('|---|---:|---:|---:|---|');
  for (const [name, rules, minimal] of rows) {
    const perSecond = (ms: number) => Math.round((N / ms) * 1000).toLocaleString('en');
    const ratio = (rules.ms / minimal.ms).toFixed(2);
    console.log(`| ${name} | ${perSecond(rules.ms)} | ${perSecond(minimal.ms)} | ${ratio}× | ${rules.check === minimal.check ? 'yes' : `NO (${rules.check} vs ${minimal.check})`} |`);
  }
}
