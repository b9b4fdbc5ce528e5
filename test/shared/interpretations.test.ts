/**
 * The project's interpretations (POLICY.md §5) on the rules module: the brief's §5 and the edition agree (every number
 * cited by a parameter, every cited number written there), each parameter carries the numbers of
 * test/vectors/interpretations.json, and explanations and errors cite exactly the numbers they rest on.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CURRENT_EDITION as E, INTERPRETATIONS, calculate, checkReceiptDate, explain, interpretation, listParameters, parseTerms, type Edition } from '../../shared/index.js';
import { citedInterpretations, interpretationVectors, interpretedParameters } from '../vectors/index.js';

/** The numbered items of POLICY.md §5, from the brief (`../shared/POLICY.md` beside the project; CI puts it there too). */
function policySection5(): Map<number, string> {
  const text = readFileSync(new URL('../../../shared/POLICY.md', import.meta.url), 'utf8');
  const start = text.search(/^## 5\./m);
  expect(start, 'POLICY.md has a §5').toBeGreaterThanOrEqual(0);
  const rest = text.slice(start);
  const next = rest.slice(1).search(/^## /m);
  const section = next < 0 ? rest : rest.slice(0, next + 1);
  const items = new Map<number, string>();
  // An item runs from `N. ` to the next item or the end, its indented continuation lines joined with a space.
  for (const m of section.matchAll(/^(\d+)\. (.+(?:\n {2,}.+)*)/gm)) items.set(Number(m[1]), (m[2] ?? '').replace(/\n\s+/g, ' '));
  return items;
}

/**
 * What a summary must carry of its §5 item: the dates, the numbers (years, 100, 5) and the clauses (`三(七)`, and a
 * lone `一` or `六`), and the technical words (`NFKC`). Not the wording around them, which a summary may shorten.
 */
function tokensOf(item: string): string[] {
  const dates = item.match(/\d{4}-\d{2}-\d{2}/g) ?? [];
  const numbers = item.replace(/\d{4}-\d{2}-\d{2}/g, ' ').match(/\d+/g) ?? [];
  const clauses = item.match(/[一二三四五六七八九十]\([一二三四五六七八九十]+\)/g) ?? [];
  const lone = [...item.matchAll(/(?<=^|[\s“(])([一二三四五六七八九十])(?=[\s,.;:)”]|$)/g)].map((m) => m[1] ?? '');
  const words = item.match(/\b[A-Z]{3,}\b/g) ?? [];
  return [...new Set([...dates, ...numbers, ...clauses, ...lone, ...words])];
}

describe('POLICY.md §5 and the edition', () => {
  const section = policySection5();
  const parameters = listParameters(E);

  it('§5 numbers 1–9, and the table summarises each, citing POLICY.md §5.N', () => {
    expect([...section.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(INTERPRETATIONS.map((i) => i.number)).toEqual([...section.keys()]);
    for (const i of INTERPRETATIONS) {
      expect(i.reference).toBe(`POLICY.md §5.${i.number}`);
      expect(interpretation(i.number)).toBe(i);
    }
  });

  it('each summary, in English and in 中文, carries the dates, numbers, clauses and technical words of its §5 item', () => {
    for (const i of INTERPRETATIONS) {
      const item = section.get(i.number) ?? '';
      const tokens = tokensOf(item);
      for (const token of tokens) {
        expect(i.summary, `§5.${i.number} summary carries ${token}`).toContain(token);
        expect(i.summaryZh, `§5.${i.number} summaryZh carries ${token}`).toContain(token);
      }
    }
    // The tokens are found: the dates of §5.6 and §5.8, the goal of §5.3, the clauses of §5.1 and §5.6, NFKC of §5.9.
    expect(tokensOf(section.get(6) ?? '')).toEqual(expect.arrayContaining(['2022-12-31', '2019', '2022', '一', '六']));
    expect(tokensOf(section.get(8) ?? '')).toEqual(expect.arrayContaining(['2019-12-27', '5']));
    expect(tokensOf(section.get(3) ?? '')).toContain('100');
    expect(tokensOf(section.get(1) ?? '')).toContain('三(七)');
    expect(tokensOf(section.get(5) ?? '')).toEqual(expect.arrayContaining(['三(六)', '三(一)']));
    expect(tokensOf(section.get(9) ?? '')).toContain('NFKC');
  });

  it('every number of §5 is cited by at least one parameter, and every cited number is in §5', () => {
    const cited = new Set(parameters.flatMap((p) => p.interpretations ?? []));
    for (const n of section.keys()) expect(cited.has(n as never), `§5.${n} is cited by a parameter`).toBe(true);
    for (const n of cited) expect(section.has(n), `§5.${n} exists in POLICY.md`).toBe(true);
  });

  it('every flagged parameter names at least one §5 number, each once', () => {
    for (const p of parameters.filter((q) => q.interpretations !== undefined)) {
      expect(p.interpretations?.length, p.name).toBeGreaterThan(0);
      expect(new Set(p.interpretations).size, p.name).toBe(p.interpretations?.length);
      // The legacy boolean is gone: a flag says which reading, never just "interpreted".
      expect(p, p.name).not.toHaveProperty('interpretation');
    }
  });

  it('each parameter carries the numbers of the vectors, and no other parameter carries any', () => {
    const carried = Object.fromEntries(parameters.filter((p) => p.interpretations).map((p) => [p.name, [...(p.interpretations ?? [])]]));
    expect(carried).toEqual(interpretedParameters);
    for (const name of Object.keys(interpretedParameters)) expect(parameters.map((p) => p.name)).toContain(name);
  });

  it('receipts: transferSubsidy.receiptDates (interpretation 8) is a marker; checkReceiptDate reads the start from window.start and cites the parameter', () => {
    const dates = E.transferSubsidy.receiptDates;
    expect(dates.value).toBe('NO_END_DATE');
    expect(checkReceiptDate(E, '2030-01-01', '2030-01-01')).toBeUndefined(); // no end date but today
    expect(dates.clause).toBe('三(七)');
    // Moving the plan's start moves receipts' first day: the date has one source.
    const moved: Edition = {
      ...E,
      window: { ...E.window, start: { ...E.window.start, value: '2020-03-01' } },
      transferSubsidy: { ...E.transferSubsidy, receiptDates: { ...dates, clause: '三(八)', interpretations: [8] } },
    };
    expect(checkReceiptDate(moved, '2020-02-29', '2026-11-27')).toMatchObject({ code: 'BEFORE_PLAN', clause: '三(八) 六' });
    expect(checkReceiptDate(moved, '2020-03-01', '2026-11-27')).toBeUndefined();
    const late = checkReceiptDate(moved, '2026-11-28', '2026-11-27');
    expect(late).toMatchObject({ code: 'AFTER_TODAY', clause: '三(八)' });
    expect(citedInterpretations(late?.messageZh ?? '')).toEqual([8]);
    expect(citedInterpretations(late?.message ?? '')).toEqual([8]);
  });
});

describe('what explanations say does not apply is what the schedule leaves out', () => {
  it('a category whose performanceSubsidyApplies is false has no performance subsidy, and its schedule no such row', () => {
    const flagged = Object.entries(E.support).filter(([, s]) => s.kind === 'CAPPED' && s.performanceSubsidyApplies?.value === false);
    expect(flagged.map(([c]) => c)).toEqual(['TRANSFER_SERVICE_ORG']);
    for (const [category, support] of flagged) {
      expect(support.kind === 'CAPPED' && support.performanceSubsidy).toBeFalsy();
      const terms = parseTerms({ category, ratingDate: '2020-06-30' });
      const calc = terms.ok ? calculate(E, terms.value) : terms;
      if (!calc.ok) throw new Error(`${category} did not calculate`);
      expect(calc.value.schedule.map((row) => row.item)).not.toContain('PERFORMANCE_SUBSIDY');
    }
  });
});

describe('explanations and errors cite the interpretations they rest on (interpretation vectors)', () => {
  for (const v of interpretationVectors) {
    it(`${v.name} [${v.clause}]`, () => {
      const terms = parseTerms(v.input);
      if (!terms.ok) throw new Error(`bad vector input: ${JSON.stringify(terms.problems)}`);
      const result = calculate(E, terms.value);
      if (v.expected.error) {
        expect(result.ok).toBe(false);
        if (result.ok) return;
        const [p] = result.problems;
        expect({ code: p?.code, field: p?.field }).toEqual(v.expected.error);
        expect(citedInterpretations(p?.messageZh ?? '')).toEqual(v.expected.interpretations);
        expect(citedInterpretations(p?.message ?? '')).toEqual(v.expected.interpretations);
        return;
      }
      if (!result.ok) throw new Error(`expected a result: ${JSON.stringify(result.problems)}`);
      const text = explain(result.value);
      expect(citedInterpretations(text)).toEqual(v.expected.interpretations);
      // Each cited interpretation with its summary, once, and the plan's window with interpretation 6.
      for (const n of v.expected.interpretations) {
        const { summary, summaryZh } = interpretation(n as never);
        expect(text).toContain(`本项目解释 §5.${n}（interpretation ${n}）：${summaryZh} (${summary}) — POLICY.md §5.${n}`);
      }
      expect(text).toContain(`评定日期须在行动计划期内 ${E.window.start.value} 至 ${E.window.end.value}（六、一；window.start、window.end；本项目解释 §5.6）`);
    });
  }

  it("each row cites its own parameters' interpretations: the performance subsidy 1 and 7, talent support 2 and 5, the rest none", () => {
    const result = calculate(E, { category: 'TRANSFER_BASE', ratingDate: '2021-05-01', talent: 'NOBEL_LAUREATE' });
    if (!result.ok) throw new Error('expected a schedule');
    const rows = explain(result.value).split('\n').filter((line) => /^\d{4} /.test(line));
    expect(rows.length).toBe(result.value.schedule.length);
    // The rows whose numbers are checked below are there: a schedule without them would check only empty lists.
    expect(result.value.schedule.map((row) => row.item)).toEqual(expect.arrayContaining(['INITIAL_GRANT', 'TALENT_TEAM_SUPPORT', 'PERFORMANCE_SUBSIDY']));
    for (const [i, row] of result.value.schedule.entries()) {
      const expected = { INITIAL_GRANT: [], TALENT_TEAM_SUPPORT: [2, 5], PERFORMANCE_SUBSIDY: [1, 7], ANNUAL_RD_SUPPORT: [], CASE_BY_CASE: [] }[row.item];
      expect(citedInterpretations(rows[i] ?? ''), rows[i]).toEqual(expected);
    }
    expect(rows.find((r) => r.includes('PERFORMANCE_SUBSIDY'))).toContain('另据 一 window.lastYear；本项目解释 §5.1、§5.7');
  });

  it('a rating after the plan says interpretation 6 in 中文 and English, citing 一 and 六', () => {
    const result = calculate(E, { category: 'JOINT_RD_BASE', ratingDate: '2023-01-01' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toEqual({
      code: 'AFTER_PLAN',
      field: 'ratingDate',
      clause: '一 六',
      messageZh: '评定日期 2023-01-01 晚于行动计划期（至 2022-12-31，本项目解释 §5.6），不适用本计划',
      message: 'rated 2023-01-01, after the plan ended (2022-12-31; interpretation 6, POLICY.md §5.6)',
    });
  });
});
