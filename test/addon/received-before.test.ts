/**
 * CQ_RECEIVED_BEFORE in the built bundle (CONTRACT §2): test/vectors/received-before.json as whole columns, the shapes
 * every custom function follows, and the receipts sheet's composition
 * `=CQ_TRANSFER_SUBSIDY(E2:E, CQ_RECEIVED_BEFORE(A2:A, E2:E))` against the rules' 5% subsidy over the transfer
 * sequences, interleaved across achievements.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_EDITION as E, parseYuan, toYuan, transferSubsidy, type Fen } from '../../shared/index.js';
import { receivedBeforeVectors, transferSequences, type ReceivedBeforeCell } from '../vectors/index.js';
import { fakeSession } from './fakes/session.js';
import { column, loadAddon, plain } from './load.js';

let addon: ReturnType<typeof loadAddon>;
beforeAll(() => {
  addon = loadAddon({ Session: fakeSession('Asia/Shanghai') });
});

const cells = (answer: unknown): unknown[] => (plain(answer) as unknown[][]).map((row) => (expect(row).toHaveLength(1), row[0]));

/**
 * `strict`: an error without `earlierRow` must not name an earlier row (a CQ_TRANSFER_SUBSIDY cell may quote one).
 * `received`: the amounts column, so an earlier row is checked to be quoted as staff typed it.
 */
function expectCell(cell: unknown, expected: ReceivedBeforeCell, where: string, strict = true, received?: readonly unknown[]): void {
  if (typeof expected === 'number' || expected === '') {
    expect(cell, where).toBe(expected);
    return;
  }
  expect(typeof cell, where).toBe('string');
  const text = cell as string;
  expect(text, where).toMatch(/^ERROR: /);
  const { field, messageZh, message } = expected.error;
  expect(text, where).toContain(`(${field}:`); // `中文 (field: English)`
  if (messageZh !== undefined) expect(text, where).toContain(`${messageZh} (${field}: ${message ?? ''}`);
  const row = expected.error.earlierRow;
  if (row !== undefined) {
    // Row N of the selected range, not the sheet's row N: the message says "selected range" and quotes the amount.
    const quoted = received === undefined ? '' : `"${String(received[row - 1]).trim()}"`;
    expect(text, where).toContain(`所选区域第 ${row} 行（到账额 ${quoted}`);
    expect(text, where).toContain(`${quoted} in row ${row} of the selected range`);
  } else if (strict) expect(text, where).not.toContain('of the selected range');
}

describe('CQ_RECEIVED_BEFORE over received-before vectors, one call per column', () => {
  for (const v of receivedBeforeVectors) {
    it(`${v.name} [${v.clause}]`, () => {
      const before = addon.CQ_RECEIVED_BEFORE(column(v.input.achievement), column(v.input.received));
      const got = cells(before);
      expect(got).toHaveLength(v.expected.receivedBefore.length);
      v.expected.receivedBefore.forEach((e, i) => expectCell(got[i], e, `receivedBefore row ${i + 1}`, true, v.input.received));
      const { subsidy } = v.expected;
      if (subsidy) {
        // The composition as a sheet writes it: the 2-D answer of one is the argument of the other.
        const subsidies = cells(addon.CQ_TRANSFER_SUBSIDY(column(v.input.received), before));
        subsidy.forEach((e, i) => expectCell(subsidies[i], e, `subsidy row ${i + 1}`, false));
      }
    });
  }
});

