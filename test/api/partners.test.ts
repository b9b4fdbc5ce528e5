/**
 * Partners towards the goal of 100 (一; CONTRACT.md §3 GET /partners, POST /partners/merge; POLICY.md §5
 * interpretations 3 and 9), over HTTP against the real handlers and DynamoDB Local:
 * - the 22 spellings of one partner issue 11 found counted as 11 count as one, in the city and in each district;
 * - GET /partners lists the partners counted (names merged into each, applications, first rating date), a district
 *   key its district's;
 * - a merge makes `partnersIntroduced` exact at once in the city and in every district (equal to what reconcile
 *   recomputes), later ratings naming the merged name count as the partner it is merged into, racing merges of one
 *   name give one 200, and a merge racing ratings leaves every count exact;
 * - reconcile finds and mends markers of the layout and normalisation before issue 11.
 */
import { createHash } from 'node:crypto';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalisePartnerName } from '../../shared/index.js';
import { findDrifts, reconcile } from '../../functions/reconcile/index.js';
import { tableClient } from '../../functions/store/dynamodb/client.js';
import { partnerKey, summaryKey } from '../../functions/store/dynamodb/items.js';
import { normalisedBeforeIssue11, partnerSpellings } from '../vectors/index.js';
import { application, expectError, expectNoDrift, ok, partner, refused, startApi, type Client } from './helpers.js';

let api: Client;
beforeAll(async () => {
  api = await startApi();
}, 60_000);
afterAll(() => api?.close());

let keys: Record<string, string> = {};
/** A district key of `district` (made once per district). */
async function districtKey(district: string): Promise<string> {
  keys[district] ??= await api.key('district', district);
  return keys[district];
}
/** partnersIntroduced of the city (undefined) or of a district (read with that district's key). */
async function introduced(district?: string): Promise<number> {
  const body = await ok(api.call('GET', '/reports/summary', district ? { key: await districtKey(district) } : {}), 200);
  return body.partnersIntroduced as number;
}
async function figures(districts: readonly string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = { ALL: await introduced() };
  for (const d of districts) out[d] = await introduced(d);
  return out;
}
/** Files an application of `name` in `district`, rated on `ratingDate` (one fact); its id. */
async function rated(name: string, district: string, ratingDate: string): Promise<string> {
  return (await ok(api.call('POST', '/applications', { body: application({ partner: partner(name), district, ratingDate }) }), 201)).id as string;
}
async function filed(name: string, district: string): Promise<string> {
  return (await ok(api.call('POST', '/applications', { body: application({ partner: partner(name), district }) }), 201)).id as string;
}
const listed = async (query = '', key?: string) => (await ok(api.call('GET', `/partners${query}`, key ? { key } : {}), 200)).items as Record<string, unknown>[];
const entry = async (normalisedName: string, query = '', key?: string) => (await listed(query, key)).find((p) => p.normalisedName === normalisedName);
let merges = 0;
const merge = (body: Record<string, unknown>, key?: string) => api.call('POST', '/partners/merge', { body, headers: { 'idempotency-key': `merge-${++merges}-${Math.random()}` }, ...(key ? { key } : {}) });
/** `figures` moved by `delta` (the figures it does not name unchanged). */
const plus = (figures: Record<string, number>, delta: Record<string, number>) => ({ ...figures, ...Object.fromEntries(Object.entries(delta).map(([k, d]) => [k, (figures[k] ?? 0) + d])) });

describe('one partner however it is spelled (interpretation 9)', () => {
  it(`the ${partnerSpellings.names.length} spellings issue 11 counted as ${partnerSpellings.distinctBefore} partners count as one, in the city and in each district`, async () => {
    const before = await figures(['BEIBEI', 'BANAN']);
    for (const [i, name] of partnerSpellings.names.entries()) await rated(name, i % 2 === 0 ? 'BEIBEI' : 'BANAN', '2020-06-30');
    expect(await figures(['BEIBEI', 'BANAN'])).toEqual(plus(before, { ALL: 1, BEIBEI: 1, BANAN: 1 }));
    expect(await entry(partnerSpellings.expected)).toEqual({
      name: partnerSpellings.names[0],
      normalisedName: partnerSpellings.expected,
      aliases: [],
      applications: partnerSpellings.names.length,
      firstRatedOn: '2020-06-30',
    });
    expect(await entry(partnerSpellings.expected, '?district=BANAN')).toMatchObject({ applications: partnerSpellings.names.length / 2 });
    await expectNoDrift();
  });
});

