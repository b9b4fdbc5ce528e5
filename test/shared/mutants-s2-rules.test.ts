/**
 * Issue 14: surviving mutants of shared/filing.ts, shared/editions.ts and shared/transfer-subsidy.ts.
 * 二(一): a high-end R&D institution must be an independent legal person (具有独立法人资格), and the refusal says so in
 * both languages; two applications are one only when institution, partner and category are each the same (二, 三);
 * an unknown edition id and a void of more than was received are deployment errors that say what they were given.
 */
import { describe, expect, it } from 'vitest';
import { CQ_2019_126, CURRENT_EDITION, checkFiling, duplicateKey, editionById, voidedReceiptAdjustment } from '../../shared/index.js';

describe('二(一): filing refuses a high-end R&D institution that is not an independent legal person', () => {
  it('the refusal says so in 中文 and in English, naming legalPerson', () => {
    const [p, ...rest] = checkFiling(CQ_2019_126, { category: 'HIGH_END_RD_INSTITUTION', legalPerson: false });
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ code: 'NOT_LEGAL_PERSON', field: 'legalPerson' });
    expect(p!.messageZh).toContain('独立法人');
    expect(p!.message).toMatch(/high-end R&D institution/);
    expect(p!.message).toMatch(/independent legal person/);
  });
});

describe('二, 三: one application per institution, partner and category', () => {
  it('names are not run together: moving text from the institution to the partner makes a different pair', () => {
    const a = duplicateKey({ institution: '重庆大学', partnerName: '清华', category: 'HIGH_END_RD_INSTITUTION' });
    const b = duplicateKey({ institution: '重庆', partnerName: '大学清华', category: 'HIGH_END_RD_INSTITUTION' });
    expect(a).not.toBe(b);
  });
});

describe('editions', () => {
  it('an unknown edition id is refused, naming it and the editions known', () => {
    expect(() => editionById('cq-1999-1')).toThrow(/unknown policy edition "cq-1999-1"/);
    expect(() => editionById('cq-1999-1')).toThrow(new RegExp(`known: .*${CURRENT_EDITION.id}`));
  });
});

describe('三(七): voiding a receipt', () => {
  it('a void of more than the receipts add up to is refused, saying both amounts', () => {
    expect(() => voidedReceiptAdjustment(CQ_2019_126, 100_00, 100_01)).toThrow(RangeError);
    expect(() => voidedReceiptAdjustment(CQ_2019_126, 100_00, 100_01)).toThrow(/10001 fen.*10000 fen/);
  });
});
