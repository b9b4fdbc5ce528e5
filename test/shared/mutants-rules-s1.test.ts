/**
 * Rules behind shared/{window,checks,caps,schedule,explain,approvals}.ts that `npm run mutate -- shared` found
 * untested (issue 14). Each case states the rule from POLICY.md / CONTRACT.md / the plan's text (渝府办发〔2019〕126号):
 * a refusal names its field and says what is wrong in 中文 and English (CONTRACT.md §2), a boundary, a clause cited.
 * Amounts in messages are shown as money.ts shows yuan (`formatYuan`).
 */
import { describe, expect, it } from 'vitest';
import {
  calculate,
  checkApplication,
  checkEntryDate,
  checkRatingDate,
  CQ_2019_126,
  explain,
  formatYuan,
  initialApproval,
  itemCap,
  PlanMemo,
  type Calculation,
  type CheckInput,
  type Edition,
} from '../../shared/index.js';

const WAN = 1_000_000; // 1 万元 in fen
const ed = CQ_2019_126;

function calc(terms: Parameters<typeof calculate>[1], edition: Edition = ed, plans?: PlanMemo): Calculation {
  const r = calculate(edition, terms, plans);
  if (!r.ok) throw new Error(`not calculated: ${JSON.stringify(r.problems)}`);
  return r.value;
}
const rows = (c: Calculation) => c.schedule.map((r) => `${r.year} ${r.item}`);

describe('六: a date before the plan was in force is refused, naming the date and the start in both languages', () => {
  it('a rating the day before 2019-12-27', () => {
    const p = checkRatingDate(ed, '2019-12-26');
    expect(p).toMatchObject({ code: 'BEFORE_PLAN', field: 'ratingDate', clause: '六' });
    for (const text of [p?.messageZh, p?.message]) {
      expect(text).toContain('2019-12-26');
      expect(text).toContain('2019-12-27');
    }
    expect(p?.messageZh).toContain('早于');
    expect(p?.message).toContain('before');
  });
  it('a payment the day before the start, named as the caller names it', () => {
    const p = checkEntryDate(ed, '2019-12-26', '2021-01-01', 'paidOn', { en: 'paid', zh: '支付日期' });
    expect(p).toMatchObject({ code: 'BEFORE_PLAN', field: 'paidOn', clause: '六' });
    expect(p?.messageZh).toMatch(/^支付日期 2019-12-26 早于.*2019-12-27/);
    expect(p?.message).toMatch(/^paid 2019-12-26, before .*2019-12-27/);
  });
});

describe('checks as staff approve an application', () => {
  const terms: CheckInput = { category: 'JOINT_RD_BASE', ratingDate: '2021-03-01' };
  it('三(二): an approved initial grant one fen over 200 万元 is an error on approvedInitial giving both amounts', () => {
    const r = checkApplication(ed, { ...terms, approvedInitial: 200 * WAN + 1 });
    expect(r.status).toBe('ERROR');
    expect(r.errors).toHaveLength(1);
    const [p] = r.errors;
    expect(p).toMatchObject({ code: 'OVER_CAP', field: 'approvedInitial', clause: '三(二)' });
    for (const text of [p?.messageZh, p?.message]) {
      expect(text).toContain(formatYuan(200 * WAN + 1));
      expect(text).toContain(formatYuan(200 * WAN));
    }
    expect(checkApplication(ed, { ...terms, approvedInitial: 200 * WAN }).status).toBe('OK');
  });
  it('二(五) names only national platforms (strict): another partner type is an error on partner.type, naming it and the clause', () => {
    const r = checkApplication(ed, { category: 'NATIONAL_INNOVATION_BASE', ratingDate: '2021-03-01', partnerType: 'OTHER_ENTERPRISE' });
    expect(r.status).toBe('ERROR');
    const [p] = r.errors;
    expect(p).toMatchObject({ code: 'PARTNER_TYPE', field: 'partner.type', clause: '二(五)' });
    expect(p?.messageZh).toContain('其他企业');
    expect(p?.messageZh).toContain('二(五)');
    expect(p?.message).toContain('OTHER_ENTERPRISE');
    expect(p?.message).toContain('二(五)');
    expect(p?.messageZh).not.toContain('需确认');
  });
  it('二(二) ends its list in 等 (not strict): another partner type is a warning on partner.type that asks for confirmation', () => {
    const r = checkApplication(ed, { ...terms, partnerType: 'OTHER_ENTERPRISE' });
    expect(r.status).toBe('WARN');
    expect(r.errors).toEqual([]);
    const [p] = r.warnings;
    expect(p).toMatchObject({ code: 'PARTNER_TYPE', field: 'partner.type', clause: '二(二)' });
    expect(p?.messageZh).toContain('其他企业');
    expect(p?.messageZh).toMatch(/需确认$/);
    expect(p?.message).toContain('OTHER_ENTERPRISE');
    expect(p?.message).toMatch(/needs confirmation$/);
  });
});

