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
import { type Client, ok, ratedApplication, startApi } from './helpers.js';

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
