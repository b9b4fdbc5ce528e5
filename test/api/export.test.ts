/**
 * GET /reports/export.xlsx (CONTRACT.md §3): the workbook downloaded over HTTP (local server → the export Lambda
 * handler → Hono's aws-lambda adapter, base64 → bytes), read back with exceljs and checked cell by cell against the
 * API's own answers (GET /applications, GET /applications/{id} `.ledger`, …/payments, GET /achievements/{id},
 * GET /reports/summary): values, yuan formats, date cells, frozen header rows, filters, bilingual headers; a district
 * key's workbook holds its district only. Then, where LibreOffice is installed, converted headless by a real
 * spreadsheet program (required in CI: REQUIRE_LIBREOFFICE or CI set to 1 or true).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sheet as table, writeWorkbook } from '../../functions/http/workbook.js';
import { application, expectError, listAll, ok, ratedApplication, startApi, type Client } from './helpers.js';
import { expectDocumentedAnswer } from './documented.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SHEETS = ['申请 Applications', '台账 Ledger', '支付 Payments', '成果到账 Receipts', '汇总 Summary'];
const YUAN = '#,##0.00';
/** Summary figures in yuan; the others are counts. */
const MONEY = new Set(['committedByYear', 'paidByYear', 'committedByDistrict', 'paidByDistrict', 'transferReceived', 'transferSubsidy']);

let api: Client;
let yubei: string;
let jiangbei: string;
let viewer: string;
const achievementIds: string[] = [];
/** Text XML cannot carry (a control character typed into a name) is shown as U+FFFD. */
const shown = (s: string) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD');

beforeAll(async () => {
  api = await startApi();
  [yubei, jiangbei, viewer] = await Promise.all([api.key('district', 'YUBEI'), api.key('district', 'JIANGBEI'), api.key('viewer')]);
  const post = (path: string, body: unknown, key?: string) => ok(api.call('POST', path, { body, ...(key ? { key } : {}) }), path.endsWith('/void') || path.endsWith('/rating') ? 200 : 201);

  // 渝北: rated with a talent, an approval, two payments (one voided), an achievement with two receipts (one voided).
  const a = await post('/applications', application({ talent: 'CAS_ACADEMICIAN', requestedAmount: 12_345_678.9, ratingDate: '2020-06-30', approvedInitial: 8_000_000 }), yubei);
  await post(`/applications/${a.id}/approvals`, { item: 'ANNUAL_RD_SUPPORT', year: 2021, amount: 1_500_000.5, reason: '核减' }, yubei);
  await post(`/applications/${a.id}/payments`, { item: 'INITIAL_GRANT', year: 2020, amount: 3_000_000.25, paidOn: '2020-07-01', voucher: 'V-2020-1' }, yubei);
  const wrong = await post(`/applications/${a.id}/payments`, { item: 'INITIAL_GRANT', year: 2020, amount: 1_000 }, yubei);
  await post(`/applications/${a.id}/payments/${wrong.id}/void`, { reason: '录入错误' }, yubei);
  await post(`/applications/${a.id}/payments`, { item: 'ANNUAL_RD_SUPPORT', year: 2021, amount: 500_000, paidOn: '2021-12-31' }, yubei);
  const ach = await post('/achievements', { applicationId: a.id, title: '高精度传感器', contractNo: 'HT-2021-001' }, yubei);
  await post(`/achievements/${ach.id}/receipts`, { date: '2021-05-01', amount: 1_000_000, voucher: 'R-1' }, yubei);
  const r2 = await post(`/achievements/${ach.id}/receipts`, { date: '2021-06-15', amount: 234_567.89 }, yubei);
  await post(`/achievements/${ach.id}/receipts/${r2.id}/void`, { reason: '合同退款' }, yubei);
  achievementIds.push(ach.id);
  // 渝北: filed only (no ledger), its institution's name starting with '=' (text, never a formula).
  await post('/applications', application({ institution: '=1+1 重庆研究院', category: 'JOINT_RD_BASE', field: 'NEW_MATERIALS' }), yubei);

  // 江北: a case-by-case row (no cap), a control character in the name, and an achievement with a receipt.
  const c = await ratedApplication(api, { category: 'MAJOR_FACILITY', district: 'JIANGBEI', institution: `江北\u0001实验室 ${Date.now()}`, partner: { name: 'Max-Planck-Gesellschaft', type: 'FOREIGN_INSTITUTE', country: 'DE' } }, '2021-03-01', jiangbei);
  await post(`/applications/${c}/approvals`, { item: 'CASE_BY_CASE', year: 2021, amount: 50_000_000, document: '渝府〔2021〕8号' }, jiangbei);
  await post(`/applications/${c}/payments`, { item: 'CASE_BY_CASE', year: 2021, amount: 20_000_000, paidOn: '2021-09-30', voucher: 'JB-1' }, jiangbei);
  const achC = await post('/achievements', { applicationId: c, title: 'Fusion 成果', contractNo: 'JB-HT-9' }, jiangbei);
  await post(`/achievements/${achC.id}/receipts`, { date: '2022-01-10', amount: 40_000_000 }, jiangbei);
  achievementIds.push(achC.id);
  const d = await ratedApplication(api, { category: 'TRANSFER_BASE', district: 'JIANGBEI' }, '2021-01-01', jiangbei);
  await post(`/applications/${d}/payments`, { item: 'INITIAL_GRANT', year: 2021, amount: 100_000 }, jiangbei);
}, 120_000);
afterAll(() => api?.close());