describe('CQ_RECEIVED_BEFORE shapes (CONTRACT §2)', () => {
  it('single values: nothing is above a single cell; a blank achievement is blank; a bad amount is an ERROR naming received', () => {
    expect(addon.CQ_RECEIVED_BEFORE('成果甲', 100)).toBe(0);
    expect(addon.CQ_RECEIVED_BEFORE('成果甲', '')).toBe(0);
    expect(addon.CQ_RECEIVED_BEFORE('成果甲')).toBe(0); // an omitted argument arrives as undefined
    expect(addon.CQ_RECEIVED_BEFORE('', 100)).toBe('');
    expect(addon.CQ_RECEIVED_BEFORE('  ', 'abc')).toBe('');
    expect(addon.CQ_RECEIVED_BEFORE('成果甲', '1.005')).toMatch(/^ERROR: .*\(received:/);
  });

  it('a single achievement repeats down a column of amounts: one running total', () => {
    expect(plain(addon.CQ_RECEIVED_BEFORE('成果甲', [[1], [2], [3]]))).toEqual([[0], [1], [3]]);
  });

  it('a single amount repeats down a column of achievements', () => {
    expect(plain(addon.CQ_RECEIVED_BEFORE([['a'], ['b'], ['A'], ['']], 2.5))).toEqual([[0], [0], [2.5], ['']]);
  });

  it('ranges of different heights: rows past a shorter amount column count 0; past a shorter achievement column, blank', () => {
    expect(plain(addon.CQ_RECEIVED_BEFORE([['a'], ['a'], ['a']], [[5]]))).toEqual([[0], [5], [5]]);
    expect(plain(addon.CQ_RECEIVED_BEFORE([['a']], [[5], [6], [7]]))).toEqual([[0], [''], ['']]);
  });

  it('a range wider than one column is an ERROR naming it, for every non-blank row', () => {
    const out = plain(addon.CQ_RECEIVED_BEFORE([['a'], ['']], [[1, 2], [3, 4]])) as unknown[][];
    expect(out).toEqual([[expect.stringMatching(/^ERROR: .*\(received:/)], ['']]);
  });

  it('odd cells give ERROR rows or group as text, never a throw', () => {
    const date = new Date('2021-03-15T00:00:00+08:00');
    const achievements = [[true], [42], [{}], [date], [null], [undefined], ['42'], ['TRUE']];
    const received = [[1], [2], [4], [8], [16], [32], [64], [128]];
    // A name is whatever text the cell shows: 42 and '42' are one achievement, true and 'TRUE' another.
    expect(plain(addon.CQ_RECEIVED_BEFORE(achievements, received))).toEqual([[0], [0], [0], [0], [''], [''], [2], [1]]);
    const odd = [[true], [Number.NaN], [Infinity], [{}], [date], [-0], [[1]]];
    const out = cells(addon.CQ_RECEIVED_BEFORE('a', odd));
    expect(out[0]).toMatch(/^ERROR: .*\(received:/);
    for (const cell of out.slice(1)) expect(cell).toMatch(/^ERROR: .*\(received: .*row 1 of the selected range/);
  });

  it('a sum past the largest amount is an ERROR saying so, not an inexact number', () => {
    const out = cells(addon.CQ_RECEIVED_BEFORE('a', [[1e13], [1e13], [1]]));
    expect(out.slice(0, 2)).toEqual([0, 1e13]);
    expect(out[2]).toBe('ERROR: 此前累计到账超出可处理范围（最多 10,000,000,000,000.00 元） (received: what was received before exceeds 10,000,000,000,000.00 yuan)');
  });
});

describe('=CQ_TRANSFER_SUBSIDY(E2:E, CQ_RECEIVED_BEFORE(A2:A, E2:E)) fills a receipts sheet', () => {
  /** The rules' answer for one achievement's instalments, in order: each instalment's subsidy, from fen. */
  function rulesSubsidies(instalments: readonly (number | string)[]): number[] {
    let before: Fen = 0;
    return instalments.map((amount) => {
      const fen = parseYuan(amount, 'received');
      if (!fen.ok) throw new Error(`${amount} is not an amount`);
      const s = transferSubsidy(E, fen.value, before);
      before = s.cumulativeReceived;
      return toYuan(s.subsidy);
    });
  }

  /** Deals the sequences' instalments into one sheet, round robin, each sequence under its own spellings of a name. */
  function interleave(sequences: readonly { name: string; spellings: readonly string[]; instalments: readonly number[] }[]) {
    const rows: { achievement: string; amount: number; sequence: number; index: number }[] = [];
    const longest = Math.max(...sequences.map((s) => s.instalments.length));
    for (let i = 0; i < longest; i++) {
      sequences.forEach((s, sequence) => {
        const amount = s.instalments[i];
        if (amount !== undefined) rows.push({ achievement: s.spellings[i % s.spellings.length] ?? s.name, amount, sequence, index: i });
      });
    }
    return rows;
  }

  const dimes = { name: 'dimes and fifths', instalments: [0.1, 0.2, 0.1, 0.2, 0.2, 0.1, 0.1, 0.2, 0.2, 0.2, 0.1] };
  const groups = [
    ['成果甲', ' 成果甲 ', '成果甲　'],
    ['Alpha', 'ALPHA', 'ａｌｐｈａ', ' alpha'],
    ['KC-2021-7', 'ＫＣ－２０２１－７', 'kc-2021-7 '],
  ];
  const all = [...transferSequences, dimes];
  const D = transferSequences.length; // the dimes
  // Two or three achievements a sheet: vector sequences, and the float-noise one dealt in with them.
  const sheets = [
    [0, D],
    [1, 3],
    [2, D, 3],
    [0, 1, D],
    [3, 2, 0],
  ];

  it('the vectors hold the sequences dealt here', () => {
    expect(transferSequences.length).toBeGreaterThanOrEqual(4);
  });

  for (const sheet of sheets) {
    const chosen = sheet.map((i) => all[i]).filter((s) => s !== undefined);
    it(`${chosen.map((s) => s.name).join(' · ')}: each row's subsidy is the rules' for its own achievement`, () => {
      const rows = interleave(chosen.map((s, i) => ({ name: s.name, spellings: groups[i] ?? [s.name], instalments: s.instalments })));
      const A = column(rows.map((r) => r.achievement));
      const E2 = column(rows.map((r) => r.amount));
      const subsidies = cells(addon.CQ_TRANSFER_SUBSIDY(E2, addon.CQ_RECEIVED_BEFORE(A, E2)));
      const expected = chosen.map((s) => rulesSubsidies(s.instalments));
      rows.forEach((r, i) => expect(subsidies[i], `row ${i + 1} (${r.achievement} ${r.amount})`).toBe(expected[r.sequence]?.[r.index]));
      // The vectors' own figures, where the sequence is one of theirs: the rules and the vectors agree.
      chosen.forEach((s, k) => {
        if ('subsidies' in s) expect(expected[k]).toEqual(s.subsidies);
      });
    });
  }

  it('received-before stays exact over 10,000 dimes', () => {
    // Summed in fen: row i shows i dimes exactly, where a float running sum (=SUM(E$2:E2)) drifts off the fen.
    const n = 10_000;
    const out = cells(addon.CQ_RECEIVED_BEFORE('a', column(new Array<number>(n).fill(0.1))));
    expect(out).toEqual(Array.from({ length: n }, (_, i) => toYuan(i * 10)));
  });
});
