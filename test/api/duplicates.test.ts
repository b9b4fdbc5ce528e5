/**
 * Checks at the door and duplicates refused (CONTRACT.md §3), over HTTP against the real handlers: the filing vectors
 * (test/vectors/filing.json) on the API, 409 DUPLICATE with existingId while another application of the same
 * institution, partner and category is SUBMITTED or RATED, released by withdraw and reject, moved by PATCH, racing
 * filings, kept answers, and reconcile's view of the duplicate markers.
 */
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDrift, findDrifts, reconcile } from '../../functions/reconcile/index.js';
import { tableClient } from '../../functions/store/dynamodb/client.js';
import { duplicateMarkerItem, duplicateMarkerKey } from '../../functions/store/dynamodb/items.js';
import { CATEGORIES, lookupCode, type Category } from '../../shared/index.js';
import { duplicateVectors, filingVectors } from '../vectors/index.js';
import { application, expectError, startApi, type Client } from './helpers.js';

let api: Client;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.close());

let unique = 0;
const name = (what: string) => `${what} ${++unique}-${Math.random().toString(36).slice(2, 8)}`;
const partner = (partnerName: string) => ({ name: partnerName, type: 'DOMESTIC_UNIVERSITY', country: 'CN' });
/** An application of these names (the rest as helpers' `application()`). */
const named = (institution: string, partnerName: string, over: Record<string, unknown> = {}) => application({ institution, partner: partner(partnerName), ...over });
const file = (body: unknown, headers?: Record<string, string>) => api.call('POST', '/applications', { body, ...(headers ? { headers } : {}) });

