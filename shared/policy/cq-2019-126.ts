/**
 * 《重庆市引进科技创新资源行动计划（2019—2022 年）》 渝府办发〔2019〕126 号, issued 2019-12-27.
 * Amounts are fen (1 万元 = 1,000,000 分). Each value cites the clause it rests on; `interpretations` names, where the
 * text is silent, the POLICY.md §5 numbers that decided it (./interpretations.ts). Parameter names are their paths
 * (`defineEdition`), never written here.
 */
import { defineEdition, type CappedSupport, type Definition, type Edition, type Parameter } from './edition.js';

const EFFECTIVE = '2019-12-27'; // 六: 本行动计划自印发之日起施行

/** 1 万元 in fen. */
const WAN = 1_000_000;

const UNIVERSITIES_AND_INSTITUTES = ['DOMESTIC_UNIVERSITY', 'FOREIGN_UNIVERSITY', 'DOMESTIC_INSTITUTE', 'FOREIGN_INSTITUTE'] as const;

/** Interpretation 5: 三(六) (研发机构、联合研究中心（基地）等平台) reaches every platform category of 三(一)–(三). */
const TALENT_ELIGIBLE: Definition<Parameter<boolean>> = {
  value: true,
  effectiveFrom: EFFECTIVE,
  clause: '三(六)',
  description: 'a platform led by top talent also gets talent team support (三(六): 研发机构、联合研究中心（基地）等平台)',
  descriptionZh: '高层次人才牵头组建的平台另行享受研发专项支持',
  interpretations: [5],
};

/** Interpretation 5, second half: the case-by-case categories (三(四)、(五)、(九)) decide talent support case by case. */
const TALENT_CASE_BY_CASE: Definition<Parameter<'CASE_BY_CASE'>> = {
  value: 'CASE_BY_CASE',
  effectiveFrom: EFFECTIVE,
  clause: '三(六)',
  description: 'talent team support (三(六)) for a case-by-case category is decided case by case, like the rest of its support',
  descriptionZh: '一事一议类别的高层次人才研发专项支持亦逐案决定',
  interpretations: [5],
};

/** 三(二) supports joint R&D bases (二(二)) and national innovation bases (二(五)) alike; only task and partners differ. */
const RD_BASE_SUPPORT: Omit<Definition<CappedSupport>, 'taskClause' | 'partners'> = {
  kind: 'CAPPED',
  clause: '三(二)',
  initialGrant: {
    value: 200 * WAN,
    unit: 'fen',
    effectiveFrom: EFFECTIVE,
    clause: '三(二)',
    description: 'support after rating, at most 2,000,000 yuan',
    descriptionZh: '经评定后给予最高不超过 200 万元的支持',
  },
  annualRdSupport: {
    cap: {
      value: 500 * WAN,
      unit: 'fen',
      effectiveFrom: EFFECTIVE,
      clause: '三(二)',
      description: 'yearly R&D support, at most 5,000,000 yuan a year',
      descriptionZh: '每年资助经费最高不超过 500 万元',
    },
    years: {
      value: 3,
      effectiveFrom: EFFECTIVE,
      clause: '三(二)',
      description: 'for 3 consecutive years from the year after rating',
      descriptionZh: '从评定次年起连续 3 年',
    },
  },
  talentEligible: TALENT_ELIGIBLE,
};

/** 三(三) supports transfer bases and transfer service organisations (both 二(三)) alike; 三(七) adds to the bases. */
const TRANSFER_SUPPORT: Definition<CappedSupport> = {
  kind: 'CAPPED',
  taskClause: '二(三)',
  clause: '三(三)',
  initialGrant: {
    value: 200 * WAN,
    unit: 'fen',
    effectiveFrom: EFFECTIVE,
    clause: '三(三)',
    description: 'grant after rating, at most 2,000,000 yuan',
    descriptionZh: '经评定后给予最高不超过 200 万元的资助',
  },
  talentEligible: TALENT_ELIGIBLE,
  partners: {
    value: { types: UNIVERSITIES_AND_INSTITUTES, strict: false },
    effectiveFrom: EFFECTIVE,
    clause: '二(三)',
    description: 'renowned universities and institutes',
    descriptionZh: '国内外知名高校、科研院所',
  },
};

