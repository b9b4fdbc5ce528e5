/**
 * The one error shape of the API (CONTRACT.md §3): `{"error": {"code", "message", "messageZh", "field"}}`. Services
 * throw ApiError; rules-module problems become 400 INVALID naming their field (with the 中文 message and the clause).
 */
import type { output } from 'zod/mini';
import type { Problem } from '../../shared/index.js';
import type { ErrorAnswer } from '../http/answers.js';

/** The answer's shape is its schema's (functions/http/answers.ts `ErrorAnswer`): `messageZh` is required. */
export type ErrorBody = output<typeof ErrorAnswer>;
export type ErrorCode = ErrorBody['error']['code'];
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 500;

/**
 * What an error says in 中文 when the code that made it gave no `messageZh`. The helpers below require one; the
 * constructor does not (so callers that predate it compile), and its answer still speaks 中文.
 */
const GENERIC_ZH: Readonly<Record<ErrorCode, string>> = {
  INVALID: '输入无效',
  UNAUTHORIZED: '缺少或未知的 API 密钥（x-api-key）',
  FORBIDDEN: '此密钥无权执行此操作',
  NOT_FOUND: '未找到',
  CAP_EXCEEDED: '超过上限',
  CONFLICT: '与当前记录冲突',
  DUPLICATE: '记录已存在',
  TOO_LARGE: '请求体过大',
  INTERNAL: '内部错误',
};

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: ErrorStatus,
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly extra: { reason?: string; messageZh?: string; clause?: string; existingId?: string } = {},
  ) {
    super(message);
  }

  get body(): ErrorBody {
    const { messageZh = GENERIC_ZH[this.code], ...rest } = this.extra;
    return { error: { code: this.code, message: this.message, messageZh, ...(this.field !== undefined ? { field: this.field } : {}), ...rest } };
  }
}

/**
 * 400 INVALID naming `field`. `messageZh` is optional at the type level only for services/keys.ts, whose errors the
 * keys branch words in 中文 (it then becomes required); every other caller gives it.
 */
export const invalid = (field: string, message: string, messageZh?: string) => new ApiError(400, 'INVALID', message, field, messageZh !== undefined ? { messageZh } : {});
/** 404 for `what` (`whatZh`, its 中文 name, gives `messageZh`: "… 不存在"). */
export const notFound = (what: string, field: string | undefined, whatZh: string) => new ApiError(404, 'NOT_FOUND', `${what} not found`, field, { messageZh: `${whatZh}不存在` });
export const forbidden = (message: string, messageZh: string, field?: string) => new ApiError(403, 'FORBIDDEN', message, field, { messageZh });
export const conflict = (message: string, field: string | undefined, messageZh: string) => new ApiError(409, 'CONFLICT', message, field, { messageZh });
/** 409 DUPLICATE: the record already exists (CONTRACT.md §3), and which one. */
export const duplicate = (existingId: string, field: string, message: string, messageZh: string) => new ApiError(409, 'DUPLICATE', message, field, { messageZh, existingId });

/** The first problem of a rules-module result, as a 400 naming its field (problems under `prefix` when nested). */
export function fromProblems(problems: readonly Problem[], prefix = ''): ApiError {
  const p = problems[0];
  if (!p) return invalid('body', 'invalid input', '输入无效');
  return new ApiError(400, 'INVALID', p.message, `${prefix}${p.field}`, {
    reason: p.code,
    messageZh: p.messageZh,
    ...(p.clause !== undefined ? { clause: p.clause } : {}),
  });
}
