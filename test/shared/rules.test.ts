/** Unit tests of the rules module beyond the vectors: codes, money edges, the edition's provenance, explanations. */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CATEGORIES,
  CQ_2019_126,
  CURRENT_EDITION as E,
  DISTRICTS,
  FIELDS,
  ITEMS,
  PARTNER_TYPES,
  TALENTS,
  calculate,
  describeProblem,
  editionById,
  editionOf,
  explain,
  formatRate,
  formatYuan,
  listParameters,
  lookupCode,
  normalisePartnerName,
  parseCalendarDate,
  parseOptionalCalendarDate,
  parseYuan,
  checkReceiptDate,
  payableCap,
  PlanMemo,
  type Edition,
} from '../../shared/index.js';

describe('codes', () => {
  it('has the 41 districts of the brief, code for code and name for name', () => {
    const brief = new URL('../../../shared/policy/districts.json', import.meta.url);
    expect(DISTRICTS.codes).toHaveLength(41);
    expect(DISTRICTS.labels.LIANGJIANG).toBe('两江新区');
    expect(DISTRICTS.labels.GAOXIN).toBe('重庆高新区');
    expect(DISTRICTS.labels.WANSHENG).toBe('万盛经开区');
    if (existsSync(brief)) {
      const list = JSON.parse(readFileSync(brief, 'utf8')) as { code: string; name: string }[];
      expect(Object.entries(DISTRICTS.labels)).toEqual(list.map((d) => [d.code, d.name]));
    } else {
      console.warn(`districts.json of the brief not found at ${brief.pathname}: compared against the embedded copy only`);
    }
  });

  it('looks codes up by code in any case or by 中文 label, trimmed', () => {
    expect(lookupCode(CATEGORIES, 'high_end_rd_institution', 'category')).toEqual({ ok: true, value: 'HIGH_END_RD_INSTITUTION' });
    expect(lookupCode(CATEGORIES, ' 科技成果转化基地(中心) ', 'category')).toEqual({ ok: true, value: 'TRANSFER_BASE' });
    expect(lookupCode(TALENTS, '图灵奖获得者', 'talent')).toEqual({ ok: true, value: 'TURING_LAUREATE' });
    expect(lookupCode(FIELDS, '集成电路', 'field')).toEqual({ ok: true, value: 'INTEGRATED_CIRCUITS' });
    expect(lookupCode(DISTRICTS, '沙坪坝区', 'district')).toEqual({ ok: true, value: 'SHAPINGBA' });
    expect(lookupCode(PARTNER_TYPES, 'central_soe', 'partner.type')).toEqual({ ok: true, value: 'CENTRAL_SOE' });
    expect(lookupCode(ITEMS, '评定资助', 'item')).toEqual({ ok: true, value: 'INITIAL_GRANT' });
  });

  it('names the field and the value in an unknown-code problem', () => {
    const result = lookupCode(DISTRICTS, '成都', 'district');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems[0]).toMatchObject({ code: 'UNKNOWN_CODE', field: 'district' });
      expect(describeProblem(result.problems[0]!)).toBe('未知区县：成都 (district: unknown district "成都")');
    }
    expect(lookupCode(CATEGORIES, 42, 'category').ok).toBe(false);
  });
});

describe('money at the edges', () => {
  it.each([
    [Number.NaN, 'INVALID_NUMBER'],
    [Number.POSITIVE_INFINITY, 'TOO_LARGE'],
    [Number.NEGATIVE_INFINITY, 'TOO_LARGE'],
    [-0.01, 'NEGATIVE'],
    [0.001, 'TOO_PRECISE'],
    ['12.345', 'TOO_PRECISE'],
    ['1e5', 'INVALID_NUMBER'],
    [true, 'INVALID_NUMBER'],
    [null, 'REQUIRED'],
    [1e14, 'TOO_LARGE'],
  ])('%s is refused as %s', (input, code) => {
    const result = parseYuan(input, 'amount');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatchObject({ code, field: 'amount' });
  });

  it('accepts yuan text forms', () => {
    expect(parseYuan('¥1,234.5', 'amount')).toEqual({ ok: true, value: 123450 });
    expect(parseYuan('100元', 'amount')).toEqual({ ok: true, value: 10000 });
    expect(parseYuan(0.29, 'amount')).toEqual({ ok: true, value: 29 }); // 0.29 * 100 = 28.999999999999996
  });

  it('formats fen as yuan text', () => {
    expect(formatYuan(5_000_000_000)).toBe('50,000,000.00');
    expect(formatYuan(617284)).toBe('6,172.84');
    expect(formatYuan(-5)).toBe('-0.05');
  });
});

