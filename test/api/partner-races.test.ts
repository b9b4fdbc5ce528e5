/**
 * A rating and a partner merge racing (and a merge racing another merge, or reconcile's repair of an alias), each
 * interleaving forced (the in-process handlers, a storage call held until the other has committed): whichever commits second was conditioned on what the first changed, reads again and
 * counts as it should. A partner is never counted twice, and reconcile's check of the whole table finds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDrifts, type Drift } from '../../functions/reconcile/index.js';
import { repairDrift } from '../../functions/reconcile/repair.js';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { tableClient } from '../../functions/store/dynamodb/client.js';
import { aliasItem } from '../../functions/store/dynamodb/items.js';
import { normalisePartnerName } from '../../shared/index.js';
import { application, expectNoDrift, ok, partner } from './helpers.js';
import { startInProcess, type Answer, type InProcess } from './in-process.js';

let api: InProcess;
beforeAll(async () => {
  api = await startInProcess('partner-races');
}, 120_000);
afterAll(() => api?.close());

async function filed(name: string, district: string, ratingDate?: string): Promise<string> {
  const body = application({ partner: partner(name), district, ...(ratingDate ? { ratingDate } : {}) });
  return (await ok(api.call('applications', 'POST', '/applications', { body }), 201)).id as string;
}
const introduced = async () => (await ok(api.call('reports', 'GET', '/reports/summary'), 200)).partnersIntroduced as number;
type Listed = { normalisedName: string; applications: number; aliases: string[] };
/** The partners GET /partners lists (of the city, or of `district`) that are one of `names`. */
async function listedAmong(district: string | undefined, names: readonly string[]): Promise<Listed[]> {
  const normalised = names.map(normalisePartnerName);
  const items = (await ok(api.call('partners', 'GET', district ? `/partners?district=${district}` : '/partners'), 200)).items as Listed[];
  return items.filter((p) => normalised.includes(p.normalisedName));
}

/**
 * How a race of a rating with a merge ends: one partner fewer in the city than `before`; of `into` and the names merged
 * into it, `district` (where the raced rating was) lists `into` alone, with that one application; reconcile finds nothing.
 */
async function expectCountedAs(into: string, merged: readonly string[], district: string, before: number): Promise<void> {
  expect(await introduced()).toBe(before - 1);
  expect(await listedAmong(district, [into, ...merged])).toEqual([expect.objectContaining({ normalisedName: normalisePartnerName(into), applications: 1 })]);
  await expectNoDrift();
}

type TransactInput = { TransactItems?: { Put?: { Item?: Record<string, unknown> }; Update?: { Key?: { pk?: string } } }[] };

/**
 * Holds the first transaction `matches` picks until `release` is called; `held` resolves when it is held. Its own
 * transaction then goes on (and fails on what moved meanwhile, and is tried again).
 */
function holdFirst(matches: (input: TransactInput) => boolean) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let markHeld!: () => void;
  const held = new Promise<void>((r) => (markHeld = r));
  let done = false;
  api.intercept(async (call, input) => {
    if (done || call.command !== 'TransactWriteItemsCommand' || !matches(input as TransactInput)) return;
    done = true;
    markHeld();
    await released;
  });
  return { held, release };
}

describe('a rating and a merge racing', () => {
  it('the rating read no alias, the merge commits, then the rating: it fails, reads the alias, counts the partner merged into', async () => {
    const into = `清华大学 ${Math.random()}`;
    const name = `THU ${Math.random()}`;
    await filed(into, 'YUBEI', '2020-06-30');
    await filed(name, 'YUBEI', '2020-06-30');
    const pending = await filed(name, 'JIANGBEI');
    const before = await introduced();

    const hold = holdFirst((input) => input.TransactItems?.[0]?.Update?.Key?.pk === `APP#${pending}`);
    const rating = api.call('applications', 'POST', `/applications/${pending}/rating`, { body: { ratingDate: '2021-01-01' } });
    await hold.held; // its reads are done: no alias, the name counted in the city, not in JIANGBEI
    api.intercept(undefined);
    const merged = await ok(api.call('partners', 'POST', '/partners/merge', { body: { name, into } }), 200);
    expect(merged).toMatchObject({ counted: true, districts: [{ district: 'YUBEI', both: true }] });
    hold.release();
    expect((await rating).status).toBe(200);

    await expectCountedAs(into, [name], 'JIANGBEI', before);
  });

  it('the merge read, a rating of the name in a new district commits, then the merge: it fails, reads again and moves that district too', async () => {
    const into = `北京大学 ${Math.random()}`;
    const name = `PKU ${Math.random()}`;
    await filed(into, 'YUBEI', '2020-06-30');
    await filed(name, 'YUBEI', '2020-06-30');
    const pending = await filed(name, 'NANAN');
    const before = await introduced();

    const hold = holdFirst((input) => input.TransactItems?.[0]?.Put?.Item?.entity === 'PARTNER_ALIAS');
    const merge: Promise<Answer> = api.call('partners', 'POST', '/partners/merge', { body: { name, into } });
    await hold.held; // it read the name counted in the city and YUBEI only
    api.intercept(undefined);
    await ok(api.call('applications', 'POST', `/applications/${pending}/rating`, { body: { ratingDate: '2021-01-01' } }), 200);
    expect(await introduced()).toBe(before);
    hold.release();
    const merged = await ok(merge, 200);
    expect(merged.districts).toEqual([
      { district: 'NANAN', districtLabel: '南岸区', applications: 1, both: false },
      { district: 'YUBEI', districtLabel: '渝北区', applications: 1, both: true },
    ]);

    await expectCountedAs(into, [name], 'NANAN', before);
  });

  it('the rating read the alias, a merge of the partner it points at commits, then the rating: it follows the alias anew', async () => {
    const top = `复旦大学 ${Math.random()}`;
    const middle = `Fudan University ${Math.random()}`;
    const name = `Fudan ${Math.random()}`;
    await filed(top, 'YUBEI', '2020-06-30');
    await filed(middle, 'YUBEI', '2020-06-30');
    await ok(api.call('partners', 'POST', '/partners/merge', { body: { name, into: middle } }), 200);
    const pending = await filed(name, 'WANZHOU');
    const before = await introduced();

    const hold = holdFirst((input) => input.TransactItems?.[0]?.Update?.Key?.pk === `APP#${pending}`);
    const rating = api.call('applications', 'POST', `/applications/${pending}/rating`, { body: { ratingDate: '2021-01-01' } });
    await hold.held; // it read name → middle, and middle's markers
    api.intercept(undefined);
    const merged = await ok(api.call('partners', 'POST', '/partners/merge', { body: { name: middle, into: top } }), 200);
    expect(merged.aliasesMoved).toEqual([normalisePartnerName(name)]);
    hold.release();
    expect((await rating).status).toBe(200);

    await expectCountedAs(top, [middle, name], 'WANZHOU', before);
  });
});

