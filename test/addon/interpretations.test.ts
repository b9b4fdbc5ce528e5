/**
 * The interpretation vectors (test/vectors/interpretations.json) through the built add-on: CQ_EXPLAIN cites exactly
 * the POLICY.md §5 numbers the rules' explanation cites, each with its summary, and a rating after the plan is an
 * `ERROR` naming interpretation 6 in CQ_EXPLAIN, CQ_CHECK and CQ_SCHEDULE cells alike.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_EDITION as E, calculate, explain, interpretation, parseTerms } from '../../shared/index.js';
import { citedInterpretations, interpretationVectors } from '../vectors/index.js';
import { fakeSession } from './fakes/session.js';
import { loadAddon, shanghaiMidnight } from './load.js';

let addon: ReturnType<typeof loadAddon>;
beforeAll(() => {
  addon = loadAddon({ Session: fakeSession('Asia/Shanghai') });
});

describe('CQ_EXPLAIN cites the interpretations it rests on', () => {
  for (const v of interpretationVectors) {
    it(`${v.name} [${v.clause}] — text date and date cell`, () => {
      const { category, ratingDate } = v.input;
      const talent = v.input.talent ?? '';
      for (const date of [ratingDate, shanghaiMidnight(addon, ratingDate)]) {
        const cell = addon.CQ_EXPLAIN(category, date, talent);
        expect(typeof cell).toBe('string');
        const text = cell as string;
        expect(citedInterpretations(text), text).toEqual(v.expected.interpretations);
        if (v.expected.error) {
          expect(text).toMatch(/^ERROR: /);
          expect(text).toContain(`(${v.expected.error.field}:`);
          continue;
        }
        // The same text as the rules module's, whose cited §5 numbers, window line and summary lines (and the rows'
        // own interpretations) test/shared/interpretations.test.ts checks.
        const terms = parseTerms(v.input);
        const rules = terms.ok ? calculate(E, terms.value) : terms;
        if (!rules.ok) throw new Error('expected a result');
        expect(text).toBe(explain(rules.value));
        expect(text).toContain('评定日期须在行动计划期内 2019-12-27 至 2022-12-31（六、一；window.start、window.end；本项目解释 §5.6）');
        for (const n of v.expected.interpretations) expect(text).toContain(`本项目解释 §5.${n}（interpretation ${n}）：${interpretation(n as never).summaryZh}`);
      }
    });
  }
});

describe('a rating after the plan: an ERROR cell naming interpretation 6 (POLICY.md §5.6)', () => {
  const zh = '评定日期 2023-01-01 晚于行动计划期（至 2022-12-31，本项目解释 §5.6），不适用本计划';
  const en = 'rated 2023-01-01, after the plan ended (2022-12-31; interpretation 6, POLICY.md §5.6)';

  it('CQ_EXPLAIN, CQ_SCHEDULE and CQ_TOTAL_CAP', () => {
    const date = shanghaiMidnight(addon, '2023-01-01');
    for (const cell of [addon.CQ_EXPLAIN('JOINT_RD_BASE', date, ''), addon.CQ_SCHEDULE('JOINT_RD_BASE', date, ''), addon.CQ_TOTAL_CAP('JOINT_RD_BASE', date, '')]) {
      expect(cell).toBe(`ERROR: ${zh} (ratingDate: ${en})`);
    }
  });

  it('CQ_CHECK, alone and beside another problem', () => {
    expect(addon.CQ_CHECK('JOINT_RD_BASE', '2023-01-01', '', '')).toBe(`ERROR: ${zh} (ratingDate: ${en})`);
    const two = addon.CQ_CHECK('JOINT_RD_BASE', '2023-01-01', 2_000_000.01, '') as string;
    expect(two.split('；')).toHaveLength(2);
    expect(citedInterpretations(two)).toEqual([6]);
    expect(two).toContain(`${zh} (ratingDate: ${en})`);
  });
});
