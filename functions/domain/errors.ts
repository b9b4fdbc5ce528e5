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

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: ErrorStatus,
    readonly code: ErrorCode,
    message: string,
    readonly field: string | undefined,
    /** `messageZh`: the message in 中文, which every error carries (CONTRACT.md §3). */
    readonly extra: { reason?: string; messageZh: string; clause?: string; existingId?: string },
  ) {
    super(message);
  }

  get body(): ErrorBody {
    const { messageZh, ...rest } = this.extra;
    return { error: { code: this.code, message: this.message, messageZh, ...(this.field !== undefined ? { field: this.field } : {}), ...rest } };
  }
}

export const invalid = (field: string, message: string, messageZh: string) => new ApiError(400, 'INVALID', message, field, { messageZh });
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