interface Download {
  readonly status: number;
  readonly headers: Headers;
  readonly bytes: Buffer;
}
async function download(key: string | null, query = ''): Promise<Download> {
  const res = await fetch(`${api.url}/reports/export.xlsx${query}`, { headers: key === null ? {} : { 'x-api-key': key } });
  const bytes = Buffer.from(await res.arrayBuffer());
  // As every answer of the API tests: what /openapi.json documents for the route and status (./documented.ts).
  const contentType = res.headers.get('content-type');
  await expectDocumentedAnswer('GET', `/reports/export.xlsx${query}`, { status: res.status, body: contentType?.startsWith('application/json') ? JSON.parse(bytes.toString('utf8')) : bytes, contentType });
  return { status: res.status, headers: res.headers, bytes };
}
async function workbook(key: string, query = ''): Promise<{ book: ExcelJS.Workbook; bytes: Buffer; headers: Headers }> {
  const d = await download(key, query);
  expect(d.status, d.bytes.toString('utf8').slice(0, 300)).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(d.bytes as never);
  return { book, bytes: d.bytes, headers: d.headers };
}

/** Every application a key lists (two a page, so the listing's pages are walked), in the listing's order. */
const listed = (key: string, district?: string) => listAll(api, district ? `district=${district}` : '', { key, limit: 2 });

/** A sheet's rows as objects keyed by header, each cell with its value, type and number format. */
interface Cell {
  readonly value: unknown;
  readonly type: number;
  readonly numFmt: string | undefined;
}
function rows(sheet: ExcelJS.Worksheet): Record<string, Cell>[] {
  const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const out: Record<string, Cell>[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    out.push(Object.fromEntries(headers.map((h, i) => {
      const cell = row.getCell(i + 1);
      return [h, { value: cell.value, type: cell.type, numFmt: cell.numFmt }];
    })));
  }
  return out;
}

/** What a cell must be: text, a yuan amount, a whole number, a date, a Beijing time, or empty. */
type Expected = { text: string } | { yuan: number } | { int: number } | { date: string } | { beijing: string } | { empty: true };
const text = (v: string | undefined): Expected => (v === undefined ? { empty: true } : { text: v });
const yuan = (v: number | undefined): Expected => (v === undefined ? { empty: true } : { yuan: v });
const date = (v: string | undefined): Expected => (v === undefined ? { empty: true } : { date: v });
const beijing = (v: string | undefined): Expected => (v === undefined ? { empty: true } : { beijing: v });

