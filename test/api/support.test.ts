/**
 * Support that is not money (三(八), 三(九), POLICY.md §3) over HTTP against the real handlers: recorded for a rated
 * application, counted in the summary per kind, in its history and on the application; refused otherwise; what
 * reconcile makes of it.
 */
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDrift, findDrifts, reconcile } from '../../functions/reconcile/index.js';
import { queryRange, tableClient } from '../../functions/store/dynamodb/client.js';
import { historyRange, summaryKey } from '../../functions/store/dynamodb/items.js';
import { dateInTimeZone, DEFAULT_TIME_ZONE, SUPPORT_KIND_CLAUSES, SUPPORT_KIND_LABELS, SUPPORT_KINDS } from '../../shared/index.js';
import { application, expectError, ratedApplication, startApi, type Client } from './helpers.js';

let api: Client;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.close());

const summary = async (key?: string) => (await api.call('GET', '/reports/summary', key ? { key } : {})).body;

describe('POST /applications/{id}/support', () => {
  it('records each kind for a rated application (code or 中文 label, any case), counted per kind in the city and its district', async () => {
    const id = await ratedApplication(api, { district: 'JIANGBEI' });
    const jiangbei = await api.key('district', 'JIANGBEI');
    const [city, district] = [await summary(), await summary(jiangbei)];
    const inputs = ['CREDIT_LOAN', 'seed_fund', SUPPORT_KIND_LABELS.FINANCING_SERVICE, ' equity_board_listing ', 'TAX_PREFERENCE', 'CREDIT_LOAN'];
    const answers = [];
    for (const kind of inputs) {
      const answer = await api.call('POST', `/applications/${id}/support`, { body: { kind, date: '2021-05-01', note: '渝北区科技局' } });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      answers.push(answer.body);
    }
    expect(answers[0]).toMatchObject({ applicationId: id, kind: 'CREDIT_LOAN', kindZh: SUPPORT_KIND_LABELS.CREDIT_LOAN, clause: '三(八)', date: '2021-05-01', note: '渝北区科技局' });
    expect(answers[4]).toMatchObject({ kind: 'TAX_PREFERENCE', clause: '三(九)' });
    expect(answers.map((a) => a.kind)).toEqual(['CREDIT_LOAN', 'SEED_FUND', 'FINANCING_SERVICE', 'EQUITY_BOARD_LISTING', 'TAX_PREFERENCE', 'CREDIT_LOAN']);
    for (const kind of SUPPORT_KINDS.codes) expect(SUPPORT_KIND_CLAUSES[kind]).toMatch(/^三\((八|九)\)$/);

    const plus = (before: Record<string, number>, kind: string, n: number) => (before[kind] ?? 0) + n;
    for (const [before, key] of [[city, undefined], [district, jiangbei]] as const) {
      const after = (await summary(key)).support;
      expect(after).toEqual({
        ...before.support,
        CREDIT_LOAN: plus(before.support, 'CREDIT_LOAN', 2),
        SEED_FUND: plus(before.support, 'SEED_FUND', 1),
        FINANCING_SERVICE: plus(before.support, 'FINANCING_SERVICE', 1),
        EQUITY_BOARD_LISTING: plus(before.support, 'EQUITY_BOARD_LISTING', 1),
        TAX_PREFERENCE: plus(before.support, 'TAX_PREFERENCE', 1),
      });
    }

    const one = (await api.call('GET', `/applications/${id}`)).body;
    expect(one.support.map((s: { id: string }) => s.id)).toEqual(answers.map((a) => a.id));
    const events = ((await api.call('GET', `/applications/${id}/history`)).body.items as { type: string; keyId: string; data: { id: string } }[]).filter((e) => e.type === 'SUPPORT_RECORDED');
    expect(events.map((e) => e.data)).toEqual(answers);
    expect(events[0]!.keyId).toBe('admin');
    expect((await findDrifts(tableClient())).drifts.map(describeDrift)).toEqual([]);
  });

  it('409 for an application not rated; 400 for a kind or a date that is not one', async () => {
    const submitted = (await api.call('POST', '/applications', { body: application() })).body.id;
    const refused = await api.call('POST', `/applications/${submitted}/support`, { body: { kind: 'SEED_FUND', date: '2021-01-01' } });
    expectError(refused, 409, 'CONFLICT', 'status');
    expect(refused.body.error.messageZh).toMatch(/评定/);

    const id = await ratedApplication(api);
    expectError(await api.call('POST', `/applications/${id}/support`, { body: { kind: 'GRANT', date: '2021-01-01' } }), 400, 'INVALID', 'kind');
    const early = await api.call('POST', `/applications/${id}/support`, { body: { kind: 'SEED_FUND', date: '2019-12-26' } });
    expectError(early, 400, 'INVALID', 'date');
    expect(early.body.error).toMatchObject({ reason: 'BEFORE_PLAN', clause: '六' });
    const tomorrow = new Date(Date.now() + 36 * 3600_000);
    const late = await api.call('POST', `/applications/${id}/support`, { body: { kind: 'SEED_FUND', date: dateInTimeZone(tomorrow, DEFAULT_TIME_ZONE) } });
    expectError(late, 400, 'INVALID', 'date');
    expect(late.body.error.reason).toBe('AFTER_TODAY');
    expectError(await api.call('POST', `/applications/${id}/support`, { body: { kind: 'SEED_FUND', date: '2021-02-30' } }), 400, 'INVALID', 'date');
    expectError(await api.call('POST', `/applications/${id}/support`, { body: { kind: 'SEED_FUND', date: '2021-01-01', note: 'x'.repeat(501) } }), 400, 'INVALID', 'note');
    expect((await api.call('GET', `/applications/${id}`)).body.support).toEqual([]);
  });

  it('a district key records for its own district only; a viewer not at all', async () => {
    const id = await ratedApplication(api, { district: 'WANZHOU' });
    const yubei = await api.key('district', 'YUBEI');
    expectError(await api.call('POST', `/applications/${id}/support`, { key: yubei, body: { kind: 'SEED_FUND', date: '2021-01-01' } }), 403, 'FORBIDDEN');
    const viewer = await api.key('viewer');
    expectError(await api.call('POST', `/applications/${id}/support`, { key: viewer, body: { kind: 'SEED_FUND', date: '2021-01-01' } }), 403, 'FORBIDDEN');
    const wanzhou = await api.key('district', 'WANZHOU');
    expect((await api.call('POST', `/applications/${id}/support`, { key: wanzhou, body: { kind: 'SEED_FUND', date: '2021-01-01' } })).status).toBe(201);
  });

  it('replays under an Idempotency-Key: one record', async () => {
    const id = await ratedApplication(api);
    const headers = { 'idempotency-key': `support-${id}` };
    const first = await api.call('POST', `/applications/${id}/support`, { headers, body: { kind: 'SEED_FUND', date: '2021-01-01' } });
    const again = await api.call('POST', `/applications/${id}/support`, { headers, body: { date: '2021-01-01', kind: 'SEED_FUND' } });
    expect([first.status, again.status, again.headers.get('idempotent-replay')]).toEqual([201, 201, 'true']);
    expect(again.body).toEqual(first.body);
    expect((await api.call('GET', `/applications/${id}`)).body.support).toHaveLength(1);
  });
});