async function created(body: unknown): Promise<string> {
  const answer = await file(body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.id as string;
}

function expectDuplicate(answer: { status: number; body: any }, existingId: string): void {
  expectError(answer as never, 409, 'DUPLICATE', 'institution');
  expect(answer.body.error.existingId).toBe(existingId);
  expect(answer.body.error.messageZh).toMatch(/重复/);
}

describe('checks at the door: the filing vectors on the API', () => {
  for (const v of filingVectors) {
    it(`${v.name} [${v.clause}]`, async () => {
      const answer = await file(application({ category: v.input.category, legalPerson: v.input.legalPerson }));
      if (v.expected.codes.length === 0) {
        expect(answer.status, JSON.stringify(answer.body)).toBe(201);
        return;
      }
      expectError(answer, 400, 'INVALID', v.expected.field);
      expect(answer.body.error).toMatchObject({ reason: v.expected.codes[0], clause: v.clause });
      expect(answer.body.error.messageZh).toMatch(/[\u4e00-\u9fff]/);
    });
  }

  it('a refused filing stores nothing', async () => {
    const before = (await api.call('GET', '/reports/summary')).body.applications;
    expectError(await file(application({ legalPerson: false, ratingDate: '2020-06-30' })), 400, 'INVALID', 'legalPerson');
    expect((await api.call('GET', '/reports/summary')).body.applications).toBe(before);
  });
});

describe('duplicates refused: the duplicate vectors on the API', () => {
  for (const v of duplicateVectors) {
    it(`${v.name} [${v.clause}]`, async () => {
      // Names of this run, so the vectors' own names do not meet the ones of another case: a suffix both share.
      const suffix = ` ${name('v')}`;
      const body = (d: typeof v.a) => named(`${d.institution}${suffix}`, d.partnerName, { category: d.category, legalPerson: true });
      const first = await created(body(v.a));
      const second = await file(body(v.b));
      if (v.same) expectDuplicate(second, first);
      else expect(second.status, JSON.stringify(second.body)).toBe(201);
    });
  }
});

describe('duplicates refused while the other is open', () => {
  it('SUBMITTED or RATED holds the names; withdraw and reject release them', async () => {
    const [institution, partnerName] = [name('研究院'), name('大学')];
    const first = await created(named(institution, partnerName));
    expectDuplicate(await file(named(` ${institution.toUpperCase()} `, partnerName)), first);
    // Rated, still open.
    expect((await api.call('POST', `/applications/${first}/rating`, { body: { ratingDate: '2020-06-30' } })).status).toBe(200);
    expectDuplicate(await file(named(institution, partnerName, { ratingDate: '2021-01-01' })), first);

    const [i2, p2] = [name('研究院'), name('大学')];
    const withdrawn = await created(named(i2, p2));
    expect((await api.call('POST', `/applications/${withdrawn}/withdraw`, { body: { reason: '重新申报' } })).status).toBe(200);
    const again = await created(named(i2, p2));
    expect((await api.call('POST', `/applications/${again}/reject`, { body: { reason: '不符合条件' } })).status).toBe(200);
    await created(named(i2, p2));
  });

  it('a PATCH onto another open application\'s names is 409 DUPLICATE; one away from its own frees them', async () => {
    const [i1, i2, p] = [name('研究院'), name('研究院'), name('大学')];
    const a = await created(named(i1, p));
    const b = await created(named(i2, p));
    const refused = await api.call('PATCH', `/applications/${b}`, { body: { institution: i1, reason: '合并' } });
    expectDuplicate(refused, a);
    expect((await api.call('GET', `/applications/${b}`)).body.application.institution).toBe(i2);
    // a moves to another category: its old names are free, b may take them.
    expect((await api.call('PATCH', `/applications/${a}`, { body: { category: 'JOINT_RD_BASE', reason: '类别' } })).status).toBe(200);
    expect((await api.call('PATCH', `/applications/${b}`, { body: { institution: i1, reason: '合并' } })).status).toBe(200);
    expectDuplicate(await file(named(i1, p, { category: 'JOINT_RD_BASE' })), a);
    expectDuplicate(await file(named(i1, p)), b);
    expect((await findDrifts(tableClient())).drifts.map(describeDrift)).toEqual([]);
  });

  it('identical filings racing: one 201, the others 409 DUPLICATE naming it', async () => {
    for (let round = 0; round < 4; round++) {
      const body = named(name('研究院'), name('大学'));
      const answers = await Promise.all([0, 1, 2, 3].map(() => file(body)));
      const won = answers.filter((a) => a.status === 201);
      expect(won, JSON.stringify(answers.map((a) => a.body))).toHaveLength(1);
      for (const lost of answers.filter((a) => a.status !== 201)) expectDuplicate(lost, won[0]!.body.id);
    }
    expect((await findDrifts(tableClient())).drifts.map(describeDrift)).toEqual([]);
  });

  it('the 409 is kept under its Idempotency-Key and replayed, even once the holder is withdrawn', async () => {
    const body = named(name('研究院'), name('大学'));
    const holder = await created(body);
    const headers = { 'idempotency-key': name('dup').replaceAll(' ', '-') };
    expectDuplicate(await file(body, headers), holder);
    expect((await api.call('POST', `/applications/${holder}/withdraw`, { body: { reason: 'x' } })).status).toBe(200);
    const replay = await file(body, headers);
    expect(replay.headers.get('idempotent-replay')).toBe('true');
    expectDuplicate(replay, holder);
    expect((await file(body)).status).toBe(201);
  });
});

describe('reconcile and the duplicate markers', () => {
  it('a missing marker is put back, a stray one removed, two open duplicates reported for a person', async () => {
    const t = tableClient();
    const category = (text: string): Category => {
      const found = lookupCode(CATEGORIES, text, 'category');
      if (!found.ok) throw new Error(text);
      return found.value;
    };
    const body = named(name('研究院'), name('大学'));
    const lonely = await created(body);
    const names = { id: lonely, institution: body.institution, partner: body.partner as never, category: category(body.category) };
    await t.doc.send(new DeleteCommand({ TableName: t.tableName, Key: duplicateMarkerKey(names) }));
    const stray = { id: 'app_gone', institution: name('无人'), partner: partner('nobody') as never, category: category('JOINT_RD_BASE') };
    await t.doc.send(new PutCommand({ TableName: t.tableName, Item: duplicateMarkerItem(stray) }));
    // Two open at one key: the marker deleted, the same filed again (as before duplicates were refused).
    const twice = named(name('研究院'), name('大学'));
    const first = await created(twice);
    await t.doc.send(new DeleteCommand({ TableName: t.tableName, Key: duplicateMarkerKey({ institution: twice.institution, partner: twice.partner as never, category: category(twice.category) }) }));
    const second = await created(twice);

    const { drifts } = await findDrifts(t);
    expect(drifts.map((d) => d.kind).sort()).toEqual(['duplicate-marker-extra', 'duplicate-marker-missing', 'duplicate-open']);
    expect(drifts.find((d) => d.kind === 'duplicate-marker-missing')).toMatchObject({ applicationId: lonely });
    expect(drifts.find((d) => d.kind === 'duplicate-marker-extra')).toMatchObject({ applicationId: 'app_gone' });
    // The second holds the marker (its filing put it): the first is the one without, and both are open.
    expect(drifts.find((d) => d.kind === 'duplicate-open')).toMatchObject({ applicationIds: [first, second] });
    for (const line of drifts.map(describeDrift)) expect(line).not.toContain('\n');

    const result = await reconcile(t, { repair: true });
    expect(result.repaired.map((d) => d.kind).sort()).toEqual(['duplicate-marker-extra', 'duplicate-marker-missing']);
    expect(result.remaining.map((d) => d.kind)).toEqual(['duplicate-open']);
    expectDuplicate(await file(body), lonely);
    // A person withdraws one of the two: nothing left.
    expect((await api.call('POST', `/applications/${first}/withdraw`, { body: { reason: '重复申报' } })).status).toBe(200);
    expect((await findDrifts(t)).drifts.map(describeDrift)).toEqual([]);
  });
});
