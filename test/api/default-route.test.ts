/**
 * API Gateway's `$default` route sends requests that match no route to DEFAULT_ROUTE_FUNCTION (infra/stack.ts).
 * That function must answer them with the contract's error shape, as the local server does, not a 500 or
 * API Gateway's own `{"message":"Not Found"}`.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTE_FUNCTION, FUNCTIONS } from '../../functions/manifest.js';

const ADMIN = 'default-route-test-admin-key-0123456789abcdef';

function defaultRouteEvent(method: string, path: string, key?: string): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: key === undefined ? { 'content-type': 'application/json' } : { 'x-api-key': key, 'content-type': 'application/json' },
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'default-route',
      routeKey: '$default',
      stage: '$default',
      time: '26/Nov/2026:00:00:00 +0000',
      timeEpoch: 0,
    },
  };
}

describe('the $default route', () => {
  it('goes to a function of the manifest that answers unknown routes with 404 NOT_FOUND, key or not', async () => {
    const spec = FUNCTIONS.find((f) => f.name === DEFAULT_ROUTE_FUNCTION);
    expect(spec).toBeDefined();
    process.env.ADMIN_API_KEY = ADMIN;
    process.env.TABLE_NAME ??= 'default-route-test';
    const { handler } = (await import(`../../${spec!.entry}`)) as {
      handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
    };
    // With the admin key, a wrong key or none: as `npm start` answers, 404 before any key check.
    for (const key of [ADMIN, 'not-a-key', undefined]) {
      for (const [method, path] of [['GET', '/nope'], ['POST', '/applications/x/unknown'], ['DELETE', '/applications']] as const) {
        const result = await handler(defaultRouteEvent(method, path, key), {} as Context);
        expect(result.statusCode).toBe(404);
        expect(JSON.parse(result.body ?? '')).toEqual({ error: { code: 'NOT_FOUND', message: `no route ${method} ${path}`, messageZh: `没有此接口：${method} ${path}` } });
      }
    }
  });
});