describe('a merge racing another merge, or a repair of an alias', () => {
  it('B → C read B, a merge of a name nobody rated A → B commits, then B → C: it fails, reads again and moves A to C (no chain)', async () => {
    const c = `重庆大学 ${Math.random()}`;
    const b = `Chongqing University ${Math.random()}`;
    const a = `CQU ${Math.random()}`; // never rated: A → B moves no applications, only adds B's alias
    await filed(c, 'YUBEI', '2020-06-30');
    await filed(b, 'YUBEI', '2020-06-30');
    const before = await introduced();

    const hold = holdFirst((input) => {
      const item = input.TransactItems?.[0]?.Put?.Item;
      return item?.entity === 'PARTNER_ALIAS' && item.name === normalisePartnerName(b);
    });
    const second: Promise<Answer> = api.call('partners', 'POST', '/partners/merge', { body: { name: b, into: c } });
    await hold.held; // it read B counted, with no alias
    api.intercept(undefined);
    const first = await ok(api.call('partners', 'POST', '/partners/merge', { body: { name: a, into: b } }), 200);
    expect(first).toMatchObject({ counted: false, aliasesMoved: [] });
    hold.release();
    const merged = await ok(second, 200);
    expect(merged).toMatchObject({ counted: true, aliasesMoved: [normalisePartnerName(a)] });

    expect(await introduced()).toBe(before - 1);
    expect(await listedAmong(undefined, [a, b, c])).toEqual([
      expect.objectContaining({ normalisedName: normalisePartnerName(c), aliases: [a, b].sort() }),
    ]);
    // A rating of A counts C.
    await filed(a, 'YUBEI', '2020-07-01');
    expect(await listedAmong('YUBEI', [a, b, c])).toEqual([
      expect.objectContaining({ normalisedName: normalisePartnerName(c), applications: 3 }),
    ]);
    await expectNoDrift();
  });

  it('C → D read C, --repair points an alias of an alias A → B → C at C, then C → D: it fails, reads again and moves A too', async () => {
    const d = `南开大学 ${Math.random()}`;
    const c = `Nankai University ${Math.random()}`;
    const b = `Nankai Univ ${Math.random()}`;
    const a = `NKU ${Math.random()}`;
    for (const name of [d, c, b]) await filed(name, 'YUBEI', '2020-06-30');
    await ok(api.call('partners', 'POST', '/partners/merge', { body: { name: b, into: c } }), 200);
    // A → B built by hand (as data from before merges kept aliases one deep could be).
    const t = tableClient();
    await t.doc.send(new PutCommand({ TableName: t.tableName, Item: aliasItem({ name: normalisePartnerName(a), aliasOf: normalisePartnerName(b), displayName: a, mergedAt: '2021-01-01T00:00:00.000Z', mergedBy: 'by-hand' }) }));
    const chain = (await findDrifts(t)).drifts;
    expect(chain).toMatchObject([{ kind: 'partner-alias-chain', name: normalisePartnerName(a) }]);

    const hold = holdFirst((input) => {
      const item = input.TransactItems?.[0]?.Put?.Item;
      return item?.entity === 'PARTNER_ALIAS' && item.name === normalisePartnerName(c);
    });
    const merge: Promise<Answer> = api.call('partners', 'POST', '/partners/merge', { body: { name: c, into: d } });
    await hold.held; // it read C's aliases: B only
    api.intercept(undefined);
    expect(await repairDrift(t, chain[0] as Drift)).toEqual({ repaired: true });
    hold.release();
    expect(await ok(merge, 200)).toMatchObject({ aliasesMoved: [a, b].map(normalisePartnerName).sort() });
    await expectNoDrift();
  });
});