describe('三: which caps are a year (annual R&D support, the performance subsidy) and which are once', () => {
  it('the initial grant and talent support are once; annual R&D support and the performance subsidy are per year', () => {
    expect(itemCap(ed, 'JOINT_RD_BASE', 'INITIAL_GRANT')).toMatchObject({ kind: 'CAP', cap: 200 * WAN, perYear: false });
    expect(itemCap(ed, 'JOINT_RD_BASE', 'ANNUAL_RD_SUPPORT')).toMatchObject({ kind: 'CAP', cap: 500 * WAN, perYear: true });
    expect(itemCap(ed, 'TRANSFER_BASE', 'PERFORMANCE_SUBSIDY')).toMatchObject({ kind: 'CAP', cap: 100 * WAN, perYear: true });
    expect(itemCap(ed, 'JOINT_RD_BASE', 'TALENT_TEAM_SUPPORT')).toMatchObject({ kind: 'CAP', cap: 1000 * WAN, perYear: false });
  });
});

describe('三(六) talent support', () => {
  it('other high-level talent (等) is a warning on talent, in both languages, and is not scheduled', () => {
    const c = calc({ category: 'JOINT_RD_BASE', ratingDate: '2021-03-01', talent: 'OTHER_HIGH_LEVEL' });
    expect(c.warnings).toHaveLength(1);
    const [w] = c.warnings;
    expect(w).toMatchObject({ code: 'NEEDS_CONFIRMATION', field: 'talent', clause: '三(六)' });
    expect(w?.messageZh).toContain('逐案确认');
    expect(w?.message).toContain('case-by-case confirmation');
    expect(c.schedule.some((r) => r.item === 'TALENT_TEAM_SUPPORT')).toBe(false);
  });
  it('an edition reading talent support as paid the year after rating (not interpretation 2) schedules it in Y+1', () => {
    const t = ed.talentSupport;
    const nextYear: Edition = { ...ed, talentSupport: { ...t, paidInRatingYear: { ...t.paidInRatingYear, value: false } } };
    const c = calc({ category: 'TRANSFER_SERVICE_ORG', ratingDate: '2021-03-01', talent: 'CAS_ACADEMICIAN' }, nextYear);
    expect(rows(c)).toEqual(['2021 INITIAL_GRANT', '2022 TALENT_TEAM_SUPPORT']);
  });
});

describe('a plan memo gives each (rating year, talent) its own plan', () => {
  it('2019 with talent and 2021 without are different plans, in either order', () => {
    const plans = new PlanMemo();
    const withTalent = calc({ category: 'JOINT_RD_BASE', ratingDate: '2019-12-30', talent: 'CAS_ACADEMICIAN' }, ed, plans);
    const later = calc({ category: 'JOINT_RD_BASE', ratingDate: '2021-03-01' }, ed, plans);
    expect(rows(withTalent)).toEqual(['2019 INITIAL_GRANT', '2019 TALENT_TEAM_SUPPORT', '2020 ANNUAL_RD_SUPPORT', '2021 ANNUAL_RD_SUPPORT', '2022 ANNUAL_RD_SUPPORT']);
    expect(rows(later)).toEqual(['2021 INITIAL_GRANT', '2022 ANNUAL_RD_SUPPORT', '2023 ANNUAL_RD_SUPPORT', '2024 ANNUAL_RD_SUPPORT']);
  });
});

describe('a category with both yearly items keeps each to its own years', () => {
  // Made up: a transfer base that also had 三(二)'s annual R&D support, so the two runs of years differ.
  const base = ed.support.TRANSFER_BASE;
  const rd = ed.support.JOINT_RD_BASE;
  if (base.kind !== 'CAPPED' || rd.kind !== 'CAPPED') throw new Error('capped categories expected');
  const both: Edition = { ...ed, support: { ...ed.support, TRANSFER_BASE: { ...base, annualRdSupport: rd.annualRdSupport } } };
  it('rated 2019: annual support 2020–2022 (三(二): 3 years from the year after rating) while performance runs to 2023 (三(七))', () => {
    const c = calc({ category: 'TRANSFER_BASE', ratingDate: '2019-12-30' }, both);
    expect(c.schedule.filter((r) => r.item === 'ANNUAL_RD_SUPPORT').map((r) => r.year)).toEqual([2020, 2021, 2022]);
    expect(c.schedule.filter((r) => r.item === 'PERFORMANCE_SUBSIDY').map((r) => r.year)).toEqual([2020, 2021, 2022, 2023]);
  });
  it('rated 2022: performance year 2022 paid in 2023 only (三(七), interpretation 7) while annual support runs to 2025', () => {
    const c = calc({ category: 'TRANSFER_BASE', ratingDate: '2022-06-01' }, both);
    expect(c.schedule.filter((r) => r.item === 'ANNUAL_RD_SUPPORT').map((r) => r.year)).toEqual([2023, 2024, 2025]);
    expect(c.schedule.filter((r) => r.item === 'PERFORMANCE_SUBSIDY').map((r) => r.year)).toEqual([2023]);
  });
});