describe('dates', () => {
  it('an optional date: blank or null is none, anything else read as a required one', () => {
    for (const blank of ['', '  ', null, undefined]) expect(parseOptionalCalendarDate(blank, 'paidOn')).toEqual({ ok: true, value: undefined });
    expect(parseOptionalCalendarDate('2020年6月30日', 'paidOn')).toEqual({ ok: true, value: '2020-06-30' });
    expect(parseOptionalCalendarDate('2020-02-30', 'paidOn')).toMatchObject({ ok: false, problems: [{ code: 'INVALID_DATE', field: 'paidOn' }] });
  });
  it('reads a Date in the given zone, not the machine zone', () => {
    const midnightShanghai = new Date(Date.UTC(2019, 11, 26, 16, 0, 0));
    expect(parseCalendarDate(midnightShanghai, 'ratingDate', 'Asia/Shanghai')).toEqual({ ok: true, value: '2019-12-27' });
    expect(parseCalendarDate(midnightShanghai, 'ratingDate', 'America/New_York')).toEqual({ ok: true, value: '2019-12-26' });
    expect(parseCalendarDate(new Date(Number.NaN), 'ratingDate').ok).toBe(false);
    expect(parseCalendarDate(midnightShanghai, 'ratingDate', 'Not/AZone').ok).toBe(false);
  });

  it('refuses receipts dated before the plan (六) or after today (interpretation 8)', () => {
    // The clauses of the edition's transferSubsidy.receiptDates (三(七); interpretation 8) and of the plan's start (六).
    expect(checkReceiptDate(E, '2019-12-26', '2026-11-27')).toMatchObject({ code: 'BEFORE_PLAN', field: 'date', clause: '三(七) 六' });
    expect(checkReceiptDate(E, '2019-12-27', '2026-11-27')).toBeUndefined();
    expect(checkReceiptDate(E, '2025-03-01', '2026-11-27')).toBeUndefined();
    // Interpretation 8: no end date but today.
    expect(checkReceiptDate(E, '2026-11-27', '2026-11-27')).toBeUndefined();
    expect(checkReceiptDate(E, '2026-11-28', '2026-11-27')).toEqual({
      code: 'AFTER_TODAY',
      field: 'date',
      clause: '三(七)',
      messageZh: '到账日期 2026-11-28 晚于今天（2026-11-27，本项目解释 §5.8）',
      message: 'received 2026-11-28, after today (2026-11-27; interpretation 8, POLICY.md §5.8)',
    });
    expect(checkReceiptDate(E, '9999-12-31', '2026-11-27')).toMatchObject({ code: 'AFTER_TODAY', field: 'date' });
  });
});

describe('plans', () => {
  it('a caller-owned PlanMemo builds each plan once and changes no answer', () => {
    const plans = new PlanMemo();
    const terms = [
      { category: 'JOINT_RD_BASE', ratingDate: '2021-03-01', talent: 'CAS_ACADEMICIAN' },
      { category: 'JOINT_RD_BASE', ratingDate: '2021-11-30', talent: 'NOBEL_LAUREATE' },
      { category: 'TRANSFER_BASE', ratingDate: '2020-06-30' },
    ] as const;
    const [a, b, c] = terms.map((t) => calculate(E, t, plans));
    terms.forEach((t, i) => expect(calculate(E, t, plans)).toEqual([a, b, c][i]));
    terms.forEach((t, i) => expect(calculate(E, t)).toEqual([a, b, c][i]));
    // Same (category, rating year, talent granted): the very same frozen schedule; without the memo, a fresh one.
    if (!a?.ok || !b?.ok || !c?.ok) throw new Error('expected schedules');
    expect(b.value.schedule).toBe(a.value.schedule);
    expect(Object.isFrozen(a.value.schedule)).toBe(true);
    const fresh = calculate(E, terms[0]);
    expect(fresh.ok && fresh.value.schedule).not.toBe(a.value.schedule);
  });
});

