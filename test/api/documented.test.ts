/**
 * The check every API test's answers go through (./documented.ts) refuses what /openapi.json does not document: a
 * status the route does not give, a body off its schema, a wrong Content-Type, an answer to no route but 404; and
 * passes what it documents. No server: answers made up here, against the document made from the route definitions.
 */
import { describe, expect, it } from 'vitest';
import { undocumented } from './documented.js';

process.env.TABLE_NAME ??= 'documented-test';

const json = 'application/json; charset=UTF-8';
const error = (code: string) => ({ error: { code, message: 'm', messageZh: '中' } });

describe('./documented.ts', () => {
  it('passes documented answers: a body on its schema, an error on a documented status, the export as a file, HEAD with no body', async () => {
    expect(await undocumented('GET', '/health', { status: 200, body: { ok: true }, contentType: json })).toBeUndefined();
    expect(await undocumented('HEAD', '/health', { status: 200, body: '', contentType: null })).toBeUndefined();
    expect(await undocumented('POST', '/calculate/transfer-subsidy', { status: 401, body: error('UNAUTHORIZED'), contentType: json })).toBeUndefined();
    expect(await undocumented('GET', '/applications/app_1?x=1', { status: 404, body: error('NOT_FOUND'), contentType: json })).toBeUndefined();
    const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    expect(await undocumented('GET', '/reports/export.xlsx?district=YUBEI', { status: 200, body: 'PK…', contentType: xlsx })).toBeUndefined();
    expect(await undocumented('DELETE', '/nope', { status: 404, body: error('NOT_FOUND'), contentType: json })).toBeUndefined();
  });

  it('refuses a status the route does not document, naming route and status', async () => {
    expect(await undocumented('GET', '/health', { status: 500, body: error('INTERNAL'), contentType: json })).toMatch(/^GET \/health answered 500, a status its documented answers \(200, 400\) do not give/);
    // /keys/me, not /keys/{id}: the literal template wins.
    expect(await undocumented('GET', '/keys/me', { status: 404, body: error('NOT_FOUND'), contentType: json })).toMatch(/^GET \/keys\/me answered 404/);
    expect(await undocumented('POST', '/applications/a_1/payments', { status: 200, body: {}, contentType: json })).toMatch(/^POST \/applications\/{id}\/payments answered 200/);
  });

  it("refuses a body off its status's schema, with ajv's errors: a field missing, a field more, a wrong type", async () => {
    expect(await undocumented('GET', '/health', { status: 200, body: { ok: false }, contentType: json })).toMatch(/^GET \/health 200: the answer does not match its documented schema: \/ok must be equal to one of the allowed values/);
    expect(await undocumented('GET', '/keys/me', { status: 401, body: { error: { code: 'UNAUTHORIZED', message: 'm' } }, contentType: json })).toMatch(/messageZh/);
    expect(await undocumented('GET', '/keys/me', { status: 401, body: { error: { ...error('UNAUTHORIZED').error, extra: 1 } }, contentType: json })).toMatch(/additional properties/);
    expect(await undocumented('GET', '/keys/me', { status: 401, body: error('NO_SUCH_CODE'), contentType: json })).toMatch(/\/error\/code must be equal to one of the allowed values/);
  });

  it('refuses a wrong Content-Type, and any answer but 404 to no route', async () => {
    expect(await undocumented('GET', '/health', { status: 200, body: { ok: true }, contentType: 'text/plain' })).toMatch(/Content-Type text\/plain, documented application\/json/);
    expect(await undocumented('GET', '/reports/export.xlsx', { status: 200, body: '{}', contentType: json })).toMatch(/Content-Type application\/json.*, documented application\/vnd/);
    expect(await undocumented('GET', '/nope', { status: 200, body: { ok: true }, contentType: json })).toMatch(/is no documented route, and answered 200/);
    expect(await undocumented('HEAD', '/health', { status: 200, body: 'x', contentType: json })).toMatch(/has a body/);
  });
});
