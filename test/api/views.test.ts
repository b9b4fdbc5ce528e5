/**
 * What staff read of an application (CONTRACT.md §3): its ledger view (GET /applications/{id}), its achievements
 * (GET /applications/{id}/achievements, each as GET /achievements/{id}), its payments, and who may read them. Over
 * HTTP against the real handlers; the achievements of an application are found by the links put with each achievement
 * (functions/store/dynamodb/items.ts), which reconcile checks and mends.
 */
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDrift, findDrifts, reconcile } from '../../functions/reconcile/index.js';
import { queryRange, tableClient, type TableClient } from '../../functions/store/dynamodb/client.js';
import { DynamoStore } from '../../functions/store/dynamodb/dynamo-store.js';
import { achievementLinkItem, achievementLinkKey, achievementLinksRange, kindOfItem } from '../../functions/store/dynamodb/items.js';
import { application, type Client, expectError, ok, ratedApplication, refused, startApi } from './helpers.js';

let api: Client;
let t: TableClient;
beforeAll(async () => {
  api = await startApi();
  t = tableClient();
}, 120_000);
afterAll(() => api?.close());

let contracts = 0;
const achievement = async (applicationId: string, title = '一种新材料'): Promise<string> =>
  (await ok(api.call('POST', '/achievements', { body: { applicationId, title, contractNo: `HT-VIEWS-${++contracts}` } }), 201)).id;

const pay = (id: string, body: Record<string, unknown>) => ok(api.call('POST', `/applications/${id}/payments`, { body }), 201);
const approve = (id: string, body: Record<string, unknown>) => ok(api.call('POST', `/applications/${id}/approvals`, { body }), 201);
const voidPayment = (id: string, paymentId: string) => ok(api.call('POST', `/applications/${id}/payments/${paymentId}/void`, { body: { reason: '录入错误' } }), 200);
const view = (id: string, key?: string) => ok(api.call('GET', `/applications/${id}`, key ? { key } : {}), 200);

