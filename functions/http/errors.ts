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

export const tooLarge: ErrorBody = { error: { code: 'TOO_LARGE', message: `body over ${MAX_BODY_BYTES} bytes`, field: 'body' } };
export const noRoute = (method: string, path: string): ErrorBody => ({ error: { code: 'NOT_FOUND', message: `no route ${method} ${path}` } });

export const onError: ErrorHandler = (error, c) => {
  if (error instanceof ApiError) return errorResponse(c, error.status, error.body);
  if (error instanceof HTTPException) {
    const status = error.status;
    if (status === 415) return errorResponse(c, 415, { error: { code: 'INVALID', message: 'send Content-Type: application/json', field: 'content-type' } });
    if (status < 500) return errorResponse(c, status, { error: { code: 'INVALID', message: error.message || 'bad request', field: 'body' } });
  }
  if (error.name === 'BadTokenError') return errorResponse(c, 400, { error: { code: 'INVALID', message: error.message, field: 'nextToken' } });
  console.error(JSON.stringify({ level: 'error', message: 'unhandled', name: error.name, error: error.message, path: c.req.path }));
  return errorResponse(c, 500, { error: { code: 'INTERNAL', message: 'internal error' } });
};

export const notFound: NotFoundHandler = (c) => errorResponse(c, 404, noRoute(c.req.method, c.req.path));
