/**
 * Every case in test/vectors through the built add-on's custom functions, as Sheets would pass them: single cells,
 * whole columns (2-D ranges, one call per column), date cells as Dates at Asia/Shanghai midnight, '' for blanks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_EDITION as E, describeProblem, parseYuan, toYuan, transferSubsidy } from '../../shared/index.js';
import {
  amountVectors,
  capVectors,
  checkVectors,
  dateVectors,
  isError,
  scheduleVectors,
  transferSequences,
  transferVectors,
  yearCapVectors,
  type TransferInput,
} from '../vectors/index.js';
import { fakeSession } from './fakes/session.js';
import { column, dateOfRealm, loadAddon, plain, shanghaiMidnight } from './load.js';

let addon: ReturnType<typeof loadAddon>;
let session: ReturnType<typeof fakeSession>;
beforeAll(() => {
  session = fakeSession('Asia/Shanghai');
  addon = loadAddon({ Session: session });
});

function expectError(cell: unknown, field: string): void {
  expect(typeof cell).toBe('string');
  expect(cell as string).toMatch(/^ERROR: /);
  // The text names the argument: describeProblem writes `中文 (field: English)`.
  expect(cell as string).toContain(`(${field}:`);
}

/** A date cell as Sheets passes it, where the vector's text is a plain ISO date; other text stays text. */
const asCell = (date: string): unknown => (/^\d{4}-\d{2}-\d{2}$/.test(date) ? (shanghaiMidnight(addon, date) ?? date) : date);
const opt = (value: string | number | undefined): string | number => value ?? '';

describe('CQ_TOTAL_CAP, CQ_SCHEDULE and CQ_EXPLAIN over schedule vectors', () => {
  for (const v of scheduleVectors) {
    const { category, ratingDate } = v.input;
    const talent = opt(v.input.talent);
    it(`${v.name} [${v.clause}] — text date and date cell`, () => {
      for (const date of [ratingDate, asCell(ratingDate)]) {
        const total = addon.CQ_TOTAL_CAP(category, date, talent);
        const schedule = plain(addon.CQ_SCHEDULE(category, date, talent));
        const explanation = addon.CQ_EXPLAIN(category, date, talent);
        if (isError(v.expected)) {
          expectError(total, v.expected.error.field);
          expectError(schedule, v.expected.error.field);
          expectError(explanation, v.expected.error.field);
        } else if ('caseByCase' in v.expected) {
          expect(total).toBe('CASE_BY_CASE');
          expect(schedule).toBe('CASE_BY_CASE');
          expect(explanation).toContain(v.expected.clause);
        } else {
          expect(total).toBe(v.expected.totalCap);
          expect(schedule).toEqual(v.expected.schedule);
          expect(explanation).toContain('渝府办发〔2019〕126号');
          for (const [year, item] of v.expected.schedule) expect(explanation).toContain(`${year} `), expect(explanation).toContain(`(${item})`);
          if (v.expected.warnings.length > 0) expect(explanation).toContain('WARN: ');
        }
      }
    });
  }

  it('one CQ_TOTAL_CAP call computes the whole column, blank rows blank', () => {
    const rows = scheduleVectors.flatMap((v) => [v, undefined]); // a blank row after each case
    const result = plain(
      addon.CQ_TOTAL_CAP(
        column(rows.map((v) => (v ? v.input.category : ''))),
        column(rows.map((v) => (v ? asCell(v.input.ratingDate) : ''))),
        column(rows.map((v) => (v ? opt(v.input.talent) : ''))),
      ),
    ) as unknown[][];
    expect(result).toHaveLength(rows.length);
    rows.forEach((v, i) => {
      const [cell] = result[i] ?? [];
      expect(result[i]).toHaveLength(1);
      if (!v) expect(cell).toBe('');
      else if (isError(v.expected)) expectError(cell, v.expected.error.field);
      else expect(cell).toBe('caseByCase' in v.expected ? 'CASE_BY_CASE' : v.expected.totalCap);
    });
  });
});

describe('CQ_YEAR_CAP over year-cap vectors', () => {
  const expectCell = (cell: unknown, expected: (typeof yearCapVectors)[number]['expected']): void => {
    if (isError(expected)) expectError(cell, expected.error.field);
    else expect(cell).toBe('caseByCase' in expected ? 'CASE_BY_CASE' : expected.yearCap);
  };
  for (const v of yearCapVectors) {
    it(`${v.name} [${v.clause}]`, () => {
      const { category, ratingDate, year } = v.input;
      expectCell(addon.CQ_YEAR_CAP(category, ratingDate, year, opt(v.input.talent)), v.expected);
      expectCell(addon.CQ_YEAR_CAP(category, asCell(ratingDate), String(year), opt(v.input.talent)), v.expected);
    });
  }
  it('as one column call', () => {
    const result = plain(
      addon.CQ_YEAR_CAP(
        column(yearCapVectors.map((v) => v.input.category)),
        column(yearCapVectors.map((v) => asCell(v.input.ratingDate))),
        column(yearCapVectors.map((v) => v.input.year)),
        column(yearCapVectors.map((v) => opt(v.input.talent))),
      ),
    ) as unknown[][];
    yearCapVectors.forEach((v, i) => expectCell(result[i]?.[0], v.expected));
  });
});