describe('GET /applications/{id}: {application, ledger, achievements, support}', () => {
  it('a row per schedule row, paid or not: approved rows, partial payments, a voided payment (remaining back up)', async () => {
    const created = await ok(api.call('POST', '/applications', { body: application() }), 201);
    const id = created.id as string;
    const rated = await ok(api.call('POST', `/applications/${id}/rating`, { body: { ratingDate: '2020-06-30' } }), 200);
    await approve(id, { item: 'INITIAL_GRANT', year: 2020, amount: 6_000_000 });
    await pay(id, { item: 'INITIAL_GRANT', year: 2020, amount: 1_000_000 });
    await pay(id, { item: 'INITIAL_GRANT', year: 2020, amount: 500_000.25 });
    await approve(id, { item: 'ANNUAL_RD_SUPPORT', year: 2022, amount: 8_000_000 });
    const wrong = await pay(id, { item: 'ANNUAL_RD_SUPPORT', year: 2022, amount: 3_000_000 });
    await pay(id, { item: 'ANNUAL_RD_SUPPORT', year: 2023, amount: 0.01 });
    const before = await view(id);
    expect(before.ledger.find((r: { year: number }) => r.year === 2022)).toMatchObject({ approved: 8_000_000, paid: 3_000_000, remaining: 5_000_000 });
    await voidPayment(id, wrong.id);

    const v = await view(id);
    expect(Object.keys(v).sort()).toEqual(['achievements', 'application', 'ledger', 'support']);
    // The application alone, as its rating answered it (money hangs beside it, not inside it).
    expect(v.application).toEqual(rated);
    for (const inside of ['ledger', 'support', 'payments', 'achievements']) expect(v.application).not.toHaveProperty(inside);
    expect(v.ledger).toEqual([
      expect.objectContaining({ year: 2020, item: 'INITIAL_GRANT', clause: '三(一)', cap: 10_000_000, approved: 6_000_000, paid: 1_500_000.25, remaining: 4_499_999.75 }),
      expect.objectContaining({ year: 2021, item: 'ANNUAL_RD_SUPPORT', clause: '三(一)', cap: 10_000_000, paid: 0, remaining: 10_000_000 }),
      // Voided: its amount is released, the approval stays.
      expect.objectContaining({ year: 2022, item: 'ANNUAL_RD_SUPPORT', clause: '三(一)', cap: 10_000_000, approved: 8_000_000, paid: 0, remaining: 8_000_000 }),
      expect.objectContaining({ year: 2023, item: 'ANNUAL_RD_SUPPORT', clause: '三(一)', cap: 10_000_000, paid: 0.01, remaining: 9_999_999.99 }),
      expect.objectContaining({ year: 2024, item: 'ANNUAL_RD_SUPPORT', clause: '三(一)', cap: 10_000_000, paid: 0, remaining: 10_000_000 }),
    ]);
    // Only approved rows carry `approved`; every row is one of the rating's schedule, in its order.
    expect(v.ledger.filter((r: object) => 'approved' in r).map((r: { year: number }) => r.year)).toEqual([2020, 2022]);
    expect(v.ledger.map((r: { year: number; item: string }) => `${r.year}${r.item}`)).toEqual(rated.rating.schedule.map((r: { year: number; item: string }) => `${r.year}${r.item}`));
    expect(v).toMatchObject({ achievements: [], support: [] });

    // Every payment, the voided one included (marked), oldest first.
    const payments = (await ok(api.call('GET', `/applications/${id}/payments`), 200)).items as { id: string; amount: number; status: string }[];
    expect(payments.map((p) => [p.amount, p.status])).toEqual([
      [1_000_000, 'RECORDED'],
      [500_000.25, 'RECORDED'],
      [3_000_000, 'VOIDED'],
      [0.01, 'RECORDED'],
    ]);
    expect(payments.find((p) => p.id === wrong.id)).toMatchObject({ voidReason: '录入错误', voidedBy: 'admin' });
  });

  it('a case-by-case application: a row per approval, paid or not; not rated: nothing hangs on it', async () => {
    const id = await ratedApplication(api, { category: 'MAJOR_PROJECT' }, '2021-03-01');
    expect(await view(id)).toMatchObject({ ledger: [], achievements: [], support: [] });
    await approve(id, { item: 'CASE_BY_CASE', year: 2023, amount: 2_000_000, document: '渝府〔2021〕10号' });
    await approve(id, { item: 'CASE_BY_CASE', year: 2021, amount: 1_000_000, document: '渝府〔2021〕9号' });
    await pay(id, { item: 'CASE_BY_CASE', year: 2021, amount: 250_000 });
    const voided = await pay(id, { item: 'CASE_BY_CASE', year: 2021, amount: 100_000 });
    await voidPayment(id, voided.id);
    const { ledger } = await view(id);
    expect(ledger).toEqual([
      expect.objectContaining({ year: 2021, item: 'CASE_BY_CASE', clause: '三(九)', approved: 1_000_000, paid: 250_000, remaining: 750_000 }),
      expect.objectContaining({ year: 2023, item: 'CASE_BY_CASE', clause: '三(九)', approved: 2_000_000, paid: 0, remaining: 2_000_000 }),
    ]);
    // No computed cap on a case-by-case row.
    for (const row of ledger) expect(row).not.toHaveProperty('cap');

    const submitted = await ok(api.call('POST', '/applications', { body: application() }), 201);
    expect(await view(submitted.id)).toEqual({ application: submitted, ledger: [], achievements: [], support: [] });
    await refused(api.call('GET', '/applications/app_nothere'), 404, 'NOT_FOUND', 'id');
  });
});

describe('GET /applications/{id}/achievements', () => {
  it("each of an application's achievements as GET /achievements/{id} answers it, receipts voided included; the ledger view holds the same", async () => {
    const id = await ratedApplication(api, { category: 'TRANSFER_BASE' });
    expect(await ok(api.call('GET', `/applications/${id}/achievements`), 200)).toEqual({ items: [] });
    const first = await achievement(id, '一种新材料');
    const second = await achievement(id, '一种新工艺');
    const wrong = await ok(api.call('POST', `/achievements/${first}/receipts`, { body: { date: '2021-01-01', amount: 1_000_000 } }), 201);
    await ok(api.call('POST', `/achievements/${first}/receipts`, { body: { date: '2021-02-01', amount: 300_000 } }), 201);
    await ok(api.call('POST', `/achievements/${first}/receipts/${wrong.id}/void`, { body: { reason: '合同金额录错' } }), 200);
    await ok(api.call('POST', `/achievements/${second}/receipts`, { body: { date: '2021-03-01', amount: 30_000_000 } }), 201);

    const each = [await ok(api.call('GET', `/achievements/${first}`), 200), await ok(api.call('GET', `/achievements/${second}`), 200)];
    expect(each[0]).toMatchObject({ id: first, cumulativeReceived: 300_000, cumulativeSubsidy: 15_000, capReached: false });
    expect(each[0].receipts.map((r: { amount: number; status: string }) => [r.amount, r.status])).toEqual([
      [1_000_000, 'VOIDED'],
      [300_000, 'RECORDED'],
    ]);
    expect(each[1]).toMatchObject({ id: second, cumulativeReceived: 30_000_000, capReached: true });
    expect(await ok(api.call('GET', `/applications/${id}/achievements`), 200)).toEqual({ items: each });
    expect((await view(id)).achievements).toEqual(each);
    await refused(api.call('GET', '/applications/app_nothere/achievements'), 404, 'NOT_FOUND', 'id');
  });
});