function expectCell(cell: Cell | undefined, want: Expected, where: string): void {
  expect(cell, `${where}: no such column`).toBeDefined();
  const c = cell as Cell;
  if ('empty' in want) return expect(c.type, `${where}: ${JSON.stringify(c.value)}`).toBe(ExcelJS.ValueType.Null);
  if ('text' in want) {
    expect(c.type, where).toBe(ExcelJS.ValueType.String);
    return expect(c.value, where).toBe(shown(want.text));
  }
  if ('yuan' in want) {
    expect({ value: c.value, type: c.type, numFmt: c.numFmt }, where).toEqual({ value: want.yuan, type: ExcelJS.ValueType.Number, numFmt: YUAN });
    return;
  }
  if ('int' in want) return expect({ value: c.value, type: c.type }, where).toEqual({ value: want.int, type: ExcelJS.ValueType.Number });
  // A real date: a Date cell (a day number in the file) with a date format, not text that looks like one.
  expect(c.value, `${where}: ${JSON.stringify(c.value)}`).toBeInstanceOf(Date);
  expect(c.type, where).toBe(ExcelJS.ValueType.Date);
  if ('date' in want) {
    expect((c.value as Date).toISOString(), where).toBe(`${want.date}T00:00:00.000Z`);
    expect(c.numFmt, where).toBe('yyyy-mm-dd');
  } else {
    // Beijing wall clock (UTC+8), to the second.
    const ms = Math.floor(Date.parse(want.beijing) / 1000) * 1000 + 8 * 3_600_000;
    expect((c.value as Date).getTime(), where).toBe(ms);
    expect(c.numFmt, where).toBe('yyyy-mm-dd hh:mm:ss');
  }
}

function expectRow(row: Record<string, Cell> | undefined, want: Record<string, Expected>, where: string): void {
  expect(row, `${where}: missing row`).toBeDefined();
  expect(Object.keys(row ?? {}).sort(), `${where}: columns`).toEqual(Object.keys(want).sort());
  for (const [header, expected] of Object.entries(want)) expectCell(row?.[header], expected, `${where} ${header}`);
}

const appColumns = (a: any): Record<string, Expected> => ({
  '申请编号 Application id': text(a.id),
  '机构 Institution': text(a.institution),
  '区县 District': text(a.district),
  '区县（中文） District label': text(a.districtLabel),
});

