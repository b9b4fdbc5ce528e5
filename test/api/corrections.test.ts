/**
 * Corrections, never deletions (CONTRACT.md §3): PATCH while SUBMITTED with a reason, withdraw and reject (final),
 * over HTTP against the real handlers: answers, refusals, history (who, when, why, what changed), listing and the
 * summary's counters following, replays, and races.
 */
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDrift, findDrifts, reconcile } from '../../functions/reconcile/index.js';
import { queryRange, tableClient } from '../../functions/store/dynamodb/client.js';
import { historyRange } from '../../functions/store/dynamodb/items.js';
import { expectError, filedApplication, ratedApplication, startApi, type Client } from './helpers.js';

let api: Client;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.close());

const filed = (over: Record<string, unknown> = {}, key?: string) => filedApplication(api, over, key);

const history = async (id: string) => (await api.call('GET', `/applications/${id}/history`)).body.items as { type: string; keyId: string; at: string; reason?: string; data: any }[];
const summary = async (key?: string) => (await api.call('GET', '/reports/summary', key ? { key } : {})).body;

describe('PATCH /applications/{id}', () => {
  it('amends the fields given, keeps the others, and says who, when, why and what changed', async () => {
    const id = await filed({ talent: 'CAS_ACADEMICIAN', requestedAmount: 500_000 });
    const answer = await api.call('PATCH', `/applications/${id}`, { body: { partner: { country: 'DE' }, field: '人工智能', talent: null, requestedAmount: 600_000.5, reason: '申报书填错国别' } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ id, status: 'SUBMITTED', field: 'ARTIFICIAL_INTELLIGENCE', partner: { name: 'Tsinghua University', type: 'DOMESTIC_UNIVERSITY', country: 'DE' }, requestedAmount: 600_000.5 });
    expect(answer.body.talent).toBeUndefined();
    expect(answer.body.updatedAt > answer.body.createdAt).toBe(true);
    expect((await api.call('GET', `/applications/${id}`)).body.application).toMatchObject({ field: 'ARTIFICIAL_INTELLIGENCE', partner: { country: 'DE' } });

    const amended = (await history(id)).filter((e) => e.type === 'APPLICATION_AMENDED');
    expect(amended).toHaveLength(1);
    expect(amended[0]).toMatchObject({ keyId: 'admin', reason: '申报书填错国别' });
    expect(amended[0]!.data).toEqual({
      id,
      changes: {
        'partner.country': { before: 'CN', after: 'DE' },
        field: { before: 'BIG_DATA', beforeLabel: '大数据', after: 'ARTIFICIAL_INTELLIGENCE', afterLabel: '人工智能' },
        talent: { before: 'CAS_ACADEMICIAN', beforeLabel: '中国科学院院士', after: null },
        requestedAmount: { before: 500_000, after: 600_000.5 },
      },
    });
  });

  it('refuses a body without a reason, with a blank reason, or with nothing to amend (400, nothing changed)', async () => {
    const id = await filed();
    expectError(await api.call('PATCH', `/applications/${id}`, { body: { field: 'NEW_ENERGY' } }), 400, 'INVALID', 'reason');
    expectError(await api.call('PATCH', `/applications/${id}`, { body: { field: 'NEW_ENERGY', reason: '   ' } }), 400, 'INVALID', 'reason');
    expectError(await api.call('PATCH', `/applications/${id}`, { body: { field: 'NEW_ENERGY', reason: 'x'.repeat(501) } }), 400, 'INVALID', 'reason');
    const empty = await api.call('PATCH', `/applications/${id}`, { body: { reason: 'nothing' } });
    expectError(empty, 400, 'INVALID', 'body');
    expect(empty.body.error.messageZh).toMatch(/修改/);
    expectError(await api.call('PATCH', `/applications/${id}`, { body: { partner: {}, reason: 'nothing' } }), 400, 'INVALID', 'body');
    expectError(await api.call('PATCH', `/applications/${id}`, { body: { ratingDate: '2020-06-30', reason: 'no' } }), 400, 'INVALID', 'ratingDate');
    expectError(await api.call('PATCH', `/applications/${id}`, { body: { field: 'NOPE', reason: 'typo' } }), 400, 'INVALID', 'field');
    expect((await history(id)).map((e) => e.type)).toEqual(['APPLICATION_CREATED']);
  });

  it('a high-end institution amended to no legal person is 400 naming legalPerson (二(一))', async () => {
    const id = await filed();
    const answer = await api.call('PATCH', `/applications/${id}`, { body: { legalPerson: false, reason: 'check' } });
    expectError(answer, 400, 'INVALID', 'legalPerson');
    expect(answer.body.error).toMatchObject({ reason: 'NOT_LEGAL_PERSON', clause: '二(一)' });
    expect(answer.body.error.messageZh).toMatch(/独立法人/);
    // Another category needs none: the amendment of both at once is fine.
    expect((await api.call('PATCH', `/applications/${id}`, { body: { legalPerson: false, category: 'JOINT_RD_BASE', reason: '类别填错' } })).status).toBe(200);
  });

  it('409 CONFLICT once rated, withdrawn or rejected', async () => {
    const rated = await ratedApplication(api);
    const answer = await api.call('PATCH', `/applications/${rated}`, { body: { field: 'NEW_ENERGY', reason: 'late' } });
    expectError(answer, 409, 'CONFLICT', 'status');
    expect(answer.body.error.messageZh).toMatch(/已评定/);
    const withdrawn = await filed();
    expect((await api.call('POST', `/applications/${withdrawn}/withdraw`, { body: { reason: '申请人撤回' } })).status).toBe(200);
    expectError(await api.call('PATCH', `/applications/${withdrawn}`, { body: { field: 'NEW_ENERGY', reason: 'late' } }), 409, 'CONFLICT', 'status');
  });

  it('404 for no such application', async () => {
    expectError(await api.call('PATCH', '/applications/app_nope', { body: { field: 'NEW_ENERGY', reason: 'x' } }), 404, 'NOT_FOUND');
  });

  it('moves the listing and the summary counters: the city unchanged, the districts moved', async () => {
    const id = await filed({ district: 'WANZHOU', category: 'TRANSFER_BASE', field: 'NEW_MATERIALS' });
    const before = await summary();
    const wanzhouKey = await api.key('district', 'WANZHOU');
    const jiangbeiKey = await api.key('district', 'JIANGBEI');
    const [wanzhou, jiangbei] = [await summary(wanzhouKey), await summary(jiangbeiKey)];

    const answer = await api.call('PATCH', `/applications/${id}`, { body: { district: 'JIANGBEI', category: 'JOINT_RD_BASE', reason: '区县填错' } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);

    const after = await summary();
    expect(after.applications).toBe(before.applications);
    expect(after.byDistrict.WANZHOU ?? 0).toBe((before.byDistrict.WANZHOU ?? 0) - 1);
    expect(after.byDistrict.JIANGBEI ?? 0).toBe((before.byDistrict.JIANGBEI ?? 0) + 1);
    expect(after.byCategory.TRANSFER_BASE ?? 0).toBe((before.byCategory.TRANSFER_BASE ?? 0) - 1);
    expect(after.byCategory.JOINT_RD_BASE ?? 0).toBe((before.byCategory.JOINT_RD_BASE ?? 0) + 1);
    expect(after.byField).toEqual(before.byField);
    const [wanzhouAfter, jiangbeiAfter] = [await summary(wanzhouKey), await summary(jiangbeiKey)];
    expect(wanzhouAfter.applications).toBe(wanzhou.applications - 1);
    expect(wanzhouAfter.byField.NEW_MATERIALS ?? 0).toBe(wanzhou.byField.NEW_MATERIALS - 1);
    expect(jiangbeiAfter.applications).toBe(jiangbei.applications + 1);
    expect(jiangbeiAfter.byField.NEW_MATERIALS).toBe((jiangbei.byField.NEW_MATERIALS ?? 0) + 1);

    const listed = async (query: string) => ((await api.call('GET', `/applications?${query}&limit=100`)).body.items as { id: string }[]).map((a) => a.id);
    expect(await listed('district=JIANGBEI')).toContain(id);
    expect(await listed('district=WANZHOU')).not.toContain(id);
    expect(await listed('category=JOINT_RD_BASE')).toContain(id);
    expect(await listed('category=TRANSFER_BASE')).not.toContain(id);
    expect((await findDrifts(tableClient())).drifts.map(describeDrift)).toEqual([]);
  });

  it('a district key amends only its own district and may not move an application out of it (403)', async () => {
    const yubei = await api.key('district', 'YUBEI');
    const other = await filed({ district: 'WANZHOU' });
    const forbidden = await api.call('PATCH', `/applications/${other}`, { key: yubei, body: { field: 'NEW_ENERGY', reason: 'x' } });
    expectError(forbidden, 403, 'FORBIDDEN');
    const own = await filed({ district: 'YUBEI' }, yubei);
    const moving = await api.call('PATCH', `/applications/${own}`, { key: yubei, body: { district: 'WANZHOU', reason: 'x' } });
    expectError(moving, 403, 'FORBIDDEN', 'district');
    expect(moving.body.error.messageZh).toBeTruthy();
    expect((await api.call('PATCH', `/applications/${own}`, { key: yubei, body: { field: 'NEW_ENERGY', reason: '领域填错' } })).status).toBe(200);
    const viewer = await api.key('viewer');
    expectError(await api.call('PATCH', `/applications/${own}`, { key: viewer, body: { field: 'NEW_ENERGY', reason: 'x' } }), 403, 'FORBIDDEN');
  });

  it('replays under an Idempotency-Key: the same answer, one amendment', async () => {
    const id = await filed();
    const headers = { 'idempotency-key': `amend-${id}` };
    const first = await api.call('PATCH', `/applications/${id}`, { headers, body: { field: 'NEW_ENERGY', reason: 'once' } });
    const again = await api.call('PATCH', `/applications/${id}`, { headers, body: { reason: 'once', field: 'NEW_ENERGY' } });
    expect(first.status).toBe(200);
    expect(again.headers.get('idempotent-replay')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await history(id)).filter((e) => e.type === 'APPLICATION_AMENDED')).toHaveLength(1);
  });

  it('PATCHes racing: every one applies, one after the other, none lost', async () => {
    const id = await filed({ requestedAmount: 0 });
    const bodies: Record<string, unknown>[] = [
      { institution: `改名研究院 ${id}`, reason: 'r1' },
      { partner: { country: 'US' }, reason: 'r2' },
      { field: 'SMART_CITY', reason: 'r3' },
      { requestedAmount: 123, reason: 'r4' },
      { partner: { type: 'FOREIGN_UNIVERSITY' }, reason: 'r5' },
      { talent: 'NOBEL_LAUREATE', reason: 'r6' },
    ];
    const answers = await Promise.all(bodies.map((body) => api.call('PATCH', `/applications/${id}`, { body })));
    expect(answers.map((a) => a.status)).toEqual(bodies.map(() => 200));
    const final = (await api.call('GET', `/applications/${id}`)).body.application;
    expect(final).toMatchObject({ institution: `改名研究院 ${id}`, partner: { country: 'US', type: 'FOREIGN_UNIVERSITY' }, field: 'SMART_CITY', requestedAmount: 123, talent: 'NOBEL_LAUREATE' });
    const amended = (await history(id)).filter((e) => e.type === 'APPLICATION_AMENDED');
    expect(amended.map((e) => e.reason).sort()).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    // One after the other: each moved updatedAt on from what the one before it made.
    expect(new Set(answers.map((a) => a.body.updatedAt)).size).toBe(bodies.length);
    expect((await findDrifts(tableClient())).drifts.map(describeDrift)).toEqual([]);
  });
});

