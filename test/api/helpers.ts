/**
 * The API tests' one way in: a real local server (functions/local/server.ts → the very Lambda handlers → DynamoDB Local)
 * started in this test file's worker, and plain HTTP to it.
 */
import { expect, inject } from 'vitest';
import { startLocalServer, type LocalServer } from '../../functions/local/server.js';
import { describeDrift, findDrifts } from '../../functions/reconcile/index.js';
import { tableClient } from '../../functions/store/dynamodb/client.js';
import { expectDocumentedAnswer } from './documented.js';

export interface Answer<T = any> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export interface Client {
  readonly server: LocalServer;
  readonly url: string;
  readonly adminKey: string;
  call<T = any>(method: string, path: string, options?: { key?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<Answer<T>>;
  /** A new key of that role (made by the admin through POST /keys), held by `label` (default: one naming the role). */
  key(role: 'municipal' | 'district' | 'viewer', district?: string, label?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Plain HTTP to the API at `url`: as `adminKey` unless `key` names another (null: no key); a JSON body, or `raw` text.
 * Every answer is checked against /openapi.json's schema for its route and status (./documented.ts): one that is
 * not documented fails the test.
 */
export function httpCall(url: string, adminKey: string): Client['call'] {
  return async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    const key = o.key === undefined ? adminKey : o.key;
    if (key !== null) headers['x-api-key'] = key;
    let body: string | undefined;
    if (o.raw !== undefined) body = o.raw;
    else if (o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    const res = await fetch(`${url}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text, the test will say so
    }
    await expectDocumentedAnswer(method, path, { status: res.status, body: parsed, contentType: res.headers.get('content-type') });
    return { status: res.status, body: parsed as never, headers: res.headers };
  };
}

/**
 * The API on a local server of this test file, on a DynamoDB Local of its own, or on a table of its own in the run's
 * one store when the run provides it (mutation runs: ./shared-store.ts) and no `dataDir` is asked for.
 */
export async function startApi(options: { dataDir?: string; bundlesDir?: string } = {}): Promise<Client> {
  const storeEndpoint = options.dataDir === undefined ? inject('storeEndpoint') : undefined;
  const server = await startLocalServer({
    port: 0,
    adminKey: `test-admin-${Math.random().toString(36).slice(2)}-${Date.now()}`,
    ...(storeEndpoint ? { storeEndpoint } : {}),
    ...options,
  });
  const call = httpCall(server.url, server.adminKey);
  return {
    server,
    url: server.url,
    adminKey: server.adminKey,
    call,
    async key(role, district, label = `${district ?? ''} ${role} test key`.trim()) {
      const answer = await call('POST', '/keys', { body: district ? { role, district, label } : { role, label } });
      if (answer.status !== 201) throw new Error(`POST /keys ${answer.status} ${JSON.stringify(answer.body)}`);
      return (answer.body as { key: string }).key;
    },
    close: () => server.close(),
  };
}

let institutions = 0;
/**
 * An application's body; each call names a new institution (an open application of the same institution, partner
 * and category is a duplicate, 409), so tests that want two of one institution say so.
 */
export const application = (over: Record<string, unknown> = {}) => ({
  institution: `重庆某某研究院 ${++institutions}-${Math.random().toString(36).slice(2, 6)}`,
  partner: { name: 'Tsinghua University', type: 'DOMESTIC_UNIVERSITY', country: 'CN' },
  category: 'HIGH_END_RD_INSTITUTION',
  district: 'YUBEI',
  field: 'BIG_DATA',
  legalPerson: true,
  ...over,
});

/** Every application GET /applications lists for `query` (`district=YUBEI`, …), as `key`, page by page (`limit` a page), in its order. */
export async function listAll(api: Client, query = '', o: { key?: string; limit?: number } = {}): Promise<any[]> {
  const items: any[] = [];
  let token: string | undefined;
  do {
    const params = [`limit=${o.limit ?? 100}`, ...(query ? [query] : []), ...(token ? [`nextToken=${encodeURIComponent(token)}`] : [])];
    const page = await ok(api.call('GET', `/applications?${params.join('&')}`, o.key ? { key: o.key } : {}), 200);
    items.push(...page.items);
    token = page.nextToken;
  } while (token);
  return items;
}

/** An application's `partner`: a domestic university of that name. */
export const partner = (name: string) => ({ name, type: 'DOMESTIC_UNIVERSITY', country: 'CN' });

/** Reconcile's check of the whole table finds nothing (each drift it finds shown as it describes it). */
export async function expectNoDrift(): Promise<void> {
  expect((await findDrifts(tableClient())).drifts.map(describeDrift)).toEqual([]);
}

/** Files an application (SUBMITTED, as `key` or the admin); answers its id. */
export async function filedApplication(api: Client, over: Record<string, unknown> = {}, key?: string): Promise<string> {
  return (await ok(api.call('POST', '/applications', { body: application(over), ...(key ? { key } : {}) }), 201)).id as string;
}

/** Creates an application and rates it on `ratingDate`; answers its id. */
export async function ratedApplication(api: Client, over: Record<string, unknown> = {}, ratingDate = '2020-06-30', key?: string): Promise<string> {
  const created = await api.call('POST', '/applications', { body: application(over), ...(key ? { key } : {}) });
  if (created.status !== 201) throw new Error(`create ${created.status} ${JSON.stringify(created.body)}`);
  const rated = await api.call('POST', `/applications/${created.body.id}/rating`, { body: { ratingDate }, ...(key ? { key } : {}) });
  if (rated.status !== 200) throw new Error(`rate ${rated.status} ${JSON.stringify(rated.body)}`);
  return created.body.id as string;
}

export function expectError(answer: Answer, status: number, code: string, field?: string): void {
  const got = { status: answer.status, code: answer.body?.error?.code, ...(field !== undefined ? { field: answer.body?.error?.field } : {}) };
  expect(got, JSON.stringify(answer.body)).toEqual({ status, code, ...(field !== undefined ? { field } : {}) });
  expect(typeof answer.body.error.message).toBe('string');
}

/** The answer's body, once its status is `status` (the body is shown when it is not). */
export async function ok(answer: Promise<{ readonly status: number; readonly body: any }>, status: number): Promise<any> {
  const a = await answer;
  expect(a.status, JSON.stringify(a.body)).toBe(status);
  return a.body;
}

/** A refusal: its status, code and field, and both its messages (English and 中文); answers the error. */
export async function refused(answer: Promise<Answer>, status: number, code: string, field: string): Promise<any> {
  const a = await answer;
  expectError(a, status, code, field);
  expect(a.body.error.messageZh, JSON.stringify(a.body)).toMatch(/\S/);
  return a.body.error;
}

/** The row of one item·year in GET /applications/{id}'s ledger view (`{application, ledger, …}`, CONTRACT.md §3). */
export function ledgerRow(view: { readonly ledger: readonly { readonly item: string; readonly year: number }[] }, item: string, year: number): any {
  const row = view.ledger.find((r) => r.item === item && r.year === year);
  expect(row, `no ledger row ${item} ${year} in ${JSON.stringify(view.ledger)}`).toBeDefined();
  return row;
}