describe('CQ_CAP and CQ_CLAUSE over cap vectors', () => {
  for (const v of capVectors) {
    it(`${v.name} [${v.clause}]`, () => {
      const cap = addon.CQ_CAP(v.input.category, v.input.item);
      const clause = addon.CQ_CLAUSE(v.input.category, v.input.item);
      if (isError(v.expected)) {
        if (v.expected.error.code === 'REQUIRED' && v.expected.error.field === 'category') {
          // A blank first argument is a blank row in a sheet, not an error (CONTRACT §2).
          expect(cap).toBe('');
          expect(clause).toBe('');
        } else {
          expectError(cap, v.expected.error.field);
          expectError(clause, v.expected.error.field);
        }
      } else if ('caseByCase' in v.expected) {
        expect(cap).toBe('CASE_BY_CASE');
        expect(clause).toBe(v.expected.clause);
      } else if ('applies' in v.expected) {
        expect(cap).toBe(0);
        expectError(clause, 'item');
        expect(clause).toContain('不适用');
      } else {
        expect(cap).toBe(v.expected.cap);
        expect(clause).toBe(v.expected.clause);
      }
    });
  }
  it('a column of categories against one item repeats the item down', () => {
    const categories = capVectors.map((v) => v.input.category);
    const caps = plain(addon.CQ_CAP(column(categories), 'INITIAL_GRANT')) as unknown[][];
    categories.forEach((c, i) => expect(caps[i]).toEqual([plain(addon.CQ_CAP(c, 'INITIAL_GRANT'))]));
    expect(caps.map((r) => r[0])).toContain(10000000);
  });
});

/** receivedBefore as the vector gives it: absent is a blank cell (''), null and blanks stay as they are. */
const before = (input: TransferInput): unknown => ('receivedBefore' in input ? input.receivedBefore : '');

describe('CQ_TRANSFER_SUBSIDY over transfer vectors', () => {
  for (const v of transferVectors) {
    it(`${v.name} [${v.clause}]`, () => {
      // An absent receivedBefore is a blank cell (''); null (an empty value from a script) is passed as it is.
      const cell = addon.CQ_TRANSFER_SUBSIDY(v.input.received, before(v.input));
      if (isError(v.expected)) expectError(cell, v.expected.error.field);
      else expect(cell).toBe(v.expected.subsidy);
    });
  }
  it('every case as one column call', () => {
    const result = plain(
      addon.CQ_TRANSFER_SUBSIDY(column(transferVectors.map((v) => v.input.received)), column(transferVectors.map((v) => before(v.input)))),
    ) as unknown[][];
    transferVectors.forEach((v, i) => {
      const cell = result[i]?.[0];
      if (isError(v.expected)) expectError(cell, v.expected.error.field);
      else expect(cell).toBe(v.expected.subsidy);
    });
  });
  for (const seq of transferSequences) {
    it(`sequence as a receipts sheet: ${seq.name} [${seq.clause}]`, () => {
      // Column D: each instalment; column E: what was received before it (a running total the sheet keeps).
      let before = 0;
      const befores = seq.instalments.map((amount) => {
        const b = before;
        before = Math.round((before + amount) * 100) / 100;
        return b;
      });
      const result = plain(addon.CQ_TRANSFER_SUBSIDY(column(seq.instalments), column(befores))) as unknown[][];
      expect(result.map((r) => r[0])).toEqual(seq.subsidies);
    });
  }
});

