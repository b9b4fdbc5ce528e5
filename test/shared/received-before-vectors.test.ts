/**
 * test/vectors/received-before.json where the rules compute it. Grouping rows by achievement name is the add-on's
 * (a cell convention: sheets-addon/src/received-before.ts); what the rules decide is each amount (`parseYuan`) and
 * each instalment's 5% subsidy given what was received before (`transferSubsidy`, 三(七)).
 */
import { describe, expect, it } from 'vitest';
import { CURRENT_EDITION as E, foldText, parseYuan, toYuan, transferSubsidy } from '../../shared/index.js';
import { receivedBeforeVectors, type ReceivedBeforeCell } from '../vectors/index.js';

const blank = (cell: unknown): boolean => cell === '' || (typeof cell === 'string' && cell.trim() === '');
const isNumber = (cell: ReceivedBeforeCell): cell is number => typeof cell === 'number';

describe('received-before vectors on the rules', () => {
  for (const v of receivedBeforeVectors) {
    it(`${v.name} [${v.clause}]`, () => {
      const { received } = v.input;
      expect(v.input.achievement).toHaveLength(received.length);
      expect(v.expected.receivedBefore).toHaveLength(received.length);
      // Computed here from the inputs, apart from the add-on: each name folded (foldText, trimmed), each row's sum the
      // fen of the earlier rows of its name (a blank amount 0), spoilt from the first of them whose amount is bad.
      const names = v.input.achievement.map((a) => foldText(String(a)).trim());
      const sums = new Map<string, { fen: number; bad?: number }>();
      v.expected.receivedBefore.forEach((cell, i) => {
        const where = `row ${i + 1}`;
        const name = names[i] ?? '';
        if (name === '') return expect(cell, where).toBe('');
        const sum = sums.get(name) ?? { fen: 0 };
        sums.set(name, sum);
        const amount = blank(received[i]) ? ({ ok: true, value: 0 } as const) : parseYuan(received[i], 'received');
        if (isNumber(cell)) {
          expect(amount.ok && sum.bad === undefined, where).toBe(true);
          expect(cell, where).toBe(toYuan(sum.fen));
        } else {
          expect(cell, where).not.toBe('');
          if (cell !== '') expect(cell.error.earlierRow, where).toBe(sum.bad);
        }
        if (!amount.ok) sum.bad ??= i + 1;
        else sum.fen += amount.value;
        if (cell === '' || isNumber(cell)) return;
        const { code, field, earlierRow } = cell.error;
        expect(field, where).toBe('received');
        // The row's own amount when it is bad, else the earlier row it names: the rules refuse it with that code.
        const own = blank(received[i]) ? undefined : parseYuan(received[i], 'received');
        const culprit = own && !own.ok ? own : parseYuan(received[(earlierRow ?? 0) - 1], 'received');
        expect(culprit.ok, where).toBe(false);
        if (!culprit.ok) expect(culprit.problems[0]?.code, where).toBe(code);
        if (earlierRow !== undefined) expect(earlierRow, where).toBeLessThan(i + 1);
      });
    });
  }

  for (const v of receivedBeforeVectors.filter((c) => c.expected.subsidy !== undefined)) {
    it(`${v.name}: each subsidy is transferSubsidy(received, receivedBefore) [${v.clause}]`, () => {
      v.expected.subsidy?.forEach((cell, i) => {
        const where = `row ${i + 1}`;
        const amount = v.input.received[i];
        const before = v.expected.receivedBefore[i];
        if (blank(amount)) return expect(cell, where).toBe('');
        const r = parseYuan(amount, 'received');
        // A blank achievement's '' is a blank receivedBefore: none received before (CONTRACT §2).
        if (r.ok && before === '') return expect(cell, where).toBe(toYuan(transferSubsidy(E, r.value).subsidy));
        if (!r.ok || before === undefined || !isNumber(before)) {
          expect(cell, where).toMatchObject({ error: { field: r.ok ? 'receivedBefore' : 'received' } });
          return;
        }
        const b = parseYuan(before, 'receivedBefore');
        expect(b.ok, where).toBe(true);
        if (b.ok) expect(cell, where).toBe(toYuan(transferSubsidy(E, r.value, b.value).subsidy));
      });
    });
  }
});