describe('withdraw and reject', () => {
  for (const [action, status, type] of [
    ['withdraw', 'WITHDRAWN', 'APPLICATION_WITHDRAWN'],
    ['reject', 'REJECTED', 'APPLICATION_REJECTED'],
  ] as const) {
    it(`POST /applications/{id}/${action}: ${status}, final, listed by status, with who and why`, async () => {
      const id = await filed();
      const before = await summary();
      const answer = await api.call('POST', `/applications/${id}/${action}`, { body: { reason: '材料不全' } });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body).toMatchObject({ id, status });
      const events = (await history(id)).filter((e) => e.type === type);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ keyId: 'admin', reason: '材料不全', data: { id, status } });
      // Still counted as filed.
      expect((await summary()).applications).toBe(before.applications);
      const listed = ((await api.call('GET', `/applications?status=${status}&limit=100`)).body.items as { id: string }[]).map((a) => a.id);
      expect(listed).toContain(id);
      expect(((await api.call('GET', '/applications?status=SUBMITTED&limit=100')).body.items as { id: string }[]).map((a) => a.id)).not.toContain(id);

      // Final: no second close, no rating, no amendment.
      for (const again of ['withdraw', 'reject']) {
        const refused = await api.call('POST', `/applications/${id}/${again}`, { body: { reason: 'again' } });
        expectError(refused, 409, 'CONFLICT', 'status');
        expect(refused.body.error.messageZh).toBeTruthy();
      }
      expectError(await api.call('POST', `/applications/${id}/rating`, { body: { ratingDate: '2020-06-30' } }), 409, 'CONFLICT');
      expectError(await api.call('POST', `/applications/${id}/support`, { body: { kind: 'SEED_FUND', date: '2021-01-01' } }), 409, 'CONFLICT');
    });
  }

  it('a rated application cannot be withdrawn or rejected (409); a reason is required (400)', async () => {
    const rated = await ratedApplication(api);
    expectError(await api.call('POST', `/applications/${rated}/withdraw`, { body: { reason: 'late' } }), 409, 'CONFLICT', 'status');
    expectError(await api.call('POST', `/applications/${rated}/reject`, { body: { reason: 'late' } }), 409, 'CONFLICT', 'status');
    const id = await filed();
    expectError(await api.call('POST', `/applications/${id}/withdraw`, { body: {} }), 400, 'INVALID', 'reason');
    expectError(await api.call('POST', `/applications/${id}/reject`, { body: { reason: '' } }), 400, 'INVALID', 'reason');
  });

  it('a district key closes only its own district; a viewer none', async () => {
    const yubei = await api.key('district', 'YUBEI');
    const other = await filed({ district: 'WANZHOU' });
    expectError(await api.call('POST', `/applications/${other}/reject`, { key: yubei, body: { reason: 'x' } }), 403, 'FORBIDDEN');
    const viewer = await api.key('viewer');
    expectError(await api.call('POST', `/applications/${other}/withdraw`, { key: viewer, body: { reason: 'x' } }), 403, 'FORBIDDEN');
  });

  it('a withdrawal racing a rating: exactly one wins', async () => {
    for (let round = 0; round < 5; round++) {
      const id = await filed();
      const [withdraw, rate] = await Promise.all([
        api.call('POST', `/applications/${id}/withdraw`, { body: { reason: 'race' } }),
        api.call('POST', `/applications/${id}/rating`, { body: { ratingDate: '2020-06-30' } }),
      ]);
      expect([withdraw.status, rate.status].sort()).toEqual([200, 409]);
      const final = (await api.call('GET', `/applications/${id}`)).body.application;
      expect(final.status).toBe(withdraw.status === 200 ? 'WITHDRAWN' : 'RATED');
    }
    expect((await findDrifts(tableClient())).drifts.map(describeDrift)).toEqual([]);
  });

  it('an amendment racing a rating: the rating is never of the fields before the amendment', async () => {
    for (let round = 0; round < 5; round++) {
      const id = await filed({ category: 'HIGH_END_RD_INSTITUTION', district: 'YUBEI' });
      const [amend, rate] = await Promise.all([
        api.call('PATCH', `/applications/${id}`, { body: { category: 'TRANSFER_SERVICE_ORG', district: 'JIANGBEI', reason: 'race' } }),
        api.call('POST', `/applications/${id}/rating`, { body: { ratingDate: '2020-06-30' } }),
      ]);
      // Whichever commits first stands; the other is applied after it (an amendment is refused once rated, a rating
      // read before the amendment is refused), so at least one goes through and a refusal is a 409.
      expect([amend.status, rate.status]).toContain(200);
      for (const status of [amend.status, rate.status]) expect([200, 409]).toContain(status);
      const final = (await api.call('GET', `/applications/${id}`)).body.application;
      expect(final.status).toBe(rate.status === 200 ? 'RATED' : 'SUBMITTED');
      if (final.status === 'RATED') {
        // Rated as it stands: 三(三) 2,000,000 for a service org, 三(一) 10,000,000 for a high-end institution first.
        const expected = final.category === 'TRANSFER_SERVICE_ORG' ? 2_000_000 : 10_000_000;
        expect(final.rating.schedule[0].cap).toBe(expected);
      }
    }
    expect((await findDrifts(tableClient())).drifts.map(describeDrift)).toEqual([]);
  });

  it('replays under an Idempotency-Key, and a refusal (409) is kept too', async () => {
    const id = await filed();
    const headers = { 'idempotency-key': `withdraw-${id}` };
    const first = await api.call('POST', `/applications/${id}/withdraw`, { headers, body: { reason: 'once' } });
    const again = await api.call('POST', `/applications/${id}/withdraw`, { headers, body: { reason: 'once' } });
    expect([first.status, again.status, again.headers.get('idempotent-replay')]).toEqual([200, 200, 'true']);
    const refused = await api.call('POST', `/applications/${id}/reject`, { headers: { 'idempotency-key': `reject-${id}` }, body: { reason: 'no' } });
    const replayed = await api.call('POST', `/applications/${id}/reject`, { headers: { 'idempotency-key': `reject-${id}` }, body: { reason: 'no' } });
    expect([refused.status, replayed.status, replayed.headers.get('idempotent-replay')]).toEqual([409, 409, 'true']);
  });
});

