/**
 * test/vectors/received-before.json where the rules compute it. Grouping rows by achievement name is the add-on's
 * (a cell convention: sheets-addon/src/received-before.ts); what the rules decide is each amount (`parseYuan`) and
 * each instalment's 5% subsidy given what was received before (`transferSubsidy`, 三(七)).
 */
import { describe, expect, it } from 'vitest';
import { CURRENT_EDITION as E, parseYuan, toYuan, transferSubsidy } from '../../shared/index.js';
import { receivedBeforeVectors, type ReceivedBeforeCell } from '../vectors/index.js';

const blank = (cell: unknown): boolean => cell === '' || (typeof cell === 'string' && cell.trim() === '');
const isNumber = (cell: ReceivedBeforeCell): cell is number => typeof cell === 'number';

describe('received-before vectors on the rules', () => {
  for (const v of receivedBeforeVectors) {
    it(`${v.name} [${v.clause}]`, () => {
      const { received } = v.input;
      expect(v.input.achievement).toHaveLength(received.length);
      expect(v.expected.receivedBefore).toHaveLength(received.length);
      v.expected.receivedBefore.forEach((cell, i) => {
        const where = `row ${i + 1}`;
        if (isNumber(cell)) {
          // A sum of fen amounts is itself an amount the rules read back exactly.
          expect(parseYuan(cell, 'receivedBefore'), where).toEqual({ ok: true, value: Math.round(cell * 100) });
          return;
        }
        if (cell === '') return;
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
