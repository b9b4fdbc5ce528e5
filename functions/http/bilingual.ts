/**
 * Refusals of bad input in English and 中文 (CONTRACT.md §3: every error carries both): a zod issue of a request
 * schema (./route.ts `validate`) worded per kind — missing, wrong type, too long or short, too big or small, not one
 * of the allowed values, unknown field or parameter, a check of ./schemas.ts — naming the field in both; and an
 * unknown code (./parse.ts), listing the valid codes with their labels.
 */
import type { core } from 'zod/mini';
import { APPLICATION_STATUS_LABELS, ROLE_LABELS, type CodeList, type Problem } from '../../shared/index.js';
import { ApiError, type ErrorBody } from '../domain/errors.js';

type Target = 'json' | 'query' | 'param';

/** The 中文 names of the request fields (the last part of a path: `partner.name` is 合作方名称). */
const FIELD_ZH: Readonly<Record<string, string>> = {
  institution: '机构名称',
  partner: '合作方',
  'partner.name': '合作方名称',
  'partner.type': '合作方类型',
  'partner.country': '合作方国别',
  // POST /partners/merge: `name` counts as `into` from now on.
  name: '合作方名称',
  into: '合并到的合作方名称',
  category: '类别',
  district: '区县',
  field: '重点领域',
  talent: '高层次人才',
  legalPerson: '独立法人资格',
  ratingDate: '评定日期',
  approvedInitial: '核定评定资助',
  requestedAmount: '申请金额',
  reason: '原因',
  item: '资助项目',
  year: '年度',
  amount: '金额',
  paidOn: '支付日期',
  voucher: '凭证号',
  document: '批复文号',
  applicationId: '申请编号',
  title: '成果名称',
  contractNo: '合同编号',
  date: '日期',
  received: '到账金额',
  receivedBefore: '此前累计到账金额',
  kind: '支持方式',
  note: '备注',
  role: '角色',
  label: '密钥说明',
  status: '状态',
  limit: '每页条数',
  nextToken: '分页令牌',
  id: '编号',
  paymentId: '支付记录编号',
  receiptId: '到账记录编号',
  body: '请求体',
};

/** `类别（category）`: the field's 中文 name where it has one, and its name in the request. */
export function fieldZh(field: string): string {
  const name = FIELD_ZH[field] ?? FIELD_ZH[field.split('.').at(-1) ?? ''];
  return name === undefined ? field : `${name}（${field}）`;
}

/** The labels of the values of the request schemas' enums (statuses, key roles). */
const VALUE_LABELS: Readonly<Record<string, string>> = { ...APPLICATION_STATUS_LABELS, ...ROLE_LABELS };

/** `A (甲), B (乙)` and `A（甲）、B（乙）`: values with their labels where they have one. */
export function choices(values: readonly string[], labels: Readonly<Record<string, string>> = VALUE_LABELS): { en: string; zh: string } {
  const label = (v: string) => labels[v];
  return {
    en: values.map((v) => (label(v) === undefined ? v : `${v} (${label(v)})`)).join(', '),
    zh: values.map((v) => (label(v) === undefined ? v : `${v}（${label(v)}）`)).join('、'),
  };
}

/** 400 for a code not in `list` (the rules module's problem): every valid code with its label (either may be sent). */
export function unknownCode<C extends string>(list: CodeList<C>, p: Problem): ApiError {
  const valid = choices(list.codes, list.labels);
  return new ApiError(400, 'INVALID', `${p.message}: ${p.field} must be one of: ${valid.en} (the code or its 中文 label)`, p.field, {
    reason: p.code,
    messageZh: `${p.messageZh}。${fieldZh(p.field)}应为以下之一（代码或中文名称均可）：${valid.zh}`,
  });
}

/** What a type is called in each language. */
const TYPE_NAMES: Readonly<Record<string, { en: string; zh: string }>> = {
  string: { en: 'text', zh: '文本' },
  number: { en: 'a number', zh: '数字' },
  int: { en: 'a whole number', zh: '整数' },
  boolean: { en: 'true or false', zh: '布尔值（true 或 false）' },
  object: { en: 'an object', zh: '对象' },
  array: { en: 'a list', zh: '列表' },
};