describe('reconcile and support', () => {
  it('a support record missing its event or its count is found and mended; a stray SUPPORT_RECORDED is reported', async () => {
    const t = tableClient();
    const id = await ratedApplication(api, { district: 'BISHAN' });
    const record = (await api.call('POST', `/applications/${id}/support`, { body: { kind: 'FINANCING_SERVICE', date: '2021-01-01' } })).body;
    const before = await summary();
    const event = (await queryRange(t, historyRange(id), true)).find((e) => e.type === 'SUPPORT_RECORDED')!;
    await t.doc.send(new DeleteCommand({ TableName: t.tableName, Key: { pk: event.pk, sk: event.sk } }));
    await t.doc.send(new UpdateCommand({ TableName: t.tableName, Key: summaryKey('BISHAN', 2), UpdateExpression: 'ADD #c :minus', ExpressionAttributeNames: { '#c': 'support:FINANCING_SERVICE' }, ExpressionAttributeValues: { ':minus': -1 } }));

    const { drifts } = await findDrifts(t);
    expect(drifts.map((d) => d.kind).sort()).toEqual(['counter', 'event-missing']);
    expect(drifts.find((d) => d.kind === 'event-missing')).toMatchObject({ recordId: record.id, event: { type: 'SUPPORT_RECORDED', keyId: 'reconcile' } });
    expect(drifts.find((d) => d.kind === 'counter')).toMatchObject({ scope: 'BISHAN', counter: 'support:FINANCING_SERVICE', expected: 1, actual: 0 });
    const result = await reconcile(t, { repair: true });
    expect(result.remaining).toEqual([]);
    expect(await summary()).toEqual(before);
    const events = ((await api.call('GET', `/applications/${id}/history`)).body.items as { type: string; data: { id: string } }[]).filter((e) => e.type === 'SUPPORT_RECORDED');
    expect(events.map((e) => e.data.id)).toEqual([record.id]);
  });
});