describe('who may read them', () => {
  it('a district key: its own district only, refused the same way on every per-application read; a viewer reads; no key is 401', async () => {
    const district = await api.key('district', 'YUBEI');
    const viewer = await api.key('viewer');
    const reads = async (districtCode: string) => {
      const id = await ratedApplication(api, { district: districtCode, category: 'TRANSFER_BASE' });
      await pay(id, { item: 'INITIAL_GRANT', year: 2020, amount: 1 });
      const ach = await achievement(id);
      return [`/applications/${id}`, `/applications/${id}/payments`, `/applications/${id}/achievements`, `/applications/${id}/history`, `/achievements/${ach}`];
    };
    const own = await reads('YUBEI');
    const other = await reads('WANZHOU');
    for (const path of own) expect((await api.call('GET', path, { key: district })).status, path).toBe(200);
    const refusals = [];
    for (const path of other) {
      const answer = await api.call('GET', path, { key: district });
      expectError(answer, 403, 'FORBIDDEN');
      refusals.push(answer.body.error.message);
    }
    expect(new Set(refusals).size).toBe(1);
    for (const path of [...own, ...other]) {
      expect((await api.call('GET', path, { key: viewer })).status, path).toBe(200);
      expectError(await api.call('GET', path, { key: null }), 401, 'UNAUTHORIZED');
    }
  });
});

describe('the achievements of an application, by their links', () => {
  it('each achievement is linked under its application in its own transaction; the store lists them with their receipts', async () => {
    const app = await ratedApplication(api);
    const other = await ratedApplication(api);
    const first = await achievement(app, '甲');
    const second = await achievement(app, '乙');
    const elsewhere = await achievement(other);
    const receipt = await ok(api.call('POST', `/achievements/${first}/receipts`, { body: { date: '2021-01-01', amount: 1000 } }), 201);
    await ok(api.call('POST', `/achievements/${first}/receipts`, { body: { date: '2021-01-02', amount: 500 } }), 201);
    await ok(api.call('POST', `/achievements/${first}/receipts/${receipt.id}/void`, { body: { reason: '录入错误' } }), 200);

    const links = await queryRange(t, achievementLinksRange(app));
    expect(links.map((l) => kindOfItem(l))).toEqual(
      [first, second].sort().map((achievementId) => ({ kind: 'achievement-link', applicationId: app, achievementId })),
    );
    const listed = await new DynamoStore().listApplicationAchievements(app);
    expect(listed.map((a) => a.achievement.id)).toEqual([first, second]);
    expect(listed[0]?.receipts.map((r) => [r.amount, r.status])).toEqual([
      [100_000, 'VOIDED'],
      [50_000, 'RECORDED'],
    ]);
    expect(listed[1]?.receipts).toEqual([]);
    expect((await new DynamoStore().listApplicationAchievements(other)).map((a) => a.achievement.id)).toEqual([elsewhere]);
    expect(await new DynamoStore().listApplicationAchievements('app_none')).toEqual([]);
  });

  it('reconcile finds no drift on what the API wrote; a lost link (an achievement from before links) is found and put back, a stray one removed', async () => {
    expect((await findDrifts(t)).drifts.map(describeDrift)).toEqual([]);
    const app = await ratedApplication(api);
    const lost = await achievement(app);
    await t.doc.send(new DeleteCommand({ TableName: t.tableName, Key: achievementLinkKey(app, lost) }));
    await t.doc.send(new PutCommand({ TableName: t.tableName, Item: achievementLinkItem(app, 'ach_nobody') }));
    expect(await new DynamoStore().listApplicationAchievements(app)).toEqual([]);

    const { drifts } = await findDrifts(t);
    expect(drifts).toEqual([
      { kind: 'achievement-link-missing', applicationId: app, achievementId: lost },
      { kind: 'achievement-link-extra', applicationId: app, achievementId: 'ach_nobody', key: achievementLinkKey(app, 'ach_nobody') },
    ]);
    for (const line of drifts.map(describeDrift)) expect(line).not.toContain('\n');
    const result = await reconcile(t, { repair: true });
    expect(result.repaired.map((d) => d.kind)).toEqual(['achievement-link-missing', 'achievement-link-extra']);
    expect(result.remaining).toEqual([]);
    expect((await new DynamoStore().listApplicationAchievements(app)).map((a) => a.achievement.id)).toEqual([lost]);
    expect((await findDrifts(t)).drifts.map(describeDrift)).toEqual([]);
  });
});