/** The whole workbook of `key`, checked against what the API answers that key. */
async function expectWorkbookMatchesApi(key: string, district?: string): Promise<{ book: ExcelJS.Workbook; applications: any[] }> {
  const { book } = await workbook(key, district ? `?district=${district}` : '');
  expect(book.worksheets.map((s) => s.name)).toEqual(SHEETS);
  for (const sheet of book.worksheets) {
    expect(sheet.views[0], sheet.name).toMatchObject({ state: 'frozen', ySplit: 1 });
    const last = sheet.getRow(1).cellCount;
    expect(sheet.autoFilter, sheet.name).toBe(`A1:${sheet.getColumn(last).letter}${Math.max(sheet.rowCount, 1)}`);
    for (const header of (sheet.getRow(1).values as unknown[]).slice(1)) {
      // 中文 first, then English: `金额（元） Amount (yuan)`.
      expect(header, sheet.name).toMatch(/^[^A-Za-z]*[\u4e00-\u9fff][^A-Za-z]* [A-Za-z][\x20-\x7e]*$/);
    }
  }
  const sheet = (name: string) => rows(book.getWorksheet(name) as ExcelJS.Worksheet);
  // Every code has its label beside it (each compared below with the answer's own `…Label`).
  for (const name of SHEETS.slice(0, 4)) {
    for (const row of sheet(name)) {
      for (const header of Object.keys(row).filter((h) => h.endsWith(' label'))) {
        const code = row[header.replace(/（中文） (.*) label$/, ' $1')];
        if (code?.value !== null && code?.value !== undefined) expect(row[header]?.value, `${name} ${header} of ${String(code.value)}`).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  }

  // 申请 Applications: one row per application, in the listing's order.
  const applications = await listed(key, district);
  const appRows = sheet('申请 Applications');
  expect(appRows.map((r) => r['申请编号 Application id']?.value)).toEqual(applications.map((a) => a.id));
  applications.forEach((a, i) =>
    expectRow(appRows[i], {
      '申请编号 Application id': text(a.id),
      '机构 Institution': text(a.institution),
      '合作方 Partner': text(a.partner.name),
      '合作方类型 Partner type': text(a.partner.type),
      '合作方类型（中文） Partner type label': text(a.partner.typeLabel),
      '国别 Country': text(a.partner.country),
      '类别 Category': text(a.category),
      '类别（中文） Category label': text(a.categoryLabel),
      '区县 District': text(a.district),
      '区县（中文） District label': text(a.districtLabel),
      '领域 Field': text(a.field),
      '领域（中文） Field label': text(a.fieldLabel),
      '人才 Talent': text(a.talent),
      '人才（中文） Talent label': text(a.talentLabel),
      '状态 Status': text(a.status),
      '状态（中文） Status label': text(a.statusLabel),
      '评定日期 Rating date': date(a.rating?.ratingDate),
      '申请金额（元） Requested (yuan)': yuan(a.requestedAmount),
      '登记时间（北京时间） Created (Beijing time)': beijing(a.createdAt),
    }, `Applications row ${i + 2}`),
  );

  // 台账 Ledger: GET /applications/{id} `.ledger`, application by application.
  const details = await Promise.all(applications.map((a) => ok(api.call('GET', `/applications/${a.id}`, { key }), 200)));
  const ledgerRows = sheet('台账 Ledger');
  const wantLedger = applications.flatMap((a, i) => ((details[i].ledger ?? []) as any[]).map((row) => ({ a, row })));
  expect(ledgerRows).toHaveLength(wantLedger.length);
  wantLedger.forEach(({ a, row }, i) =>
    expectRow(ledgerRows[i], {
      ...appColumns(a),
      '年度 Year': { int: row.year },
      '资助项目 Item': text(row.item),
      '资助项目（中文） Item label': text(row.itemLabel),
      '条款 Clause': text(row.clause),
      '上限（元） Cap (yuan)': yuan(row.cap),
      '核定（元） Approved (yuan)': yuan(row.approved),
      '已支付（元） Paid (yuan)': yuan(row.paid),
      '剩余可付（元） Remaining (yuan)': yuan(row.remaining),
    }, `Ledger row ${i + 2}`),
  );

  // 支付 Payments: every payment, voided included (GET /applications/{id}/payments).
  const payments = await Promise.all(applications.map((a) => ok(api.call('GET', `/applications/${a.id}/payments`, { key }), 200)));
  const paymentRows = sheet('支付 Payments');
  const wantPayments = applications.flatMap((a, i) => (payments[i].items as any[]).map((p) => ({ a, p })));
  expect(paymentRows).toHaveLength(wantPayments.length);
  wantPayments.forEach(({ a, p }, i) =>
    expectRow(paymentRows[i], {
      ...appColumns(a),
      '支付编号 Payment id': text(p.id),
      '年度 Year': { int: p.year },
      '资助项目 Item': text(p.item),
      '资助项目（中文） Item label': text(p.itemLabel),
      '金额（元） Amount (yuan)': yuan(p.amount),
      '支付日期 Paid on': date(p.paidOn),
      '凭证号 Voucher': text(p.voucher),
      '状态 Status': text(p.status),
      '状态（中文） Status label': text(p.statusLabel),
      '作废原因 Void reason': text(p.voidReason),
      '作废时间（北京时间） Voided at (Beijing time)': beijing(p.voidedAt),
      '录入时间（北京时间） Recorded at (Beijing time)': beijing(p.createdAt),
    }, `Payments row ${i + 2}`),
  );

  // 成果到账 Receipts: every receipt (voided included) of every achievement, as GET /applications/{id} lists them.
  const wantReceipts = applications.flatMap((a, i) => (details[i].achievements as any[]).flatMap((ach) => (ach.receipts as any[]).map((r) => ({ a, ach, r }))));
  const receiptRows = sheet('成果到账 Receipts');
  expect(receiptRows).toHaveLength(wantReceipts.length);
  wantReceipts.forEach(({ a, ach, r }, i) =>
    expectRow(receiptRows[i], {
      ...appColumns(a),
      '单项成果编号 Achievement id': text(ach.id),
      '成果名称 Title': text(ach.title),
      '合同编号 Contract no.': text(ach.contractNo),
      '到账编号 Receipt id': text(r.id),
      '序号 No.': { int: r.sequence },
      '到账日期 Date': date(r.date),
      '到账金额（元） Amount (yuan)': yuan(r.amount),
      '补助（元） Subsidy (yuan)': yuan(r.subsidy),
      '凭证号 Voucher': text(r.voucher),
      '状态 Status': text(r.status),
      '状态（中文） Status label': text(r.statusLabel),
      '作废原因 Void reason': text(r.voided?.reason),
      '作废调整（元） Void adjustment (yuan)': yuan(r.voided?.adjustment),
    }, `Receipts row ${i + 2}`),
  );
  // The same achievements as GET /achievements/{id} answers them.
  for (const ach of wantReceipts.map((w) => w.ach)) expect(await ok(api.call('GET', `/achievements/${ach.id}`, { key }), 200)).toEqual(ach);

  // 汇总 Summary: each figure of GET /reports/summary, each breakdown a row per key.
  const summary = await ok(api.call('GET', `/reports/summary${district ? `?district=${district}` : ''}`, { key }), 200);
  const summaryRows = sheet('汇总 Summary');
  const want: { name: string; key?: string; keyLabel?: string; value?: number }[] = [{ name: 'scope', key: summary.scope, keyLabel: summary.scopeLabel }];
  for (const [name, value] of Object.entries(summary)) {
    if (typeof value === 'number') want.push({ name, value });
    else if (name !== 'labels' && typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, number>)) want.push({ name, key: k, keyLabel: summary.labels[k] ?? (/^\d{4}$/.test(k) ? `${k}年` : undefined), value: v });
    }
  }
  const cell = (c: Cell | undefined) => (c === undefined || c.value === null ? undefined : c.value);
  expect(summaryRows.map((r) => ({ name: cell(r['接口字段 API field']), key: cell(r['分项 Key']), keyLabel: cell(r['分项（中文） Key label']), value: cell(r['数值 Value']) }))).toEqual(
    want.map((w) => ({ name: w.name, key: w.key, keyLabel: w.keyLabel, value: w.value })),
  );
  summaryRows.forEach((r, i) => {
    const name = String(r['接口字段 API field']?.value);
    if (r['数值 Value']?.type === ExcelJS.ValueType.Number) expect(r['数值 Value']?.numFmt, `Summary row ${i + 2} ${name}`).toBe(MONEY.has(name) ? YUAN : '#,##0');
    expect(r['指标 Figure']?.value, name).toMatch(/[\u4e00-\u9fff].* [A-Za-z]/);
  });
  return { book, applications };
}

