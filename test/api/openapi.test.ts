/**
 * /openapi.json is the one description of the API: it passes a real OpenAPI validator, lists exactly the routes the
 * functions serve (functions/manifest.ts), and every answer of a real session (errors included) matches the schema
 * the document gives for that route and status.
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv } from 'ajv';
import type { OpenAPIV3 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/manifest.js';
import { application, startApi, type Answer, type Client } from './helpers.js';

let api: Client;
let document: OpenAPIV3.Document;
beforeAll(async () => {
  api = await startApi();
  document = (await api.call('GET', '/openapi.json')).body;
});
afterAll(() => api?.close());

describe('/openapi.json', () => {
  it('is a valid OpenAPI 3.0 document (swagger-parser)', async () => {
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy();
    expect(document.openapi).toBe('3.0.3');
  });

  it('lists exactly the routes the functions serve', () => {
    const documented = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item ?? {}).map((method) => `${method.toUpperCase()} ${path}`));
    const served = FUNCTIONS.flatMap((f) => f.routes);
    expect(documented.sort()).toEqual([...served].sort());
  });

  it('documents 415 on every route with a body, and the Idempotency-Key header on the write routes', () => {
    for (const [path, item] of Object.entries(document.paths)) {
      const post = item?.post;
      if (!post?.requestBody) continue;
      expect(Object.keys(post.responses), path).toContain('415');
    }
    const header = (document.paths['/applications']?.post?.parameters ?? []) as OpenAPIV3.ParameterObject[];
    expect(header.find((p) => p.name === 'Idempotency-Key')?.description).toMatch(/2xx and 409/);
  });
});

describe('every answer matches its documented schema', () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  let checked = 0;

  /** The schema of `method path` answering `status`, checked against the answer's body. */
  function expectDocumented(method: string, path: string, answer: Answer): void {
    const operation = (document.paths[path] as Record<string, OpenAPIV3.OperationObject> | undefined)?.[method];
    expect(operation, `${method} ${path} is documented`).toBeDefined();
    const response = operation?.responses[String(answer.status)] as OpenAPIV3.ResponseObject | undefined;
    expect(response, `${method} ${path} documents ${answer.status}: ${JSON.stringify(answer.body)}`).toBeDefined();
    const schema = response?.content?.['application/json']?.schema;
    if (!schema) return;
    const validate = ajv.compile({ ...schema, components: document.components });
    expect(validate(answer.body), `${method} ${path} ${answer.status}: ${JSON.stringify(validate.errors)}\n${JSON.stringify(answer.body)}`).toBe(true);
    checked++;
  }
  const call = async (method: string, template: string, path: string, body?: unknown, key?: string) => {
    const answer = await api.call(method.toUpperCase(), path, { ...(body !== undefined ? { body } : {}), ...(key ? { key } : {}) });
    expectDocumented(method, template, answer);
    return answer;
  };

  it('in a session that files, rates, pays, receives, reports and fails', async () => {
    await call('get', '/health', '/health');
    await call('get', '/policy', '/policy');
    await call('post', '/calculate', '/calculate', { category: 'JOINT_RD_BASE', ratingDate: '2021-03-01', talent: 'CAS_ACADEMICIAN' });
    await call('post', '/calculate/transfer-subsidy', '/calculate/transfer-subsidy', { received: 30_000_000, receivedBefore: 0 });
    const created = await call('post', '/applications', '/applications', application({ requestedAmount: 1000 }));
    const id = created.body.id as string;
    await call('get', '/applications', '/applications?limit=1');
    await call('post', '/applications/{id}/rating', `/applications/${id}/rating`, { ratingDate: '2020-06-30', approvedInitial: 5_000_000 });
    await call('post', '/applications/{id}/payments', `/applications/${id}/payments`, { item: 'INITIAL_GRANT', year: 2020, amount: 1_000_000.5 });
    await call('get', '/applications/{id}', `/applications/${id}`);
    const achievement = await call('post', '/achievements', '/achievements', { applicationId: id, title: '成果', contractNo: 'HT-1' });
    await call('post', '/achievements/{id}/receipts', `/achievements/${achievement.body.id}/receipts`, { date: '2021-05-01', amount: 100_000 });
    await call('get', '/achievements/{id}', `/achievements/${achievement.body.id}`);
    await call('get', '/applications/{id}/achievements', `/applications/${id}/achievements`);
    await call('get', '/applications/{id}', `/applications/${id}`); // with its achievement
    await call('get', '/applications/{id}/history', `/applications/${id}/history`);
    await call('get', '/reports/summary', '/reports/summary');
    const made = await call('post', '/keys', '/keys', { role: 'district', district: 'YUBEI', label: '渝北区科技局 张三' });
    await call('get', '/keys', '/keys');
    await call('get', '/keys/me', '/keys/me', undefined, made.body.key);
    await call('get', '/keys/me', '/keys/me');
    await call('post', '/keys/{id}/revoke', `/keys/${made.body.id}/revoke`);
    await call('get', '/openapi.json', '/openapi.json');
    // Failures: each in the error shape the document gives for that status.
    await call('post', '/applications/{id}/payments', `/applications/${id}/payments`, { item: 'INITIAL_GRANT', year: 2020, amount: 99_000_000 }); // 409 CAP_EXCEEDED
    await call('post', '/applications/{id}/rating', `/applications/${id}/rating`, { ratingDate: '2020-06-30' }); // 409 already rated
    await call('get', '/applications/{id}', '/applications/app_nothere'); // 404
    await call('post', '/calculate', '/calculate', { category: 'NOPE', ratingDate: '2021-03-01' }); // 400 from the rules
    await call('get', '/policy', '/policy', undefined, 'not-a-key'); // 401
    await call('post', '/keys', '/keys', { role: 'viewer', label: '只读' }, await api.key('viewer')); // 403
    await call('post', '/keys', '/keys', { role: 'viewer' }); // 400: no label
    await call('post', '/keys/{id}/revoke', `/keys/${made.body.id}/revoke`); // 409 revoked already
    await call('post', '/keys/{id}/revoke', '/keys/key_nothere/revoke'); // 404
    await call('get', '/keys/me', '/keys/me', undefined, made.body.key); // 401 revoked
    expect(checked).toBe(31); // all but /openapi.json itself, which has no schema
  });

  it('in a session that approves, pays with paidOn and voucher, lists, voids and fails', async () => {
    const start = checked;
    const created = await call('post', '/applications', '/applications', application({ ratingDate: '2020-06-30', approvedInitial: 4_000_000 }));
    const id = created.body.id as string;
    await call('post', '/applications/{id}/approvals', `/applications/${id}/approvals`, { item: 'INITIAL_GRANT', year: 2020, amount: 3_000_000, reason: '核减' });
    const paid = await call('post', '/applications/{id}/payments', `/applications/${id}/payments`, { item: 'INITIAL_GRANT', year: 2020, amount: 1_000, paidOn: '2020-07-01', voucher: 'V-1' });
    await call('post', '/applications/{id}/payments/{paymentId}/void', `/applications/${id}/payments/${paid.body.id}/void`, { reason: '录错' });
    await call('get', '/applications/{id}/payments', `/applications/${id}/payments`);
    await call('get', '/applications/{id}', `/applications/${id}`);
    await call('get', '/applications/{id}/history', `/applications/${id}/history`);
    // Failures: each in the error shape the document gives for that status.
    await call('post', '/applications/{id}/approvals', `/applications/${id}/approvals`, { item: 'INITIAL_GRANT', year: 2020, amount: 10_000_000.01 }); // 400 OVER_CAP
    await call('post', '/applications/{id}/payments/{paymentId}/void', `/applications/${id}/payments/${paid.body.id}/void`, { reason: '录错' }); // 409 voided
    await call('post', '/applications/{id}/payments/{paymentId}/void', `/applications/${id}/payments/pay_nothere/void`, { reason: '录错' }); // 404
    await call('post', '/applications/{id}/payments', `/applications/${id}/payments`, { item: 'INITIAL_GRANT', year: 2020, amount: 3_000_000.01 }); // 409 CAP_EXCEEDED
    expect(checked - start).toBe(11);
  });
});
