/**
 * The built Lambda bundles (what the stack deploys: esbuild output, SDK bundled, credentials from the environment)
 * serve the same API: built here into a temporary folder, loaded by the local server in place of the TypeScript.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFunctions } from '../../functions/build.js';
import { FUNCTIONS, JOBS } from '../../functions/manifest.js';
import { application, expectError, ratedApplication, startApi, type Client } from './helpers.js';

const outDir = mkdtempSync(join(tmpdir(), 'kechuang-bundles-'));
let api: Client;

beforeAll(async () => {
  const built = await buildFunctions(outDir, { quiet: true });
  expect(built.map((b) => b.name)).toEqual([...FUNCTIONS, ...JOBS].map((f) => f.name));
  // As on Lambda: the role's credentials are in the environment (the bundles carry no other credential chain).
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_SESSION_TOKEN: 'local' });
  api = await startApi({ bundlesDir: outDir });
});
afterAll(async () => {
  await api?.close();
  rmSync(outDir, { recursive: true, force: true });
});

describe('the bundles as deployed', () => {
  it('every function answers its routes: keys, applications, payments, receipts, summary, docs', async () => {
    const district = await api.key('district', 'YUBEI');
    const created = await api.call('POST', '/applications', { body: application(), key: district });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect((await api.call('POST', `/applications/${id}/rating`, { body: { ratingDate: '2020-06-30' }, key: district })).status).toBe(200);
    expect((await api.call('POST', `/applications/${id}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 10_000_000 }, key: district })).status).toBe(201);
    expectError(await api.call('POST', `/applications/${id}/payments`, { body: { item: 'INITIAL_GRANT', year: 2020, amount: 0.01 } }), 409, 'CAP_EXCEEDED');
    const ach = await api.call('POST', '/achievements', { body: { applicationId: id, title: 't', contractNo: 'c' } });
    const receipt = await api.call('POST', `/achievements/${ach.body.id}/receipts`, { body: { date: '2021-01-01', amount: 123_456.78 } });
    expect(receipt.body).toMatchObject({ subsidy: 6_172.84, capReached: false });
    expect((await api.call('GET', '/reports/summary')).body).toMatchObject({ applications: 1, rated: 1, partnersIntroduced: 1, paidByYear: { 2020: 10_000_000 } });
    expect((await api.call('GET', `/applications/${id}/history`)).body.items).toHaveLength(5);
    expect((await api.call('GET', '/applications?district=YUBEI', { key: district })).body.items).toHaveLength(1);
    expect((await api.call('POST', '/calculate', { body: { category: 'TRANSFER_BASE', ratingDate: '2021-01-01' } })).body.totalCap).toBe(4_000_000);
    expect(Object.keys((await api.call('GET', '/openapi.json')).body.paths)).toContain('/achievements/{id}/receipts');
    expectError(await api.call('POST', '/calculate', { raw: '{nope' }), 400, 'INVALID', 'body');
    expectError(await api.call('GET', '/policy', { key: 'wrong' }), 401, 'UNAUTHORIZED');
  });

  it('the export function writes the Excel export with the exceljs it bundles', async () => {
    const id = await ratedApplication(api, { district: 'JIANGBEI' });
    const res = await fetch(`${api.url}/reports/export.xlsx`, { headers: { 'x-api-key': api.adminKey } });
    expect({ status: res.status, type: res.headers.get('content-type') }).toEqual({ status: 200, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await res.arrayBuffer()) as never);
    expect(book.worksheets.map((s) => s.name)).toEqual(['申请 Applications', '台账 Ledger', '支付 Payments', '成果到账 Receipts', '汇总 Summary']);
    const ids = book.getWorksheet('申请 Applications')?.getColumn(1).values;
    expect(ids).toContain(id);
  });
});

describe('the reconcile job as deployed', () => {
  it('scans the table the API wrote, finds no drift and logs the count as an EMF metric line', async () => {
    const { handler } = (await import(pathToFileURL(join(outDir, 'reconcile', 'index.mjs')).href)) as { handler: () => Promise<{ drifts: number; scanned: number }> };
    const lines: string[] = [];
    const log = console.log;
    console.log = (line: string) => lines.push(line);
    try {
      expect(await handler()).toMatchObject({ drifts: 0, scanned: expect.any(Number) });
    } finally {
      console.log = log;
    }
    const metric = lines.map((l) => (l.startsWith('{') ? (JSON.parse(l) as Record<string, unknown>) : undefined)).find((m) => m?._aws);
    expect(metric).toMatchObject({ _aws: { CloudWatchMetrics: [{ Namespace: 'Kechuang', Metrics: [{ Name: 'ReconcileDrift' }] }] }, ReconcileDrift: 0 });
  });
});

describe('what the bundles carry', () => {
  const bundle = (name: string) => readFileSync(join(outDir, name, 'index.mjs'), 'utf8');

  it('the policy function serves the very document the source makes (made at build time, not by a generator in the bundle)', async () => {
    const { openApiDocument } = await import('../../functions/http/openapi.js');
    expect((await api.call('GET', '/openapi.json')).body).toEqual(JSON.parse(JSON.stringify(await openApiDocument())));
  });

  it('a body of the wrong type is refused with zod/mini, naming the field in English and 中文', async () => {
    const answer = await api.call('POST', '/calculate', { body: { category: 5, ratingDate: '2021-01-01' } });
    expectError(answer, 400, 'INVALID', 'category');
    expect(answer.body.error.message).toBe('category must be text');
    expect(answer.body.error.messageZh).toBe('类别（category）应为文本');
    expectError(await api.call('POST', '/calculate', { body: { category: 'TRANSFER_BASE', ratingDate: '2021-01-01', extra: 1 } }), 400, 'INVALID', 'extra');
  });

  it('only the export function carries exceljs, and its bundle stays under 1 MB; the summary\'s stays small', () => {
    for (const { name } of [...FUNCTIONS, ...JOBS]) {
      // exceljs's content type of a worksheet part: only where a workbook is written.
      expect(bundle(name).includes('spreadsheetml.worksheet+xml'), name).toBe(name === 'export');
    }
    // About 800 KB: exceljs's Workbook class with jszip, pako, saxes and readable-stream (its package entry, with the
    // streaming reader and writer, would add about 0.6 MB more: functions/http/workbook.ts).
    expect(statSync(join(outDir, 'export', 'index.mjs')).size).toBeLessThan(1024 * 1024);
    // The summary's function parses none of it on a cold start (about 300 KB, as before the export).
    expect(statSync(join(outDir, 'reports', 'index.mjs')).size).toBeLessThan(400 * 1024);
  });

  it('no function bundles the document generator or classic zod', () => {
    for (const { name } of FUNCTIONS) {
      const code = bundle(name);
      expect(code, name).not.toContain('cannot be represented in JSON Schema'); // zod's toJSONSchema (the document is made at build)
      expect(code, name).not.toContain('External $ref is not supported'); // classic zod (z.fromJSONSchema)
      expect(code, name).toContain('Invalid input: expected'); // zod's English messages are there (zod/mini installs none itself)
    }
  });
});