describe('GET /reports/export.xlsx', () => {
  it('is an .xlsx attachment named for today in Beijing, kept by no cache', async () => {
    const d = await download(api.adminKey);
    expect(d.status).toBe(200);
    expect(d.headers.get('content-type')).toBe(XLSX);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    expect(d.headers.get('content-disposition')).toBe(`attachment; filename="kechuang-export-${today}.xlsx"`);
    expect(d.headers.get('cache-control')).toBe('no-store');
    // The bytes of a zip (an .xlsx is one), whole: the local server decoded the handler's base64.
    expect(d.bytes.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));
    expect(Number(d.headers.get('content-length'))).toBe(d.bytes.length);
  });

  it('leaves the Lambda handler base64-encoded (isBase64Encoded: true), as API Gateway needs for a binary answer', async () => {
    const { handler } = (await import('../../functions/handlers/export.js')) as { handler: (e: APIGatewayProxyEventV2, c: Context) => Promise<APIGatewayProxyStructuredResultV2> };
    const now = Date.now();
    const event = {
      version: '2.0',
      routeKey: 'GET /reports/export.xlsx',
      rawPath: '/reports/export.xlsx',
      rawQueryString: '',
      headers: { 'x-api-key': viewer, host: 'localhost' },
      requestContext: {
        accountId: 'local', apiId: 'local', domainName: 'localhost', domainPrefix: 'localhost', requestId: 'r', routeKey: 'GET /reports/export.xlsx', stage: '$default', time: new Date(now).toUTCString(), timeEpoch: now,
        http: { method: 'GET', path: '/reports/export.xlsx', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      },
      isBase64Encoded: false,
    } as APIGatewayProxyEventV2;
    const result = await handler(event, {} as Context);
    expect({ statusCode: result.statusCode, isBase64Encoded: result.isBase64Encoded, type: result.headers?.['content-type'] }).toEqual({ statusCode: 200, isBase64Encoded: true, type: XLSX });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(result.body ?? '', 'base64') as never);
    expect(book.worksheets.map((s) => s.name)).toEqual(SHEETS);
  });

  it('holds, cell by cell, what the API answers the admin: the whole city', async () => {
    const { book, applications } = await expectWorkbookMatchesApi(api.adminKey);
    expect(new Set(applications.map((a) => a.district))).toEqual(new Set(['YUBEI', 'JIANGBEI']));
    expect(applications).toHaveLength(4);
    const receipts = rows(book.getWorksheet('成果到账 Receipts') as ExcelJS.Worksheet);
    expect(new Set(receipts.map((r) => r['单项成果编号 Achievement id']?.value))).toEqual(new Set(achievementIds));
    expect(receipts.map((r) => r['状态 Status']?.value).sort()).toEqual(['RECORDED', 'RECORDED', 'VOIDED']);
    const payments = rows(book.getWorksheet('支付 Payments') as ExcelJS.Worksheet);
    expect(payments.map((r) => r['状态 Status']?.value).sort()).toEqual(['RECORDED', 'RECORDED', 'RECORDED', 'RECORDED', 'VOIDED']);
  });

  it('holds, for a district key, only its district: its applications, their records and its summary', async () => {
    const { book, applications } = await expectWorkbookMatchesApi(yubei);
    expect(applications.map((a) => a.district)).toEqual(['YUBEI', 'YUBEI']);
    for (const name of SHEETS.slice(0, 4)) {
      const districts = rows(book.getWorksheet(name) as ExcelJS.Worksheet).map((r) => r['区县 District']?.value);
      expect(districts.length, name).toBeGreaterThan(0);
      expect(new Set(districts), name).toEqual(new Set(['YUBEI']));
    }
    const summary = rows(book.getWorksheet('汇总 Summary') as ExcelJS.Worksheet);
    expect(summary[0]).toMatchObject({ '分项 Key': { value: 'YUBEI' }, '分项（中文） Key label': { value: '渝北区' } });
    const jb = await expectWorkbookMatchesApi(jiangbei);
    expect(jb.applications.map((a) => a.district)).toEqual(['JIANGBEI', 'JIANGBEI']);
  });

  it('holds one district when the admin or a viewer asks (?district=, as the summary takes it); a district key only its own', async () => {
    const { applications } = await expectWorkbookMatchesApi(api.adminKey, 'JIANGBEI');
    expect(applications.map((a) => a.district)).toEqual(['JIANGBEI', 'JIANGBEI']);
    expect((await expectWorkbookMatchesApi(viewer, 'YUBEI')).applications).toHaveLength(2);
    expect((await expectWorkbookMatchesApi(yubei, 'YUBEI')).applications).toHaveLength(2);
    expectError(await api.call('GET', '/reports/export.xlsx?district=JIANGBEI', { key: yubei }), 403, 'FORBIDDEN');
    expectError(await api.call('GET', '/reports/export.xlsx?district=NOWHERE'), 400, 'INVALID', 'district');
  });

  it('a viewer may export (the city); no key is 401, an unknown query parameter 400', async () => {
    const { applications } = await expectWorkbookMatchesApi(viewer);
    expect(applications).toHaveLength(4);
    const none = await download(null);
    expect({ status: none.status, code: JSON.parse(none.bytes.toString('utf8')).error.code }).toEqual({ status: 401, code: 'UNAUTHORIZED' });
    expectError(await api.call('GET', '/reports/export.xlsx?nope=1'), 400, 'INVALID', 'nope');
  });

  it('keeps text as text: a name starting with = is no formula, a control character becomes �', async () => {
    const { book } = await workbook(api.adminKey);
    const names = rows(book.getWorksheet('申请 Applications') as ExcelJS.Worksheet).map((r) => r['机构 Institution']);
    expect(names.find((n) => String(n?.value).startsWith('=1+1'))).toMatchObject({ type: ExcelJS.ValueType.String, value: expect.stringMatching(/^=1\+1 重庆研究院/) });
    expect(names.find((n) => String(n?.value).startsWith('江北'))?.value).toMatch(/^江北\uFFFD实验室/);
  });
});