describe('reconcile and corrections', () => {
  it('amended, then rated, its creation event lost: reconcile wants that one event back, and no other', async () => {
    const t = tableClient();
    const id = await filed();
    expect((await api.call('PATCH', `/applications/${id}`, { body: { field: 'NEW_ENERGY', reason: '领域' } })).status).toBe(200);
    expect((await api.call('POST', `/applications/${id}/rating`, { body: { ratingDate: '2020-06-30' } })).status).toBe(200);
    const created = (await queryRange(t, historyRange(id), true)).find((e) => e.type === 'APPLICATION_CREATED')!;
    await t.doc.send(new DeleteCommand({ TableName: t.tableName, Key: { pk: created.pk, sk: created.sk } }));
    const { drifts } = await findDrifts(t);
    expect(drifts).toMatchObject([{ kind: 'event-missing', recordId: id, event: { type: 'APPLICATION_CREATED' } }]);
    expect((await reconcile(t, { repair: true })).remaining).toEqual([]);
  });

  it('a withdrawn application without its event: found and written back; a second WITHDRAWN event is reported', async () => {
    const t = tableClient();
    const id = await filed();
    expect((await api.call('POST', `/applications/${id}/withdraw`, { body: { reason: 'x' } })).status).toBe(200);
    const event = (await queryRange(t, historyRange(id), true)).find((e) => e.type === 'APPLICATION_WITHDRAWN')!;
    await t.doc.send(new DeleteCommand({ TableName: t.tableName, Key: { pk: event.pk, sk: event.sk } }));
    expect((await findDrifts(t)).drifts).toMatchObject([{ kind: 'event-missing', recordId: id, event: { type: 'APPLICATION_WITHDRAWN', data: { id, status: 'WITHDRAWN' } } }]);
    expect((await reconcile(t, { repair: true })).remaining).toEqual([]);
    await t.doc.send(new PutCommand({ TableName: t.tableName, Item: { ...event, sk: `${String(event.sk)}-copy` } }));
    expect((await findDrifts(t)).drifts).toMatchObject([{ kind: 'event-extra', applicationId: id, type: 'APPLICATION_WITHDRAWN', events: 2, expected: 1 }]);
    await t.doc.send(new DeleteCommand({ TableName: t.tableName, Key: { pk: event.pk, sk: `${String(event.sk)}-copy` } }));
  });
});

