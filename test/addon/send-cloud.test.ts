/**
 * sendRows against the real local API (issue 12): applications (one rated with its approved initial grant), approvals,
 * payments, a void, and achievements with several receipts are sent from the sheets; sent again with their answers
 * lost (cloud ids cleared), nothing new is stored; a payment over its limit gets the API's CAP_EXCEEDED in its row; the
 * API's receipt subsidies equal the sheet's formulas.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICATIONS, APPROVALS, RECEIPTS, columnOf, type SheetSpec } from '../../sheets-addon/src/layout.js';
import type { FakeSheet } from './fakes/index.js';
import { column, plain } from './load.js';
import { cell, fill, loseAnswers } from './sheet-cells.js';
import { addonOnline, startLocalApi, type LocalApi } from './local-api.js';

let api: LocalApi;
beforeAll(async () => {
  api = await startLocalApi();
});
afterAll(async () => api?.stop());

const columnValues = (sheet: FakeSheet, spec: SheetSpec, key: string, rows: number) => sheet.getRange(2, columnOf(spec, key), rows, 1).getValues();

describe('sendRows ↔ local API', () => {
  it('sends every kind of row, a resend with lost answers stores nothing new, CAP_EXCEEDED reaches its row, subsidies agree', () => {
    const { fakes, addon } = addonOnline(api);
    addon.setUpSheets();
    const apps = fakes.spreadsheet.getSheetByName(APPLICATIONS.name);
    const receipts = fakes.spreadsheet.getSheetByName(RECEIPTS.name);
    const money = fakes.spreadsheet.getSheetByName(APPROVALS.name);
    if (!apps || !receipts || !money) throw new Error('set-up made no Applications, Approvals & payments or Receipts sheet');

    // Applications: one rated with its approved initial grant (below the cap the sheet's formula gives), one not rated.
    const initialCap = addon.CQ_CAP('JOINT_RD_BASE', 'INITIAL_GRANT') as number;
    const approvedInitial = initialCap / 2;
    expect(approvedInitial).toBeGreaterThan(0);
    fill(apps, APPLICATIONS, 2, { institution: '重庆某联合研究院', partnerName: 'Imperial College London', partnerType: 'FOREIGN_UNIVERSITY', partnerCountry: 'UK', category: '联合研发基地（中心）', district: '渝北区', field: '大数据', ratingDate: '2021-03-15', legalPerson: false, approvedInitial });
    fill(apps, APPLICATIONS, 3, { institution: '两江转化中心', partnerName: 'Tsinghua University', partnerType: 'DOMESTIC_UNIVERSITY', partnerCountry: '中国', category: 'TRANSFER_BASE', district: 'LIANGJIANG', field: 'NEW_MATERIALS', legalPerson: true });
    const sentApps = plain(addon.sendRows(APPLICATIONS.name, [2, 3]));
    expect(sentApps.outcomes.map((o: { ok: boolean; status: string }) => [o.ok, o.status])).toEqual([[true, 'RATED'], [true, 'SUBMITTED']]);
    const appId = String(cell(apps, APPLICATIONS, 2, 'cloudId'));
    const viewBefore = api.get(`/applications/${appId}`);
    const initialRow = viewBefore.ledger.find((l: { item: string }) => l.item === 'INITIAL_GRANT');
    expect(initialRow.approved).toBe(approvedInitial); // the approved initial grant reached the cloud
    const annual = viewBefore.ledger.find((l: { item: string }) => l.item === 'ANNUAL_RD_SUPPORT');
    expect(annual).toBeDefined();

    // Approvals & payments: a 核定, payments, then the void of one of them (its cloud id typed from the row it got).
    fill(money, APPROVALS, 2, { applicationId: appId, kind: '核定', item: '年度研发专项', year: annual.year, amount: annual.cap / 2, reference: '渝科发〔2022〕7号', reason: '年度评审' });
    fill(money, APPROVALS, 3, { applicationId: appId, kind: 'PAYMENT', item: 'INITIAL_GRANT', year: initialRow.year, amount: '1,000.10', date: '2021-06-30', reference: 'PZ-001' });
    fill(money, APPROVALS, 4, { applicationId: appId, kind: '支付', item: 'ANNUAL_RD_SUPPORT', year: annual.year, amount: 20000, date: '2022-06-30' });
    const first = plain(addon.sendRows(APPROVALS.name, [2, 3, 4]));
    expect(first.outcomes.map((o: { ok: boolean; message: string }) => o.message)).toEqual(['已发送 (sent)', '已发送 (sent)', '已发送 (sent)']);
    fill(money, APPROVALS, 5, { applicationId: appId, kind: 'VOID', voids: cell(money, APPROVALS, 4, 'cloudId'), reason: '金额有误' });
    // Over its limit: the approved initial grant, of which 1,000.10 is paid already.
    fill(money, APPROVALS, 6, { applicationId: appId, kind: 'PAYMENT', item: 'INITIAL_GRANT', year: initialRow.year, amount: approvedInitial, date: '2021-07-01' });
    const second = plain(addon.sendRows(APPROVALS.name, [5, 6]));
    expect(second.outcomes[0]).toMatchObject({ ok: true, status: 'VOIDED', id: cell(money, APPROVALS, 4, 'cloudId') });
    expect(second.outcomes[1].ok).toBe(false);
    // The API's messageZh first, its English in brackets, then the field.
    expect(cell(money, APPROVALS, 6, 'syncMessage')).toMatch(/^ERROR: \[CAP_EXCEEDED HTTP 409\] [^()]*[\u4e00-\u9fff][^()]* \(.*would pass.*\) \(amount\)$/);

    // Receipts: two achievements, interleaved, several instalments each; the first passes the 三(七) cap.
    const lines = [
      ['智能传感成果', 'HT-2022-001', '2022-01-10', 5_000_000],
      ['新材料成果', 'HT-2022-002', '2022-02-10', 800_000.5],
      ['智能传感成果', 'ht 2022 001', '2022-03-10', 12_000_000],
      ['新材料成果', 'HT-2022-002', '2022-04-10', 99_999.99],
      ['智能传感成果', 'HT-2022-001', '2022-05-10', 4_000_000],
    ] as const;
    lines.forEach(([achievement, contractNo, date, received], i) => fill(receipts, RECEIPTS, i + 2, { achievement, contractNo, applicationId: appId, date, received }));
    const rows = lines.map((_, i) => i + 2);
    const sentReceipts = plain(addon.sendRows(RECEIPTS.name, rows));
    expect(sentReceipts.outcomes).toHaveLength(lines.length);
    expect(sentReceipts.outcomes.every((o: { ok: boolean }) => o.ok)).toBe(true);
    const achievementIds = [...new Set(columnValues(receipts, RECEIPTS, 'achievementId', lines.length).map((r) => String(r[0])))];
    expect(achievementIds).toHaveLength(2); // one achievement per contract, however many rows

    // The API's subsidies are the sheet's formulas: CQ_TRANSFER_SUBSIDY(received, CQ_RECEIVED_BEFORE(achievement, received)).
    const received = column(lines.map((l) => l[3]));
    const before = addon.CQ_RECEIVED_BEFORE(column(lines.map((l) => l[0])), received);
    const formulas = plain(addon.CQ_TRANSFER_SUBSIDY(received, before)).map((r: number[]) => r[0]);
    expect(columnValues(receipts, RECEIPTS, 'cloudSubsidy', lines.length).map((r) => r[0])).toEqual(formulas);
    expect(sentReceipts.outcomes.map((o: { subsidy: number }) => o.subsidy)).toEqual(formulas);
    // …and the rule itself (POLICY 三(七): 5% of the cumulative received, rounded half up to the fen, at most 1,000,000
    // per achievement; each row the cumulative's increase), worked by hand, not only the two builds agreeing:
    // 智能传感 5,000,000 → 250,000; 17,000,000 → 850,000 (+600,000); 21,000,000 → 1,000,000 capped (+150,000);
    // 新材料 800,000.50 → 40,000.025 → 40,000.03; 900,000.49 → 45,000.0245 → 45,000.02 (+4,999.99).
    expect(formulas).toEqual([250_000, 40_000.03, 600_000, 4_999.99, 150_000]);

    // What the cloud holds now.
    const snapshot = () => ({
      application: api.get(`/applications/${appId}`),
      payments: api.get(`/applications/${appId}/payments`),
      achievements: achievementIds.map((id) => api.get(`/achievements/${id}`)),
      applications: api.get('/applications?limit=100'),
    });
    const stored = snapshot();
    expect(stored.payments.items).toHaveLength(2);
    expect(stored.achievements.map((a: { receipts: unknown[] }) => a.receipts.length).sort()).toEqual([2, 3]);

    // A retry that lost every answer: the same rows again with their cloud ids cleared.
    const ids = (sheet: FakeSheet, spec: SheetSpec, n: number) => columnValues(sheet, spec, 'cloudId', n).map((r) => r[0]);
    const idsBefore = [ids(apps, APPLICATIONS, 2), ids(money, APPROVALS, 5), ids(receipts, RECEIPTS, lines.length)];
    loseAnswers(apps, APPLICATIONS, 2);
    loseAnswers(money, APPROVALS, 5);
    loseAnswers(receipts, RECEIPTS, lines.length);
    const again = [
      plain(addon.sendRows(APPLICATIONS.name, [2, 3])),
      plain(addon.sendRows(APPROVALS.name, [2, 3, 4, 5, 6])),
      plain(addon.sendRows(RECEIPTS.name, rows)),
    ];
    expect(again.map((b) => b.remaining)).toEqual([[], [], []]);
    expect([ids(apps, APPLICATIONS, 2), ids(money, APPROVALS, 5), ids(receipts, RECEIPTS, lines.length)]).toEqual(idsBefore);
    expect(cell(money, APPROVALS, 6, 'syncMessage')).toMatch(/^ERROR: \[CAP_EXCEEDED HTTP 409\]/);
    expect(columnValues(receipts, RECEIPTS, 'cloudSubsidy', lines.length).map((r) => r[0])).toEqual(formulas);
    expect(snapshot()).toEqual(stored);
    expect(addon.getPendingSend()).toBeNull();

    // Corrected to what is left of the approved initial grant, the refused row goes through: the API keeps a 409 under
    // its Idempotency-Key, so the row must not send the corrected body under the refused one's key.
    const left = Math.round((approvedInitial - 1000.1) * 100) / 100;
    fill(money, APPROVALS, 6, { amount: left });
    const corrected = plain(addon.sendRows(APPROVALS.name, [6]));
    expect(corrected.outcomes[0]).toMatchObject({ ok: true, status: 'RECORDED' });
    const payments = api.get(`/applications/${appId}/payments`).items as { id: string; amount: number; status: string }[];
    expect(payments).toHaveLength(3);
    expect(payments.find((p) => p.id === cell(money, APPROVALS, 6, 'cloudId'))).toMatchObject({ amount: left, status: 'RECORDED' });
  });

  it("testConnection: the key's role, district and label as GET /keys/me answers them; a revoked key is told so", () => {
    const { fakes, addon } = addonOnline(api);
    expect(plain(addon.testConnection())).toMatchObject({ ok: true, role: 'municipal', roleLabel: '市级', district: '', districtLabel: '全市', label: '市科技局 add-on test' });

    const key = api.call('POST', '/keys', api.admin, { role: 'district', district: 'YUBEI', label: '渝北区科技局 张三' }) as { id: string; key: string };
    fakes.userProperties.setProperty('KECHUANG_API_KEY', key.key);
    const district = plain(addon.testConnection());
    expect(district).toMatchObject({ ok: true, id: key.id, role: 'district', district: 'YUBEI', districtLabel: '渝北区' });
    expect(district.message).toBe('连接成功：区县 · 渝北区 · 渝北区科技局 张三 (connected: district · YUBEI · 渝北区科技局 张三)');

    api.call('POST', `/keys/${key.id}/revoke`, api.admin, undefined, 200);
    const revoked = plain(addon.testConnection());
    expect(revoked.ok).toBe(false);
    expect(revoked.message).toMatch(/^密钥无效或已吊销 \(the key is unknown or revoked\) \[UNAUTHORIZED HTTP 401\]$/);
    expect(JSON.stringify(revoked)).not.toContain(key.key);
  });
});