describe('explain: every row cites the parameters that put it there', () => {
  it('an annual R&D row rests on its cap and on the 3 years of 三(二)', () => {
    const c = calc({ category: 'JOINT_RD_BASE', ratingDate: '2021-03-01' });
    const annual = c.schedule.find((r) => r.item === 'ANNUAL_RD_SUPPORT');
    const rd = ed.support.JOINT_RD_BASE;
    if (rd.kind !== 'CAPPED' || !rd.annualRdSupport) throw new Error('annual support expected');
    expect(annual?.basis).toContain(rd.annualRdSupport.years);
    const line = explain(c).split('\n').find((l) => l.startsWith('2022 '));
    expect(line).toContain(`另据 三(二) ${rd.annualRdSupport.years.name}`);
  });
  it('a row resting on its cap alone cites nothing else; one resting on two more names both, joined by 、', () => {
    const c = calc({ category: 'JOINT_RD_BASE', ratingDate: '2021-03-01', talent: 'CAS_ACADEMICIAN' });
    const lines = explain(c).split('\n');
    const initial = lines.find((l) => l.includes('(INITIAL_GRANT)'));
    expect(initial).toBeDefined();
    expect(initial).toMatch(/（support\.JOINT_RD_BASE\.initialGrant，2019-12-27 起施行）$/);
    const talentRow = lines.find((l) => l.includes('(TALENT_TEAM_SUPPORT)'));
    expect(talentRow).toContain(`另据 三(六) ${ed.talentSupport.paidInRatingYear.name}、三(六) ${ed.support.JOINT_RD_BASE.talentEligible.name}；`);
  });
  it('the terms line names the category and the talent by label and code, with the rating date', () => {
    const withTalent = explain(calc({ category: 'JOINT_RD_BASE', ratingDate: '2021-03-01', talent: 'CAS_ACADEMICIAN' })).split('\n');
    expect(withTalent[1]).toBe('联合研发基地（中心） (JOINT_RD_BASE)，评定日期 2021-03-01，高层次人才 中国科学院院士 (CAS_ACADEMICIAN)');
    const without = explain(calc({ category: 'JOINT_RD_BASE', ratingDate: '2021-03-01' })).split('\n');
    expect(without[1]).toBe('联合研发基地（中心） (JOINT_RD_BASE)，评定日期 2021-03-01');
  });
  it('the interpretations cited are listed once each in number order (§5.1, §5.6, §5.7 for a transfer base)', () => {
    const text = explain(calc({ category: 'TRANSFER_BASE', ratingDate: '2021-03-01' }));
    const cited = [...text.matchAll(/（interpretation (\d)）/g)].map((m) => Number(m[1]));
    expect(cited).toEqual([1, 6, 7]);
  });
  it('a case-by-case category with talent says talent support is decided case by case, citing interpretation 5', () => {
    const text = explain(calc({ category: 'MAJOR_PROJECT', ratingDate: '2021-03-01', talent: 'CAS_ACADEMICIAN' }));
    const line = text.split('\n').find((l) => l.startsWith('高层次人才团队研发专项 (TALENT_TEAM_SUPPORT)：'));
    expect(line).toContain('一事一议，逐案决定 (decided case by case)');
    expect(line).toContain('§5.5');
  });
  it('a transfer service organisation is told the performance subsidy does not apply (三(七), interpretation 1)', () => {
    const text = explain(calc({ category: 'TRANSFER_SERVICE_ORG', ratingDate: '2021-03-01' }));
    const line = text.split('\n').find((l) => l.startsWith('成果转化绩效后补助 (PERFORMANCE_SUBSIDY)：'));
    expect(line).toContain('不适用 (does not apply)');
    expect(line).toContain('三(七)');
    expect(line).toContain('§5.1');
  });
});

describe('initialApproval: a rating’s approved amount is the initial grant row’s (三(一)–(三))', () => {
  const row = (year: number, item: 'INITIAL_GRANT' | 'ANNUAL_RD_SUPPORT', cap: number) => ({ year, item, cap, clause: '三(二)' });
  it('finds the initial grant row wherever the stored schedule lists it', () => {
    const schedule = [row(2022, 'ANNUAL_RD_SUPPORT', 500 * WAN), row(2021, 'INITIAL_GRANT', 200 * WAN)];
    expect(initialApproval({ approvedInitial: 150 * WAN, schedule })).toEqual({ row: schedule[1], amount: 150 * WAN });
  });
  it('none where the schedule has no initial grant, or none was approved', () => {
    expect(initialApproval({ approvedInitial: 150 * WAN, schedule: [row(2022, 'ANNUAL_RD_SUPPORT', 500 * WAN)] })).toBeUndefined();
    expect(initialApproval({ approvedInitial: 150 * WAN, schedule: [] })).toBeUndefined();
    expect(initialApproval({ schedule: [row(2021, 'INITIAL_GRANT', 200 * WAN)] })).toBeUndefined();
  });
});