export const CQ_2019_126: Edition = defineEdition({
  id: 'cq-2019-126',
  docNo: '渝府办发〔2019〕126号',
  title: '重庆市引进科技创新资源行动计划（2019—2022 年）',
  issued: '2019-12-27',
  window: {
    start: {
      value: '2019-12-27',
      effectiveFrom: EFFECTIVE,
      clause: '六',
      description: 'in force from the day it was issued; earlier ratings and receipts are not covered',
      descriptionZh: '本行动计划自印发之日起施行',
    },
    end: {
      value: '2022-12-31',
      effectiveFrom: EFFECTIVE,
      clause: '一',
      description: 'the plan runs 2019–2022; ratings after its end are outside the plan',
      descriptionZh: '行动计划期为 2019—2022 年',
      interpretations: [6],
    },
    lastYear: {
      value: 2022,
      effectiveFrom: EFFECTIVE,
      clause: '一',
      description: "the plan's last year: the last performance year of 三(七)",
      descriptionZh: '行动计划最后一年，即三(七)的最后一个绩效年度',
      interpretations: [7],
    },
  },
  support: {
    HIGH_END_RD_INSTITUTION: {
      kind: 'CAPPED',
      taskClause: '二(一)',
      clause: '三(一)',
      initialGrant: {
        value: 1000 * WAN,
        unit: 'fen',
        effectiveFrom: EFFECTIVE,
        clause: '三(一)',
        description: 'grant after rating, at most 10,000,000 yuan',
        descriptionZh: '经评定后给予最高不超过 1000 万元的资助',
      },
      annualRdSupport: {
        cap: {
          value: 1000 * WAN,
          unit: 'fen',
          effectiveFrom: EFFECTIVE,
          clause: '三(一)',
          description: 'yearly R&D support, at most 10,000,000 yuan a year',
          descriptionZh: '每年资助经费最高不超过 1000 万元',
        },
        years: {
          value: 4,
          effectiveFrom: EFFECTIVE,
          clause: '三(一)',
          description: 'for 4 consecutive years from the year after rating',
          descriptionZh: '从评定次年起连续 4 年',
        },
      },
      talentEligible: TALENT_ELIGIBLE,
      partners: {
        value: { types: [...UNIVERSITIES_AND_INSTITUTES, 'FORTUNE_GLOBAL_500', 'CENTRAL_SOE'], strict: true },
        effectiveFrom: EFFECTIVE,
        clause: '二(一)',
        description: 'renowned universities, institutes, Fortune Global 500 companies or central SOEs',
        descriptionZh: '国内外知名高校、科研院所、世界 500 强企业及中央企业',
      },
      legalPersonRequired: {
        value: true,
        effectiveFrom: EFFECTIVE,
        clause: '二(一)',
        description: 'must be an independent legal person',
        descriptionZh: '具有独立法人资格',
      },
    },
    JOINT_RD_BASE: {
      ...RD_BASE_SUPPORT,
      taskClause: '二(二)',
      partners: {
        value: { types: UNIVERSITIES_AND_INSTITUTES, strict: false },
        effectiveFrom: EFFECTIVE,
        clause: '二(二)',
        description: 'renowned universities and institutes, among others (等)',
        descriptionZh: '国内外知名高校、科研院所等高端研发资源',
      },
    },
    NATIONAL_INNOVATION_BASE: {
      ...RD_BASE_SUPPORT,
      taskClause: '二(五)',
      partners: {
        value: { types: ['NATIONAL_PLATFORM'], strict: true },
        effectiveFrom: EFFECTIVE,
        clause: '二(五)',
        description: 'a national research platform co-building in Chongqing',
        descriptionZh: '引进国家级科研平台合作共建',
      },
    },
    TRANSFER_BASE: {
      ...TRANSFER_SUPPORT,
      performanceSubsidy: {
        cap: {
          value: 100 * WAN,
          unit: 'fen',
          effectiveFrom: EFFECTIVE,
          clause: '三(七)',
          description: "post-subsidy on the previous year's transfer performance, at most 1,000,000 yuan a year (transfer bases only)",
          descriptionZh: '根据上年度科技成果转化的绩效，给予最高不超过 100 万元/年的财政后补助',
          interpretations: [1, 7],
        },
      },
    },
    TRANSFER_SERVICE_ORG: {
      ...TRANSFER_SUPPORT,
      performanceSubsidyApplies: {
        value: false,
        effectiveFrom: EFFECTIVE,
        clause: '三(七)',
        description: 'no performance subsidy (三(七) second sentence): it is for transfer bases (科技成果转化基地（中心）), not service organisations',
        descriptionZh: '成果转化绩效后补助（三(七)第二句）仅适用于科技成果转化基地（中心），不适用于服务机构',
        interpretations: [1],
      },
    },
    COOPERATIVE_EDUCATION: { kind: 'CASE_BY_CASE', taskClause: '二(四)', clause: '三(四)', talentEligible: TALENT_CASE_BY_CASE },
    MAJOR_FACILITY: { kind: 'CASE_BY_CASE', taskClause: '二(五)', clause: '三(五)', talentEligible: TALENT_CASE_BY_CASE },
    MAJOR_PROJECT: { kind: 'CASE_BY_CASE', taskClause: '三(九)', clause: '三(九)', talentEligible: TALENT_CASE_BY_CASE },
  },
  talentSupport: {
    cap: {
      value: 1000 * WAN,
      unit: 'fen',
      effectiveFrom: EFFECTIVE,
      clause: '三(六)',
      description: "R&D support for a top-talent-led team, at most 10,000,000 yuan, on top of the platform's own support",
      descriptionZh: '除按照所设立平台类型享受支持政策外，另行给予最高不超过 1000 万元的研发专项支持',
    },
    paidInRatingYear: {
      value: true,
      effectiveFrom: EFFECTIVE,
      clause: '三(六)',
      description: 'talent support is scheduled in the rating year',
      descriptionZh: '高层次人才研发专项按评定当年安排',
      interpretations: [2],
    },
    named: {
      value: ['NOBEL_LAUREATE', 'TURING_LAUREATE', 'CAS_ACADEMICIAN', 'CAE_ACADEMICIAN'],
      effectiveFrom: EFFECTIVE,
      clause: '三(六)',
      description: 'Nobel and Turing laureates, academicians of the two academies',
      descriptionZh: '诺贝尔奖、图灵奖获得者，“两院”院士',
    },
    needsConfirmation: {
      value: ['OTHER_HIGH_LEVEL'],
      effectiveFrom: EFFECTIVE,
      clause: '三(六)',
      description: 'other high-level talent (the list ends in 等): needs case-by-case confirmation',
      descriptionZh: '其他高层次人才（“等”）需逐案确认',
    },
  },
  transferSubsidy: {
    rate: {
      value: { numerator: 5, denominator: 100 },
      effectiveFrom: EFFECTIVE,
      clause: '三(七)',
      description: '5% of the technology-contract amount actually received',
      descriptionZh: '按技术合同成交实际到账额给予 5% 的财政性普惠补贴',
    },
    capPerAchievement: {
      value: 100 * WAN,
      unit: 'fen',
      effectiveFrom: EFFECTIVE,
      clause: '三(七)',
      description: 'at most 1,000,000 yuan per single achievement, cumulative over its instalments',
      descriptionZh: '单项成果补贴最高不超过 100 万元',
    },
    rounding: {
      value: 'HALF_UP_FEN_CUMULATIVE',
      effectiveFrom: EFFECTIVE,
      clause: '三(七)',
      description: 'half up to the fen on the cumulative figure, so instalments add up exactly',
      descriptionZh: '按累计额四舍五入到分，各笔之和等于累计补贴',
      interpretations: [4],
    },
    receiptDates: {
      value: 'NO_END_DATE',
      effectiveFrom: EFFECTIVE,
      clause: '三(七)',
      description: 'receipts for the 5% subsidy have no end date: from the plan\'s start (window.start, 六) to today',
      descriptionZh: '5% 补贴的到账没有截止日期：自行动计划施行日（window.start，六）起，不晚于今天',
      interpretations: [8],
    },
  },
  goal: {
    partners: {
      value: 100,
      effectiveFrom: EFFECTIVE,
      clause: '一',
      description: '100 universities, institutes and companies introduced cumulatively',
      descriptionZh: '累计引进 100 所高校、科研院所和企业与我市开展合作',
    },
    byYear: {
      value: 2022,
      effectiveFrom: EFFECTIVE,
      clause: '一',
      description: 'by 2022',
      descriptionZh: '到 2022 年',
    },
    countDistinctPartners: {
      value: true,
      effectiveFrom: EFFECTIVE,
      clause: '一',
      description: 'a partner counts once, matched on its normalised name',
      descriptionZh: '同一合作方按规范化名称只计一次',
      interpretations: [3, 9],
    },
  },
});