/** The messages ./schemas.ts gives its format checks (`z.regex(pattern, message)`), said after the field's name. */
const FORMATS: Readonly<Record<string, { readonly en: string; readonly zh: string }>> = {
  'must not be blank': { en: 'must not be blank', zh: '不能为空白' },
  'not an id': { en: 'is not an id (1–64 letters, digits, _ or -)', zh: '不是有效的编号（1–64 个字母、数字、_ 或 -）' },
  'limit must be 1–100': { en: 'must be 1–100', zh: '应为 1–100 的整数' },
  'must be printable ASCII': { en: 'must be printable ASCII', zh: '须为可打印 ASCII 字符' },
};

/** The value at `path` in what was sent (to tell a missing field from one of the wrong type). */
function at(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** One zod issue of a request schema as the 400 the API answers, in both languages, naming the field. */
export function refusalOf(target: Target, issue: core.$ZodIssue | undefined, value: unknown): ErrorBody['error'] {
  const path = issue ? issue.path.map(String) : [];
  if (issue?.code === 'unrecognized_keys' && issue.keys[0] !== undefined) path.push(issue.keys[0]);
  const field = path.length > 0 ? path.join('.') : target === 'json' ? 'body' : target;
  const zh = fieldZh(field);
  const say = (message: string, messageZh: string): ErrorBody['error'] => ({ code: 'INVALID', message, messageZh, field });
  if (!issue) return say(`${field} is not valid`, `${zh}无效`);
  switch (issue.code) {
    case 'invalid_type': {
      if (path.length === 0) return say(`${field} must be a JSON object`, `${zh}应为 JSON 对象`);
      if (at(value, issue.path) === undefined) return say(`${field} is required`, `缺少必填字段${zh}`);
      if (target === 'query') return say(`query parameter ${field} must be given once`, `查询参数${zh}只能给出一次`);
      const expected = TYPE_NAMES[issue.expected] ?? { en: issue.expected, zh: issue.expected };
      return say(`${field} must be ${expected.en}`, `${zh}应为${expected.zh}`);
    }
    case 'invalid_union':
      if (at(value, issue.path) === undefined) return say(`${field} is required`, `缺少必填字段${zh}`);
      return say(`${field} must be a number or text`, `${zh}应为数字或文本`);
    case 'too_big': {
      const n = String(issue.maximum);
      if (issue.origin === 'string') return say(`${field} must be at most ${n} characters`, `${zh}不得超过 ${n} 个字符`);
      return issue.inclusive === false ? say(`${field} must be less than ${n}`, `${zh}应小于 ${n}`) : say(`${field} must be at most ${n}`, `${zh}不得大于 ${n}`);
    }
    case 'too_small': {
      const n = String(issue.minimum);
      if (issue.origin === 'string') {
        return n === '1' ? say(`${field} must not be empty`, `${zh}不能为空`) : say(`${field} must be at least ${n} characters`, `${zh}至少 ${n} 个字符`);
      }
      return issue.inclusive === false ? say(`${field} must be more than ${n}`, `${zh}应大于 ${n}`) : say(`${field} must be at least ${n}`, `${zh}不得小于 ${n}`);
    }
    case 'invalid_format': {
      const format = FORMATS[issue.message] ?? { en: `is not valid (${issue.message})`, zh: '格式不正确' };
      return say(`${field} ${format.en}`, `${zh}${format.zh}`);
    }
    case 'invalid_value': {
      const valid = choices(issue.values.map(String));
      return say(`${field} must be one of: ${valid.en}`, `${zh}应为以下之一：${valid.zh}`);
    }
    case 'unrecognized_keys':
      return target === 'query'
        ? say(`unknown query parameter "${field}"`, `未知的查询参数 ${field}：此接口不接受该参数`)
        : say(`unknown field "${field}"`, `未知字段 ${field}：请求体不接受该字段`);
    case 'custom': {
      // A check of ./schemas.ts that words its refusal in 中文 too carries it in `params.messageZh`.
      const messageZh = issue.params?.messageZh;
      return say(issue.message, typeof messageZh === 'string' ? messageZh : `${zh}无效`);
    }
    default:
      return say(`${field} is not valid`, `${zh}无效`);
  }
}
