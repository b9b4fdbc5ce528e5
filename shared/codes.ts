/**
 * The policy's codes with their 中文 labels (POLICY.md §1). Lookup takes the code in any case or the label, trimmed.
 */
import { isBlank } from './blank.js';
import { DISTRICT_LABELS } from './districts.js';
import { fail, ok, type Result } from './result.js';

/** 二 重点任务 — what is introduced. */
export const CATEGORY_LABELS = {
  HIGH_END_RD_INSTITUTION: '高端研发机构',
  JOINT_RD_BASE: '联合研发基地（中心）',
  NATIONAL_INNOVATION_BASE: '国家级科技创新基地（国家级科研平台在渝共建）',
  TRANSFER_BASE: '科技成果转化基地（中心）',
  TRANSFER_SERVICE_ORG: '技术转移转化服务机构',
  COOPERATIVE_EDUCATION: '合作办学（"双一流"建设）',
  MAJOR_FACILITY: '大科学装置、大科学计划与大科学工程、国家实验室、国家产业创新中心',
  MAJOR_PROJECT: '重大项目',
} as const;

/** 三 支持政策 — what is paid. */
export const ITEM_LABELS = {
  INITIAL_GRANT: '评定资助',
  TALENT_TEAM_SUPPORT: '高层次人才团队研发专项',
  ANNUAL_RD_SUPPORT: '年度研发专项',
  PERFORMANCE_SUBSIDY: '成果转化绩效后补助',
  CASE_BY_CASE: '一事一议',
} as const;

/** 三(六) — top talent leading a team. */
export const TALENT_LABELS = {
  NOBEL_LAUREATE: '诺贝尔奖获得者',
  TURING_LAUREATE: '图灵奖获得者',
  CAS_ACADEMICIAN: '中国科学院院士',
  CAE_ACADEMICIAN: '中国工程院院士',
  OTHER_HIGH_LEVEL: '其他高层次人才',
} as const;

/** 一 工作目标 — key fields. */
export const FIELD_LABELS = {
  BIG_DATA: '大数据',
  ARTIFICIAL_INTELLIGENCE: '人工智能',
  HIGH_END_EQUIPMENT: '高端装备',
  INTEGRATED_CIRCUITS: '集成电路',
  BIOMEDICINE: '生物医药',
  NEW_ENERGY: '新能源',
  NEW_MATERIALS: '新材料',
  ECO_ENVIRONMENT: '生态环保',
  MODERN_AGRICULTURE: '现代农业',
  SMART_CITY: '智慧城市',
  MEDICAL_HEALTH: '医疗健康',
} as const;

export const PARTNER_TYPE_LABELS = {
  DOMESTIC_UNIVERSITY: '国内高校',
  FOREIGN_UNIVERSITY: '国外高校',
  DOMESTIC_INSTITUTE: '国内科研院所',
  FOREIGN_INSTITUTE: '国外科研院所',
  FORTUNE_GLOBAL_500: '世界500强企业',
  CENTRAL_SOE: '中央企业',
  NATIONAL_PLATFORM: '国家级科研平台',
  OTHER_ENTERPRISE: '其他企业',
} as const;

/** 三(八), 三(九) — support that is not money, recorded per application (POLICY.md §3). */
export const SUPPORT_KIND_LABELS = {
  CREDIT_LOAN: '知识价值信用贷款',
  SEED_FUND: '种子基金',
  FINANCING_SERVICE: '投融资服务',
  EQUITY_BOARD_LISTING: '股权转让中心科创板优先挂牌',
  TAX_PREFERENCE: '高新技术企业税收优惠',
} as const;

/** The clause each kind of support comes from. */
export const SUPPORT_KIND_CLAUSES: Readonly<Record<keyof typeof SUPPORT_KIND_LABELS, string>> = {
  CREDIT_LOAN: '三(八)',
  SEED_FUND: '三(八)',
  FINANCING_SERVICE: '三(八)',
  EQUITY_BOARD_LISTING: '三(八)',
  TAX_PREFERENCE: '三(九)',
};

