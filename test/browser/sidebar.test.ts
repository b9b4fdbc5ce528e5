/**
 * The sidebar as staff see it: the built Sidebar.html in real headless Chromium (Debian's /usr/bin/chromium driven by
 * playwright-core), served from 127.0.0.1, 300 px wide as a Sheets sidebar is.
 * 1. `google.script.run` stubbed before the page's own scripts run. Clicks: resume a pending send, save settings, test
 *    connection, send selected rows in chunks (progress mid-way, an error row, the rows a call had no time for fed
 *    back), a failed call left to resume, refresh, a reload mid-send offering the whole rest of the selection; the page
 *    checked for horizontal overflow with long ids and messages.
 * 2. `google.script.run` bridged (page.exposeFunction) to the real built Code.js in a vm with the Apps Script fakes,
 *    its UrlFetchApp through curl to the real local API (`npm start`'s server): test connection, send, refresh, and
 *    the fake sheet's cells and the API's own GET answers compared with what the sidebar shows; closed between two calls
 *    and the sheet sorted, the reopened sidebar resumes the rest, each row sent once.
 * Checked under test/addon's tsconfig (it loads the fakes, typed against the Apps Script types).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection, PendingSend, RefreshOutcome, SendBatch, Selection } from '../../sheets-addon/src/bridge.js';
import { APPLICATIONS, DASHBOARD, LEDGER, RECEIPTS, columnOf, type SheetSpec } from '../../sheets-addon/src/layout.js';
import type { SettingsView } from '../../sheets-addon/src/settings.js';
import { makeFakes } from '../addon/fakes/index.js';
import { evaluate } from '../addon/formulas.js';
import { dateOfRealm, loadAddon, plain } from '../addon/load.js';
import { cell as cellOf, sheetOf } from '../addon/sheet-cells.js';
import { addonOnline, startLocalApi, type LocalApi } from '../addon/local-api.js';

const CHROMIUM = '/usr/bin/chromium';
const SIDEBAR = new URL('../../sheets-addon/dist/Sidebar.html', import.meta.url);
const hasChromium = existsSync(CHROMIUM);
const required = process.env.REQUIRE_BROWSER === '1';
const SIDEBAR_WIDTH = 300;

if (!hasChromium && !required) {
  console.warn(`\n${'!'.repeat(72)}\n!! CHROMIUM NOT INSTALLED (${CHROMIUM}) — sidebar browser tests NOT RUN (reported as skipped).\n!! Install: apt-get install -y --no-install-recommends chromium   (.ci/run does)\n${'!'.repeat(72)}\n`);
}

if (!hasChromium && required) {
  describe('browser required (REQUIRE_BROWSER=1)', () => {
    it('has Chromium installed', () => {
      throw new Error(`REQUIRE_BROWSER=1 but ${CHROMIUM} is missing: install Debian's chromium (apt-get install -y --no-install-recommends chromium)`);
    });
  });
}

/** Serves the built Sidebar.html on 127.0.0.1 and opens it in Chromium at the sidebar's width. */
async function openSidebar(init: (page: Page) => Promise<void>): Promise<{ browser: Browser; server: Server; page: Page; errors: string[] }> {
  if (!existsSync(SIDEBAR)) throw new Error('sheets-addon/dist/Sidebar.html is missing: run `npm run build` first (npm test does)');
  const html = readFileSync(SIDEBAR);
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport: { width: SIDEBAR_WIDTH, height: 720 }, deviceScaleFactor: 1 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await init(page);
    await page.goto(url);
    return { browser, server, page, errors };
  } catch (error) {
    // Nothing is returned for afterAll to close: Chromium and the server would outlive the failed start.
    await closeSidebar({ browser, server });
    throw error;
  }
}

async function closeSidebar(opened: { browser?: Browser | undefined; server: Server } | undefined): Promise<void> {
  await opened?.browser?.close();
  await new Promise((resolve) => (opened?.server ? opened.server.close(resolve) : resolve(undefined)));
}

/** Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian), after checking the signature. */
function pngSize(file: string): { width: number; height: number } {
  const png = readFileSync(file);
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/**
 * At 300 px wide: no horizontal scrolling, and every visible element ends inside the sidebar; then a full-page
 * screenshot in a tmp dir, checked to be 300 px wide. Answers the screenshot's path.
 */
async function expectFitsSidebar(page: Page, name: string): Promise<string> {
  await page.setViewportSize({ width: SIDEBAR_WIDTH, height: 720 });
  const layout = await page.evaluate(() => {
    const doc = (globalThis as any).document;
    const outside: string[] = [];
    for (const el of doc.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue; // hidden
      if (r.right > 300 || r.left < 0) outside.push(`${el.tagName}#${el.id}.${el.className} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
    }
    return { scrollWidth: doc.documentElement.scrollWidth, clientWidth: doc.documentElement.clientWidth, bodyScroll: doc.body.scrollWidth, outside };
  });
  expect(layout.clientWidth).toBe(SIDEBAR_WIDTH);
  expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
  expect(layout.bodyScroll).toBeLessThanOrEqual(layout.clientWidth);
  expect(layout.outside).toEqual([]);
  const shot = join(mkdtempSync(join(tmpdir(), 'kechuang-sidebar-')), `${name}.png`);
  await page.screenshot({ path: shot, fullPage: true });
  expect(pngSize(shot).width).toBe(SIDEBAR_WIDTH);
  console.log(`sidebar screenshot: ${shot}`);
  return shot;
}

const text = (page: Page, selector: string) => page.textContent(selector).then((t) => t ?? '');
/** The send's end: its summary, not the progress line (which says 已完成 too). */
const waitDone = (page: Page) => page.waitForFunction(() => ((globalThis as any).document.getElementById('progressText')?.textContent ?? '').startsWith('完成 Done'));
const waitText = (page: Page, selector: string, part: string) =>
  page.waitForFunction(([s, p]) => ((globalThis as any).document.querySelector(s)?.textContent ?? '').includes(p), [selector, part] as const);

/**
 * Injected before the page: a google.script.run that answers like the server functions of bridge.ts and records every
 * call. Like the server, it keeps the rest of an unfinished send pending where a reload of the page does not lose it
 * (localStorage, standing in for the user properties; at first a send of Approvals rows 7, 8 with 3 done). Knobs on
 * window: `__budget` (rows a sendRows call gets through, at most its maxRows, before its time runs out; the rest of
 * the list come back as `remaining`), `__holdCall` (the number of the sendRows call to hold until `__release()`), `__failCall` (the number
 * of the sendRows call that fails), `__refuseNext` (the next sendRows call answers no row, with that message), `__selection` (a text: getSelectedRows refuses with it).
 */
function stubGoogleScriptRun(): void {
  type Handler = (value: unknown) => void;
  const w = globalThis as unknown as Record<string, any>;
  w.__calls = [] as [string, unknown[]][];
  w.__budget = 3;
  w.__holdCall = 0;
  w.__failCall = 0;
  w.__refuseNext = '';
  w.__selection = { sheetName: '成果到账 Receipts', rows: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13] };
  w.__release = () => undefined;
  w.__sendCalls = 0;
  const PENDING = '__kechuangPending';
  const readPending = (): PendingSend | null => {
    const stored = w.localStorage.getItem(PENDING);
    return stored === null ? { sheetName: '核定与支付 Approvals & payments', rows: [7, 8], done: 3, dropped: 0, notKept: 0 } : JSON.parse(stored);
  };
  const LONG_ID = (row: number) => `ach-01JDQ5Z9X8W7V6U5T4S3R2Q1P0-${row} / rcpt-01JDQ5Z9X8W7V6U5T4S3R2Q1P0ABCDEFGHIJKLMN-${row}`;
  const server: Record<string, (...args: any[]) => unknown> = {
    getSettings: (): SettingsView => ({ apiUrl: '', hasKey: false, keyHint: '' }),
    saveSettings: (input: { apiUrl: string; apiKey: string }): SettingsView => {
      if (!input.apiUrl.startsWith('https://')) throw new Error('API 地址应以 https:// 开头 (the API URL must be https://host/path)');
      return { apiUrl: input.apiUrl, hasKey: true, keyHint: `…${input.apiKey.slice(-4)}` };
    },
    testConnection: (): Connection => ({
      ok: true,
      id: 'key-01JDQ5Z9X8W7V6U5T4S3R2Q1P0',
      role: 'district',
      roleLabel: '区县',
      district: 'YUBEI',
      districtLabel: '渝北区',
      label: '渝北区科学技术局成果转化科（两江新区联络处）sidebar_test_key_with_a_rather_long_unbroken_label_0123456789',
      message: '连接正常 (connected)',
    }),
    getPendingSend: (): PendingSend | null => readPending(),
    getSelectedRows: (): Selection => {
      if (typeof w.__selection === 'string') throw new Error(w.__selection);
      return w.__selection;
    },
    sendRows: async (sheetName: string, rows: number[], maxRows: number): Promise<SendBatch> => {
      const call = ++w.__sendCalls;
      if (call === w.__holdCall) await new Promise((resolve) => (w.__release = resolve));
      // As a call that runs past Apps Script's 6 minutes fails.
      if (call === w.__failCall) throw new Error('Exceeded maximum execution time');
      if (w.__refuseNext) {
        const message = w.__refuseNext;
        w.__refuseNext = '';
        return { sheetName, outcomes: [], remaining: [], message };
      }
      const now = rows.slice(0, Math.min(w.__budget, maxRows));
      const receipt = sheetName === '成果到账 Receipts';
      // The whole rest of the list stays pending; the same send resumed counts on from its done rows.
      const before = readPending();
      const doneBefore = before && before.sheetName === sheetName && JSON.stringify(before.rows) === JSON.stringify(rows) ? before.done : 0;
      const rest = rows.slice(now.length);
      w.localStorage.setItem(PENDING, JSON.stringify(rest.length ? { sheetName, rows: rest, done: doneBefore + now.length, dropped: 0, notKept: 0 } : null));
      return {
        sheetName,
        outcomes: now.map((row) =>
          row === 51
            ? { row, ok: false, skipped: true, id: '', status: '', message: '空行，未发送 (empty row, not sent)' }
            : row === 5
            ? {
                row,
                ok: false,
                id: '',
                status: '',
                message:
                  'ERROR: [CAP_EXCEEDED HTTP 409] 本次付款将超过该行核定金额：已付 1,000,000.00 元，核定 1,000,000.00 元，本次 250,000.00 元；Idempotency-Key=kechuang-1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-100-abcdefabcdefabcdef (payments on this row would pass its approved amount)',
              }
            : { row, ok: true, id: receipt ? LONG_ID(row) : `pay-${row}`, status: 'RECORDED', ...(receipt ? { subsidy: 12345.6 + row } : {}), message: '已发送 (sent)' },
        ),
        remaining: rest,
        message: rest.length ? '余下的行稍后发送 (the rest go next)' : '',
      };
    },
    refreshFromCloud: (): RefreshOutcome => ({ updated: 11, missing: 1, ledgerRows: 42, message: '已刷新 11 行，1 行在云端未找到；台账 42 行 (refreshed 11 rows, 1 not found in the cloud; ledger 42 rows)' }),
  };
  const runner = (success: Handler = () => undefined, failure: Handler = () => undefined): Record<string, unknown> => {
    const r: Record<string, unknown> = {
      withSuccessHandler: (fn: Handler) => runner(fn, failure),
      withFailureHandler: (fn: Handler) => runner(success, fn),
    };
    for (const [name, fn] of Object.entries(server)) {
      r[name] = (...args: unknown[]) => {
        // Arguments cross as JSON, as google.script.run serialises them (no Dates, no functions).
        w.__calls.push([name, JSON.parse(JSON.stringify(args))]);
        setTimeout(() => {
          Promise.resolve()
            .then(() => fn(...args))
            .then((value) => success(JSON.parse(JSON.stringify(value ?? null))), (error: Error) => failure(error));
        }, 5);
      };
    }
    return r;
  };
  w.google = { script: { run: runner() } };
}

describe.runIf(hasChromium)('sidebar in headless Chromium (google.script.run stubbed)', () => {
  let opened: Awaited<ReturnType<typeof openSidebar>> | undefined;
  let page: Page;

  beforeAll(async () => {
    opened = await openSidebar(async (p) => {
      await p.addInitScript(stubGoogleScriptRun);
    });
    page = opened.page;
    await page.waitForFunction(() => (globalThis as any).__calls.some(([name]: [string]) => name === 'getPendingSend'));
  });

  afterAll(() => closeSidebar(opened));

  const calls = () => page.evaluate(() => (globalThis as any).__calls as [string, unknown[]][]);
  const sends = async () => (await calls()).filter(([n]) => n === 'sendRows').map(([, args]) => args);
  const set = (name: string, value: unknown) => page.evaluate(([n, v]) => ((globalThis as any)[n] = v), [name, value] as const);

  it('loads without script errors and offers to resume the send that stopped before its end', async () => {
    await page.waitForSelector('#pending:not([hidden])');
    const offer = await text(page, '#pendingText');
    expect(offer).toContain('核定与支付 Approvals & payments');
    expect(offer).toContain('(7, 8)');
    expect(offer).toContain('3 done, 2 left');
    expect(await page.isHidden('#progress')).toBe(true);
    expect(opened?.errors).toEqual([]);
  });

  it('refuses a bad URL with the server message, then saves settings without echoing the key', async () => {
    await page.fill('#apiUrl', 'http://plain.example');
    await page.fill('#apiKey', 'sk-test-9876');
    await page.click('#save');
    await page.waitForSelector('#settingsMessage.error');
    expect(await text(page, '#settingsMessage')).toBe('ERROR: API 地址应以 https:// 开头 (the API URL must be https://host/path)');

    await page.fill('#apiUrl', 'https://abc.execute-api.ap-east-1.amazonaws.com');
    await page.click('#save');
    await page.waitForSelector('#settingsMessage.ok');
    expect(await text(page, '#settingsMessage')).toContain('已保存 Saved');
    expect((await calls()).filter(([n]) => n === 'saveSettings').at(-1)).toEqual(['saveSettings', [{ apiUrl: 'https://abc.execute-api.ap-east-1.amazonaws.com', apiKey: 'sk-test-9876' }]]);
    expect(await page.inputValue('#apiKey')).toBe(''); // the key is not kept in the page
    expect(await page.getAttribute('#apiKey', 'placeholder')).toContain('…9876');
  });

  it("test connection shows the key's role, district and label", async () => {
    expect(await page.isHidden('#connection')).toBe(true);
    await page.click('#testConnection');
    await page.waitForSelector('#connection:not([hidden])');
    expect(await text(page, '#connectionMessage')).toBe('连接正常 (connected)');
    expect(await text(page, '#connectionRole')).toBe('区县 (district)');
    expect(await text(page, '#connectionDistrict')).toBe('渝北区 (YUBEI)');
    expect(await text(page, '#connectionLabel')).toContain('渝北区科学技术局成果转化科');
  });

  it('resumes the pending send: its rows on its sheet, counting on from what was done', async () => {
    await page.click('#resume');
    await waitDone(page);
    expect(await sends()).toEqual([['核定与支付 Approvals & payments', [7, 8], 5]]);
    expect(await text(page, '#progressText')).toBe('完成 Done: 2 成功 sent, 0 失败 failed (5 / 5)');
    expect(await page.locator('#results li.ok .head').allTextContents()).toEqual(['第 7 行 Row 7 · RECORDED', '第 8 行 Row 8 · RECORDED']);
    expect(await page.locator('#results li.ok .id').allTextContents()).toEqual(['pay-7', 'pay-8']);
    expect(await page.locator('#results li .subsidy').count()).toBe(0); // not a receipt
    expect(await page.locator('#results li.ok .text').allTextContents()).toEqual(['已发送 (sent)', '已发送 (sent)']);
    expect(await page.isHidden('#pending')).toBe(true);
  });

  it('sends the selection in chunks: progress mid-way, rows a call had no time for go first in the next, an error row shown', async () => {
    await set('__holdCall', 3); // the resume was call 1; this send's first chunk is call 2, its second is held
    await page.click('#send');
    // Chunk [2..6] answered 2, 3, 4 (budget 3) and handed back 5, 6; the next chunk [5..9] is in flight.
    await page.waitForFunction(() => (globalThis as any).document.getElementById('progress').value === 3);
    expect(await page.isHidden('#progress')).toBe(false);
    expect(await page.getAttribute('#progress', 'max')).toBe('12');
    expect(await text(page, '#progressText')).toBe('发送中 Sending “成果到账 Receipts”: 3 / 12 已完成 done…');
    for (const id of ['save', 'testConnection', 'send', 'resume', 'refresh']) expect(await page.isDisabled(`#${id}`)).toBe(true);
    expect(await page.locator('#results li').count()).toBe(3);
    const first = await text(page, '#results li[data-row="2"]');
    expect(first).toContain('第 2 行 Row 2 · RECORDED');
    expect(first).toContain('ach-01JDQ5Z9X8W7V6U5T4S3R2Q1P0-2 / rcpt-');
    expect(first).toContain('补贴 subsidy ¥12,347.60');
    expect(first).toContain('已发送 (sent)');

    await page.evaluate(() => (globalThis as any).__release());
    await waitDone(page);
    expect((await sends()).slice(1)).toEqual([
      ['成果到账 Receipts', [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13], 5],
      ['成果到账 Receipts', [5, 6, 7, 8, 9, 10, 11, 12, 13], 5],
      ['成果到账 Receipts', [8, 9, 10, 11, 12, 13], 5],
      ['成果到账 Receipts', [11, 12, 13], 5],
    ]);
    expect(await text(page, '#progressText')).toBe('完成 Done: 11 成功 sent, 1 失败 failed (12 / 12)');
    expect(await page.getAttribute('#progressText', 'class')).toBe('message error');
    expect(await page.locator('#results li').evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-row'))))).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    const rowError = await text(page, '#results li.error');
    expect(rowError).toContain('第 5 行 Row 5');
    expect(rowError).toContain('ERROR: [CAP_EXCEEDED HTTP 409] 本次付款将超过该行核定金额');
    expect(await page.locator('#results li.error').count()).toBe(1);
    for (const id of ['save', 'testConnection', 'send', 'refresh']) expect(await page.isDisabled(`#${id}`)).toBe(false);
    await expectFitsSidebar(page, 'sent');
  });

  it('a call that fails leaves its rows and the rest pending, shown with the error; resume sends them', async () => {
    await set('__budget', 100);
    await set('__selection', { sheetName: '核定与支付 Approvals & payments', rows: [20, 21, 22, 23, 24, 25, 26, 27] });
    const before = (await sends()).length;
    await set('__failCall', 7); // this send's second chunk: calls so far are the resume's 1 and the last send's 2–5
    await page.click('#send');
    await page.waitForSelector('#pending:not([hidden])');
    expect(await text(page, '#progressText')).toBe('ERROR: Exceeded maximum execution time\n已完成 5 / 8 (5 / 8 done)');
    expect(await text(page, '#pendingText')).toContain('(25, 26, 27)');
    expect(await page.locator('#results li').count()).toBe(5);
    expect(await page.isDisabled('#resume')).toBe(false);

    await page.click('#resume');
    await waitDone(page);
    expect((await sends()).slice(before)).toEqual([
      ['核定与支付 Approvals & payments', [20, 21, 22, 23, 24, 25, 26, 27], 5],
      ['核定与支付 Approvals & payments', [25, 26, 27], 5],
      ['核定与支付 Approvals & payments', [25, 26, 27], 5],
    ]);
    expect(await text(page, '#progressText')).toBe('完成 Done: 3 成功 sent, 0 失败 failed (8 / 8)');
    // The answers from before the failure stay listed, the resumed rows after them.
    expect(await page.locator('#results li').count()).toBe(8);
    expect(await page.isHidden('#pending')).toBe(true);
  });

  it('a call that answers no row (no key saved) stops with its message and leaves the rows to resume', async () => {
    await set('__selection', { sheetName: '申请 Applications', rows: [30, 31] });
    await set('__refuseNext', 'ERROR: 请先保存 API 地址和密钥 (save the API URL and key first)');
    const before = (await sends()).length;
    await page.click('#send');
    await page.waitForSelector('#pending:not([hidden])');
    expect(await text(page, '#progressText')).toBe('ERROR: 请先保存 API 地址和密钥 (save the API URL and key first)\n已完成 0 / 2 (0 / 2 done)');
    expect(await text(page, '#pendingText')).toContain('(30, 31)');
    expect((await sends()).slice(before)).toEqual([['申请 Applications', [30, 31], 5]]); // asked once, not again and again
    await page.click('#resume');
    await waitDone(page);
    expect(await text(page, '#progressText')).toBe('完成 Done: 2 成功 sent, 0 失败 failed (2 / 2)');
    expect((await sends()).slice(before)).toEqual([
      ['申请 Applications', [30, 31], 5],
      ['申请 Applications', [30, 31], 5],
    ]);
  });

  it('an empty selection and a refused selection are said in the page', async () => {
    await set('__selection', { sheetName: '申请 Applications', rows: [] });
    await page.click('#send');
    await page.waitForSelector('#progressText.error');
    expect(await text(page, '#progressText')).toBe('未选择数据行 No data rows selected');
    expect(await page.isDisabled('#send')).toBe(false);

    await set('__selection', '请在“申请 Applications”“核定与支付 Approvals & payments”或“成果到账 Receipts”表中选择行 (select rows on an input sheet)');
    await page.click('#send');
    await waitText(page, '#progressText', 'select rows on an input sheet');
    expect(await text(page, '#progressText')).toMatch(/^ERROR: 请在“申请 Applications”/);
    expect(await page.getAttribute('#progressText', 'class')).toBe('message error');
    expect(await page.isDisabled('#send')).toBe(false);
  });

  it('refreshes from the cloud and shows its message', async () => {
    await page.click('#refresh');
    await page.waitForSelector('#refreshMessage.ok');
    expect(await text(page, '#refreshMessage')).toBe('已刷新 11 行，1 行在云端未找到；台账 42 行 (refreshed 11 rows, 1 not found in the cloud; ledger 42 rows)');
    expect((await calls()).filter(([n]) => n === 'refreshFromCloud')).toHaveLength(1);
    expect(opened?.errors).toEqual([]);
    await expectFitsSidebar(page, 'refreshed');
  });

  it('reloaded mid-send, the sidebar offers to resume the whole rest of the selection, and the resume sends it; an empty row counts as skipped', async () => {
    await set('__budget', 100);
    await set('__selection', { sheetName: '成果到账 Receipts', rows: [40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51] });
    await page.evaluate(() => ((globalThis as any).__holdCall = (globalThis as any).__sendCalls + 2)); // this send's second call
    const before = (await sends()).length;
    await page.click('#send');
    await page.waitForFunction(() => (globalThis as any).document.getElementById('progress').value === 5);
    await page.waitForFunction((n) => (globalThis as any).__calls.filter(([name]: [string]) => name === 'sendRows').length === n + 2, before);
    expect((await sends()).slice(before)).toEqual([
      ['成果到账 Receipts', [40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51], 5],
      ['成果到账 Receipts', [45, 46, 47, 48, 49, 50, 51], 5],
    ]);
    // Closed (reloaded) while the second call is out: the first call's answer left the whole rest pending, not a chunk.
    await page.reload();
    await page.waitForSelector('#pending:not([hidden])');
    const offer = await text(page, '#pendingText');
    expect(offer).toContain('上次发送“成果到账 Receipts”未完成：已完成 5 行，尚余 7 行 (45, 46, 47, 48, 49, 50, 51)');
    expect(offer).toContain('5 done, 7 left.');
    expect(await page.locator('#results li').count()).toBe(0);

    await set('__budget', 100); // the page's knobs start afresh too
    await page.click('#resume');
    await waitDone(page);
    expect(await sends()).toEqual([
      ['成果到账 Receipts', [45, 46, 47, 48, 49, 50, 51], 5],
      ['成果到账 Receipts', [50, 51], 5],
    ]);
    // The summary counts the whole send; the empty row is neither sent nor failed.
    expect(await text(page, '#progressText')).toBe('完成 Done: 6 成功 sent, 0 失败 failed, 1 空行 skipped (12 / 12)');
    expect(await page.getAttribute('#progressText', 'class')).toBe('message ok');
    expect(await page.locator('#results li.skipped').allTextContents()).toEqual(['第 51 行 Row 51空行，未发送 (empty row, not sent)']);
    expect(await page.isHidden('#pending')).toBe(true);
    expect(await page.evaluate(() => (globalThis as any).localStorage.getItem('__kechuangPending'))).toBe('null');
    expect(opened?.errors).toEqual([]);
  });
  it('resume asks the server where the pending rows are now: rows a sort moved while the sidebar was open are sent where they are', async () => {
    await page.evaluate(() => (globalThis as any).localStorage.setItem('__kechuangPending', JSON.stringify({ sheetName: '申请 Applications', rows: [60, 61], done: 1, dropped: 0, notKept: 0 })));
    await page.reload();
    await page.waitForSelector('#pending:not([hidden])');
    expect(await text(page, '#pendingText')).toContain('(60, 61)');
    // Sorted with the sidebar open: the server (by row key) now finds those rows at 63 and 62.
    await page.evaluate(() => (globalThis as any).localStorage.setItem('__kechuangPending', JSON.stringify({ sheetName: '申请 Applications', rows: [63, 62], done: 1, dropped: 0, notKept: 0 })));
    await set('__budget', 100);
    await page.click('#resume');
    await waitDone(page);
    expect(await sends()).toEqual([['申请 Applications', [63, 62], 5]]);
    expect(await text(page, '#progressText')).toBe('完成 Done: 2 成功 sent, 0 失败 failed (3 / 3)');
  });

  it('a pending send of thousands of rows names its first rows and the count, so Resume stays near the top of the sidebar', async () => {
    const rows = Array.from({ length: 8000 }, (_, i) => i + 2);
    await page.evaluate((r) => (globalThis as any).localStorage.setItem('__kechuangPending', JSON.stringify({ sheetName: '申请 Applications', rows: r, done: 0, dropped: 0, notKept: 0 })), rows);
    await page.reload();
    await page.waitForSelector('#pending:not([hidden])');
    const offer = await text(page, '#pendingText');
    expect(offer).toContain('尚余 8000 行 (2, 3, 4,');
    expect(offer).toContain('…)');
    expect(offer).toContain('0 done, 8000 left');
    expect(offer).not.toContain('8001');
    // Without scrolling past a wall of row numbers: the button sits within the first screen of a sidebar.
    const resume = await page.locator('#resume').boundingBox();
    expect(resume?.y).toBeLessThan(1000);
    await page.evaluate(() => (globalThis as any).localStorage.setItem('__kechuangPending', 'null'));
  });
});

/**
 * What google.script.run can carry back to the page (bridge.ts): strings, numbers, booleans, null (undefined), and
 * arrays and objects of them. It refuses a Date or a function, which JSON (plain) would quietly turn into a string or drop, so a
 * server function answering one would pass here and fail in Apps Script.
 */
function carried(value: unknown, name: string, path = 'answer'): unknown {
  if (value === null || value === undefined || ['string', 'number', 'boolean'].includes(typeof value)) return value;
  const kind = Object.prototype.toString.call(value);
  if (kind === '[object Array]') (value as unknown[]).forEach((v, i) => carried(v, name, `${path}[${i}]`));
  else if (kind === '[object Object]') for (const [k, v] of Object.entries(value as object)) carried(v, name, `${path}.${k}`);
  else throw new Error(`${name}: google.script.run cannot carry ${kind} at ${path}`);
  return value;
}

/** A sheet row from values by column key, in the spec's column order (blank where not given). */
function rowOf(spec: SheetSpec, values: Record<string, unknown>): unknown[] {
  const last = Math.max(...Object.keys(values).map((key) => columnOf(spec, key)));
  return spec.columns.slice(0, last).map((c) => values[c.key] ?? '');
}

/**
 * The page's google.script.run, bridged to the Node side: each call goes to `__gas(name, args)` (page.exposeFunction),
 * which runs the real server function of the built Code.js; a throw reaches the failure handler, as in Apps Script.
 */
function bridgeGoogleScriptRun(): void {
  type Handler = (value: unknown) => void;
  const w = globalThis as unknown as Record<string, any>;
  const runner = (success: Handler = () => undefined, failure: Handler = () => undefined): unknown =>
    new Proxy(
      {},
      {
        get(_target, name: string) {
          if (name === 'withSuccessHandler') return (fn: Handler) => runner(fn, failure);
          if (name === 'withFailureHandler') return (fn: Handler) => runner(success, fn);
          return (...args: unknown[]) => {
            (w.__gas(name, JSON.parse(JSON.stringify(args))) as Promise<unknown>).then(success, (error: Error) => failure(new Error(error.message)));
          };
        },
      },
    );
  w.google = { script: { run: runner() } };
}

describe.runIf(hasChromium)('sidebar in headless Chromium against the built Code.js and the real local API', () => {
  const label = '渝北区科技局 侧边栏测试 sidebar test';
  let api: LocalApi | undefined;
  let opened: Awaited<ReturnType<typeof openSidebar>> | undefined;
  let page: Page;
  let key = '';
  const served: string[] = [];
  let holdSends = false;
  let sendsSeen = 0;
  let fakes: ReturnType<typeof makeFakes>;
  let addon: ReturnType<typeof loadAddon>;
  /** GET as the sidebar's own key: what the API answers that key. */
  const get = (path: string) => api?.call('GET', path, key);
  const sheet = (name: string) => sheetOf(fakes.spreadsheet, { name });
  const cell = (spec: SheetSpec, row: number, key: string) => cellOf(sheet(spec.name), spec, row, key);

  beforeAll(async () => {
    api = await startLocalApi();
    key = api.call('POST', '/keys', api.admin, { role: 'district', district: 'YUBEI', label }).key;

    ({ fakes, addon } = addonOnline(api, key));
    addon.setUpSheets();
    const applications = sheet(APPLICATIONS.name);
    applications.put(
      2,
      rowOf(APPLICATIONS, {
        institution: '重庆联合研究院（渝北）——一个很长的机构名称用来检查侧边栏的换行 Chongqing Joint Research Institute',
        partnerName: 'Imperial College London',
        partnerType: '国外高校',
        partnerCountry: 'UK',
        category: '联合研发基地（中心）',
        district: '渝北区',
        field: '大数据',
        talent: '中国工程院院士',
        ratingDate: dateOfRealm(addon, '2021-03-14T16:00:00.000Z'), // 2021-03-15 in Asia/Shanghai
        legalPerson: false,
        approvedInitial: 1500000,
      }),
    );
    applications.put(3, rowOf(APPLICATIONS, { institution: '渝北转化中心', partnerName: 'Tsinghua University', partnerType: 'DOMESTIC_UNIVERSITY', partnerCountry: '中国', category: 'TRANSFER_BASE', district: 'YUBEI', field: 'NEW_MATERIALS', legalPerson: true }));
    // Valid for the add-on's own checks, refused by the API: rated after the plan ended (一, 六).
    applications.put(4, rowOf(APPLICATIONS, { institution: '某研究院', partnerName: 'MIT', partnerType: 'FOREIGN_UNIVERSITY', partnerCountry: 'US', category: 'JOINT_RD_BASE', district: 'YUBEI', field: 'BIG_DATA', ratingDate: '2023-01-01', legalPerson: true }));
    // Staff select rows 2–4 (dragging over a few columns) on the Applications sheet.
    fakes.spreadsheet.active = applications;
    fakes.spreadsheet.selection = [applications.getRange(2, 1, 3, 3)];

    opened = await openSidebar(async (p) => {
      await p.exposeFunction('__gas', (name: string, args: unknown[]) => {
        served.push(name);
        // The sidebar closed between two calls: the held call never reaches the server.
        if (name === 'sendRows' && holdSends && ++sendsSeen > 1) return new Promise(() => undefined);
        const fn = addon[name];
        if (typeof fn !== 'function') throw new Error(`Code.js has no function ${name}`);
        return plain(carried(fn(...args) ?? null, name));
      });
      await p.addInitScript(bridgeGoogleScriptRun);
    });
    page = opened.page;
    await page.waitForFunction(() => !(globalThis as any).document.getElementById('apiKey').placeholder.includes('paste'));
  }, 120_000);

  afterAll(async () => {
    await closeSidebar(opened);
    await api?.stop();
  });

  it('loads the saved settings and nothing pending from the real server functions', async () => {
    expect(await page.inputValue('#apiUrl')).toBe(api?.url);
    expect(await page.getAttribute('#apiKey', 'placeholder')).toBe(`已保存 saved …${key.slice(-4)}`);
    expect(served).toEqual(expect.arrayContaining(['getSettings', 'getPendingSend']));
    expect(await page.isHidden('#pending')).toBe(true);
    expect(opened?.errors).toEqual([]);
  });

  it("test connection shows the key's label, role and district from GET /keys/me", async () => {
    await page.click('#testConnection');
    await page.waitForSelector('#connection:not([hidden])');
    const me = get('/keys/me');
    expect(me).toMatchObject({ role: 'district', district: 'YUBEI', label });
    expect(await text(page, '#connectionLabel')).toBe(label);
    expect(await text(page, '#connectionRole')).toContain('(district)');
    expect(await text(page, '#connectionDistrict')).toBe('渝北区 (YUBEI)');
    expect(await page.getAttribute('#connectionMessage', 'class')).toBe('message ok');
  });

  it("sends the selected rows: each gets its cloud id, the list shows it, the API holds them; the API's refusal is listed", async () => {
    await page.click('#send');
    await waitDone(page);
    expect(await text(page, '#progressText')).toBe('完成 Done: 2 成功 sent, 1 失败 failed (3 / 3)');
    const ids = [cell(APPLICATIONS, 2, 'cloudId'), cell(APPLICATIONS, 3, 'cloudId')].map(String);
    for (const id of ids) expect(id).toMatch(/\S/);
    expect(await page.locator('#results li.ok .id').allTextContents()).toEqual(ids);
    expect(await page.locator('#results li.ok .head').allTextContents()).toEqual(['第 2 行 Row 2 · RATED', '第 3 行 Row 3 · SUBMITTED']);
    expect([cell(APPLICATIONS, 2, 'cloudStatus'), cell(APPLICATIONS, 3, 'cloudStatus')]).toEqual(['RATED', 'SUBMITTED']);
    // The API's refusal: 中文 first, in the list and in the row, and no id.
    const refusal = await text(page, '#results li.error[data-row="4"] .text');
    expect(refusal).toMatch(/^ERROR: \[[A-Z_]+ HTTP 4\d\d\] \S*[\u4e00-\u9fff]/);
    expect(cell(APPLICATIONS, 4, 'syncMessage')).toBe(refusal);
    expect(cell(APPLICATIONS, 4, 'cloudId')).toBe('');

    const [rated, submitted] = ids.map((id) => get(`/applications/${encodeURIComponent(id)}`));
    expect(rated.application).toMatchObject({ id: ids[0], status: 'RATED', district: 'YUBEI', category: 'JOINT_RD_BASE', partner: { name: 'Imperial College London' } });
    evaluate(fakes.spreadsheet, addon);
    expect(rated.application.rating.totalCap).toBe(cell(APPLICATIONS, 2, 'totalCap')); // the sheet's =CQ_TOTAL_CAP
    expect(rated.application.rating.totalCap).toBe(27000000);
    expect(submitted.application).toMatchObject({ id: ids[1], status: 'SUBMITTED', institution: '渝北转化中心' });
    expect(get('/applications?district=YUBEI').items.map((a: { id: string }) => a.id).sort()).toEqual([...ids].sort());
    expect(served.filter((n) => n === 'sendRows')).toHaveLength(1); // three rows: one chunk
    await expectFitsSidebar(page, 'real-api-sent');
  });

  it("sends receipts from the Receipts sheet: the list shows their ids and the API's subsidies, which are the sheet's formulas'", async () => {
    const applicationId = String(cell(APPLICATIONS, 2, 'cloudId'));
    const receipts = sheet(RECEIPTS.name);
    // Two instalments of one achievement: the second finds the achievement the first registered (DUPLICATE → its id).
    receipts.put(2, rowOf(RECEIPTS, { achievement: '某成果', contractNo: 'CQ-2021-0001', applicationId, date: '2021-05-01', received: 1000000 }));
    receipts.put(3, rowOf(RECEIPTS, { achievement: '某成果', contractNo: 'CQ-2021-0001', applicationId, date: '2021-06-01', received: 500000.5 }));
    evaluate(fakes.spreadsheet, addon); // received-before and subsidy by formula, as Sheets would fill them
    fakes.spreadsheet.active = receipts;
    fakes.spreadsheet.selection = [receipts.getRange(2, 1, 2, 1)];
    await page.click('#send');
    await waitDone(page);
    expect(await text(page, '#progressText')).toBe('完成 Done: 2 成功 sent, 0 失败 failed (2 / 2)');
    const achievementId = String(cell(RECEIPTS, 2, 'achievementId'));
    expect(cell(RECEIPTS, 3, 'achievementId')).toBe(achievementId);
    const receiptIds = [2, 3].map((row) => String(cell(RECEIPTS, row, 'cloudId')));
    expect(await page.locator('#results li.ok .id').allTextContents()).toEqual(receiptIds.map((id) => `${achievementId} / ${id}`));

    const achievement = get(`/achievements/${encodeURIComponent(achievementId)}`);
    expect(achievement).toMatchObject({ id: achievementId, applicationId, cumulativeReceived: 1500000.5 });
    const subsidies = receiptIds.map((id) => achievement.receipts.find((r: { id: string }) => r.id === id)?.subsidy);
    // 三(七): 5% of each instalment; the cloud's, the sheet's formula column's, the sync column's and the list's agree.
    expect(subsidies).toEqual([50000, 25000.03]);
    expect([2, 3].map((row) => cell(RECEIPTS, row, 'subsidy'))).toEqual(subsidies);
    expect([2, 3].map((row) => cell(RECEIPTS, row, 'cloudSubsidy'))).toEqual(subsidies);
    expect(await page.locator('#results li.ok .subsidy').allTextContents()).toEqual(['补贴 subsidy ¥50,000.00', '补贴 subsidy ¥25,000.03']);
  });

  it('refresh pulls statuses and the Ledger; its message shows the counts, which match the API', async () => {
    sheet(APPLICATIONS.name).getRange(3, columnOf(APPLICATIONS, 'cloudStatus')).setValue('stale');
    await page.click('#refresh');
    await page.waitForSelector('#refreshMessage.ok');
    const ledgerRows = (get(`/applications/${encodeURIComponent(String(cell(APPLICATIONS, 2, 'cloudId')))}`).ledger as unknown[]).length;
    expect(ledgerRows).toBeGreaterThan(0);
    const message = await text(page, '#refreshMessage');
    // Statuses: the two applications and the two receipts.
    expect(message).toMatch(new RegExp(`^已刷新 4 行；台账 ${ledgerRows} 行`));
    expect(message).toContain(`(refreshed 4 rows; ledger ${ledgerRows} rows`);
    expect(cell(APPLICATIONS, 3, 'cloudStatus')).toBe('SUBMITTED');
    const ledger = sheet(LEDGER.name);
    expect(ledger.getLastRow() - 1).toBe(ledgerRows);
    expect(ledger.getRange(2, columnOf(LEDGER, 'applicationId')).getValue()).toBe(cell(APPLICATIONS, 2, 'cloudId'));
    expect(sheet(DASHBOARD.name).getCharts()).toHaveLength(3);
    expect(opened?.errors).toEqual([]);
    await expectFitsSidebar(page, 'real-api');
  });

  it('closed between two calls and the sheet sorted, the reopened sidebar resumes the rest of the selection: each row sent once', async () => {
    const applications = sheet(APPLICATIONS.name);
    const rows = [5, 6, 7, 8, 9, 10, 11];
    for (const r of rows) {
      applications.put(r, rowOf(APPLICATIONS, { institution: `续传测试 ${r}`, partnerName: `Partner University ${r}`, partnerType: 'DOMESTIC_UNIVERSITY', partnerCountry: '中国', category: 'TRANSFER_BASE', district: 'YUBEI', field: 'NEW_MATERIALS', legalPerson: true }));
    }
    fakes.spreadsheet.active = applications;
    fakes.spreadsheet.selection = [applications.getRange(5, 1, 7, 1)];
    const posts = () => fakes.urlFetch.fetches.filter((f) => f.method === 'POST' && f.url.endsWith('/applications'));
    const postsBefore = posts().length;
    holdSends = true;
    await page.click('#send');
    // The first call sent rows 5–9 (one chunk); the second, with rows 10 and 11, never arrives.
    await page.waitForFunction(() => (globalThis as any).document.getElementById('progress').value === 5);
    expect(posts().length - postsBefore).toBe(5);
    // Staff sort the rows Z→A (the hidden row keys move with them): 续传测试 11 and 10 are now rows 5 and 6.
    const width = APPLICATIONS.columns.length;
    const old = applications.getRange(5, 1, 7, width).getValues();
    old.reverse().forEach((values, i) => applications.getRange(5 + i, 1, 1, width).setValues([values]));
    holdSends = false;
    await page.reload();
    await page.waitForSelector('#pending:not([hidden])');
    expect(await text(page, '#pendingText')).toContain('上次发送“申请 Applications”未完成：已完成 5 行，尚余 2 行 (6, 5)');
    await page.click('#resume');
    await waitDone(page);
    expect(await text(page, '#progressText')).toBe('完成 Done: 2 成功 sent, 0 失败 failed (7 / 7)');
    expect(await page.locator('#results li.ok .head').allTextContents()).toEqual(['第 6 行 Row 6 · SUBMITTED', '第 5 行 Row 5 · SUBMITTED']);
    // Seven rows, seven requests, seven applications: none sent twice, none missed, each id in its own row.
    expect(posts().length - postsBefore).toBe(7);
    const ids = rows.map((r) => String(cell(APPLICATIONS, r, 'cloudId')));
    expect(new Set(ids).size).toBe(7);
    for (const [i, id] of ids.entries()) {
      expect(get(`/applications/${encodeURIComponent(id)}`).application.institution).toBe(cell(APPLICATIONS, rows[i] as number, 'institution'));
    }
    const listed = get('/applications?district=YUBEI').items.map((a: { id: string }) => a.id);
    expect(listed.filter((id: string) => ids.includes(id)).sort()).toEqual([...ids].sort());
    expect(listed).toHaveLength(9); // the two sent before, and these seven
    expect(addon.getPendingSend()).toBeNull();
    expect(opened?.errors).toEqual([]);
  });
});