describe('GET /partners and POST /partners/merge', () => {
  const CN = '清华大学';
  const EN = 'Tsinghua University';
  const cn = normalisePartnerName(CN);
  const en = normalisePartnerName(EN);
  // JIANGBEI counts both names; NANAN only the English one; SHAPINGBA only the 中文 one; BISHAN neither (yet).
  const DISTRICTS = ['JIANGBEI', 'NANAN', 'SHAPINGBA', 'BISHAN'] as const;
  let before: Record<string, number>;

  it('lists each name counted, with its applications and first rating date; a district key its district\'s', async () => {
    before = await figures(DISTRICTS);
    await rated(CN, 'JIANGBEI', '2020-06-30');
    await rated(CN, 'SHAPINGBA', '2021-03-01');
    await rated(EN, 'JIANGBEI', '2020-03-01');
    await rated(` ${EN.toUpperCase()} `, 'JIANGBEI', '2021-01-01');
    await rated(EN, 'NANAN', '2020-01-15');
    await filed(CN, 'BISHAN'); // filed, not rated: not counted
    expect(await figures(DISTRICTS)).toEqual(plus(before, { ALL: 2, JIANGBEI: 2, NANAN: 1, SHAPINGBA: 1 }));
    expect(await entry(cn)).toEqual({ name: CN, normalisedName: cn, aliases: [], applications: 2, firstRatedOn: '2020-06-30' });
    expect(await entry(en)).toEqual({ name: EN, normalisedName: en, aliases: [], applications: 3, firstRatedOn: '2020-01-15' });
    expect(await entry(en, '?district=JIANGBEI')).toEqual({ name: EN, normalisedName: en, aliases: [], applications: 2, firstRatedOn: '2020-03-01' });
    // A district key sees its own district's partners, and may name only its own district.
    const nanan = await districtKey('NANAN');
    const own = await listed('', nanan);
    expect(own.map((p) => p.normalisedName)).toContain(en);
    expect(own.map((p) => p.normalisedName)).not.toContain(cn);
    expect(await listed('?district=NANAN', nanan)).toEqual(own);
    await refused(api.call('GET', '/partners?district=JIANGBEI', { key: nanan }), 403, 'FORBIDDEN', 'district');
    await refused(api.call('GET', '/partners?district=NOWHERE'), 400, 'INVALID', 'district');
    // (The schema's own refusals get their 中文 from the bilingual work on main.)
    expectError(await api.call('GET', '/partners?scope=ALL'), 400, 'INVALID', 'scope');
    expect((await api.call('GET', '/partners', { key: await api.key('viewer') })).status).toBe(200);
    await expectNoDrift();
  });

  it('refuses what a merge cannot be: 403 for a viewer or a district key; 400 naming the field, in English and 中文', async () => {
    for (const key of [await api.key('viewer'), await districtKey('JIANGBEI')]) {
      const answer = await merge({ name: EN, into: CN }, key);
      expect({ status: answer.status, code: answer.body.error?.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    }
    await refused(merge({ name: ' tsinghua-UNIVERSITY ', into: 'Tsinghua\u200b University' }), 400, 'INVALID', 'into');
    await refused(merge({ name: EN, into: '北京某某不存在大学' }), 400, 'INVALID', 'into');
    await refused(merge({ name: '——', into: CN }), 400, 'INVALID', 'name');
    expectError(await merge({ name: EN }), 400, 'INVALID', 'into');
    expectError(await merge({ name: EN, into: CN, extra: 1 }), 400, 'INVALID', 'extra');
    await refused(merge({ name: 'x'.repeat(201), into: CN }), 400, 'INVALID', 'name');
    // Nothing was merged.
    expect(await entry(en)).toMatchObject({ applications: 3 });
    expect(await introduced()).toBe(plus(before, { ALL: 2 }).ALL);
  });

  it('a merge counts the name as the partner at once, in the city and in every district, as reconcile recomputes', async () => {
    const municipal = await api.key('municipal');
    const merged = await ok(merge({ name: EN, into: CN, reason: '同一机构的中英文名称' }, municipal), 200);
    expect(merged).toMatchObject({
      name: EN,
      normalisedName: en,
      into: CN,
      intoNormalisedName: cn,
      counted: true,
      aliasesMoved: [],
      reason: '同一机构的中英文名称',
      districts: expect.arrayContaining([
        { district: 'JIANGBEI', districtLabel: '江北区', applications: 2, both: true },
        { district: 'NANAN', districtLabel: '南岸区', applications: 1, both: false },
      ]),
    });
    expect(merged.districts).toHaveLength(2);
    // One partner fewer in the city and in JIANGBEI (which counted both); NANAN's one partner is now 清华大学.
    expect(await figures(DISTRICTS)).toEqual(plus(before, { ALL: 1, JIANGBEI: 1, NANAN: 1, SHAPINGBA: 1 }));
    expect(await entry(cn)).toEqual({ name: CN, normalisedName: cn, aliases: [EN], applications: 5, firstRatedOn: '2020-01-15' });
    expect(await entry(en)).toBeUndefined();
    expect(await entry(cn, '?district=JIANGBEI')).toEqual({ name: CN, normalisedName: cn, aliases: [EN], applications: 3, firstRatedOn: '2020-03-01' });
    expect(await entry(cn, '', await districtKey('NANAN'))).toEqual({ name: CN, normalisedName: cn, aliases: [EN], applications: 1, firstRatedOn: '2020-01-15' });
    expect(await entry(cn, '?district=SHAPINGBA')).toMatchObject({ applications: 1, firstRatedOn: '2021-03-01' });
    await expectNoDrift();

    // Merged already: 409 (into the same partner or another); a name merged is no target.
    await refused(merge({ name: 'TSINGHUA  UNIVERSITY', into: CN }), 409, 'CONFLICT', 'name');
    const intoAlias = await refused(merge({ name: 'Tsinghua Univ.', into: EN }), 400, 'INVALID', 'into');
    expect(intoAlias.message).toContain(cn);
  });

  it('a rating after the merge naming the merged name counts as the partner: no new partner where it is counted', async () => {
    const at = await figures(DISTRICTS);
    await rated('tsinghua university', 'NANAN', '2019-12-30');
    await rated(EN, 'JIANGBEI', '2022-01-01');
    expect(await figures(DISTRICTS)).toEqual(at);
    // Where the partner was not counted yet, it is one more partner of that district (and still one of the city).
    await rated(EN, 'BISHAN', '2021-06-01');
    expect(await figures(DISTRICTS)).toEqual(plus(at, { BISHAN: 1 }));
    expect(await entry(cn, '?district=BISHAN')).toEqual({ name: CN, normalisedName: cn, aliases: [EN], applications: 1, firstRatedOn: '2021-06-01' });
    expect(await entry(cn)).toEqual({ name: CN, normalisedName: cn, aliases: [EN], applications: 8, firstRatedOn: '2019-12-30' });
    await expectNoDrift();
  });

  it('a name not counted yet is merged as an alias only; a merge into a name moves the names merged into it', async () => {
    const at = await figures(DISTRICTS);
    const alias = await ok(merge({ name: 'Tsinghua Univ', into: CN }), 200);
    expect(alias).toMatchObject({ counted: false, districts: [] });
    expect(await figures(DISTRICTS)).toEqual(at);
    await rated('TSINGHUA UNIV.', 'SHAPINGBA', '2021-02-01');
    expect(await figures(DISTRICTS)).toEqual(at);
    expect(await entry(cn, '?district=SHAPINGBA')).toMatchObject({ aliases: [EN, 'Tsinghua Univ'].sort(), applications: 2, firstRatedOn: '2021-02-01' });

    // 清华大学 itself merged into another counted name: its aliases follow, one deep.
    await rated('THU', 'YUBEI', '2020-02-02');
    const before = await figures(['YUBEI', ...DISTRICTS]);
    const moved = await ok(merge({ name: CN, into: 'THU' }), 200);
    expect(moved.aliasesMoved).toEqual([normalisePartnerName('Tsinghua Univ'), en].sort());
    expect(await figures(['YUBEI', ...DISTRICTS])).toEqual(plus(before, { ALL: -1 }));
    expect(await entry('thu')).toMatchObject({ name: 'THU', aliases: [EN, 'Tsinghua Univ', CN].sort(), applications: 10 });
    await rated(EN, 'YUBEI', '2021-01-01');
    expect(await figures(['YUBEI', ...DISTRICTS])).toEqual(plus(before, { ALL: -1 }));
    await expectNoDrift();
  });
});

describe('a merge is one transaction (at most 100 writes)', () => {
  it('a name counted in every district merges at once; where both names are counted in too many districts for one transaction, 409 and nothing written', async () => {
    const { DISTRICTS } = await import('../../shared/index.js');
    const all = DISTRICTS.codes;
    await rated('重庆邮电大学', 'YUBEI', '2020-06-30');
    for (const d of all) await rated('CQUPT', d, '2020-06-30');
    const before = await figures(['YUBEI', 'WANZHOU']);
    const merged = await ok(merge({ name: 'CQUPT', into: '重庆邮电大学' }), 200);
    expect(merged.districts).toHaveLength(all.length);
    expect(await figures(['YUBEI', 'WANZHOU'])).toEqual(plus(before, { ALL: -1, YUBEI: -1 }));
    await expectNoDrift();

    // Both names counted in 16 districts and one of them in all: 103 writes.
    await rated('西南大学', 'YUBEI', '2020-06-30');
    for (const d of all.slice(0, 16)) await rated('西南大学', d, '2020-06-30');
    for (const d of all) await rated('SWU', d, '2020-06-30');
    const at = await figures(['YUBEI']);
    const error = await refused(merge({ name: 'SWU', into: '西南大学' }), 409, 'CONFLICT', 'name');
    expect(error.message).toMatch(/too many districts/);
    expect(await figures(['YUBEI'])).toEqual(at);
    expect(await entry(normalisePartnerName('SWU'))).toMatchObject({ applications: all.length });
    await expectNoDrift();
  }, 120_000);
});

describe('races', () => {
  it('racing merges of one name: exactly one 200, the others 409, the counts exact', async () => {
    await rated('复旦大学', 'WANZHOU', '2020-06-30');
    await rated('Fudan University', 'WANZHOU', '2020-07-30');
    await rated('Fudan University', 'FULING', '2020-08-30');
    const before = await figures(['WANZHOU', 'FULING']);
    const answers = await Promise.all(Array.from({ length: 6 }, () => merge({ name: 'Fudan University', into: '复旦大学' })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.body.error).toMatchObject({ code: 'CONFLICT', field: 'name', messageZh: expect.stringMatching(/\S/) });
    expect(await figures(['WANZHOU', 'FULING'])).toEqual(plus(before, { ALL: -1, WANZHOU: -1 }));
    expect(await entry(normalisePartnerName('复旦大学'))).toMatchObject({ aliases: ['Fudan University'], applications: 3 });
    await expectNoDrift();
  });

  // Sent together over HTTP, they commit in whatever order the server takes them (often one after another): this shows
  // the counts end exact in that order, not that a given interleaving was met. The interleavings, each forced, are
  // test/api/partner-races.test.ts.
  it('a merge sent together with twelve ratings of both names, in several districts, in whatever order they commit: every count exact, as reconcile recomputes', async () => {
    const A = '浙江大学';
    const B = 'Zhejiang Univ of Tech'; // merged into A, sent with its ratings
    const districts = ['DAZU', 'QIJIANG', 'HECHUAN', 'YONGCHUAN'];
    await rated(A, 'DAZU', '2020-06-30');
    await rated(B, 'QIJIANG', '2020-06-30');
    const before = await figures(districts);
    const pending: { id: string }[] = [];
    for (const [i, d] of districts.entries()) {
      pending.push({ id: await filed(i % 2 === 0 ? A : B, d) });
      pending.push({ id: await filed(B, d) });
      pending.push({ id: await filed(`  ${B.toLowerCase()}\u200b`, d) });
    }
    const ratings = pending.map((p, i) => api.call('POST', `/applications/${p.id}/rating`, { body: { ratingDate: `2021-0${1 + (i % 9)}-15` } }));
    const [merged, ...rest] = await Promise.all([merge({ name: B, into: A }), ...ratings]);
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    for (const r of rest) expect(r.status, JSON.stringify(r.body)).toBe(200);
    // After it all, B counts as A: one partner in the city and in each district that counts either.
    const after = await figures(districts);
    expect(after).toEqual(plus(before, { ALL: -1, HECHUAN: 1, YONGCHUAN: 1 }));
    expect(await entry(normalisePartnerName(A))).toMatchObject({ applications: 2 + pending.length, aliases: [B] });
    expect(await entry(normalisePartnerName(B))).toBeUndefined();
    await expectNoDrift();
  });
});

describe('reconcile after the normalisation and the layout changed (issue 11)', () => {
  const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

  it('finds the markers of the old layout and normalisation, and the counter they made, and mends them', async () => {
    const t = tableClient();
    const plain = 'Peking University';
    const spelled = 'Peking\u200bUniversity';
    const name = normalisePartnerName(plain);
    await rated(plain, 'TONGLIANG', '2020-06-30');
    await rated(spelled, 'TONGLIANG', '2020-07-30');
    const summaryBefore = (await api.call('GET', '/reports/summary')).body;
    const districtBefore = await introduced('TONGLIANG');
    // As the code before issue 11 left it: markers at PARTNER#<scope>#<sha256 of the old normalised name>, one per
    // old name (two partners counted where there is one), and none in the new layout.
    for (const scope of ['ALL', 'TONGLIANG'] as const) {
      await t.doc.send(new DeleteCommand({ TableName: t.tableName, Key: partnerKey(scope, name) }));
      for (const old of [plain, spelled].map(normalisedBeforeIssue11)) {
        const pk = `PARTNER#${scope === 'ALL' ? 'ALL' : `DISTRICT#${scope}`}#${sha(old)}`;
        await t.doc.send(new PutCommand({ TableName: t.tableName, Item: { pk, sk: 'P', entity: 'PARTNER', name: old, scope, firstApplicationId: 'app_old' } }));
      }
      await t.doc.send(new UpdateCommand({ TableName: t.tableName, Key: summaryKey(scope, 5), UpdateExpression: 'ADD partnersIntroduced :one', ExpressionAttributeValues: { ':one': 1 } }));
    }
    const { drifts } = await findDrifts(t);
    expect(drifts.map((d) => d.kind).sort()).toEqual(['counter', 'counter', 'partner-extra', 'partner-extra', 'partner-extra', 'partner-extra', 'partner-missing', 'partner-missing']);
    expect(drifts.filter((d) => d.kind === 'partner-missing')).toEqual(
      expect.arrayContaining([expect.objectContaining({ scope: 'TONGLIANG', name, displayName: plain, applications: 2, firstRatedOn: '2020-06-30' })]),
    );
    expect(drifts.filter((d) => d.kind === 'partner-extra').map((d) => 'key' in d && d.key.pk.startsWith('PARTNER#'))).toEqual([true, true, true, true]);

    const result = await reconcile(t, { repair: true });
    expect(result.unrepaired).toEqual([]);
    expect(result.remaining).toEqual([]);
    expect((await api.call('GET', '/reports/summary')).body).toEqual(summaryBefore);
    expect(await introduced('TONGLIANG')).toBe(districtBefore);
    expect(await entry(name, '?district=TONGLIANG')).toEqual({ name: plain, normalisedName: name, aliases: [], applications: 2, firstRatedOn: '2020-06-30' });
    // And the next rating of it counts it once, as the markers now say.
    await rated('PEKING\u00adUNIVERSITY', 'TONGLIANG', '2021-01-01');
    expect(await introduced('TONGLIANG')).toBe(districtBefore);
    await expectNoDrift();
  });

  it('finds a marker whose figures are off, and mends them', async () => {
    const t = tableClient();
    const name = normalisePartnerName('Peking University');
    await t.doc.send(new UpdateCommand({ TableName: t.tableName, Key: partnerKey('ALL', name), UpdateExpression: 'SET applications = :a, firstRatedOn = :f', ExpressionAttributeValues: { ':a': 9, ':f': '2019-12-28' } }));
    const { drifts } = await findDrifts(t);
    expect(drifts).toEqual([{ kind: 'partner-figures', scope: 'ALL', name, expected: { applications: 3, firstRatedOn: '2020-06-30' }, actual: { applications: 9, firstRatedOn: '2019-12-28' } }]);
    expect((await reconcile(t, { repair: true })).remaining).toEqual([]);
  });
});
