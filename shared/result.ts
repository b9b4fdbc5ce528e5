/**
 * Errors are values: every rule returns a result or typed problems (code, field, message, clause).
 * The API maps problems to 400/409; the add-on maps them to `ERROR: …` cells.
 */

export type ProblemCode =
  | 'REQUIRED' // 缺少必填项
  | 'INVALID_NUMBER' // 金额格式错误
  | 'NEGATIVE' // 不能为负数
  | 'TOO_PRECISE' // 超过两位小数（分）
  | 'TOO_LARGE' // 超出可处理范围
  | 'INVALID_DATE' // 日期无效
  | 'UNKNOWN_CODE' // 未知代码
  | 'BEFORE_PLAN' // 早于行动计划施行日
  | 'AFTER_PLAN' // 晚于行动计划期
  | 'AFTER_TODAY' // 晚于今天
  | 'OVER_CAP' // 超过上限
  | 'BELOW_PAID' // 少于已支付
  | 'NOT_APPLICABLE' // 该类别不适用此项目
  | 'NOT_LEGAL_PERSON' // 高端研发机构须具有独立法人资格
  | 'PARTNER_TYPE' // 合作方类型不符
  | 'NEEDS_CONFIRMATION' // 需一事一议确认
  | 'RANGE_NOT_ALLOWED'; // 此参数只接受单个值

export interface Problem {
  readonly code: ProblemCode;
  /** The input field the problem is about, e.g. `ratingDate`. */
  readonly field: string;
  /** English message. */
  readonly message: string;
  /** 中文 message. */
  readonly messageZh: string;
  /** The clause of 渝府办发〔2019〕126号 the rule rests on, where there is one. */
  readonly clause?: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly Problem[] };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export function fail<T = never>(
  code: ProblemCode,
  field: string,
  messageZh: string,
  message: string,
  clause?: string,
): Result<T> {
  return { ok: false, problems: [problem(code, field, messageZh, message, clause)] };
}

export function problem(code: ProblemCode, field: string, messageZh: string, message: string, clause?: string): Problem {
  return clause === undefined ? { code, field, message, messageZh } : { code, field, message, messageZh, clause };
}

/** `中文 (English)` text for one problem, as spreadsheet cells and logs show it. */
export function describeProblem(p: Problem): string {
  return `${p.messageZh} (${p.field}: ${p.message})`;
}
