/**
 * Bounded names (issue 9): an institution's or a partner's name is at most 200 characters, counted as staff count them
 * (Unicode code points), and past it the request is a 400 naming the field, in English and 中文, with nothing stored.
 * A name at the bound that NFKC makes 18 times longer (U+FDFA) is stored, rated and counted once as a partner: its
 * marker is keyed on a hash of the normalised name, so no name can push a key past DynamoDB's limit.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalisePartnerName } from '../../shared/index.js';
import { NAME_MAX } from '../../functions/http/schemas.js';
import { partnerKey } from '../../functions/store/dynamodb/items.js';
import { application, expectError, listAll, startApi, type Client } from './helpers.js';

let api: Client;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.close());

/** ﷺ (U+FDFA): one code point, one UTF-16 unit, 3 UTF-8 bytes; NFKC makes it 18 characters. */
const FDFA = '\uFDFA';
/** 𠮷 (U+20BB7): one code point, two UTF-16 units. */
const ASTRAL = '𠮷';
const partner = (name: string) => ({ name, type: 'DOMESTIC_UNIVERSITY', country: 'CN' });

async function summary(): Promise<{ applications: number; rated: number; partnersIntroduced: number }> {
  const answer = await api.call('GET', '/reports/summary');
  expect(answer.status).toBe(200);
  return answer.body;
}

/** Every application stored, by institution (the admin's listing, all pages). */
const institutions = async (): Promise<string[]> => (await listAll(api)).map((a: { institution: string }) => a.institution);

describe('names over 200 characters', () => {
  it.each([
    ['partner.name', (long: string) => application({ institution: `over-long partner ${Math.random()}`, partner: partner(long) })],
    ['institution', (long: string) => application({ institution: long })],
  ])('%s: 201 characters is 400 naming the field, in English and 中文; nothing is stored', async (field, body) => {
    const before = await summary();
    const stored = await institutions();
    const sent = body('a'.repeat(NAME_MAX + 1));
    const answer = await api.call('POST', '/applications', { body: { ...sent, ratingDate: '2020-06-30' } });
    expectError(answer, 400, 'INVALID', field);
    expect(answer.body.error.message).toMatch(/at most 200 characters/);
    expect(answer.body.error.messageZh).toMatch(/不得超过 200 个字符/);
    expect(await summary()).toEqual(before);
    expect(await institutions()).toEqual(stored);
  });

  it('counts characters, not UTF-16 units: 200 of 𠮷 (400 units) is accepted, 201 is not', async () => {
    expect(ASTRAL.length).toBe(2);
    const accepted = await api.call('POST', '/applications', { body: application({ institution: ASTRAL.repeat(NAME_MAX), partner: partner(ASTRAL.repeat(NAME_MAX)) }) });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    expect(accepted.body.institution).toBe(ASTRAL.repeat(NAME_MAX));
    expectError(await api.call('POST', '/applications', { body: application({ institution: ASTRAL.repeat(NAME_MAX + 1) }) }), 400, 'INVALID', 'institution');
    expectError(await api.call('POST', '/applications', { body: application({ partner: partner(ASTRAL.repeat(NAME_MAX + 1)) }) }), 400, 'INVALID', 'partner.name');
  });

  it('the other free text keeps its bound, named the same way', async () => {
    const answer = await api.call('POST', '/applications', { body: application({ partner: { ...partner('Fudan'), country: 'x'.repeat(101) } }) });
    expectError(answer, 400, 'INVALID', 'partner.country');
    expect(answer.body.error.messageZh).toMatch(/不得超过 100 个字符/);
  });
});

describe('a partner name at the bound that normalises 18 times longer', () => {
  const name = FDFA.repeat(NAME_MAX);

  it('is stored, rated and counted once in the summary, however many applications name it', async () => {
    const normalised = normalisePartnerName(name);
    expect(normalised.length).toBe(NAME_MAX * 15); // NFKC's 18 characters, 3 of them spaces that normalising drops
    expect(Buffer.byteLength(normalised)).toBeGreaterThan(2048); // a key holding the name itself could not be written

    const before = await summary();
    const first = await api.call('POST', '/applications', { body: application({ institution: 'FDFA institute one', partner: partner(name), ratingDate: '2020-06-30' }) });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ status: 'RATED', partner: { name } });
    expect(await summary()).toMatchObject({ applications: before.applications + 1, rated: before.rated + 1, partnersIntroduced: before.partnersIntroduced + 1 });

    // The same partner again, created then rated (the other path to a rating): not counted a second time.
    const second = await api.call('POST', '/applications', { body: application({ institution: 'FDFA institute two', partner: partner(name) }) });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect((await api.call('POST', `/applications/${second.body.id}/rating`, { body: { ratingDate: '2020-07-01' } })).status).toBe(200);
    expect(await summary()).toMatchObject({ applications: before.applications + 2, rated: before.rated + 2, partnersIntroduced: before.partnersIntroduced + 1 });
  });

  it('its markers are keyed on a hash and carry the normalised name and the scope', async () => {
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: api.server.storeEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } }));
    try {
      const normalised = normalisePartnerName(name);
      for (const scope of ['ALL', 'YUBEI'] as const) {
        const key = partnerKey(scope, normalised);
        expect(key).toEqual({ pk: expect.stringMatching(/^PARTNERS#(ALL|DISTRICT#YUBEI)$/), sk: expect.stringMatching(/^P#[0-9a-f]{64}$/) });
        const { Item } = await doc.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: key, ConsistentRead: true }));
        expect(Item).toMatchObject({ entity: 'PARTNER', name: normalised, scope });
      }
    } finally {
      doc.destroy();
    }
  });
});

describe('keys built from the path', () => {
  it('an over-long id with an Idempotency-Key is 400 naming id (checked before the claim is keyed on the path), not a 500', async () => {
    const answer = await api.call('POST', `/applications/${'a'.repeat(3000)}/payments`, {
      body: { item: 'INITIAL_GRANT', year: 2020, amount: 1 },
      headers: { 'Idempotency-Key': 'k'.repeat(200) },
    });
    expectError(answer, 400, 'INVALID', 'id');
  });

  it('the longest id and Idempotency-Key allowed make a claim and answer as usual', async () => {
    const answer = await api.call('POST', `/achievements/${'a'.repeat(64)}/receipts`, {
      body: { date: '2021-01-01', amount: 1 },
      headers: { 'Idempotency-Key': '~'.repeat(200) },
    });
    expectError(answer, 404, 'NOT_FOUND');
  });
});
