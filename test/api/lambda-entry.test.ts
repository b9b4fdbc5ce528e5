/**
 * `lambdaHandler` (functions/http/app.ts) makes the Request and the structured result itself, with less work than
 * `hono/aws-lambda`'s `handle`: for every kind of event and answer it must give exactly what `handle` gives.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { handle } from 'hono/aws-lambda';
import { describe, expect, it } from 'vitest';

const ADMIN = 'lambda-entry-test-admin-key-0123456789abcdef';
process.env.ADMIN_API_KEY = ADMIN;
process.env.TABLE_NAME ??= 'lambda-entry-test';
const { createApp, lambdaHandler, openapi } = await import('../../functions/http/app.js');
const { routes } = await import('../../functions/http/routes.js');

const app = createApp();
const describeRequest = (req: Request) => ({ method: req.method, url: req.url, headers: Object.fromEntries(req.headers), bodyUsed: req.bodyUsed, nullBody: req.body === null });
app.all('/echo', async (c) => {
  const used = c.req.raw.bodyUsed;
  const text = await c.req.text();
  return c.json({ used, text, after: await describeRequest(c.req.raw) });
});
app.all('/describe', async (c) => c.json({ before: await describeRequest(c.req.raw), text: await c.req.text(), used: c.req.raw.bodyUsed }));
app.post('/json', async (c) => c.json({ parsed: await c.req.json() }));
app.post('/bytes', async (c) => c.json({ bytes: [...new Uint8Array(await c.req.raw.arrayBuffer())] }));
app.post('/blob', async (c) => c.json({ size: (await c.req.raw.blob()).size }));
app.post('/form', async (c) => c.json({ form: Object.fromEntries(await c.req.raw.formData()) as Record<string, string> }));
app.post('/clone', async (c) => {
  const copy = c.req.raw.clone();
  return c.json({ headers: Object.fromEntries(copy.headers), copy: await copy.text(), own: await c.req.raw.text(), used: c.req.raw.bodyUsed });
});
app.post('/stream', async (c) => {
  const reader = c.req.raw.body!.getReader();
  const chunks: number[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(...value);
  }
  return c.json({ chunks: chunks.length, used: c.req.raw.bodyUsed, again: await c.req.raw.text().catch((e: Error) => e.name) });
});
app.post('/twice', async (c) => {
  await c.req.raw.text();
  const second = await c.req.raw.text().then(
    () => 'read',
    (e: Error) => e.name,
  );
  const clone = (() => {
    try {
      c.req.raw.clone();
      return 'cloned';
    } catch (e) {
      return (e as Error).name;
    }
  })();
  return c.json({ second, clone, used: c.req.raw.bodyUsed, locked: c.req.raw.body?.locked });
});
app.get('/cookies', (c) => {
  c.header('set-cookie', 'a=1; Path=/', { append: true });
  c.header('set-cookie', 'b=2; Path=/', { append: true });
  c.header('x-many', 'one');
  return c.text('with cookies');
});
app.get('/binary', (c) => c.body(new Uint8Array([0, 1, 2, 250, 255]), 200, { 'content-type': 'application/octet-stream' }));
app.get('/gzip', (c) => c.body('pretend', 200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }));
app.get('/identity', (c) => c.body('{}', 200, { 'content-type': 'application/json', 'content-encoding': 'identity' }));
app.get('/none', (c) => c.body(null, 204));
app.get('/no-type', (c) => c.body('untyped'));
// A JSON body route: the content-type check (415, reading a clone when there is no Content-Type), then zod.
openapi(app, routes.transferSubsidy, [], (c) => c.json({ subsidy: Number(c.req.valid('json').received), cumulativeReceived: 0, cumulativeSubsidy: 0, capReached: false, clause: 'x' }, 200));
app.get('/fail', () => {
  throw new Error('boom');
});

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

const withHeaders = (headers: Record<string, string>) => ({ headers: { 'x-api-key': ADMIN, ...headers } });

const EVENTS: [string, APIGatewayProxyEventV2][] = [
  ['json body', event('POST', '/echo', { body: '{"a":1,"名":"重庆"}' })],
  ['no body', event('POST', '/echo')],
  ['empty body', event('POST', '/echo', { body: '' })],
  ['query and cookies', event('POST', '/echo', { rawQueryString: 'a=1&b=%E4%B8%AD&a=2', cookies: ['s=1', 't=2'], body: 'x' })],
  ['a cookie header too', event('POST', '/echo', { cookies: ['s=1'], ...withHeaders({ cookie: 'c=3', 'content-type': 'text/plain' }), body: 'x' })],
  ['non-ASCII header value', event('POST', '/echo', { ...withHeaders({ 'x-name': '重庆 研究院', 'content-type': 'application/json' }), body: '{}' })],
  ['empty header value', event('POST', '/echo', { ...withHeaders({ 'x-empty': '', 'content-type': 'application/json' }), body: '{}' })],
  ['upper-case header name', event('POST', '/echo', { ...withHeaders({ 'X-Upper': 'v', 'x-upper': 'w', 'content-type': 'application/json' }), body: '{}' })],
  ['client content-length', event('POST', '/echo', { ...withHeaders({ 'content-length': '999', 'content-type': 'text/plain' }), body: 'abc' })],
  ['header value with a line break', event('POST', '/echo', { ...withHeaders({ 'x-bad': 'a\nb' }), body: '{}' })],
  ['invalid header name', event('POST', '/echo', { ...withHeaders({ 'x bad': 'v' }), body: '{}' })],
  ['BOM', event('POST', '/json', { body: '\uFEFF{"a":1}' })],
  ['two BOMs', event('POST', '/echo', { body: '\uFEFF\uFEFFz' })],
  ['lone surrogate', event('POST', '/echo', { body: '{"a":"\uD800"}' })],
  ['malformed JSON', event('POST', '/json', { body: '{"a":' })],
  ['base64 body', event('POST', '/echo', { body: Buffer.from([0xe9, 0x87, 0x8d, 0, 255]).toString('base64'), isBase64Encoded: true, ...withHeaders({ 'content-type': 'application/octet-stream' }) })],
  ['bad base64 body', event('POST', '/echo', { body: '%%%', isBase64Encoded: true })],
  ['GET with a body', event('GET', '/echo', { body: '{}' })],
  ['HEAD with a body', event('HEAD', '/echo', { body: '{}' })],
  ['GET', event('GET', '/echo')],
  ['body touched first', event('POST', '/describe', { body: '{"a":"重"}' })],
  ['no body, touched', event('POST', '/describe')],
  ['arrayBuffer', event('POST', '/bytes', { body: 'é重' })],
  ['blob', event('POST', '/blob', { body: 'é重' })],
  ['formData', event('POST', '/form', { ...withHeaders({ 'content-type': 'application/x-www-form-urlencoded' }), body: 'a=1&b=%E9%87%8D' })],
  ['clone', event('POST', '/clone', { body: 'cloned body' })],
  ['clone, no content-type', event('POST', '/clone', { headers: { 'x-api-key': ADMIN }, body: 'cloned body' })],
  ['stream', event('POST', '/stream', { body: 'streamed body' })],
  ['read twice', event('POST', '/twice', { body: 'once' })],
  ['set-cookie', event('GET', '/cookies')],
  ['binary answer', event('GET', '/binary')],
  ['content-encoding', event('GET', '/gzip')],
  ['identity encoding', event('GET', '/identity')],
  ['204', event('GET', '/none')],
  ['no content-type', event('GET', '/no-type')],
  ['500', event('GET', '/fail')],
  ['404', event('GET', '/nowhere')],
  ['401', event('GET', '/echo', { headers: {} })],
  ['JSON route', event('POST', '/calculate/transfer-subsidy', { body: '{"received":100}' })],
  ['JSON route, invalid', event('POST', '/calculate/transfer-subsidy', { body: '{"received":"x"}' })],
  ['JSON route, no content-type', event('POST', '/calculate/transfer-subsidy', { headers: { 'x-api-key': ADMIN }, body: '{"received":100}' })],
  ['JSON route, no content-type, no body', event('POST', '/calculate/transfer-subsidy', { headers: { 'x-api-key': ADMIN } })],
  ['JSON route, text/plain', event('POST', '/calculate/transfer-subsidy', { ...withHeaders({ 'content-type': 'text/plain' }), body: '{"received":100}' })],
  ['encoded path', event('GET', '/ech%6F')],
  ['no domainName (host header used)', (() => {
    const e = event('POST', '/echo', { body: '{}' });
    const { domainName: _, ...requestContext } = e.requestContext;
    return { ...e, requestContext: requestContext as APIGatewayProxyEventV2['requestContext'] };
  })()],
];

describe('lambdaHandler', () => {
  const lean = lambdaHandler(app);
  const adapter = handle(app);
  const context = {} as Context;

  it.each(EVENTS)('answers as hono/aws-lambda does: %s', async (_, e) => {
    const quiet = console.error;
    console.error = () => undefined;
    try {
      const expected = await adapter(e as never, context);
      const actual = await lean(e, context);
      expect(actual).toStrictEqual(expected);
      expect(Object.keys(actual)).toEqual(Object.keys(expected));
    } finally {
      console.error = quiet;
    }
  });

  it('takes the lean path for the usual events (the comparison above is not only the adapter against itself)', async () => {
    const seen: string[] = [];
    const probe = createApp();
    probe.all('*', (c) => {
      seen.push(c.req.raw.constructor.name);
      return c.json({});
    });
    const run = lambdaHandler(probe);
    await run(event('POST', '/x', { body: '{"a":1}' }), context);
    await run(event('POST', '/x', { body: 'AA==', isBase64Encoded: true }), context);
    expect(seen).toEqual(['EventRequest', 'Request']);
  });
});
