/** The filing vectors (test/vectors/filing.json) on the rules module; test/api/duplicates.test.ts runs them on the API. */
import { describe, expect, it } from 'vitest';
import { CATEGORIES, checkApplication, checkFiling, CQ_2019_126, duplicateKey, lookupCode } from '../../shared/index.js';
import { duplicateVectors, filingVectors } from '../vectors/index.js';

const category = (text: string) => {
  const found = lookupCode(CATEGORIES, text, 'category');
  if (!found.ok) throw new Error(text);
  return found.value;
};

describe('filing vectors', () => {
  for (const v of filingVectors) {
    it(`${v.name} [${v.clause}]`, () => {
      const problems = checkFiling(CQ_2019_126, { category: category(v.input.category), legalPerson: v.input.legalPerson });
      expect(problems.map((p) => p.code)).toEqual(v.expected.codes);
      if (v.expected.field !== undefined) expect(problems[0]).toMatchObject({ field: v.expected.field, clause: v.clause });
      for (const p of problems) expect(p.messageZh).toMatch(/[\u4e00-\u9fff]/);
    });
  }
  it('the rating check refuses what filing refuses (one rule)', () => {
    const rated = checkApplication(CQ_2019_126, { category: 'HIGH_END_RD_INSTITUTION', ratingDate: '2020-06-30', legalPerson: false });
    expect(rated.errors.map((p) => p.code)).toEqual(['NOT_LEGAL_PERSON']);
  });
});

describe('duplicate vectors', () => {
  for (const v of duplicateVectors) {
    it(`${v.name} [${v.clause}]`, () => {
      const key = (d: typeof v.a) => duplicateKey({ institution: d.institution, partnerName: d.partnerName, category: category(d.category) });
      expect(key(v.a) === key(v.b)).toBe(v.same);
    });
  }
});
