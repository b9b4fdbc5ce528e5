/**
 * The Lambda entry (functions/http/lambda.ts): Hono's own adapter behind two answers of its own: API Gateway's
 * `$default` route is 404 before any key check, and a body over 256 KB is 413 before anything reads it. Events are
 * handed to the real `policy` function in-process, as Lambda would.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';

const ADMIN = 'lambda-entry-test-admin-key-0123456789abcdef';
process.env.ADMIN_API_KEY = ADMIN;
process.env.TABLE_NAME ??= 'lambda-entry-test';
const { handler } = await import('../../functions/handlers/policy.js');

function event(method: string, path: string, o: Partial<APIGatewayProxyEventV2> = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { 'x-api-key': ADMIN, host: 'api.example.com', 'content-type': 'application/json' },
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'r',
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: '26/Nov/2026:00:00:00 +0000',
      timeEpoch: 0,
    },
    ...o,
  };
}
const context = {} as Context;
const body = (r: { body?: string }) => JSON.parse(r.body ?? 'null');
const CALC = '{"category":"JOINT_RD_BASE","ratingDate":"2021-03-01","talent":"CAS_ACADEMICIAN"}';

describe('the Lambda entry', () => {
  it('answers a route through the adapter: status, JSON body, content-type', async () => {
    const r = await handler(event('POST', '/calculate', { body: CALC }), context);
    expect(r.statusCode).toBe(200);
    expect(r.headers?.['content-type']).toMatch(/^application\/json/);
    expect(body(r).edition).toBe('cq-2019-126');
    expect(body(r).totalCap).toBeGreaterThan(0);
  });

  it('reads a base64 body and mixed-case header names as API Gateway may send them', async () => {
    const e = event('POST', '/calculate', { body: Buffer.from(CALC).toString('base64'), isBase64Encoded: true, headers: { 'X-Api-Key': ADMIN, 'Content-Type': 'application/json' } });
    const r = await handler(e, context);
    expect(r.statusCode, r.body).toBe(200);
  });

  it("answers API Gateway's $default route 404 in the contract's shape, with or without a key", async () => {
    for (const headers of [{}, { 'x-api-key': ADMIN }]) {
      const r = await handler(event('GET', '/nowhere', { routeKey: '$default', headers }), context);
      expect(r.statusCode).toBe(404);
      expect(body(r)).toEqual({ error: { code: 'NOT_FOUND', message: 'no route GET /nowhere', messageZh: '没有此接口：GET /nowhere' } });
    }
  });

  it('refuses a body over 256 KB with 413 before the key is even checked', async () => {
    const big = JSON.stringify({ received: 1, pad: 'x'.repeat(256 * 1024) });
    const r = await handler(event('POST', '/calculate/transfer-subsidy', { body: big, headers: {} }), context);
    expect(r.statusCode).toBe(413);
    expect(body(r).error).toMatchObject({ code: 'TOO_LARGE', field: 'body', messageZh: '请求体超过 262144 字节（256 KB）' });
    const justUnder = await handler(event('POST', '/calculate/transfer-subsidy', { body: JSON.stringify({ received: 1, p: 'x'.repeat(200 * 1024) }) }), context);
    expect(justUnder.statusCode).toBe(400); // read, then refused by the schema (unknown field p), not by size
    expect(body(justUnder).error.field).toBe('p');
  });

  it('gives 401 without a key and 415 for a JSON route sent as text, in the error shape', async () => {
    const noKey = await handler(event('POST', '/calculate', { body: CALC, headers: { 'content-type': 'application/json' } }), context);
    expect(noKey.statusCode).toBe(401);
    expect(body(noKey).error.field).toBe('x-api-key');
    const text = await handler(event('POST', '/calculate', { body: CALC, headers: { 'x-api-key': ADMIN, 'content-type': 'text/plain' } }), context);
    expect(text.statusCode).toBe(415);
    expect(body(text).error).toMatchObject({ code: 'INVALID', field: 'content-type' });
    const untyped = await handler(event('POST', '/calculate', { body: CALC, headers: { 'x-api-key': ADMIN } }), context);
    expect(untyped.statusCode).toBe(415);
  });

  it('refuses an unknown query parameter on every route, GET /health included, naming it in English and 中文', async () => {
    for (const [method, path] of [['GET', '/health'], ['GET', '/policy'], ['GET', '/openapi.json'], ['POST', '/calculate']] as const) {
      const r = await handler(event(method, path, { rawQueryString: 'zzUnknown=1', ...(method === 'POST' ? { body: CALC } : {}) }), context);
      expect(r.statusCode, path).toBe(400);
      expect(body(r).error).toMatchObject({ code: 'INVALID', field: 'zzUnknown', message: 'unknown query parameter "zzUnknown"' });
      expect(body(r).error.messageZh).toContain('未知的查询参数');
    }
  });
});