/** The text a `yyyy-mm-dd hh:mm:ss` cell shows for an instant: its Beijing wall clock (UTC+8), to the second. */
function beijingText(iso: string): string {
  const t = new Date(Math.floor(Date.parse(iso) / 1000) * 1000 + 8 * 3_600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 19)}`;
}

/** `soffice` (LibreOffice) on PATH, or undefined. */
function soffice(): string | undefined {
  for (const name of ['soffice', 'libreoffice']) {
    try {
      execFileSync(name, ['--version'], { stdio: 'ignore', timeout: 60_000 });
      return name;
    } catch {
      // not this one
    }
  }
  return undefined;
}

describe('LibreOffice opens it', () => {
  // CI=false (or 0, or empty) is not CI.
  const flag = (value: string | undefined) => value === '1' || value?.toLowerCase() === 'true';
  const required = flag(process.env.REQUIRE_LIBREOFFICE) || flag(process.env.CI);

  it('converts it headless to CSV, every sheet, with the values formatted as the workbook says', async () => {
    const program = soffice();
    if (!program) {
      const message = 'LibreOffice (soffice) is not installed: the export was NOT opened by a real spreadsheet program. Install libreoffice-calc-nogui (.ci/run does).';
      if (required) throw new Error(`${message} REQUIRE_LIBREOFFICE or CI is 1 or true, so this fails.`);
      console.warn(`\n*** ${message} ***\n`);
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'kechuang-export-lo-'));
    try {
      const { bytes } = await workbook(api.adminKey);
      const file = join(dir, 'export.xlsx');
      writeFileSync(file, bytes);
      // 2021-06-30T16:30:05.987Z is 2021-07-01 00:30:05 in Beijing (the fraction dropped, not rounded).
      const instant = table({ name: '时间 Time', columns: [{ header: '时间 Time', width: 20, value: (at: string) => ({ instant: at }) }], rows: ['2021-06-30T16:30:05.987Z'] });
      writeFileSync(join(dir, 'instant.xlsx'), await writeWorkbook([instant], new Date()));
      // A private profile (parallel runs do not share one); CSV in UTF-8 (76), cells as shown (their formats applied),
      // every sheet (-1) into export-<sheet>.csv.
      execFileSync(program, [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,true,false,false,-1', '--outdir', dir, file, join(dir, 'instant.xlsx')], {
        stdio: 'pipe',
        timeout: 120_000,
      });
      const csv = (sheet: string) => readFileSync(join(dir, `export-${sheet}.csv`), 'utf8');
      expect(readdirSync(dir).filter((f) => f.startsWith('export-') && f.endsWith('.csv')).sort()).toEqual(SHEETS.map((s) => `export-${s}.csv`).sort());
      const applications = await listed(api.adminKey);
      const yubeiRated = applications.find((a) => a.district === 'YUBEI' && a.status === 'RATED');
      expect(csv('申请 Applications')).toContain(yubeiRated.id);
      expect(csv('申请 Applications')).toContain(`${yubeiRated.institution},`);
      expect(csv('申请 Applications')).toContain('"12,345,678.90"'); // requested, in the yuan format
      expect(csv('申请 Applications')).toContain(',2020-06-30,'); // a date cell shown as a date
      // A date-time cell shown as Beijing wall clock to the second: a literal instant written by the same writer, and
      // the rated application's createdAt (the last column of its row).
      expect(readFileSync(join(dir, 'instant-时间 Time.csv'), 'utf8').split(/\r?\n/).slice(0, 2)).toEqual(['时间 Time', '2021-07-01 00:30:05']);
      const line = csv('申请 Applications').split('\n').find((l) => l.startsWith(`${yubeiRated.id},`));
      expect(line?.trimEnd().endsWith(`,${beijingText(yubeiRated.createdAt)}`), `${line} / ${yubeiRated.createdAt}`).toBe(true);
      expect(csv('台账 Ledger')).toContain('"1,500,000.50"'); // the approved row
      expect(csv('支付 Payments')).toContain('"3,000,000.25",2020-07-01,V-2020-1,RECORDED,有效');
      expect(csv('支付 Payments')).toContain('VOIDED,已作废,录入错误');
      expect(csv('成果到账 Receipts')).toContain('"234,567.89"');
      expect(csv('汇总 Summary').split('\n')[0]).toBe('指标 Figure,接口字段 API field,分项 Key,分项（中文） Key label,数值 Value');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

// Last: these change the data the tests above read (one more application, moved between districts).
describe('GET /reports/export.xlsx, large or changing', () => {
  it('refuses a scope with more applications than one export holds: 413 TOO_LARGE naming district, in English and 中文', async () => {
    // The limit lowered through the environment (functions/routes/export.ts exportLimit), not 2,000 applications made.
    const before = process.env.EXPORT_MAX_APPLICATIONS;
    process.env.EXPORT_MAX_APPLICATIONS = '3';
    try {
      // The city (4 applications): one district at a time is smaller.
      const city = await api.call('GET', '/reports/export.xlsx');
      expectError(city, 413, 'TOO_LARGE', 'district');
      expect(city.body.error.message).toBe('the city has 4 applications, more than the 3 one export holds: export one district at a time (?district=YUBEI …)');
      expect(city.body.error.messageZh).toMatch(/全市共有 4 个申请，超过一次导出的上限 3 个.*\?district=/);
      expect((await download(viewer, '?district=YUBEI')).status).toBe(200);
      // A district over the limit: its key cannot narrow it further, so it is told to read the listing.
      process.env.EXPORT_MAX_APPLICATIONS = '1';
      const district = await api.call('GET', '/reports/export.xlsx', { key: yubei });
      expectError(district, 413, 'TOO_LARGE', 'district');
      expect(district.body.error.message).toMatch(/^district YUBEI has 2 applications, more than the 1 one export holds: .*GET \/applications\?district=YUBEI/);
      expect(district.body.error.messageZh).toMatch(/^渝北区共有 2 个申请/);
    } finally {
      if (before === undefined) delete process.env.EXPORT_MAX_APPLICATIONS;
      else process.env.EXPORT_MAX_APPLICATIONS = before;
    }
  });

  it('leaves out an application moved to another district between the listing and its read, instead of failing (403)', async () => {
    const moved = (await ok(api.call('POST', '/applications', { body: application({ district: 'YUBEI' }), key: yubei }), 201)).id as string;
    const yubeiIds = (await listed(yubei)).map((a) => a.id);
    expect(yubeiIds).toContain(moved);
    const { tableClient } = await import('../../functions/store/dynamodb/client.js');
    // Right after the export's listing Query answers (the listing index), the application is moved by an amendment:
    // the export then reads it under its new district.
    let moveTo: string | undefined;
    tableClient().doc.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const to = moveTo;
        if (to !== undefined && context.commandName === 'QueryCommand' && (args.input as { IndexName?: string }).IndexName !== undefined) {
          moveTo = undefined;
          await ok(api.call('PATCH', `/applications/${moved}`, { body: { district: to, reason: '区县填错' } }), 200);
        }
        return result;
      },
      { step: 'initialize', name: 'exportMovesAnApplication' },
    );
    try {
      // A district key: after the move it may not read the application (403), so the export leaves it out.
      moveTo = 'JIANGBEI';
      const { book } = await workbook(yubei);
      expect(moveTo).toBeUndefined();
      const ids = rows(book.getWorksheet('申请 Applications') as ExcelJS.Worksheet).map((r) => r['申请编号 Application id']?.value);
      expect(ids).toEqual(yubeiIds.filter((id) => id !== moved));
      // The admin asking for one district: the application read is in another district now, so it is left out too.
      const jiangbeiIds = (await listed(api.adminKey, 'JIANGBEI')).map((a) => a.id);
      expect(jiangbeiIds).toContain(moved);
      moveTo = 'YUBEI';
      const admin = await workbook(api.adminKey, '?district=JIANGBEI');
      expect(moveTo).toBeUndefined();
      expect(rows(admin.book.getWorksheet('申请 Applications') as ExcelJS.Worksheet).map((r) => r['申请编号 Application id']?.value)).toEqual(jiangbeiIds.filter((id) => id !== moved));
    } finally {
      tableClient().doc.middlewareStack.remove('exportMovesAnApplication');
    }
  });
});