describe('the edition', () => {
  const clauseText = /^[一二三四五六](\([一二三四五六七八九]\))?$/;

  it('every parameter has a name, an effective date inside the document and a clause of the document', () => {
    const parameters = listParameters(E);
    expect(parameters.length).toBeGreaterThan(20);
    const names = new Set<string>();
    for (const p of parameters) {
      expect(p.clause).toMatch(clauseText);
      expect(p.effectiveFrom >= CQ_2019_126.issued).toBe(true);
      expect(p.description.length).toBeGreaterThan(0);
      expect(p.descriptionZh.length).toBeGreaterThan(0);
      names.add(p.name);
    }
    expect(names.has('transferSubsidy.rate')).toBe(true);
    expect(names.has('support.HIGH_END_RD_INSTITUTION.annualRdSupport.years')).toBe(true);
  });

  it('names every parameter by its path: names are unique and the listing has one entry per parameter', () => {
    const parameters = listParameters(E);
    const names = parameters.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    // Counted apart from listParameters: every parameter, wherever it sits, carries exactly one effectiveFrom.
    expect(parameters).toHaveLength(JSON.stringify(E).split('"effectiveFrom"').length - 1);
    for (const p of parameters) {
      const atPath = p.name.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], E);
      expect(atPath, p.name).toBe(p);
    }
    // The five platform categories of 三(一)–(三) each list their own talent flag (once one name for five), and the three
    // case-by-case categories theirs (decided case by case, interpretation 5).
    expect(names.filter((n) => n.endsWith('.talentEligible'))).toHaveLength(8);
  });

  it('writes the shared blocks once: 三(二) for both bases, 三(三) for both transfer categories', () => {
    const { JOINT_RD_BASE: joint, NATIONAL_INNOVATION_BASE: national, TRANSFER_BASE: base, TRANSFER_SERVICE_ORG: service } = E.support;
    if (joint.kind !== 'CAPPED' || national.kind !== 'CAPPED' || base.kind !== 'CAPPED' || service.kind !== 'CAPPED') throw new Error('expected capped support');
    const withoutName = ({ name: _name, ...rest }: { name: string }) => rest;
    // The values as POLICY.md's table states them (fen): 2,000,000 initial, 5,000,000 a year for 3 years (三(二)).
    for (const b of [joint, national]) {
      expect([b.initialGrant.value, b.initialGrant.clause]).toEqual([200_000_000, '三(二)']);
      expect([b.annualRdSupport?.cap.value, b.annualRdSupport?.cap.clause]).toEqual([500_000_000, '三(二)']);
    }
    for (const b of [base, service]) expect([b.initialGrant.value, b.initialGrant.clause]).toEqual([200_000_000, '三(三)']);
    expect(withoutName(national.initialGrant)).toEqual(withoutName(joint.initialGrant));
    expect(withoutName(national.annualRdSupport!.cap)).toEqual(withoutName(joint.annualRdSupport!.cap));
    expect(national.initialGrant.name).toBe('support.NATIONAL_INNOVATION_BASE.initialGrant');
    // What differs stays per category: the task clause and the partners the text names.
    expect([joint.taskClause, national.taskClause]).toEqual(['二(二)', '二(五)']);
    expect(national.partners?.value).toEqual({ types: ['NATIONAL_PLATFORM'], strict: true });
    expect(withoutName(service.initialGrant)).toEqual(withoutName(base.initialGrant));
    expect(service.performanceSubsidy).toBeUndefined();
    expect(service.performanceSubsidyApplies).toMatchObject({ value: false, clause: '三(七)', interpretations: [1] });
    expect(base.performanceSubsidyApplies).toBeUndefined();
  });

  it('writes a rate as people do: 5% (三(七))', () => {
    expect(formatRate(E.transferSubsidy.rate.value)).toBe('5%');
    expect(formatRate({ numerator: 1, denominator: 8 })).toBe('12.5%');
  });

  it('a stored record is answered by the edition it names; one naming none is cq-2019-126', () => {
    expect(editionOf({ edition: 'cq-2019-126' })).toBe(CQ_2019_126);
    expect(editionOf({})).toBe(CQ_2019_126);
    expect(() => editionOf({ edition: 'cq-2099-1' })).toThrow(/unknown policy edition/);
  });

  it('finds an edition by its id, and refuses an id it does not know', () => {
    expect(editionById('cq-2019-126')).toBe(CQ_2019_126);
    expect(() => editionById('cq-2099-1')).toThrow(/unknown policy edition "cq-2099-1"/);
  });

  it('cites clauses that exist in the original text', () => {
    const original = new URL('../../../shared/policy/cq-2019-126.txt', import.meta.url);
    if (!existsSync(original)) return console.warn('original text not found beside the project: clause check skipped');
    const text = readFileSync(original, 'utf8');
    const numerals = '一二三四五六七八九';
    for (const p of listParameters(E)) {
      const [, part, item] = /^([一二三四五六])(?:\(([一二三四五六七八九])\))?$/.exec(p.clause) ?? [];
      expect(text).toContain(`${part}、`);
      if (item) expect(text).toContain(`（${item}）`);
      expect(numerals).toContain(part);
    }
  });

  it('a successor edition is a new set of parameters; results name the edition they used', () => {
    const old = CQ_2019_126.support.JOINT_RD_BASE;
    if (old.kind !== 'CAPPED') throw new Error('expected capped support');
    const successor: Edition = {
      ...CQ_2019_126,
      id: 'successor-test',
      docNo: '渝府办发〔2099〕1号',
      window: { ...CQ_2019_126.window, end: { ...CQ_2019_126.window.end, value: '2099-12-31' } },
      support: { ...CQ_2019_126.support, JOINT_RD_BASE: { ...old, initialGrant: { ...old.initialGrant, value: 300_000_000 } } },
    };
    const before = calculate(E, { category: 'JOINT_RD_BASE', ratingDate: '2021-03-15' });
    const after = calculate(successor, { category: 'JOINT_RD_BASE', ratingDate: '2021-03-15' });
    const again = calculate(E, { category: 'JOINT_RD_BASE', ratingDate: '2021-03-15' });
    if (!before.ok || !after.ok || !again.ok) throw new Error('expected schedules');
    expect(after.value.schedule[0]?.cap).toBe(300_000_000);
    expect(after.value.edition.docNo).toBe('渝府办发〔2099〕1号');
    expect(before.value.schedule[0]?.cap).toBe(200_000_000);
    expect(again.value.schedule).toEqual(before.value.schedule);
    expect(calculate(successor, { category: 'JOINT_RD_BASE', ratingDate: '2030-01-01' }).ok).toBe(true);
  });

  it('marks every amount of money as fen, and nothing else', () => {
    const money = listParameters(E).filter((p) => p.unit === 'fen');
    expect(money.map((p) => p.name).sort()).toEqual(
      [
        'support.HIGH_END_RD_INSTITUTION.initialGrant',
        'support.HIGH_END_RD_INSTITUTION.annualRdSupport.cap',
        'support.JOINT_RD_BASE.initialGrant',
        'support.JOINT_RD_BASE.annualRdSupport.cap',
        'support.NATIONAL_INNOVATION_BASE.initialGrant',
        'support.NATIONAL_INNOVATION_BASE.annualRdSupport.cap',
        'support.TRANSFER_BASE.initialGrant',
        'support.TRANSFER_BASE.performanceSubsidy.cap',
        'support.TRANSFER_SERVICE_ORG.initialGrant',
        'talentSupport.cap',
        'transferSubsidy.capPerAchievement',
      ].sort(),
    );
    for (const p of money) expect(Number.isSafeInteger(p.value)).toBe(true);
  });

  it('marks where the project interprets a silent text (POLICY.md §5)', () => {
    const interpreted = listParameters(E).filter((p) => p.interpretations).map((p) => p.name);
    expect(interpreted).toEqual(
      expect.arrayContaining([
        'window.end',
        'window.lastYear',
        'support.TRANSFER_BASE.performanceSubsidy.cap',
        'talentSupport.paidInRatingYear',
        'goal.countDistinctPartners',
        'transferSubsidy.rounding',
        'transferSubsidy.receiptDates',
        'support.HIGH_END_RD_INSTITUTION.talentEligible',
        'support.JOINT_RD_BASE.talentEligible',
        'support.NATIONAL_INNOVATION_BASE.talentEligible',
        'support.TRANSFER_BASE.talentEligible',
        'support.TRANSFER_SERVICE_ORG.talentEligible',
        'support.TRANSFER_SERVICE_ORG.performanceSubsidyApplies',
        'support.MAJOR_FACILITY.talentEligible',
      ]),
    );
    // POLICY.md §2 states it (the list ends in 等: confirmed case by case); §5 has no number for it.
    expect(interpreted).not.toContain('talentSupport.needsConfirmation');
    expect(interpreted).not.toContain('window.start');
  });
});

