/**
 * Every failure as the contract's one error shape (CONTRACT.md §3): `ApiError`s thrown by services and parsers, Hono's
 * own refusals (413, 415, a malformed body), a bad `nextToken`, and unknown routes. Anything else is a 500 that is
 * logged without the request's body or headers.
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ApiError, type ErrorBody } from '../domain/errors.js';

/** Bodies over this are refused with 413 before anything else. */
export const MAX_BODY_BYTES = 256 * 1024;

export const errorResponse = (c: Context, status: number, body: ErrorBody) => c.json(body, status as 400);

export const tooLarge: ErrorBody = {
  error: { code: 'TOO_LARGE', message: `body over ${MAX_BODY_BYTES} bytes`, messageZh: `请求体超过 ${MAX_BODY_BYTES} 字节（${MAX_BODY_BYTES / 1024} KB）`, field: 'body' },
};
export const noRoute = (method: string, path: string): ErrorBody => ({ error: { code: 'NOT_FOUND', message: `no route ${method} ${path}`, messageZh: `没有此接口：${method} ${path}` } });
export const internal: ErrorBody = { error: { code: 'INTERNAL', message: 'internal error', messageZh: '内部错误' } };

/** Hono's own refusals of a request, in both languages (the body parser's words are Hono's: matched exactly). */
function refusal(error: HTTPException): ErrorBody {
  if (error.message === 'Malformed JSON in request body') {
    return { error: { code: 'INVALID', message: 'body is not valid JSON', messageZh: '请求体不是有效的 JSON', field: 'body' } };
  }
  return { error: { code: 'INVALID', message: error.message || 'bad request', messageZh: '请求无效', field: 'body' } };
}

/** A fact other requests kept moving until its deadline (store.ts `Contention`): nothing written, retry. */
export const busy: ErrorBody = {
  error: {
    code: 'UNAVAILABLE',
    message: 'busy: other requests kept changing the same record; nothing was written, retry (with the same Idempotency-Key)',
    messageZh: '系统繁忙：同一记录正被其他请求反复修改，本次未写入任何内容，请稍后重试（使用同一 Idempotency-Key）',
  },
};

/** A `nextToken` the listing refused (functions/store/dynamodb/listing.ts `BadTokenError`). */
const badToken = (message: string): ErrorBody => ({
  error: { code: 'INVALID', message, messageZh: 'nextToken 无效：它不是本接口给出的，或列表的筛选条件已改变', field: 'nextToken' },
});

export const onError: ErrorHandler = (error, c) => {
  if (error instanceof ApiError) return errorResponse(c, error.status, error.body);
  if (error instanceof HTTPException) {
    const status = error.status;
    if (status === 415) return errorResponse(c, 415, { error: { code: 'INVALID', message: 'send Content-Type: application/json', messageZh: '请以 Content-Type: application/json 发送 JSON 请求体', field: 'content-type' } });
    if (status < 500) return errorResponse(c, status, refusal(error));
  }
  if (error.name === 'BadTokenError') return errorResponse(c, 400, badToken(error.message));
  if (error.name === 'Contention') return errorResponse(c, 503, busy);
  console.error(JSON.stringify({ level: 'error', message: 'unhandled', name: error.name, error: error.message, path: c.req.path }));
  return errorResponse(c, 500, internal);
};

export const notFound: NotFoundHandler = (c) => errorResponse(c, 404, noRoute(c.req.method, c.req.path));