/** Where an application stands (CONTRACT.md §3): filed, rated (评定), or closed by a withdrawal or a rejection. */
export const APPLICATION_STATUS_LABELS = {
  SUBMITTED: '已提交',
  RATED: '已评定',
  WITHDRAWN: '已撤回',
  REJECTED: '已驳回',
} as const;

/** A payment's or a receipt's standing: it counts, or it was voided (a correction that keeps it). */
export const RECORD_STATUS_LABELS = {
  RECORDED: '有效',
  VOIDED: '已作废',
} as const;

/** The roles of API keys (CONTRACT.md §3; the admin key is configured, the others made by POST /keys), in 中文. */
export const ROLE_LABELS = {
  admin: '管理员',
  municipal: '市级',
  district: '区县',
  viewer: '只读',
} as const;

export { DISTRICT_LABELS };

/** What a figure of the whole city (ALL, every district) is called: 全市. */
export const CITY_LABEL = '全市';

export type Category = keyof typeof CATEGORY_LABELS;
export type Item = keyof typeof ITEM_LABELS;
export type Talent = keyof typeof TALENT_LABELS;
export type KeyField = keyof typeof FIELD_LABELS;
export type PartnerType = keyof typeof PARTNER_TYPE_LABELS;
export type District = keyof typeof DISTRICT_LABELS;
export type SupportKind = keyof typeof SUPPORT_KIND_LABELS;

/** A code list: its name for messages and its code → label table. */
export interface CodeList<C extends string> {
  readonly kind: string;
  readonly kindZh: string;
  readonly labels: Readonly<Record<C, string>>;
  readonly codes: readonly C[];
  /** normalised code or label → code */
  readonly index: ReadonlyMap<string, C>;
}

/** A code list from its code → 中文 label table; lookup takes either, trimmed, the code in any case. */
export function codeList<C extends string>(kind: string, kindZh: string, labels: Readonly<Record<C, string>>): CodeList<C> {
  const codes = Object.keys(labels) as C[];
  const index = new Map<string, C>();
  for (const code of codes) {
    index.set(code, code);
    index.set(normaliseLabel(labels[code]), code);
  }
  return { kind, kindZh, labels, codes, index };
}

/** Full-width brackets and quotes written either way match. */
function normaliseLabel(text: string): string {
  return text
    .trim()
    .replace(/\s+/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/[“”]/g, '"');
}

export const CATEGORIES = codeList<Category>('category', '类别', CATEGORY_LABELS);
export const ITEMS = codeList<Item>('item', '资助项目', ITEM_LABELS);
export const TALENTS = codeList<Talent>('talent', '高层次人才', TALENT_LABELS);
export const FIELDS = codeList<KeyField>('field', '重点领域', FIELD_LABELS);
export const PARTNER_TYPES = codeList<PartnerType>('partner type', '合作方类型', PARTNER_TYPE_LABELS);
export const DISTRICTS = codeList<District>('district', '区县', DISTRICT_LABELS);
export const SUPPORT_KINDS = codeList<SupportKind>('support kind', '支持方式', SUPPORT_KIND_LABELS);

/** Finds a code by code (any case) or 中文 label; `field` names the input in the problem. */
export function lookupCode<C extends string>(list: CodeList<C>, input: unknown, field: string): Result<C> {
  if (isBlank(input)) {
    return fail('REQUIRED', field, `缺少${list.kindZh}`, `${list.kind} is required`);
  }
  if (typeof input !== 'string') return fail('UNKNOWN_CODE', field, `${list.kindZh}应为代码或中文名称`, `${list.kind} must be a code or label`);
  const trimmed = input.trim();
  const code = list.index.get(trimmed.toUpperCase()) ?? list.index.get(normaliseLabel(trimmed));
  if (code === undefined) {
    return fail('UNKNOWN_CODE', field, `未知${list.kindZh}：${trimmed}`, `unknown ${list.kind} "${trimmed}"`);
  }
  return ok(code);
}

/** Like lookupCode, but a blank means none (optional arguments such as talent). */
export function lookupOptionalCode<C extends string>(list: CodeList<C>, input: unknown, field: string): Result<C | undefined> {
  if (isBlank(input)) return ok(undefined);
  return lookupCode(list, input, field);
}