describe('explanations', () => {
  it('name the edition, each row with its parameter, effective date and clause, and the total', () => {
    const result = calculate(E, { category: 'JOINT_RD_BASE', ratingDate: '2021-03-15', talent: 'CAE_ACADEMICIAN' });
    if (!result.ok) throw new Error('expected a schedule');
    const text = explain(result.value);
    expect(text).toContain('渝府办发〔2019〕126号');
    expect(text).toContain('2021 评定资助 (INITIAL_GRANT) ≤ 2,000,000.00 元 — 三(二)');
    expect(text).toContain('support.JOINT_RD_BASE.annualRdSupport.cap，2019-12-27 起施行');
    expect(text).toContain('2021 高层次人才团队研发专项 (TALENT_TEAM_SUPPORT) ≤ 10,000,000.00 元 — 三(六)');
    expect(text).toContain('合计上限 (total cap) 27,000,000.00 元');
  });

  it('say case by case and warnings', () => {
    const caseByCase = calculate(E, { category: 'MAJOR_FACILITY', ratingDate: '2021-03-15' });
    const other = calculate(E, { category: 'HIGH_END_RD_INSTITUTION', ratingDate: '2021-03-15', talent: 'OTHER_HIGH_LEVEL' });
    if (!caseByCase.ok || !other.ok) throw new Error('expected results');
    expect(explain(caseByCase.value)).toContain('三(五) 一事一议 (CASE_BY_CASE)');
    expect(explain(other.value)).toContain('WARN: 其他高层次人才的研发专项支持需逐案确认');
  });
});