describe('CQ_TRANSFER_SUBSIDY over amount vectors: amounts read exactly as written (issue 13)', () => {
  const FIXED = 100; // the other argument: 100 元 (subsidy 5 元 alone)
  /** What the rules say the cell shows: the subsidy for the expected fen, or the rules' problem as an ERROR text. */
  function expected(v: (typeof amountVectors)[number], field: 'received' | 'receivedBefore'): string | number {
    if ('error' in v.expected) {
      const r = parseYuan(v.input, field);
      if (r.ok) throw new Error('the rules read an amount the vector refuses');
      expect(r.problems.map((p) => p.code)).toEqual([v.expected.error]);
      return `ERROR: ${describeProblem(r.problems[0]!)}`;
    }
    const fen = Math.round(v.expected.yuan * 100);
    const s = field === 'received' ? transferSubsidy(E, fen, 0) : transferSubsidy(E, FIXED * 100, fen);
    return toYuan(s.subsidy);
  }
  for (const v of amountVectors) {
    it(`${v.name}: ${JSON.stringify(v.input)} [${v.clause}]`, () => {
      const asReceived = addon.CQ_TRANSFER_SUBSIDY(v.input, undefined);
      if ('error' in v.expected) expectError(asReceived, 'received');
      expect(asReceived).toBe(expected(v, 'received'));
      const asBefore = addon.CQ_TRANSFER_SUBSIDY(FIXED, v.input);
      if ('error' in v.expected) expectError(asBefore, 'receivedBefore');
      expect(asBefore).toBe(expected(v, 'receivedBefore'));
    });
  }
  it('every amount as one column call, as received and as receivedBefore', () => {
    const inputs = column(amountVectors.map((v) => v.input));
    const asReceived = plain(addon.CQ_TRANSFER_SUBSIDY(inputs, '')) as unknown[][];
    const asBefore = plain(addon.CQ_TRANSFER_SUBSIDY(FIXED, inputs)) as unknown[][];
    amountVectors.forEach((v, i) => {
      expect(asReceived[i]).toEqual([expected(v, 'received')]);
      expect(asBefore[i]).toEqual([expected(v, 'receivedBefore')]);
    });
  });
  it('every amount read back exactly: CQ_RECEIVED_BEFORE gives the next row of its achievement the yuan, or the ERROR', () => {
    // Amount i is row 2i+1 under achievement `a{i}`; row 2i+2 (received 0) shows what row 2i+1 received, to the fen.
    const achievements = amountVectors.flatMap((_, i) => [[`a${i}`], [`a${i}`]]);
    const received = amountVectors.flatMap((v) => [[v.input], [0]]);
    const result = plain(addon.CQ_RECEIVED_BEFORE(achievements, received)) as unknown[][];
    amountVectors.forEach((v, i) => {
      const own = result[2 * i]?.[0];
      const next = result[2 * i + 1]?.[0];
      if ('error' in v.expected) {
        const r = parseYuan(v.input, 'received');
        expect(own, v.name).toBe(r.ok ? 'the rules read it' : `ERROR: ${describeProblem(r.problems[0]!)}`);
        expectError(next, 'received');
      } else {
        expect(own, v.name).toBe(0);
        expect(next, v.name).toBe(v.expected.yuan);
      }
    });
  });
});

describe('CQ_CHECK over check vectors', () => {
  // legalPerson and partnerType are not CQ_CHECK arguments (CONTRACT §2); cases that need them run in the rules tests
  // (test/shared/vectors.test.ts), not here.
  const applicable = checkVectors.filter((v) => v.input.legalPerson === undefined && v.input.partnerType === undefined);
  it('runs most of the check vectors: every case without a legalPerson or partnerType input', () => {
    expect(applicable.length).toBeGreaterThan(10);
  });
  const fieldOf: Record<string, string> = {
    OVER_CAP: 'approvedInitial',
    TOO_PRECISE: 'approvedInitial',
    AFTER_PLAN: 'ratingDate',
    BEFORE_PLAN: 'ratingDate',
    NEEDS_CONFIRMATION: 'talent',
    UNKNOWN_CODE: 'category',
  };
  for (const v of applicable) {
    it(`${v.name} [${v.clause}]`, () => {
      const cell = addon.CQ_CHECK(v.input.category, asCell(v.input.ratingDate), opt(v.input.approvedInitial), opt(v.input.talent));
      if (v.expected.status === 'OK') {
        expect(cell).toBe('OK');
        return;
      }
      expect(cell).toMatch(new RegExp(`^${v.expected.status}: `));
      for (const code of v.expected.codes) expect(cell).toContain(`(${fieldOf[code]}:`);
      expect((cell as string).split('；')).toHaveLength(v.expected.codes.length);
    });
  }
});

describe('dates as cells', () => {
  for (const v of dateVectors) {
    it(v.name, () => {
      const input = typeof v.input === 'string' ? v.input : dateOfRealm(addon, v.input.instant);
      session.zone = typeof v.input === 'string' ? 'Asia/Shanghai' : v.input.timeZone;
      try {
        const cell = addon.CQ_EXPLAIN('JOINT_RD_BASE', input, '');
        // The explanation (or the out-of-plan error) quotes the date it read.
        if (typeof v.expected === 'string') expect(cell).toContain(v.expected);
        else expectError(cell, 'ratingDate');
      } finally {
        session.zone = 'Asia/Shanghai';
      }
    });
  }
});