describe('partners', () => {
  it('count once however the name is written', () => {
    expect(normalisePartnerName(' 清华大学 ')).toBe(normalisePartnerName('清华大学'));
    expect(normalisePartnerName('Tsinghua  University')).toBe(normalisePartnerName('tsinghua university.'));
    expect(normalisePartnerName('ＭＩＴ')).toBe(normalisePartnerName('MIT'));
    expect(normalisePartnerName('北京大学')).not.toBe(normalisePartnerName('清华大学'));
  });
});

describe('payable caps after rating', () => {
  const result = calculate(E, { category: 'HIGH_END_RD_INSTITUTION', ratingDate: '2020-06-30' });
  if (!result.ok) throw new Error('expected a schedule');
  const schedule = result.value.schedule;

  it('is the schedule row, or the approved initial grant where lower', () => {
    expect(payableCap(schedule, 'ANNUAL_RD_SUPPORT', 2022)).toMatchObject({ ok: true, value: { cap: 1_000_000_000, clause: '三(一)' } });
    expect(payableCap(schedule, 'INITIAL_GRANT', 2020, 600_000_000)).toMatchObject({ ok: true, value: { cap: 600_000_000 } });
    expect(payableCap(schedule, 'INITIAL_GRANT', 2020, 1_200_000_000)).toMatchObject({ ok: true, value: { cap: 1_000_000_000 } });
    expect(payableCap(schedule, 'ANNUAL_RD_SUPPORT', 2022, 1)).toMatchObject({ ok: true, value: { cap: 1_000_000_000 } });
  });

  it('refuses items and years the schedule has no row for, naming the field', () => {
    const item = payableCap(schedule, 'PERFORMANCE_SUBSIDY', 2021);
    const year = payableCap(schedule, 'ANNUAL_RD_SUPPORT', 2020);
    expect(!item.ok && item.problems[0]).toMatchObject({ code: 'NOT_APPLICABLE', field: 'item' });
    expect(!year.ok && year.problems[0]).toMatchObject({ code: 'NOT_APPLICABLE', field: 'year' });
  });
});
